"""Command line: argument parsing and exit codes.

Only opening the app imports Textual; `--help`, `--version` and `validate` stay fast and work
where no terminal UI could start.

Exit codes: 0 success; 1 `validate` found problems; 2 usage errors, and content that cannot be
opened.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from briefing_tui import __version__

if TYPE_CHECKING:
    from briefing_tui.loader import ContentError

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2

_COMMANDS_HELP = """\
commands:
  briefing-tui [BRIEFING]        open a briefing (default: the bundled U.S.–Japan briefing)
  briefing-tui validate FILE...  check briefing files and report every problem

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


def _app_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefing-tui",
        description="Walk through a briefing in the terminal and check its items off.",
        epilog=_COMMANDS_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "briefing", nargs="?", metavar="BRIEFING",
        help="a briefing file (.yaml) to open; default: the bundled briefing",
    )
    _add_data_dir(parser)
    parser.add_argument("--version", action="version", version=f"briefing-tui {__version__}")
    return parser


def _add_data_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir", metavar="DIR",
        help="where progress is saved (default: $BRIEFING_TUI_DATA_DIR, "
             "else the user data directory)",
    )


def _open(argv: list[str]) -> int:
    from briefing_tui import loader, paths
    from briefing_tui.progress import ProgressStore

    options = _app_parser().parse_args(argv)
    source = Path(options.briefing) if options.briefing else loader.default_briefing_path()
    try:
        briefing = loader.load(source)
    except loader.ContentError as error:
        _print_issues(error)
        print(
            f"briefing-tui: {source} cannot be opened; fix the problems above "
            f"(check with: briefing-tui validate {source}).",
            file=sys.stderr,
        )
        return EXIT_USAGE
    store = ProgressStore(paths.progress_file(paths.data_dir(options.data_dir), briefing.id),
                          briefing.id)
    store.load()

    from briefing_tui.app import BriefingApp  # Textual is imported only to show a screen.

    app = BriefingApp(briefing, store)
    app.run()
    return app.return_code or EXIT_OK


def _validate(argv: list[str]) -> int:
    from briefing_tui import loader

    parser = argparse.ArgumentParser(
        prog="briefing-tui validate",
        description="Check briefing files. Prints FILE:LINE:COL: message for every problem.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="briefing files to check")
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="output format (json: for editors and CI)")
    options = parser.parse_args(argv)

    report = []
    for name in options.files:
        try:
            loader.load(name)
            report.append({"path": name, "ok": True, "problems": []})
        except loader.ContentError as error:
            report.append({"path": name, "ok": False,
                           "problems": [issue.as_dict() for issue in error.issues]})
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


_COMMANDS: dict[str, Callable[[list[str]], int]] = {
    "validate": _validate,
}
