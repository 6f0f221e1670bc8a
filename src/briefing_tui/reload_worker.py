"""Validate a briefing file in a process of its own: `python -m briefing_tui.reload_worker FILE`.

The open app runs it when the file changes (`syncing.validate_elsewhere`), so that
validating a large file never holds up its keys. (On a first launch the command line
validates in its own process: a second process, with its own imports, was ~100 ms slower.)
The process writes ``("ok", rows)`` or ``("problems", issues)`` to standard output in
`marshal` form, and keeps the validation in the cache for the next start.
"""

from __future__ import annotations

import marshal
import sys
from pathlib import Path
from typing import Any

from briefing_tui import cache
from briefing_tui.errors import ContentError, Issue
from briefing_tui.model import Briefing


def command(path: Path) -> list[str]:
    return [sys.executable, "-m", "briefing_tui.reload_worker", str(path)]


def answer(output: bytes, path: Path) -> Briefing:
    """The briefing in a worker's output (raises ContentError with its problems)."""
    try:
        kind, value = marshal.loads(output)
    except (EOFError, ValueError, TypeError):
        raise ContentError(
            [Issue(str(path), None, None, "could not be checked (the checking process failed)")]
        ) from None
    if kind == "ok":
        return Briefing.from_rows(value)
    raise ContentError([Issue(*issue) for issue in value])


def main(argv: list[str]) -> int:
    path = Path(argv[0])
    try:
        result: tuple[str, Any] = ("ok", cache.load(path).to_rows())
    except ContentError as error:
        result = ("problems", [(i.path, i.line, i.col, i.message) for i in error.issues])
    sys.stdout.buffer.write(marshal.dumps(result))
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
