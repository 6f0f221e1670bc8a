"""The progress file format: parse, serialize and merge. Pure functions: no files, no clock.

A progress file holds one run of one briefing (docs/progress-format.md)::

    {"format": "briefing-tui-progress", "version": 2, "briefing": "us-japan-defense",
     "run": "default", "started_at": "2026-12-01T09:00:00.000000+00:00", "save": "3f9a...",
     "position": {"section": "todo", "item": "cyber-task-force", "changed_at": "..."},
     "items": {
    "military-collaboration": {"checked": true, "changed_at": "...", "seconds": 42.5},
    "cyber-task-force": {"checked": false, "changed_at": "...", "note": "Asked about ...",
                         "note_changed_at": "..."}
    }}

One item per line, so the file stays readable and diffable, and a bad entry can be named by
its line. Version 1 files (checks only, written by briefing-tui 1.0) are read as they are.

Anything `parse` accepts, `serialize` can write: times are clamped to what can be written
(1970 … now), and an entry that cannot be read is left out and reported, never the cause of
an error later.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, NamedTuple

FORMAT = "briefing-tui-progress"
VERSION = 2
#: The longest note kept; the editor says so when the limit is reached.
MAX_NOTE_CHARS = 10_000
#: More time than this on one item is not a briefing: a clock left running for days.
MAX_ITEM_SECONDS = 7 * 24 * 3600.0


class ItemState(NamedTuple):
    """What a run holds for one item. A named tuple: a run of 100,000 items is read at every
    start, and tuples are made several times faster than dataclasses."""

    checked: bool = False
    changed_at: float = 0.0  # when `checked` last changed, seconds since the epoch (UTC)
    note: str = ""
    note_changed_at: float = 0.0
    seconds: float = 0.0  # time spent on the item in the walkthrough


class Position(NamedTuple):
    """Where the user was: a section id and an item id (either may no longer exist)."""

    section: str
    item: str
    changed_at: float


@dataclass
class Progress:
    """One run of one briefing."""

    briefing: str
    run: str = "default"
    started_at: float = 0.0
    items: dict[str, ItemState] = field(default_factory=dict)
    position: Position | None = None


class Problem(NamedTuple):
    """An entry that was left out: where it was (a 1-based line, when known) and why."""

    line: int | None
    message: str


class Damaged(Exception):
    """The bytes are not a progress file that can be read at all."""


class TooNew(Exception):
    """The file was written by a newer briefing-tui; its format version is the message."""


# ---------------------------------------------------------------------------- parsing


class _Object(dict[str, Any]):
    """A JSON object that remembers the keys it had more than once."""

    duplicates: list[str]


def _object(pairs: list[tuple[str, Any]]) -> _Object:
    result = _Object()
    result.duplicates = []
    for key, value in pairs:
        if key in result:
            result.duplicates.append(key)
            # Two entries for one item: keep the one changed last, as a merge would.
            value = _latest(result[key], value)
        result[key] = value
    return result


def _latest(first: Any, second: Any) -> Any:
    def changed(entry: Any) -> float:
        at = entry.get("changed_at") if isinstance(entry, dict) else None
        moment = _time(at, now=float("inf"), clamp_to=0.0)
        return moment if moment is not None else -1.0

    return second if changed(second) >= changed(first) else first


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


def parse(
    data: bytes, now: float, clamp_to: float, *, newer: bool = False
) -> tuple[Progress, list[Problem]]:
    """The run in a progress file's bytes, and the entries that were left out.

    Raises Damaged (not a progress file at all) or TooNew (unless `newer`: then what this
    version understands of a newer file is read, to be shown, never written back). A time
    after `now` would win every merge forever: it is taken as `clamp_to` (when this session
    opened the file), so any change made in this session beats it.
    """
    try:
        text = data.decode("utf-8")
        document = json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_object)
    except (ValueError, RecursionError) as error:  # UnicodeDecodeError is a ValueError
        raise Damaged(f"not valid JSON ({error.__class__.__name__})") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise Damaged("not a briefing-tui progress file")
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise Damaged("it has no format version")
    if version > VERSION and not newer:
        raise TooNew(str(version))
    if isinstance(document, _Object) and document.duplicates:
        raise Damaged(f"the key '{document.duplicates[0]}' appears twice")
    items = document.get("items")
    if not isinstance(items, dict):
        raise Damaged("it has no item list")

    def time(value: Any) -> float | None:
        return _time(value, now, clamp_to)

    problems: list[Problem] = []
    states: dict[str, ItemState] = {}
    for item_id, entry in items.items():
        state, why = _item(entry, time)
        if state is None:
            problems.append(
                Problem(_line_of(text, item_id), f"the entry for '{item_id}' {why}; left out")
            )
        else:
            states[item_id] = state
    for item_id in getattr(items, "duplicates", []):
        problems.append(
            Problem(
                _line_of(text, item_id, last=True),
                f"'{item_id}' has two entries; the one changed last is kept",
            )
        )
    briefing = document.get("briefing")
    run = document.get("run")
    started = time(document.get("started_at"))
    return Progress(
        briefing=briefing if isinstance(briefing, str) else "",
        run=run if isinstance(run, str) and run.strip() else "default",
        started_at=started if started is not None else _earliest(states),
        items=states,
        position=_position(document.get("position"), time),
    ), problems


def _item(entry: Any, time: Any) -> tuple[ItemState | None, str]:
    if not isinstance(entry, dict):
        return None, "is not a mapping"
    checked = entry.get("checked", False)
    if not isinstance(checked, bool):
        return None, "has no valid checked value (true or false)"
    changed = time(entry.get("changed_at"))
    if changed is None:
        return None, "has no valid time"
    note = entry.get("note", "")
    if not isinstance(note, str):
        return None, "has a note that is not text"
    note_changed = time(entry.get("note_changed_at", entry.get("changed_at")))
    seconds = entry.get("seconds", 0.0)
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
        return None, "has a time spent that is not a number"
    seconds = min(max(float(seconds), 0.0), MAX_ITEM_SECONDS)
    return ItemState(checked, changed, note[:MAX_NOTE_CHARS], note_changed or changed, seconds), ""


def _position(value: Any, time: Any) -> Position | None:
    if not isinstance(value, dict):
        return None
    section, item = value.get("section"), value.get("item")
    changed = time(value.get("changed_at"))
    if not isinstance(section, str) or not isinstance(item, str) or changed is None:
        return None
    return Position(section, item, changed)


def _time(value: Any, now: float, clamp_to: float) -> float | None:
    """Seconds since the epoch from an ISO 8601 text, within what `serialize` can write."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        seconds = moment.timestamp()
    except (ValueError, OverflowError, OSError):
        return None
    if not math.isfinite(seconds):
        return None
    if seconds > now:
        return clamp_to
    return max(seconds, 0.0)  # before 1970: the earliest time a file can hold


