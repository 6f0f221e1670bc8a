"""Opening a briefing quickly: a cache of briefings this app has already validated.

Parsing YAML and validating with pydantic (importing it, building its validators) is most of
what opening a briefing costs, and the answer only changes when the file's bytes do. So after a
file validates, its data is stored as JSON under the SHA-256 of its bytes (and this app's
version, since the schema may change); opening identical bytes again reads that JSON instead,
and neither the YAML parser nor pydantic is imported.

Only `open_briefing` uses this. `briefing-tui validate` always validates in full. The cache is
disposable: any problem reading or writing it falls back to the full load.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path

from briefing_tui import __version__, files, paths
from briefing_tui.model import Briefing

FORMAT = "briefing-tui-cache"


def load(path: Path, cache: Path | None = None) -> Briefing:
    """Like `loader.load`, but reuses an earlier validation of the same bytes."""
    data = files.read_limited(path, str(path))
    key = hashlib.sha256(data).hexdigest()
    entry = (cache or paths.cache_dir()) / f"{key}.json"
    briefing = _read(entry)
    if briefing is None:
        from briefing_tui import loader  # the YAML parser is only needed on a cache miss

        briefing = loader.load_bytes(data, str(path))
        _write(entry, briefing)
    return briefing


def _read(entry: Path) -> Briefing | None:
    try:
        document = json.loads(entry.read_bytes())
        if document.get("format") != FORMAT or document.get("app") != __version__:
            return None
        return Briefing.from_dict(document["briefing"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # missing or unusable: validate the file instead


def _write(entry: Path, briefing: Briefing) -> None:
    document = {"format": FORMAT, "app": __version__, "briefing": briefing.to_dict()}
    with contextlib.suppress(OSError):
        entry.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=entry.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(document, handle, ensure_ascii=False)
            os.replace(temp, entry)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temp)
