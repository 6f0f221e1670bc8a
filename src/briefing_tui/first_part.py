"""The first part of a large briefing file, read without checking the rest. No Textual, no
pydantic.

Checking a whole briefing the first time it is opened costs ~0.4 s at 10,000 items (the YAML
parser, pydantic), all before the first screen. For a large file the app shows its first part
instead: the briefing's title and sources, and its first section (at most `MAX_ITEMS` of its
items), read from the first YAML events only. The whole file is checked meanwhile, and nothing
here decides that a file is valid: the screen says the briefing is being checked until it is,
and a file with problems is refused as it always is (`cache.Opening.whole`).

What the screen needs to show the first part safely is checked here: text where text goes,
each item's source among the sources, no item id twice. A first part that fails that (or
that the YAML reader has problems with, or whose sections come before its title or sources)
means no first part: the whole file is checked before anything is shown, and its problems are
reported as usual. Other rules (unknown keys, the form of ids, lengths) are left to the whole
file's check: such a file is shown, marked as being checked, then refused.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import yaml

from briefing_tui import yaml_reader
from briefing_tui.errors import ContentError
from briefing_tui.model import Briefing, Item, Section, Source, field_names

#: The first section is cut after this many items (its list grows once the rest is checked).
MAX_ITEMS = 500

_Ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def read(data: bytes, name: str, max_items: int = MAX_ITEMS) -> Briefing | None:
    """The briefing's title, sources and first section, or None (see the module's doc)."""
    cut = _Cut(max_items)
    try:
        # libyaml reads the bytes only as far as the events taken (and refuses most control
        # characters there; what it lets through is shown visibly, then refused whole).
        value, issues = yaml_reader.build_events(
            cut.events(yaml.parse(data, Loader=yaml_reader.EventLoader)), name
        )
    except (ContentError, yaml.YAMLError):
        return None
    if issues:
        return None
    try:
        return _briefing(value)
    except (LookupError, TypeError, ValueError, AttributeError):
        return None  # (any data at all can reach here: a best effort, never a crash)


class _Open:
    """A collection the events are inside: a mapping (which alternates keys and values) or
    a sequence."""

    __slots__ = ("is_mapping", "key", "key_next")

    def __init__(self, is_mapping: bool) -> None:
        self.is_mapping = is_mapping
        self.key_next = is_mapping  # the mapping's next scalar is a key
        self.key: str | None = None  # the mapping's last key


class _Cut:
    """Passes a briefing's YAML events on up to the end of its first section (or its
    `max_items`th item), then closes whatever is open, as if the file ended there."""

    def __init__(self, max_items: int) -> None:
        self.max_items = max_items

    def events(self, events: Iterable[yaml.Event]) -> Iterator[yaml.Event]:
        inside: list[_Open] = []
        items = 0
        for event in events:
            yield event
            kind = type(event)
            if kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                inside.append(_Open(kind is yaml.MappingStartEvent))
                continue
            if kind in _Ends:
                inside.pop()
                path = [open_.key for open_ in inside]
                if path == ["sections", None, "items", None] and kind is yaml.MappingEndEvent:
                    items += 1  # an item of the first section ended
                    if items < self.max_items:
                        continue
                elif not (path == ["sections", None] and kind is yaml.MappingEndEvent):
                    _value_done(inside)
                    continue
                yield from _close(inside)
                return
            if not isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent)):
                continue
            if inside and inside[-1].key_next:
                inside[-1].key_next = False  # a key: its value comes next
                inside[-1].key = getattr(event, "value", None)
            else:
                _value_done(inside)


def _value_done(inside: list[_Open]) -> None:
    if inside and inside[-1].is_mapping:
        inside[-1].key_next = True


def _close(inside: list[_Open]) -> Iterator[yaml.Event]:
    for open_ in reversed(inside):
        yield yaml.MappingEndEvent() if open_.is_mapping else yaml.SequenceEndEvent()
    yield yaml.DocumentEndEvent()
    yield yaml.StreamEndEvent()


def _briefing(value: dict[str, Any]) -> Briefing:
    """The app's briefing from the first part's plain data; a value of the wrong kind raises
    (TypeError, KeyError, ...)."""
    sources = tuple(_make(Source, source) for source in value["sources"])
    section = value["sections"][0]
    items = tuple(_make(Item, item) for item in section["items"])
    if not sources or not items:
        raise ValueError("a briefing needs sources, and a section items")
    # The screen looks up each item's source, and keeps checks by item id.
    known = {source.id for source in sources}
    if any(item.source not in known for item in items):
        raise LookupError("an item's source is not one of the sources")
    if len({item.id for item in items}) < len(items):
        raise ValueError("an item id is used twice")
    first = _make(Section, section, items=items)
    return _make(Briefing, value, sources=sources, sections=(first,))  # type: ignore[no-any-return]


def _make(cls: type, data: dict[str, Any], **built: Any) -> Any:
    """A model class's instance from a mapping's values (ids and titles stripped, as the
    schema strips them); `built`: the fields already made."""
    values: list[Any] = []
    for name in field_names(cls):
        raw = data.get(name)
        if name in built:
            values.append(built[name])
        elif name == "minutes":
            if raw is not None and (isinstance(raw, bool) or not isinstance(raw, (int, float))):
                raise TypeError("minutes: expected a number")
            values.append(raw)
        elif name == "quote":
            quotes = [raw] if isinstance(raw, str) else (raw or [])
            values.append(tuple(_text(quote) for quote in quotes))
        elif raw is None and name in _OPTIONAL:
            values.append(_OPTIONAL[name])
        else:
            values.append(_long(raw) if name in _LONG else _text(raw))
    return cls(*values)


#: Fields a file may leave out, and what they are then.
_OPTIONAL: dict[str, Any] = {
    "summary": "",
    "detail": "",
    "publisher": None,
    "kind": None,
    "url": None,
}
#: Markdown fields, kept as written (the others are stripped).
_LONG = {"summary", "detail"}


def _text(raw: Any) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise TypeError("expected text")
    return raw.strip()


def _long(raw: Any) -> str:
    if not isinstance(raw, str):
        raise TypeError("expected text")
    return raw
