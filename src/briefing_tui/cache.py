"""Opening a briefing quickly: a cache of briefings this app has already validated.

Parsing YAML and validating with pydantic (importing it, building its validators) is most of
what opening a briefing costs, and the answer only changes when the file's bytes do. So after a
file validates, its data is stored under the SHA-256 of its bytes; opening identical bytes
again reads that instead, and neither the YAML parser nor pydantic is imported.

The entry is the briefing as nested tuples of strings (`Briefing.to_rows`) in `marshal`
format, the one Python uses for its own compiled-code cache: it loads in about half the
time of the same data as JSON (a 100,000-item briefing: ~110 ms against ~200 ms). Like
`__pycache__`, the format belongs to one Python version, so that is part of the entry's
name, and the entry records this app's version, since the schema may change.

Only `open_briefing` uses this. `briefing-tui validate` always validates in full. The cache is
disposable: any problem reading or writing it falls back to the full load.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import sys
import tempfile
from pathlib import Path

from briefing_tui import __version__, files, paths
from briefing_tui.model import Briefing

FORMAT = "briefing-tui-cache/2"


def load(path: Path, cache: Path | None = None) -> Briefing:
    """Like `loader.load`, but reuses an earlier validation of the same bytes."""
    data = files.read_limited(path, str(path))
    key = hashlib.sha256(data).hexdigest()
    folder = cache or paths.cache_dir()
    entry = folder / f"{key}.{sys.implementation.cache_tag}.marshal"
    briefing = _read(entry)
    if briefing is None:
        from briefing_tui import loader  # the YAML parser is only needed on a cache miss

        briefing = loader.load_bytes(data, str(path))
        _write(entry, briefing)
        with contextlib.suppress(OSError):
            (folder / f"{key}.json").unlink(missing_ok=True)  # the format before this one
    return briefing


def _read(entry: Path) -> Briefing | None:
    try:
        kind, version, rows = marshal.loads(entry.read_bytes())
        if kind != FORMAT or version != __version__:
            return None
        return Briefing.from_rows(rows)
    except (OSError, EOFError, ValueError, TypeError, IndexError):
        return None  # missing or unusable: validate the file instead


def _write(entry: Path, briefing: Briefing) -> None:
    with contextlib.suppress(OSError):
        entry.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=entry.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                marshal.dump((FORMAT, __version__, briefing.to_rows()), handle)
            os.replace(temp, entry)
        except (OSError, ValueError):
            with contextlib.suppress(OSError):
                os.unlink(temp)
