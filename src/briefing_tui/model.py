"""A briefing as the app shows it: sources, sections, items. Plain data, no I/O.

These are what `loader` returns once a file passes the content schema (`schema.py`, pydantic),
and what `cache` rebuilds from its own earlier validation without importing pydantic at all.
Only data that passed the schema becomes one of these, except a large file's first part
(`first_part`), shown only while the whole file is checked, and marked as such.

The schema is the definition of the format; these classes mirror it field for field, in the
same order (a test fails when a field is added to one and not the other). The conversions
below follow the fields, so they never need to change when a field is added.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import astuple, dataclass, fields
from typing import Any, NamedTuple


@dataclass(frozen=True, slots=True)
class Source:
    """A document the briefing was written from."""

    id: str
    file: str
    title: str
    publisher: str | None = None
    kind: str | None = None
    url: str | None = None

    def describe(self) -> str:
        """How the source is named to a reader: its title, publisher, kind and file."""
        about = ", ".join(part for part in (self.publisher, self.kind) if part)
        return f"{self.title}{f' ({about})' if about else ''} — {self.file}"


class Item(NamedTuple):
    """One thing to read and check off; `detail` is Markdown, `source` a source's id, `quote`
    the passages of the source the item rests on.

    A named tuple, not a frozen dataclass like the rest: a briefing of 100,000 items is
    rebuilt from the cache at every start, and a tuple is made about three times faster.
    """

    id: str
    title: str
    detail: str
    source: str
    quote: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Section:
    """A group of items, shown as one list."""

    id: str
    title: str
    summary: str
    minutes: float | None
    items: tuple[Item, ...]


@dataclass(frozen=True, slots=True)
class Briefing:
    """A whole briefing: its sources and its sections."""

    id: str
    title: str
    summary: str
    minutes: float | None
    sources: tuple[Source, ...]
    sections: tuple[Section, ...]

    def item_count(self) -> int:
        return sum(len(section.items) for section in self.sections)

    # Places in the briefing: (section, row), and an item's 0-based place in briefing order.

    def find(self, item_id: str) -> tuple[int, int] | None:
        """Where the item with this id is (None: not in this briefing)."""
        for index, section in enumerate(self.sections):
            for row, item in enumerate(section.items):
                if item.id == item_id:
                    return index, row
        return None

    def place(self, section: int, row: int) -> int:
        return sum(len(s.items) for s in self.sections[:section]) + row

    def at(self, place: int) -> tuple[int, int]:
        """The (section, row) of the item at `place` (the last item past the end)."""
        for index, section in enumerate(self.sections):
            if place < len(section.items):
                return index, place
            place -= len(section.items)
        last = len(self.sections) - 1
        return last, len(self.sections[last].items) - 1

    def walk(self, start: int, backwards: bool = False) -> Iterator[tuple[int, int, Item]]:
        """Every item once, from the one after `start` round to `start` itself (or before
        it, backwards), as (section, row, item)."""
        places = [
            (index, row, item)
            for index, section in enumerate(self.sections)
            for row, item in enumerate(section.items)
        ]
        count = len(places)
        for distance in range(1, count + 1):
            yield places[(start + (-distance if backwards else distance)) % count]

    def source(self, source_id: str) -> Source:
        for source in self.sources:
            if source.id == source_id:
                return source
        raise KeyError(source_id)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Briefing:
        """Build from the schema's validated output (`schema.Briefing.model_dump()`) or from
        `to_dict()`. Nothing is checked here: never pass a user's file straight in."""
        values = {name: data[name] for name in field_names(cls)}
        values["sources"] = tuple(Source(**source) for source in data["sources"])
        values["sections"] = tuple(
            Section(
                **{
                    **{name: section[name] for name in field_names(Section)},
                    "items": tuple(
                        Item(**{**item, "quote": tuple(item["quote"])}) for item in section["items"]
                    ),
                }
            )
            for section in data["sections"]
        )
        return cls(**values)

    @classmethod
    def from_validated(
        cls, validated: Any, sections: tuple[Section, ...] | None = None
    ) -> Briefing:
        """Build from the schema's validated model (`schema.Briefing`), field by field:
        quicker than through `model_dump()` (a 10,000-item briefing: ~12 ms less).
        `sections`: the sections, when they were validated one at a time."""
        return cls(  # type: ignore[call-arg]
            *_values(validated, Briefing)[:-2],
            tuple(Source(*_values(s, Source)) for s in validated.sources),
            sections or tuple(section_from_validated(s) for s in validated.sections),
        )

    @classmethod
    def from_rows(cls, rows: tuple[Any, ...]) -> Briefing:
        """Build from `to_rows()`: the compact form the cache keeps."""
        *head, sources, sections = rows
        return cls(  # type: ignore[call-arg]
            *head,
            tuple(Source(*source) for source in sources),
            tuple(
                Section(*section_head, tuple(map(Item._make, items)))  # type: ignore[call-arg]
                for *section_head, items in sections
            ),
        )

    def to_rows(self) -> tuple[Any, ...]:
        """Plain nested tuples of strings and numbers, in field order (see `from_rows`)."""
        return (
            *(getattr(self, name) for name in field_names(Briefing)[:-2]),
            tuple(astuple(source) for source in self.sources),
            tuple(
                (
                    *(getattr(s, name) for name in field_names(Section)[:-1]),
                    tuple(map(tuple, s.items)),
                )
                for s in self.sections
            ),
        )

    def to_dict(self) -> dict[str, Any]:
        """The same shape `from_dict` reads (and `schema.Briefing.model_dump()` writes)."""
        data: dict[str, Any] = {name: getattr(self, name) for name in field_names(Briefing)}
        data["sources"] = [
            {name: getattr(s, name) for name in field_names(Source)} for s in self.sources
        ]
        data["sections"] = [
            {
                **{name: getattr(s, name) for name in field_names(Section)},
                "items": [{**item._asdict(), "quote": list(item.quote)} for item in s.items],
            }
            for s in self.sections
        ]
        return data


def section_from_validated(validated: Any) -> Section:
    """A section from the schema's validated model of one (`schema.Section`)."""
    return Section(  # type: ignore[call-arg]
        *_values(validated, Section)[:-1],
        tuple(
            Item(item.id, item.title, item.detail, item.source, tuple(item.quote))
            for item in validated.items
        ),
    )


def _values(obj: Any, model: type) -> list[Any]:
    return [getattr(obj, name) for name in field_names(model)]


def field_names(cls: type) -> list[str]:
    """A model class's field names, in order."""
    if cls is Item:
        return list(Item._fields)
    return [f.name for f in fields(cls)]


#: Each model class by the name the schema gives its counterpart (for the test that keeps
#: them in step).
CLASSES: dict[str, type] = {
    "Source": Source,
    "Item": Item,
    "Section": Section,
    "Briefing": Briefing,
}
