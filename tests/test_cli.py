"""The command line: exit codes, messages without tracebacks, and no Textual where no screen."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from briefing_tui import __version__, files, loader
from conftest import MINIMAL
from conftest import run_cli as run


def test_version_and_help() -> None:
    version = run("--version")
    assert version.returncode == 0 and version.stdout.strip() == f"briefing-tui {__version__}"
    helped = run("--help")
    assert helped.returncode == 0
    assert "validate FILE" in helped.stdout and "--data-dir" in helped.stdout


def test_validate_ok(tmp_path: Path) -> None:
    path = tmp_path / "ok.yaml"
    path.write_text(MINIMAL)
    result = run("validate", str(path), str(files.default_briefing_path()))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == [f"{path}: ok", f"{files.default_briefing_path()}: ok"]


def test_validate_reports_problems_and_exits_1(tmp_path: Path) -> None:
    good, bad = tmp_path / "good.yaml", tmp_path / "bad.yaml"
    good.write_text(MINIMAL)
    bad.write_text(MINIMAL.replace("title: Item B", "title: no"))
    result = run("validate", str(good), str(bad))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{good}: ok",
        f'{bad}:16:16: title: expected text, got a yes/no value — quote it: "no"',
    ]
    assert "Traceback" not in result.stdout + result.stderr


def test_validate_json(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINIMAL.replace("title: Item B", "title: no"))
    result = run("validate", "--format", "json", str(bad))
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False
    [problem] = report["files"][0]["problems"]
    assert (problem["line"], problem["column"]) == (16, 16)


def test_validate_missing_file_and_usage_errors(tmp_path: Path) -> None:
    missing = run("validate", str(tmp_path / "nope.yaml"))
    assert missing.returncode == 1
    assert missing.stdout.strip() == (
        f"{tmp_path / 'nope.yaml'}: no such file; check the path (or run 'briefing-tui list')"
    )
    assert run("validate").returncode == 2  # no file named: a usage error
    assert run("--no-such-option").returncode == 2


@pytest.mark.parametrize("content", ["", "title: [unclosed\n", "- a list\n"])
def test_opening_bad_content_exits_2_with_a_message(tmp_path: Path, content: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(content)
    result = run(str(path))
    assert result.returncode == 2
    assert str(path) in result.stderr and "cannot be opened" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_failed_open_leaves_the_cycle_collector_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Opening pauses the collector for start-up; an open that fails must turn it back on."""
    import gc

    from briefing_tui.cli import main

    assert main([str(tmp_path / "missing.yaml"), "--data-dir", str(tmp_path)]) == 2
    assert gc.isenabled()
    assert "no such file" in capsys.readouterr().err


def test_opening_a_missing_file_exits_2(tmp_path: Path) -> None:
    result = run(str(tmp_path / "missing.yaml"))
    assert result.returncode == 2
    assert "no such file" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["--version"],
        ["validate", "{bundled}"],
        ["list"],
        ["schema"],
        ["validate", "--format", "json", "{bundled}"],
    ],
)
def test_commands_without_a_screen_never_import_textual(args: list[str]) -> None:
    args = [a.replace("{bundled}", str(files.default_briefing_path())) for a in args]
    code = (
        "import sys\n"
        "from briefing_tui.cli import main\n"
        "try:\n"
        f"    main({args!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('TEXTUAL-IMPORTED' if any(m == 'textual' or m.startswith('textual.')"
        " for m in sys.modules) else 'NO-TEXTUAL')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip().splitlines()[-1] == "NO-TEXTUAL", result.stderr


def test_opening_an_unchanged_briefing_needs_neither_yaml_nor_pydantic(tmp_path: Path) -> None:
    """The second open of the same file reads the validated cache: the app, its screens and
    the briefing load without the YAML parser or pydantic (~80 ms of start-up)."""
    briefing = tmp_path / "mine.yaml"  # not bundled: the bundled one ships validated
    briefing.write_text(MINIMAL)
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from briefing_tui import catalog\n"
        "import briefing_tui.app\n"
        "session = catalog.open_session(Path(sys.argv[2]), Path(sys.argv[1]))\n"
        "print(session.briefing.item_count(), sorted(m for m in sys.modules"
        " if m.split('.')[0] in ('yaml', 'pydantic', 'pydantic_core')))\n"
    )
    env = {**os.environ, "BRIEFING_TUI_CACHE_DIR": str(tmp_path / "cache")}
    runs = [
        subprocess.run(
            [sys.executable, "-c", code, str(tmp_path), str(briefing)],
            capture_output=True,
            text=True,
            timeout=60,
            env=env,
        )
        for _ in range(2)
    ]
    first, second = (run.stdout.strip() for run in runs)
    assert "pydantic" in first and "yaml" in first, runs[0].stderr  # a miss validates fully
    assert second == "3 []", runs[1].stderr


