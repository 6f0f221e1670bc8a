"""Opening a briefing quickly: a cache of briefings this app has already validated.

Parsing YAML and validating with pydantic (importing it, building its validators) is most of
what opening a briefing costs, and the answer only changes when the file's bytes do. So after a
file validates, its data is stored under the SHA-256 of its bytes; opening identical bytes
again reads that instead, and neither the YAML parser nor pydantic is imported.

The entry is the briefing as nested tuples of strings (`Briefing.to_rows`) in `marshal`
format, the one Python uses for its own compiled-code cache: it loads in about half the
time of the same data as JSON (a 100,000-item briefing: ~110 ms against ~200 ms). Like
`__pycache__`, the format belongs to one Python version, so that is part of the entry's
name, and the entry records a fingerprint of the rules a file was validated by (the source
of the schema, the loader and the model): a change to any of them, released or not,
validates every briefing again.

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
from functools import cache as once
from pathlib import Path

from briefing_tui import files, paths
from briefing_tui.model import Briefing

FORMAT = "briefing-tui-cache/3"
#: The modules whose source decides whether a file is valid and what it becomes.
_RULES = ("schema.py", "loader.py", "yaml_reader.py", "model.py", "text.py", "quotes.py")


@once
def rules_fingerprint() -> str:
    """A hash of the validation rules' source: ~0.1 ms, and no import of pydantic or YAML."""
    digest = hashlib.sha256(FORMAT.encode())
    here = Path(__file__).parent
    for name in _RULES:
        with contextlib.suppress(OSError):
            digest.update((here / name).read_bytes())
    return digest.hexdigest()[:16]


def entry_path(data: bytes, cache: Path | None = None) -> Path:
    key = hashlib.sha256(data).hexdigest()
    folder = cache or paths.cache_dir()
    return folder / f"{key}.{sys.implementation.cache_tag}.marshal"


def load(path: Path, cache: Path | None = None, *, write: bool = True) -> Briefing:
    """Like `loader.load`, but reuses an earlier validation of the same bytes. With
    `write=False` a new validation is not kept (for commands that change nothing)."""
    data = files.read_limited(path, str(path))
    entry = entry_path(data, cache)
    briefing = read_entry(entry)
    if briefing is None:
        from briefing_tui import loader  # the YAML parser is only needed on a cache miss

        briefing = loader.load_bytes(data, str(path), path.parent)
        if write:
            _write(entry, briefing)
    return briefing


def read_entry(entry: Path) -> Briefing | None:
    """The briefing an entry holds (None: missing, from other rules, or unusable)."""
    try:
        kind, fingerprint, rows = marshal.loads(entry.read_bytes())
        if kind != FORMAT or fingerprint != rules_fingerprint():
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
                marshal.dump((FORMAT, rules_fingerprint(), briefing.to_rows()), handle)
            os.replace(temp, entry)
        except (OSError, ValueError):
            with contextlib.suppress(OSError):
                os.unlink(temp)
