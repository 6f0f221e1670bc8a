"""Command line: argument parsing and exit codes.

Only opening the app imports Textual; every other command stays fast and works where no
terminal UI could start (a script, cron, `ssh host cmd`). `--data-dir DIR` may come before or
after the command, as `git -C` users expect.

Exit codes: 0 success; 1 `validate` found problems (or changes could not be saved at quit);
2 usage errors, content that cannot be opened, and no terminal to open it in.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from briefing_tui import __version__
from briefing_tui.exit_status import EXIT_INVALID, EXIT_OK, EXIT_USAGE

if TYPE_CHECKING:
    from briefing_tui.errors import ContentError, Issue

DEBUG_ENV = "BRIEFING_TUI_DEBUG"
#: The commands that need no terminal (the message without one lists them).
NO_TERMINAL_COMMANDS = "list, runs, export, validate, new, schema, config, serve, --help, --version"

_COMMANDS_HELP = """\
commands:
  briefing-tui [BRIEFING]        open a briefing: a file, or an id or name from 'list'
                                 (none given: the bundled U.S.-Japan briefing, or a picker
                                 when you have briefings of your own)
  briefing-tui BRIEFING --run RUN
                                 open (or start) a named run: each run has its own checks
  briefing-tui present BRIEFING  open straight into the walkthrough (one item at a time)
  briefing-tui serve [BRIEFING] [--run RUN] [--host H] [--port P]
                                 serve the app to web browsers (needs the 'serve' extra)
  briefing-tui list              the briefings you can open, with your progress
  briefing-tui runs BRIEFING     a briefing's runs (also: rename OLD NEW, delete RUN)
  briefing-tui export BRIEFING [--run RUN] [--format md|html|json] [-o FILE]
                                 the report of a run: covered, asked, left, time
  briefing-tui validate FILE...  check briefing files and report every problem
  briefing-tui new FILE          write a starter briefing to edit
  briefing-tui schema            print the JSON Schema of the briefing format
  briefing-tui config            where the settings file is, and what it sets

