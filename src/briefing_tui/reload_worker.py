"""Validate a briefing file in a process of its own: `python -m briefing_tui.reload_worker FILE`.

The open app runs this when the file changes (`syncing.validate_elsewhere`), so validating a
large file never holds up its keys. Writes ``("ok", rows)`` or ``("problems", issues)`` to
standard output in `marshal` form.
"""

from __future__ import annotations

import marshal
import sys
from pathlib import Path
from typing import Any

from briefing_tui import cache
from briefing_tui.errors import ContentError


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
