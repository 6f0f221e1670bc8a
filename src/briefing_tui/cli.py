"""Command line: argument parsing and exit codes.

Only opening the app imports Textual; `--help`, `--version` and `validate` stay fast and work
where no terminal UI could start.

Exit codes: 0 success; 1 `validate` found problems; 2 usage errors, and content that cannot be
opened.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from briefing_tui import __version__

if TYPE_CHECKING:
    from briefing_tui.errors import ContentError

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
DEBUG_ENV = "BRIEFING_TUI_DEBUG"

_COMMANDS_HELP = """\
commands:
  briefing-tui [BRIEFING]        open a briefing: a file, or an id or name from 'list'
                                 (none given: the bundled U.S.-Japan briefing, or a picker
                                 when you have briefings of your own)
  briefing-tui list              the briefings you can open, with your progress
  briefing-tui validate FILE...  check briefing files and report every problem
  briefing-tui new FILE          write a starter briefing to edit
  briefing-tui schema            print the JSON Schema of the briefing format

Progress is saved under the user data directory; see --data-dir.
"""


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    command = _COMMANDS.get(args[0]) if args else None
    try:
        if command is not None:
            return command(args[1:])
        return _open(args)
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


def _app_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefing-tui",
        description="Walk through a briefing in the terminal and check its items off.",
        epilog=_COMMANDS_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "briefing",
        nargs="?",
        metavar="BRIEFING",
        help="a briefing file (.yaml) to open; default: the bundled briefing",
    )
    _add_data_dir(parser)
    parser.add_argument("--version", action="version", version=f"briefing-tui {__version__}")
    return parser


def _add_data_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="where progress is saved (default: $BRIEFING_TUI_DATA_DIR, "
        "else the user data directory)",
    )


def _open(argv: list[str]) -> int:
    # Python's cycle collector walks every object the imports and the briefing created, again
    # and again while the app starts (~70 ms for the bundled briefing, more for large ones),
    # and none of them is garbage yet. The app turns it back on once its first screen is drawn.
    gc.disable()
    try:
        return _open_with_collector_paused(argv)
    finally:
        gc.enable()


def _open_with_collector_paused(argv: list[str]) -> int:
    from briefing_tui import catalog, files, paths
    from briefing_tui.errors import ContentError

    options = _app_parser().parse_args(argv)
    data = paths.data_dir(options.data_dir)
    choices: list[catalog.Entry] = []
    opened = None
    source = Path(options.briefing or files.default_briefing_path())
    try:
        if options.briefing:
            source = catalog.resolve(options.briefing, data)
            opened = catalog.open_briefing(source, data)
        elif len(catalog.briefing_paths(data)) > 1:
            choices = catalog.entries(data)  # the picker shows each one with its progress
        else:
            opened = catalog.open_briefing(source, data)
    except ContentError as error:
        _print_issues(error)
        print(
            f"briefing-tui: {source} cannot be opened; fix the problems above "
            f"(check with: briefing-tui validate {source}).",
            file=sys.stderr,
        )
        return EXIT_USAGE

    from briefing_tui.app import BriefingApp  # Textual is imported only to show a screen.

    app = BriefingApp(opened, choices=choices, data_dir=data, collector_paused=True)
    app.run()
    return app.return_code or EXIT_OK


def _validate(argv: list[str]) -> int:
    from briefing_tui import loader

    parser = argparse.ArgumentParser(
        prog="briefing-tui validate",
        description="Check briefing files. Prints FILE:LINE:COL: message for every problem.",
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
        try:
            loader.load(name)
            report.append({"path": name, "ok": True, "problems": []})
        except loader.ContentError as error:
            report.append(
                {"path": name, "ok": False, "problems": [issue.as_dict() for issue in error.issues]}
            )
            if options.format == "text":
                _print_issues(error, file=sys.stdout)
        else:
            if options.format == "text":
                print(f"{name}: ok")
    valid = all(entry["ok"] for entry in report)
    if options.format == "json":
        print(json.dumps({"ok": valid, "files": report}, indent=2, ensure_ascii=False))
    return EXIT_OK if valid else EXIT_INVALID


def _print_issues(error: ContentError, file: TextIO | None = None) -> None:
    from briefing_tui.text import first_line

    for issue in error.issues:
        # Paths and messages may echo file content: never let it reach the terminal raw.
        print(first_line(str(issue), 500), file=file or sys.stderr)


def _list(argv: list[str]) -> int:
    from briefing_tui import catalog, paths
    from briefing_tui.text import first_line

    parser = argparse.ArgumentParser(
        prog="briefing-tui list",
        description="List the bundled briefings and your own, with your progress.",
    )
    _add_data_dir(parser)
    options = parser.parse_args(argv)
    data = paths.data_dir(options.data_dir)
    rows = [("ID", "PROGRESS", "TITLE", "FILE")]
    for entry in catalog.entries(data):
        where = "(bundled)" if entry.bundled else str(entry.path)
        if entry.briefing is None:
            count = len(entry.error.issues) if entry.error else 0
            rows.append(
                (
                    entry.path.stem,
                    "-",
                    f"{count} problem(s): run briefing-tui validate {entry.path}",
                    where,
                )
            )
        else:
            progress = f"{entry.checked_count(data)}/{entry.briefing.item_count()}"
            rows.append((entry.id, progress, entry.title, where))
    widths = [max(len(first_line(row[i], 60)) for row in rows) for i in range(3)]
    for row in rows:
        cells = [
            first_line(cell, 60).ljust(width) for cell, width in zip(row, widths, strict=False)
        ]
        print("  ".join([*cells, first_line(row[3], 300)]).rstrip())
    print(f"\nYour own briefings go in {paths.user_briefings_dir(data)}")
    return EXIT_OK


def _schema(argv: list[str]) -> int:
    from briefing_tui.schema import Briefing

    argparse.ArgumentParser(
        prog="briefing-tui schema",
        description="Print the JSON Schema of the briefing format (for editors and CI).",
    ).parse_args(argv)
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **Briefing.model_json_schema(),
    }
    print(json.dumps(schema, indent=2, ensure_ascii=False))
    return EXIT_OK


def _new(argv: list[str]) -> int:
    from briefing_tui.starter import STARTER

    parser = argparse.ArgumentParser(
        prog="briefing-tui new",
        description="Write a commented starter briefing that validates, to edit into your own.",
    )
    parser.add_argument("file", metavar="FILE", help="where to write it (e.g. my-briefing.yaml)")
    options = parser.parse_args(argv)
    path = Path(options.file)
    try:
        with path.open("x", encoding="utf-8") as handle:  # never overwrite
            handle.write(STARTER.format(name=path))
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


_COMMANDS: dict[str, Callable[[list[str]], int]] = {
    "validate": _validate,
    "list": _list,
    "schema": _schema,
    "new": _new,
}
