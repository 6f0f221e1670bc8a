"""`briefing-tui runs` (list a briefing's runs, rename one, delete one), `briefing-tui export`
(the report of a run) and `briefing-tui config` (the settings). No Textual."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

from briefing_tui import catalog, paths
from briefing_tui.errors import ContentError
from briefing_tui.exit_status import EXIT_INVALID, EXIT_OK, EXIT_USAGE
from briefing_tui.text import first_line


def _when(timestamp: float | None) -> str:
    from briefing_tui.export import when  # one clock for every listing and report: UTC

    return when(timestamp)


def runs_command(
    argv: list[str],
    make_parser: Callable[[str, str], argparse.ArgumentParser],
    data_dir: str | None,
) -> int:
    from briefing_tui.progress import runs

    parser = make_parser(
        "briefing-tui runs",
        "A briefing's runs (each has its own checks, notes, position and times), or rename "
        "or delete one. A deleted run's file is kept aside, as a damaged file is.",
    )
    # Optional to argparse only so that a missing briefing is not reported as a missing RUN too.
    parser.add_argument(
        "briefing", nargs="?", metavar="BRIEFING", help="a briefing file, id or name"
    )
    parser.add_argument(
        "action", nargs="?", choices=("rename", "delete"), help="rename OLD NEW, or delete RUN"
    )
    parser.add_argument("names", nargs="*", metavar="RUN", help="the run(s) the action needs")
    parser.add_argument("--yes", action="store_true", help="delete without asking")
    options = parser.parse_args(argv)
    if options.briefing is None:
        parser.error("name a briefing whose runs to show (briefing-tui list shows them)")
    data = paths.data_dir(data_dir or options.data_dir)
    try:
        briefing = catalog.load_for_reading(catalog.resolve(options.briefing, data))
    except ContentError as error:
        for issue in error.issues:
            print(first_line(str(issue), 500), file=sys.stderr)
        return EXIT_USAGE
    try:
        if options.action == "rename":
            if len(options.names) != 2:
                parser.error("rename needs the run's name and its new name: rename OLD NEW")
            old, new = options.names
            target = runs.rename_run(data, briefing.id, old, new)
            print(f"Renamed the run '{old}' to '{runs.check_name(new)}' ({target}).")
            return EXIT_OK
        if options.action == "delete":
            if len(options.names) != 1:
                parser.error("delete needs the run's name: delete RUN")
            [name] = options.names
            if runs.find_run(data, briefing.id, name) is None:
                raise runs.RunError(f"there is no run named '{name}'")
            if not options.yes and not _confirm(f"Delete the run '{name}'? [y/N] "):
                print("Nothing deleted.")
                return EXIT_INVALID
            aside = runs.delete_run(data, briefing.id, name)
            print(f"Deleted the run '{name}'; its file is kept as {aside}.")
            return EXIT_OK
    except runs.RunError as error:
        print(f"briefing-tui runs: {error}.", file=sys.stderr)
        return EXIT_USAGE

    item_ids = {item.id for s in briefing.sections for item in s.items}
    current = runs.last_run(data, briefing.id)
    rows = [("", "RUN", "PROGRESS", "NOTES", "STARTED", "LAST CHANGED")]
    for info in runs.list_runs(data, briefing.id, item_ids):
        rows.append(
            (
                "*" if info.name == current else "",
                first_line(info.name, 60),
                f"{info.checked}/{info.total}",
                str(info.notes),
                _when(info.started_at),
                _when(info.changed_at),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    print(
        f"\n* the run opened when no --run is given. Open another: briefing-tui "
        f"{options.briefing} --run NAME"
    )
    return EXIT_OK


def _confirm(question: str) -> bool:
    if not sys.stdin.isatty():
        print(
            "briefing-tui runs: not deleting without --yes (no terminal to ask).", file=sys.stderr
        )
        return False
    try:
        return input(question).strip().lower() in ("y", "yes")
    except EOFError:
        return False


def export_command(
    argv: list[str],
    make_parser: Callable[[str, str], argparse.ArgumentParser],
    data_dir: str | None,
) -> int:
    from briefing_tui import export
    from briefing_tui.progress import runs

    parser = make_parser(
        "briefing-tui export",
        "Write the report of a run: what was covered, what was asked (the notes), what is "
        "left, and the time spent. To standard output, or to a file with -o (never over an "
        "existing file unless --force). Changes nothing else on disk.",
    )
    parser.add_argument("briefing", nargs="?", metavar="BRIEFING", help="a file, id or name")
    parser.add_argument("--run", metavar="RUN", help="the run (default: the run used last)")
    parser.add_argument("--format", choices=export.FORMATS, default="md", help="default: md")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE")
    parser.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    parser.add_argument(
        "--schema", action="store_true", help="print the JSON Schema of --format json, and exit"
    )
    options = parser.parse_args(argv)
    if options.schema:
        from briefing_tui.export_schema import REPORT_SCHEMA

        print(json.dumps(REPORT_SCHEMA, indent=2))
        return EXIT_OK
    if options.briefing is None:
        parser.error("name the briefing to report on (see: briefing-tui list)")
    data = paths.data_dir(data_dir or options.data_dir)
    try:
        briefing = catalog.load_for_reading(catalog.resolve(options.briefing, data))
        run = runs.check_name(options.run) if options.run else runs.last_run(data, briefing.id)
    except ContentError as error:
        for issue in error.issues:
            print(first_line(str(issue), 500), file=sys.stderr)
        return EXIT_USAGE
    except runs.RunError as error:
        print(f"briefing-tui export: --run: {error}.", file=sys.stderr)
        return EXIT_USAGE
    path = runs.run_path(data, briefing.id, run)
    if run != runs.DEFAULT_RUN and not path.exists():
        names = [r.name for r in runs.list_runs(data, briefing.id, set())]
        print(
            f"briefing-tui export: {briefing.id} has no run named '{run}' "
            f"(its runs: {', '.join(names)}).",
            file=sys.stderr,
        )
        return EXIT_USAGE
    loaded = runs.run_file(data, briefing.id, run).read(inspect=True)
    changed = path.stat().st_mtime if path.exists() else None
    report = export.build(briefing, loaded.progress, changed, tuple(loaded.notices))
    text = export.render(report, options.format)
    if options.output is None:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        write_report(Path(options.output), text, force=options.force)
    except FileExistsError:
        print(
            f"briefing-tui export: {options.output} already exists; choose another name, or "
            "add --force to replace it.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    except OSError as error:
        print(
            f"briefing-tui export: cannot write {options.output}: {error.strerror}.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    print(f"Wrote the report of the run '{run}' to {options.output}.", file=sys.stderr)
    return EXIT_OK


def write_report(path: Path, text: str, *, force: bool = False) -> None:
    """Write a report: never over an existing file unless `force` (then atomically).
    Raises FileExistsError, OSError."""
    if not force:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(text)
        return
    from briefing_tui.files import write_atomically

    write_atomically(path.absolute(), text)


def config_command(
    argv: list[str], make_parser: Callable[[str, str], argparse.ArgumentParser]
) -> int:
    from briefing_tui import settings

    make_parser(
        "briefing-tui config",
        "Say where the settings file is and what it sets (theme, keys, options).",
    ).parse_args(argv)
    loaded = settings.load()
    path = loaded.path or settings.settings_path()
    print(f"Settings file: {path}" + ("" if path.exists() else " (not there: defaults in use)"))
    for issue in loaded.problems:
        print(first_line(str(issue), 500))
    print(f"theme: {loaded.theme or '(default)'}")
    print(f"advance_after_check: {'true' if loaded.advance_after_check else 'false'}")
    print("keys:" + ("" if loaded.keys else " (defaults)"))
    for binding_id, key in loaded.keys.items():
        print(f"  {binding_id}: {key}")
    print("\nBindings you can remap under keys: (id: what it does)")
    for binding_id, what in settings.BINDING_IDS.items():
        print(f"  {binding_id}: {what}")
    return EXIT_INVALID if loaded.problems else EXIT_OK
