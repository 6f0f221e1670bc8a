"""Opening a briefing quickly: a cache of briefings this app has already validated.

Parsing YAML and validating with pydantic (importing it, building its validators) is most of
what opening a briefing costs, and the answer only changes when the file's bytes do. So after a
file validates, its data is stored under the SHA-256 of its bytes; opening identical bytes
again reads that instead, and neither the YAML parser nor pydantic is imported.

The entry is the briefing as nested tuples of strings (`Briefing.to_rows`) in `marshal`
format, the one Python uses for its own compiled-code cache: it loads in about half the
time of the same data as JSON (a 100,000-item briefing: ~110 ms against ~200 ms). It is
written in pieces (the outline, then the items `CHUNK_ITEMS` at a time, each after its
length), so writing it never holds a copy of the whole briefing in one more block of
memory: at a first launch it is written while the app is on screen. Like
`__pycache__`, the format belongs to one Python version, so that is part of the entry's
name, and the entry records a fingerprint of the rules a file was validated by (the source
of the schema, the loader and the model): a change to any of them, released or not,
validates every briefing again.

A briefing that ships with the app also ships validated (`<file>.validated.json`, beside it
in the package; a test checks it matches the file and the rules): its first launch, right
after an install, reads that instead of validating. It is JSON, not marshal, since one wheel
serves every Python version; it is used only when its recorded hash and fingerprint match.

A large file opened for the first time (or after an edit) is not validated on the way to the
first screen: the app shows its first part (`first_part`), says the briefing is being checked,
and checks the whole file meanwhile (`Opening.whole`, in a thread), which keeps it here.

Opening a briefing uses this. `briefing-tui validate` always validates in full. The cache is
disposable: any problem reading or writing it falls back to the full load.

`python -m briefing_tui.cache FILE...` writes the shipped form of each file.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import marshal
import sys
import time
from collections.abc import Callable, Iterator
from functools import cache as once
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple

from briefing_tui import files, paths
from briefing_tui.model import Briefing

FORMAT = "briefing-tui-cache/4"
#: Items per piece of an entry.
CHUNK_ITEMS = 1_000
#: A file this large or larger, not validated before, opens as its first part while the whole
#: is checked (`load_for_screen`); smaller ones are checked first (~0.1 s or less).
FIRST_PART_BYTES = 1 << 20
#: A temp file of an entry this old is from a write that will never finish.
ABANDONED_WRITE_SECONDS = 3600
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


class Opening(NamedTuple):
    """A briefing as the app opens it (`load_for_screen`)."""

    briefing: Briefing
    #: Keeps a validation made now in the cache: the app calls it once its first screen is
    #: drawn (~20 ms at 10,000 items). None: nothing to keep.
    keep: Callable[[], None] | None = None
    #: Set when `briefing` is only the file's first part (`first_part`): checks the whole
    #: file and returns it, keeping it in the cache (raises ContentError). Any thread.
    whole: Callable[[], Briefing] | None = None


def load_for_screen(
    path: Path,
    cache: Path | None = None,
    *,
    part: bool = False,
    long_check: Callable[[int], None] | None = None,
) -> Opening:
    """Like `load`, for the app's first screen. With `part`, a large file not validated
    before is opened as its first part, and the whole is checked later (`Opening.whole`).
    `long_check(size)` is called before a large file is validated whole on the way (its
    check takes a while: say so). Raises ContentError."""
    data = files.read_limited(path, str(path))
    entry = entry_path(data, cache)
    briefing = read_entry(entry)
    if briefing is not None:
        return Opening(briefing)
    found = read_shipped(path, data)
    if found is not None:
        return Opening(found, keep=partial(_write, entry, found))
    large = len(data) >= FIRST_PART_BYTES
    if part and large:
        from briefing_tui import first_part  # YAML: only for a file not validated before

        start = first_part.read(data, str(path))
        if start is not None:
            return Opening(start, whole=partial(_validate_and_keep, path, data, entry))
    if large and long_check is not None:
        long_check(len(data))
    found = _check(path, data)
    return Opening(found, keep=partial(_write, entry, found))


def _validate_and_keep(path: Path, data: bytes, entry: Path) -> Briefing:
    briefing = _check(path, data)  # (it has no shipped form: `load_for_screen` looked)
    _write(entry, briefing)
    return briefing


def load(path: Path, cache: Path | None = None, *, write: bool = True) -> Briefing:
    """Like `loader.load`, but reuses an earlier validation of the same bytes. With
    `write=False` a new validation is not kept (for commands that change nothing)."""
    data = files.read_limited(path, str(path))
    entry = entry_path(data, cache)
    briefing = read_entry(entry)
    if briefing is None:
        briefing = _validate(path, data)
        if write:
            _write(entry, briefing)
    return briefing


def _validate(path: Path, data: bytes) -> Briefing:
    """The shipped validated form of the file if it has one for these bytes, else a full
    validation. Raises ContentError."""
    briefing = read_shipped(path, data)
    return briefing if briefing is not None else _check(path, data)


def _check(path: Path, data: bytes) -> Briefing:
    """A full validation. Raises ContentError."""
    from briefing_tui import loader  # the YAML parser is only needed on a cache miss

    return loader.load_bytes(data, str(path), path.parent)


def shipped_path(path: Path) -> Path:
    return path.with_name(path.name + ".validated.json")


def shipped_form(path: Path) -> str:
    """The validated form of a briefing file, to ship beside it (validates it: raises
    ContentError)."""
    from briefing_tui import loader

    data = files.read_limited(path, str(path))
    briefing = loader.load_bytes(data, str(path), path.parent)
    document = {
        "format": FORMAT,
        "sha256": hashlib.sha256(data).hexdigest(),
        "rules": rules_fingerprint(),
        "rows": briefing.to_rows(),
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"


def read_shipped(path: Path, data: bytes) -> Briefing | None:
    """The shipped validated form of `path`, if there is one for exactly these bytes."""
    try:
        document = json.loads(shipped_path(path).read_bytes())
        if (
            document["format"] != FORMAT
            or document["rules"] != rules_fingerprint()
            or document["sha256"] != hashlib.sha256(data).hexdigest()
        ):
            return None
        return Briefing.from_rows(_tuples(document["rows"]))
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None


def _tuples(value: Any) -> Any:
    """JSON's lists as the tuples `Briefing.from_rows` takes."""
    return tuple(_tuples(v) for v in value) if isinstance(value, list) else value


