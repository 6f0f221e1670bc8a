"""The record: named runs of a briefing, and the report of a run to hand over."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from briefing_tui import export, export_schema, loader, paths
from briefing_tui.app import BriefingApp
from briefing_tui.model import Briefing
from briefing_tui.progress import runs
from briefing_tui.progress.format import ItemState, Position, Progress
from briefing_tui.screens.runs import RunsScreen
from conftest import MINIMAL, TESTS, checked_ids, open_session, screen_text
from conftest import run_cli as cli

REPORTS = TESTS / "data" / "reports"
SIZE = (150, 36)  # three panes side by side (at 140 columns or fewer the detail goes under)


@pytest.fixture
def mini(write_yaml) -> tuple[Path, Briefing]:  # type: ignore[no-untyped-def]
    text = MINIMAL.replace("title: A small briefing\n", "title: A small briefing\nminutes: 10\n")
    text = text.replace("    title: First\n", "    title: First\n    minutes: 6\n")
    path = write_yaml(text, "mini.yaml")
    return path, loader.load(path)


# ---------------------------------------------------------------------------- runs


def test_a_release_1_0_progress_file_is_the_default_run_with_nothing_lost(
    mini: tuple[Path, Briefing], data_dir: Path
) -> None:
    path, briefing = mini
    old = paths.progress_file(data_dir, briefing.id)
    old.parent.mkdir(parents=True)
    old.write_text(  # exactly as briefing-tui 1.0 wrote it
        '{"format": "briefing-tui-progress", "version": 1, "briefing": "mini", '
        '"save": "0f3c2a9b8d7e6f51", "items": {\n'
        '"a": {"checked": true,  "changed_at": "2026-11-20T10:00:00.000000+00:00"},\n'
        '"c": {"checked": true,  "changed_at": "2026-11-20T10:05:00.000000+00:00"}\n}}\n'
    )
    listed = cli("runs", str(path), "--data-dir", str(data_dir))
    assert listed.returncode == 0
    assert "default  2/3" in listed.stdout.replace("*", " ")
    session = open_session(briefing, data_dir)
    assert session.run == runs.DEFAULT_RUN and checked_ids(session) == {"a", "c"}


def test_each_run_keeps_its_own_checks_and_the_last_one_opens_next(
    mini: tuple[Path, Briefing], data_dir: Path
) -> None:
    _, briefing = mini
    a, b, c = (item for s in briefing.sections for item in s.items)
    rehearsal = open_session(briefing, data_dir, "Monday rehearsal")
    rehearsal.toggle(a)
    rehearsal.toggle(b)
    rehearsal.set_note("b", "Asked about cost")
    rehearsal.save_now()
    delivery = open_session(briefing, data_dir, "Wednesday delivery")
    assert checked_ids(delivery) == set()  # a new run starts empty
    delivery.toggle(c)
    delivery.save_now()
    assert open_session(briefing, data_dir).run == "Wednesday delivery"  # the last used
    assert checked_ids(open_session(briefing, data_dir, "Monday rehearsal")) == {"a", "b"}
    assert checked_ids(open_session(briefing, data_dir, "default")) == set()
    names = [info.name for info in runs.list_runs(data_dir, briefing.id, {"a", "b", "c"})]
    assert names == ["default", "Monday rehearsal", "Wednesday delivery"]


def test_two_instances_on_one_run_merge(mini: tuple[Path, Briefing], data_dir: Path) -> None:
    _, briefing = mini
    a, b, _ = (item for s in briefing.sections for item in s.items)
    first = open_session(briefing, data_dir, "Delivery")
    second = open_session(briefing, data_dir, "Delivery")
    first.toggle(a)
    second.toggle(b)
    first.save_now()
    second.save_now()
    assert checked_ids(open_session(briefing, data_dir, "Delivery")) == {"a", "b"}


def test_runs_are_renamed_and_deleted_with_the_file_kept_aside(
    mini: tuple[Path, Briefing], data_dir: Path
) -> None:
    path, briefing = mini
    session = open_session(briefing, data_dir, "rehersal")
    session.toggle(briefing.sections[0].items[0])
    session.save_now()
    base = ("--data-dir", str(data_dir))
    renamed = cli("runs", str(path), "rename", "rehersal", "Rehearsal", *base)
    assert renamed.returncode == 0, renamed.stderr
    assert checked_ids(open_session(briefing, data_dir, "Rehearsal")) == {"a"}
    refused = cli("runs", str(path), "delete", "Rehearsal", *base)  # no terminal to ask
    assert refused.returncode == 1 and "without --yes" in refused.stderr
    deleted = cli("runs", str(path), "delete", "Rehearsal", "--yes", *base)
    assert deleted.returncode == 0, deleted.stderr
    folder = runs.runs_dir(data_dir, briefing.id)
    [aside] = folder.glob("*.deleted-*.json")
    assert '"a": {"checked": true' in aside.read_text()
    listed = cli("runs", str(path), *base).stdout
    assert "Rehearsal" not in listed and "default" in listed
    assert cli("runs", str(path), "delete", "nope", "--yes", *base).returncode == 2
    unnamed = cli("runs", *base)  # the briefing is what is missing, not a run
    assert unnamed.returncode == 2 and "briefing" in unnamed.stderr
    assert "RUN" not in unnamed.stderr.splitlines()[-1]


def test_a_bad_run_name_is_refused(mini: tuple[Path, Briefing], data_dir: Path) -> None:
    path, _ = mini
    result = cli(str(path), "--run", "a\x1b[2Jb", "--data-dir", str(data_dir))
    assert result.returncode == 2 and "--run" in result.stderr


async def test_the_run_is_on_screen_and_can_be_switched_or_started(
    mini: tuple[Path, Briefing], data_dir: Path
) -> None:
    _, briefing = mini
    app = BriefingApp(open_session(briefing, data_dir))
    async with app.run_test(size=SIZE) as pilot:
        assert "run: default" in screen_text(app)
        await pilot.press("space", "ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, RunsScreen)
        await pilot.press(*"Delivery", "enter")  # the name field has the focus
        await pilot.pause()
        screen = screen_text(app)
        assert "run: Delivery" in screen and "0 of 3 checked" in screen
        await pilot.press("w")  # the walkthrough is the new run's too
        await pilot.pause()
        screen = screen_text(app)
        assert "run: Delivery" in screen and "0 of 3 checked" in screen
        await pilot.press("escape", "j", "space", "ctrl+r")
        await pilot.pause()
        screen = screen_text(app)
        assert "default" in screen and "Delivery" in screen
        await pilot.press("up", "enter")  # back to the default run, above
        await pilot.pause()
        screen = screen_text(app)
        assert "run: default" in screen and "[x] Item A" in screen and "[ ] Item B" in screen
    assert checked_ids(open_session(briefing, data_dir, "Delivery")) == {"b"}


# ---------------------------------------------------------------------------- reports

#: A run as a user would leave it, with fixed times so reports are the same every time.
T0 = 1_764_666_000.0  # 2025-12-02 09:00 UTC


def recorded(briefing: Briefing) -> Progress:
    return Progress(
        briefing.id,
        "Wednesday delivery",
        started_at=T0,
        items={
            "a": ItemState(True, T0 + 125, "Asked: *who* pays?\nFollow up <Friday>.", T0 + 130, 95),
            "b": ItemState(False, T0 + 200, "", 0.0, 40),
            "c": ItemState(True, T0 + 300, "", 0.0, 61),
            "gone": ItemState(True, T0 + 10),  # an item the briefing no longer has
        },
        position=Position("second", "c", T0 + 300),
    )


@pytest.mark.parametrize("kind", export.FORMATS)
def test_reports_match_their_golden_files(mini: tuple[Path, Briefing], kind: str) -> None:
    _, briefing = mini
    text = export.render(export.build(briefing, recorded(briefing), T0 + 310), kind)
    golden = REPORTS / f"mini.{kind}"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_the_markdown_report_answers_the_three_questions(mini: tuple[Path, Briefing]) -> None:
    _, briefing = mini
    text = export.markdown(export.build(briefing, recorded(briefing), T0 + 310))
    lines = text.splitlines()
    left = lines.index("## What is left")
    assert lines[left + 2] == "- First: 1 of 2 not covered"  # what is left, at a glance
    assert "- [x] Item A — checked 2025-12-02 09:02 UTC, 1:35 spent" in lines
    assert "- [ ] Item B — 0:40 spent" in lines
    assert "  > Asked: \\*who\\* pays?" in lines and "  > Follow up \\<Friday\\>." in lines
    for item in ("Item A", "Item B", "Item C"):  # every item once
        assert sum(1 for line in lines if f"] {item}" in line) == 1
    assert "Time:** 3:16 of 10:00" in text and "time 2:15 of 6:00" in text


HOSTILE_TITLES = [
    "<script>alert(1)</script>",
    "[@click=app.quit]quit[/]",
    "<img src=x onerror=alert(1)>",
    "\x1b]52;c;aGk=\x07 bell",
]


@pytest.fixture
def hostile(write_yaml) -> Briefing:  # type: ignore[no-untyped-def]
    items = "".join(
        f'      - id: h{n}\n        title: "{json.dumps(t)[1:-1]}"\n        source: s1\n'
        for n, t in enumerate(HOSTILE_TITLES)
    )
    text = (
        'id: hostile\ntitle: "<b>Bold</b> & [red]red[/]"\nsources:\n'
        '  - {id: s1, file: "<x>.txt", title: "</title><script>x()</script>"}\n'
        f'sections:\n  - id: one\n    title: "<h1>One</h1>"\n    items:\n{items}'
    )
    return loader.load(write_yaml(text, "hostile.yaml"))


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_the_html_report_shows_hostile_content_as_text(hostile: Briefing) -> None:
    progress = Progress(
        "hostile",
        "<i>run</i>",
        started_at=T0,
        items={"h0": ItemState(True, T0, "<script>alert('note')</script>", T0)},
    )
    page = export.html_page(export.build(hostile, progress, T0))
    parser = Elements()
    parser.feed(page)
    assert "script" not in parser.tags and "img" not in parser.tags
    assert "h1" in parser.tags  # the report's own heading, once
    assert parser.tags.count("h1") == 1 and "b" not in parser.tags and "i" not in parser.tags
    text = "".join(parser.text)
    for title in HOSTILE_TITLES[:3]:
        assert title in text
    assert "<script>alert('note')</script>" in text and "[@click=app.quit]" in text
    assert "\x1b" not in page and "␛]52" in text  # escapes made visible
    assert "http" not in page.replace("http-equiv", "")  # nothing fetched


def test_the_markdown_report_escapes_what_markdown_would_render(hostile: Briefing) -> None:
    import re

    text = export.markdown(export.build(hostile, Progress("hostile"), None))
    outside_code = re.sub(r"`[^`]*`", "", text)  # a code span shows its text as it is
    assert not re.search(r"(?<!\\)[<\[&]", outside_code.replace("- [ ]", ""))
    assert "\\<script\\>alert(1)\\</script\\>" in text
    assert "\\[@click=app.quit\\]quit\\[/\\]" in text


def test_the_json_report_is_stable_and_follows_its_schema(mini: tuple[Path, Briefing]) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    _, briefing = mini
    report = export.build(briefing, recorded(briefing), T0 + 310)
    first, second = export.json_text(report), export.json_text(report)
    assert first == second
    document = json.loads(first)
    jsonschema.validate(document, export_schema.REPORT_SCHEMA)
    assert document["sections"][0]["items"][0]["note"].startswith("Asked: *who* pays?")


def test_export_writes_a_file_never_over_another_and_reports_damage(
    mini: tuple[Path, Briefing], data_dir: Path, tmp_path: Path
) -> None:
    path, briefing = mini
    session = open_session(briefing, data_dir, "Delivery")
    session.toggle(briefing.sections[0].items[0])
    session.save_now()
    base = ("--data-dir", str(data_dir))
    out = tmp_path / "report.md"
    first = cli("export", str(path), "--run", "Delivery", "-o", str(out), *base)
    assert first.returncode == 0 and "- [x] Item A" in out.read_text()
    again = cli("export", str(path), "--run", "Delivery", "-o", str(out), *base)
    assert again.returncode == 2 and "already exists" in again.stderr
    forced = cli("export", str(path), "--format", "json", "-o", str(out), "--force", *base)
    assert forced.returncode == 0 and json.loads(out.read_text())["run"]["name"] == "Delivery"
    # A damaged entry: the report keeps the rest and says what it left out; nothing moves.
    run_file = session.run_file.path
    run_file.write_text(run_file.read_text().replace('"checked": true', '"checked": 7'))
    before = sorted(p.name for p in run_file.parent.iterdir())
    damaged = cli("export", str(path), *base)
    assert damaged.returncode == 0
    assert "left out" in damaged.stdout and "- [ ] Item A" in damaged.stdout
    assert sorted(p.name for p in run_file.parent.iterdir()) == before
    missing = cli("export", str(path), "--run", "nope", *base)
    assert missing.returncode == 2 and "no run named 'nope'" in missing.stderr


def test_export_schema_and_no_textual() -> None:
    schema = cli("export", "--format", "json", "--schema")
    assert schema.returncode == 0 and json.loads(schema.stdout)["title"] == "briefing-tui report"
    code = (
        "import sys\nfrom briefing_tui.cli import main\n"
        "main(['export', '--schema'])\n"
        "print(any(m.split('.')[0] == 'textual' for m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip().splitlines()[-1] == "False"


async def test_e_writes_the_report_of_the_open_run_and_says_where(
    mini: tuple[Path, Briefing], data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, briefing = mini
    monkeypatch.chdir(tmp_path)
    app = BriefingApp(open_session(briefing, data_dir, "Delivery"))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("space", "e")
        await pilot.pause()
        [report] = tmp_path.glob("mini-Delivery-report-*.md")
        toasts = "\n".join(str(t.render()) for t in app.screen.query("Toast"))
        assert str(report) in " ".join(toasts.split())
    assert "- [x] Item A" in report.read_text() and "**Run:** Delivery" in report.read_text()


async def test_a_run_started_and_left_empty_is_kept_and_opened_next_time(
    mini: tuple[Path, Briefing], data_dir: Path
) -> None:
    _, briefing = mini
    app = BriefingApp(open_session(briefing, data_dir))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+r", *"Empty", "enter")
        await pilot.pause()
        assert "run: Empty" in screen_text(app)
    names = [info.name for info in runs.list_runs(data_dir, briefing.id, set())]
    assert names == ["default", "Empty"]
    assert open_session(briefing, data_dir).run == "Empty"


async def test_two_reports_in_one_second_both_go_to_the_current_folder(
    mini: tuple[Path, Briefing], data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, briefing = mini
    monkeypatch.chdir(tmp_path)
    app = BriefingApp(open_session(briefing, data_dir))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e", "e")
        await pilot.pause()
    assert len(list(tmp_path.glob("mini-default-report-*.md"))) == 2


def test_a_report_written_over_another_keeps_its_permissions(tmp_path: Path) -> None:
    from briefing_tui.files import write_atomically

    target = tmp_path / "report.md"
    write_atomically(target, "one")
    assert target.stat().st_mode & 0o777 == 0o666 & ~_umask()
    target.chmod(0o640)
    write_atomically(target, "two")
    assert target.read_text() == "two" and target.stat().st_mode & 0o777 == 0o640


def test_a_private_file_written_again_is_never_readable_by_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the new content is written (before the rename), the temp file beside it has
    the private file's permissions, not the umask's (a report over a private one)."""
    from briefing_tui import files

    target = tmp_path / "private.md"
    target.write_text("one")
    target.chmod(0o600)
    modes = []
    create_beside = files._create_beside

    def create(path: Path, mode: int) -> tuple[int, str]:
        fd, temp = create_beside(path, mode)
        modes.append(os.stat(temp).st_mode & 0o777)  # before anything is written in it
        return fd, temp

    monkeypatch.setattr(files, "_create_beside", create)
    old_mask = os.umask(0o022)
    try:
        files.write_atomically(target, "two")
    finally:
        os.umask(old_mask)
    assert modes == [0o600] and target.read_text() == "two"


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