def test_core_modules_do_not_import_textual() -> None:
    """Everything but the app, its screens and widgets stays free of the UI."""
    source = Path(loader.__file__).parent
    ui = {"app.py", "palette.py", "widgets", "screens"}
    core = sorted(p for p in source.rglob("*.py") if not ui & set(p.relative_to(source).parts))
    names = {str(p.relative_to(source).with_suffix("")) for p in core}
    assert names >= {"model", "loader", "session", "progress/store", "cli", "cache", "catalog"}
    # `textual` itself, not textual_serve (the web server runs the app, but is no UI).
    imports_textual = re.compile(r"^\s*(?:import|from)\s+textual\b", re.MULTILINE)
    for path in core:
        assert not imports_textual.search(path.read_text()), path.name


def test_a_closed_pipe_is_not_a_traceback(tmp_path: Path) -> None:
    # 100 problems a file, 20 files: far more output than a pipe holds, so writing fails.
    noisy = tmp_path / "noisy.yaml"
    noisy.write_text("".join(f"key{n}: x\n" for n in range(150)))
    command = (
        f"{sys.executable} -m briefing_tui validate --format json "
        + " ".join([str(noisy)] * 20)
        + " | head -1"
    )
    result = subprocess.run(["sh", "-c", command], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "{"
    assert "Traceback" not in result.stderr and "Error" not in result.stderr


def test_unexpected_errors_are_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from briefing_tui import cli

    def broken(argv: list[str], data_dir: str | None) -> int:
        raise RuntimeError("something unforeseen")

    monkeypatch.setitem(cli._COMMANDS, "list", broken)
    monkeypatch.delenv(cli.DEBUG_ENV, raising=False)
    assert cli.main(["list"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("briefing-tui: internal error: RuntimeError: something unforeseen.")
    monkeypatch.setenv(cli.DEBUG_ENV, "1")
    with pytest.raises(RuntimeError):
        cli.main(["list"])


def test_without_a_terminal_the_app_says_so_at_once_and_exits_2(tmp_path: Path) -> None:
    """From a script, cron, or `ssh host briefing-tui` without -t: no escape codes in the
    output, no spinning; one line saying what works without a terminal."""
    result = subprocess.run(
        [sys.executable, "-m", "briefing_tui", "--data-dir", str(tmp_path)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=20,
    )
    assert result.returncode == 2
    [line] = result.stdout.splitlines()
    assert "needs a terminal" in line and "list, runs, export, validate" in line
    assert "\x1b" not in result.stdout
    assert not (tmp_path / "progress").exists()  # nothing was opened


def test_data_dir_works_before_or_after_the_command(tmp_path: Path) -> None:
    data = tmp_path / "elsewhere"
    before = run("--data-dir", str(data), "list")
    after = run("list", "--data-dir", str(data))
    assert before.returncode == after.returncode == 0
    assert before.stdout == after.stdout and str(data / "briefings") in before.stdout
    bundled = str(files.default_briefing_path())
    assert run("--data-dir", str(data), "validate", bundled).returncode == 0
    assert run("validate", bundled, f"--data-dir={data}").returncode == 0
    assert run("list", "--data-dir").returncode == 2  # no directory given


def test_a_name_that_is_no_briefing_says_so_and_nothing_about_fixing_problems(
    tmp_path: Path,
) -> None:
    result = run("--data-dir", str(tmp_path), "nonexist")
    assert result.returncode == 2
    assert "no briefing file or briefing id by that name" in result.stderr
    assert "fix the problems" not in result.stderr and "validate" not in result.stderr


def test_an_empty_file_is_named_at_line_1_column_1(tmp_path: Path) -> None:
    empty = tmp_path / "empty.yaml"
    empty.write_text("# nothing but a comment\n")
    result = run("validate", str(empty))
    assert result.returncode == 1
    assert result.stdout.startswith(f"{empty}:1:1: the file is empty")


def test_validate_warns_of_invisible_and_bidi_characters(tmp_path: Path) -> None:
    path = tmp_path / "sneaky.yaml"
    path.write_text(
        MINIMAL.replace("title: Item A", "title: Item\u200bA")
        .replace("title: Item B", "title: B \u202eevil")
        .replace("title: Item C", "title: C\ufeff")
    )
    result = run("validate", str(path))
    assert result.returncode == 0  # warnings: the briefing can still be used
    lines = result.stdout.splitlines()
    assert lines[-1] == f"{path}: ok (3 warning(s))"
    assert lines[0].startswith(f"{path}:12:20: warning: U+200B (zero width space)")
    assert lines[1].startswith(f"{path}:16:18: warning: U+202E")
    assert "reorders the text" in lines[1]
    assert lines[2].startswith(f"{path}:22:17: warning: U+FEFF")
    as_json = json.loads(run("validate", "--format", "json", str(path)).stdout)
    assert [p["severity"] for p in as_json["files"][0]["problems"]] == ["warning"] * 3