def read_entry(entry: Path) -> Briefing | None:
    """The briefing an entry holds (None: missing, from other rules, or unusable)."""
    try:
        pieces = _pieces(entry.read_bytes())
        kind, fingerprint, head, sources, outline = marshal.loads(next(pieces))
        if kind != FORMAT or fingerprint != rules_fingerprint():
            return None
        items = [item for piece in pieces for item in marshal.loads(piece)]
        sections, start = [], 0
        for *section_head, count in outline:
            sections.append((*section_head, items[start : start + count]))
            start += count
        if start != len(items):
            return None
        return Briefing.from_rows((*head, sources, sections))
    except (OSError, EOFError, ValueError, TypeError, IndexError, StopIteration):
        return None  # missing or unusable: validate the file instead


def _pieces(data: bytes) -> Iterator[memoryview]:
    view, at = memoryview(data), 0
    while at < len(view):
        size = int.from_bytes(view[at : at + 4], "little")
        if size == 0 or at + 4 + size > len(view):
            raise ValueError("an entry cut short")
        yield view[at + 4 : at + 4 + size]
        at += 4 + size


def _write(entry: Path, briefing: Briefing) -> None:
    with contextlib.suppress(OSError, ValueError):
        entry.parent.mkdir(parents=True, exist_ok=True)
        _remove_abandoned_writes(entry)
        files.write_atomically(entry, _entry_pieces(briefing))


def _remove_abandoned_writes(entry: Path) -> None:
    """Remove the temp files of writes of this entry that never finished: a large file's
    whole check writes its entry in a thread, which ends with the app if the user quits
    first. (Only old ones: another copy of the app may be writing the entry now.)"""
    too_old = time.time() - ABANDONED_WRITE_SECONDS
    for temp in entry.parent.glob(f".{entry.name}.*.tmp"):
        with contextlib.suppress(OSError):
            if temp.stat().st_mtime < too_old:
                temp.unlink()


def _entry_pieces(briefing: Briefing) -> Iterator[bytes]:
    *head, sources, sections = briefing.to_rows()
    outline = tuple((*section[:-1], len(section[-1])) for section in sections)
    items = [item for section in sections for item in section[-1]]
    values = [(FORMAT, rules_fingerprint(), tuple(head), sources, outline)]
    values += [tuple(items[at : at + CHUNK_ITEMS]) for at in range(0, len(items), CHUNK_ITEMS)]
    for value in values:
        piece = marshal.dumps(value)
        yield len(piece).to_bytes(4, "little")
        yield piece


if __name__ == "__main__":
    for name in sys.argv[1:]:
        source = Path(name)
        shipped_path(source).write_text(shipped_form(source), encoding="utf-8")
        print(f"wrote {shipped_path(source)}")