def _earliest(states: dict[str, ItemState]) -> float:
    return min((s.changed_at for s in states.values()), default=0.0)


def _line_of(text: str, key: str, last: bool = False) -> int | None:
    """The line an item's entry is on (one entry per line, as `serialize` writes them)."""
    needle = json.dumps(key, ensure_ascii=False) + ":"
    lines = text.split("\n")
    found = [n for n, line in enumerate(lines, 1) if line.lstrip().startswith(needle)]
    if not found:
        return None
    return found[-1] if last else found[0]


# ---------------------------------------------------------------------------- writing


def iso(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, UTC).isoformat(timespec="microseconds")


def item_line(item_id: str, state: ItemState) -> str:
    """An item's line in the file (without the separator); defaults are left out."""
    entry: dict[str, Any] = {"checked": state.checked, "changed_at": iso(state.changed_at)}
    if state.note:
        entry["note"] = state.note
    if state.note or state.note_changed_at:  # a cleared note must beat an older one
        entry["note_changed_at"] = iso(state.note_changed_at)
    if state.seconds:
        entry["seconds"] = round(state.seconds, 3)
    return json.dumps(item_id, ensure_ascii=False) + ": " + json.dumps(entry, ensure_ascii=False)


def head(progress: Progress, token: str) -> str:
    """The file's first line, up to the first item: it carries the save's token."""
    document: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "briefing": progress.briefing,
        "run": progress.run,
        "started_at": iso(progress.started_at),
        "save": token,
    }
    if progress.position is not None:
        section, item, changed = progress.position
        document["position"] = {"section": section, "item": item, "changed_at": iso(changed)}
    return json.dumps(document, ensure_ascii=False)[:-1] + ', "items": {\n'


ROW_SEPARATOR = ",\n"
TAIL = "\n}}\n"


def serialize(progress: Progress, token: str = "") -> bytes:
    """The progress file's bytes."""
    body = ROW_SEPARATOR.join(item_line(i, s) for i, s in progress.items.items())
    return (head(progress, token) + body + TAIL).encode("utf-8")


# ---------------------------------------------------------------------------- merging


def merge_item(ours: ItemState, theirs: ItemState) -> ItemState:
    """Per part, the latest change wins (ours on a tie); time spent: the larger figure (each
    instance's figure already includes what it merged from the other)."""
    checked = ours if ours.changed_at >= theirs.changed_at else theirs
    note = ours if ours.note_changed_at >= theirs.note_changed_at else theirs
    return ItemState(
        checked.checked,
        checked.changed_at,
        note.note,
        note.note_changed_at,
        max(ours.seconds, theirs.seconds),
    )


def merge(ours: Progress, theirs: Progress) -> Progress:
    """Everything in either, each item merged by `merge_item`, the later position."""
    items = dict(theirs.items)
    for item_id, state in ours.items.items():
        other = items.get(item_id)
        items[item_id] = state if other is None or other == state else merge_item(state, other)
    position = ours.position
    if position is None or (
        theirs.position is not None and theirs.position.changed_at > position.changed_at
    ):
        position = theirs.position
    starts = [s for s in (ours.started_at, theirs.started_at) if s > 0]
    return Progress(
        briefing=ours.briefing or theirs.briefing,
        run=ours.run,
        started_at=min(starts) if starts else 0.0,
        items=items,
        position=position,
    )