Progress is saved under the user data directory; --data-dir DIR (before or after the
command) or $BRIEFING_TUI_DATA_DIR puts it elsewhere. The app needs a terminal; the other
commands do not.
"""


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        data_dir, args = _take_data_dir(args)
        command = _COMMANDS.get(args[0]) if args else None
        if command is not None:
            return command(args[1:], data_dir)
        return _open(args, data_dir)
    except _Usage as error:
        print(f"briefing-tui: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`briefing-tui list | head`): nothing to report. Point stdout
        # at /dev/null so the interpreter's final flush does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_INVALID
    except Exception as error:
        if os.environ.get(DEBUG_ENV):
            raise
        print(
            f"briefing-tui: internal error: {error.__class__.__name__}: {error}. "
            f"Please report it; set {DEBUG_ENV}=1 to see the details.",
            file=sys.stderr,
        )
        return EXIT_USAGE


class _Usage(Exception):
    """A command line that cannot be followed; the message says why."""


def _take_data_dir(args: list[str]) -> tuple[str | None, list[str]]:
    """`--data-dir DIR` (or `--data-dir=DIR`) wherever it is before `--`, and the rest."""
    data_dir, rest = None, []
    words = iter(args)
    for word in words:
        if word == "--":
            rest += [word, *words]
            break
        if word == "--data-dir":
            data_dir = next(words, None)
            if data_dir is None:
                raise _Usage("--data-dir needs a directory: --data-dir DIR")
        elif word.startswith("--data-dir="):
            data_dir = word.split("=", 1)[1]
        else:
            rest.append(word)
    return data_dir, rest


def _parser(prog: str, description: str, epilog: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog,
        description=description,
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="where progress is saved (default: $BRIEFING_TUI_DATA_DIR, else the user "
        "data directory); before or after the command",
    )
    return parser


def _needs_terminal() -> str | None:
    """Why the app cannot start here (None: it can)."""
    if os.environ.get("TEXTUAL_DRIVER"):
        return None  # served to a browser (textual-serve): the driver brings its own screen
    # Textual reads keys from standard input, draws on standard error, and takes the
    # window's size from standard output (redirected, it drew at 80x24 whatever the window).
    if not (sys.stdin.isatty() and sys.stdout.isatty() and sys.stderr.isatty()):
        return (
            "briefing-tui: the app needs a terminal (its input and output must be one; over "
            f"ssh, use ssh -t). These commands work without one: {NO_TERMINAL_COMMANDS}."
        )
    return None


def _serve(argv: list[str], data_dir: str | None) -> int:
    from briefing_tui.serve import serve_command  # the server's packages load only here

    return serve_command(argv, _parser, data_dir)


def _present(argv: list[str], data_dir: str | None) -> int:
    return _open(argv, data_dir, walkthrough=True)


def _open(argv: list[str], data_dir: str | None, walkthrough: bool = False) -> int:
    parser = _parser(
        "briefing-tui present" if walkthrough else "briefing-tui",
        "Open a briefing straight into the walkthrough: one item at a time, with a clock."
        if walkthrough
        else "Walk through a briefing in the terminal and check its items off.",
        None if walkthrough else _COMMANDS_HELP,
    )
    parser.add_argument(
        "briefing",
        nargs="?",
        metavar="BRIEFING",
        help="a briefing file (.yaml), or an id or name from 'list'; default: the bundled one",
    )
    parser.add_argument(
        "--run", metavar="RUN", help="the run to open or start (default: the run used last)"
    )
    parser.add_argument("--version", action="version", version=f"briefing-tui {__version__}")
    options = parser.parse_args(argv)
    from briefing_tui import collector

    collector.pause()  # see collector.py; `resume` runs once the first screen is drawn
    try:
        return _run_app(options.briefing, options.run, data_dir or options.data_dir, walkthrough)
    finally:
        collector.enable()


def _run_app(name: str | None, run: str | None, data_dir: str | None, walkthrough: bool) -> int:
    from briefing_tui import cache, catalog, collector, files, paths
    from briefing_tui.errors import ContentError
    from briefing_tui.progress import runs
    from briefing_tui.progress.runs import RunError

    data = paths.data_dir(data_dir)
    choices: list[catalog.Entry] = []
    session = None
    source = Path(name) if name else files.default_briefing_path()
    try:
        if run is not None:
            run = runs.check_name(run)
        opening = None
        if name:
            source = catalog.resolve(name, data)
        why = _needs_terminal()
        if name or run is not None or walkthrough or len(catalog.briefing_paths(data)) == 1:
            # A large file not validated before opens as its first part, checked whole
            # meanwhile; in the walkthrough ("Item 1 of N"), or with no terminal to show it
            # on, the whole file is checked first.
            opening = cache.load_for_screen(
                source, part=not walkthrough and why is None, long_check=_checking(source)
            )
        if why is not None:  # after the briefing is known to be good: that error says more
            print(why, file=sys.stderr)
            return EXIT_USAGE
        from briefing_tui.app import BriefingApp  # Textual is imported only to show a screen.

        if opening is not None:
            session = catalog.open_run(opening.briefing, data, run)
            session.partial = opening.whole is not None
        else:
            choices = catalog.entries(data)  # the picker shows each one with its progress
    except catalog.NotFound as error:
        _print_issues(error)
        return EXIT_USAGE
    except RunError as error:
        print(f"briefing-tui: --run: {error}.", file=sys.stderr)
        return EXIT_USAGE
    except ContentError as error:
        _cannot_open(error, source)
        return EXIT_USAGE

    from briefing_tui import settings

    app = BriefingApp(
        session,
        path=source if session is not None else None,
        choices=choices,
        data_dir=data,
        on_ready=_when_ready(collector.resume, opening.keep if opening else None),
        on_prepared=collector.keep_made,
        walkthrough=walkthrough,
        settings=settings.load(),
        whole=opening.whole if opening else None,
    )
    opening = None  # the app has what it needs (a first part's whole check holds the file)
    app.run()
    if app.unsaved_report:
        print(app.unsaved_report, file=sys.stderr)
    if app.content_error is not None:
        _cannot_open(app.content_error, source)
    return app.return_code or EXIT_OK


def _checking(source: Path) -> Callable[[int], None]:
    def say(size: int) -> None:
        # Before the app takes the terminal: a large file's check takes a second or more.
        print(
            f"briefing-tui: checking {source} ({size / 1e6:.0f} MB) before it opens…",
            file=sys.stderr,
            flush=True,
        )

    return say


def _cannot_open(error: ContentError, source: Path) -> None:
    _print_issues(error)
    print(
        f"briefing-tui: {source} cannot be opened; fix the problems above "
        f"(check with: briefing-tui validate {source}).",
        file=sys.stderr,
    )


def _when_ready(*steps: Callable[[], None] | None) -> Callable[[], None]:
    """What to do once the first screen is drawn: each of `steps`, in order."""

    def ready() -> None:
        for step in steps:
            if step is not None:
                step()

    return ready


def _validate(argv: list[str], data_dir: str | None) -> int:
    from briefing_tui import loader

    parser = _parser(
        "briefing-tui validate",
        "Check briefing files. Prints FILE:LINE:COL: message for every problem (and warning).",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="briefing files to check")
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="output format (json: for editors and CI)",
    )
    options = parser.parse_args(argv)

    report = []
    for name in options.files:
        _, issues = loader.check(name)
        errors = [i for i in issues if not i.warning]
        report.append(
            {"path": name, "ok": not errors, "problems": [issue.as_dict() for issue in issues]}
        )
        if options.format == "text":
            _print_issues(issues, file=sys.stdout)
            if not errors:
                warned = len(issues)
                print(f"{name}: ok" + (f" ({warned} warning(s))" if warned else ""))
    valid = all(entry["ok"] for entry in report)
    if options.format == "json":
        print(json.dumps({"ok": valid, "files": report}, indent=2, ensure_ascii=False))
    return EXIT_OK if valid else EXIT_INVALID


def _print_issues(error: ContentError | list[Issue], file: TextIO | None = None) -> None:
    from briefing_tui.text import first_line

    issues = error if isinstance(error, list) else error.issues
    for issue in issues:
        # Paths and messages may echo file content: never let it reach the terminal raw.
        print(first_line(str(issue), 500), file=file or sys.stderr)


def _list(argv: list[str], data_dir: str | None) -> int:
    from briefing_tui import catalog, paths
    from briefing_tui.progress import runs
    from briefing_tui.text import first_line

    options = _parser(
        "briefing-tui list",
        "List the bundled briefings and your own, with your progress (in the run used "
        "last). Changes nothing on disk.",
    ).parse_args(argv)
    data = paths.data_dir(data_dir or options.data_dir)
    rows = [("ID", "PROGRESS", "RUN", "TITLE", "FILE")]
    notes = []
    warned: set[str] = set()
    for entry in catalog.entries(data, write_cache=False):
        where = "(bundled)" if entry.bundled else str(entry.path)
        if entry.briefing is None:
            count = len(entry.error.issues) if entry.error else 0
            problem = f"{count} problem(s): run briefing-tui validate {entry.path}"
            rows.append((entry.path.stem, "-", "-", problem, where))
            continue
        progress = f"{entry.checked_count(data)}/{entry.briefing.item_count()}"
        run = runs.last_run(data, entry.briefing.id)
        rows.append((entry.id, progress, run, entry.title, where))
        if entry.same_id and entry.id not in warned:
            warned.add(entry.id)
            files_with_it = ", ".join(str(p) for p in (entry.path, *entry.same_id))
            notes.append(
                f"! {files_with_it} declare the same id '{entry.id}': they share one progress "
                "file. Give each its own id."
            )
    widths = [max(len(first_line(row[i], 60)) for row in rows) for i in range(4)]
    for row in rows:
        cells = [
            first_line(cell, 60).ljust(width) for cell, width in zip(row, widths, strict=False)
        ]
        print("  ".join([*cells, first_line(row[4], 300)]).rstrip())
    for note in notes:
        print(first_line(note, 500))
    print(f"\nYour own briefings go in {paths.user_briefings_dir(data)}")
    return EXIT_OK


def _schema(argv: list[str], data_dir: str | None) -> int:
    from briefing_tui.schema import Briefing

    _parser(
        "briefing-tui schema",
        "Print the JSON Schema of the briefing format (for editors and CI).",
    ).parse_args(argv)
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **Briefing.model_json_schema(),
    }
    print(json.dumps(schema, indent=2, ensure_ascii=False))
    return EXIT_OK


def _new(argv: list[str], data_dir: str | None) -> int:
    from briefing_tui.starter import starter

    parser = _parser(
        "briefing-tui new",
        "Write a commented starter briefing that validates, to edit into your own. Its id "
        "comes from the file name.",
    )
    parser.add_argument("file", metavar="FILE", help="where to write it (e.g. my-briefing.yaml)")
    options = parser.parse_args(argv)
    path = Path(options.file)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as handle:  # never overwrite
            handle.write(starter(path))
    except FileExistsError:
        print(f"briefing-tui new: {path} already exists; choose another name.", file=sys.stderr)
        return EXIT_USAGE
    except OSError as error:
        print(f"briefing-tui new: cannot write {path}: {error.strerror}.", file=sys.stderr)
        return EXIT_USAGE
    print(
        f"Wrote {path}. Edit it, check it with 'briefing-tui validate {path}', "
        f"and open it with 'briefing-tui {path}'."
    )
    return EXIT_OK


def _config(argv: list[str], data_dir: str | None) -> int:
    from briefing_tui.commands import config_command

    return config_command(argv, _parser)


def _runs(argv: list[str], data_dir: str | None) -> int:
    from briefing_tui.commands import runs_command

    return runs_command(argv, _parser, data_dir)


def _export(argv: list[str], data_dir: str | None) -> int:
    from briefing_tui.commands import export_command

    return export_command(argv, _parser, data_dir)


_COMMANDS: dict[str, Callable[[list[str], str | None], int]] = {
    "validate": _validate,
    "list": _list,
    "runs": _runs,
    "config": _config,
    "export": _export,
    "present": _present,
    "schema": _schema,
    "new": _new,
    "serve": _serve,
}
