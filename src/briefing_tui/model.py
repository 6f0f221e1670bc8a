"""A briefing as the app shows it: sources, sections, items. Plain data, no I/O.

These are what `loader` returns once a file passes the content schema (`schema.py`, pydantic),
and what `cache` rebuilds from its own earlier validation without importing pydantic at all.
Only data that passed the schema becomes one of these.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

#: `Briefing.to_rows()`: (id, title, summary, sources, sections), each source
#: (id, file, title, url), each section (id, title, summary, items), each item a 4-tuple.
Rows = tuple[
    str,
    str,
    str,
    tuple[tuple[str, str, str, str | None], ...],
    tuple[tuple[str, str, str, tuple[tuple[str, str, str, str], ...]], ...],
]


@dataclass(frozen=True, slots=True)
class Source:
    """A document the briefing was written from."""

    id: str
    file: str
    title: str
    url: str | None = None


class Item(NamedTuple):
    """One thing to read and check off; `detail` is Markdown, `source` a source's id.

    A named tuple, not a frozen dataclass like the rest: a briefing of 100,000 items is
    rebuilt from the cache at every start, and a tuple is made about three times faster.
    """

    id: str
    title: str
    detail: str
    source: str


@dataclass(frozen=True, slots=True)
class Section:
    """A group of items, shown as one list."""

    id: str
    title: str
    summary: str
    items: tuple[Item, ...]


@dataclass(frozen=True, slots=True)
class Briefing:
    """A whole briefing: its sources and its sections."""

    id: str
    title: str
    summary: str
    sources: tuple[Source, ...]
    sections: tuple[Section, ...]

    def item_count(self) -> int:
        return sum(len(section.items) for section in self.sections)

    def source(self, source_id: str) -> Source:
        for source in self.sources:
            if source.id == source_id:
                return source
        raise KeyError(source_id)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Briefing:
        """Build from the schema's validated output (`schema.Briefing.model_dump()`) or from
        `to_dict()`. Nothing is checked here: never pass a user's file straight in."""
        return cls(
            id=data["id"],
            title=data["title"],
            summary=data["summary"],
            sources=tuple(Source(**source) for source in data["sources"]),
            sections=tuple(
                Section(
                    id=section["id"],
                    title=section["title"],
                    summary=section["summary"],
                    items=tuple(Item(**item) for item in section["items"]),
                )
                for section in data["sections"]
            ),
        )

    @classmethod
    def from_rows(cls, rows: Rows) -> Briefing:
        """Build from `to_rows()`: the compact form the cache keeps."""
        briefing_id, title, summary, sources, sections = rows
        return cls(
            id=briefing_id,
            title=title,
            summary=summary,
            sources=tuple(Source(*source) for source in sources),
            sections=tuple(
                Section(section_id, section_title, section_summary, tuple(map(Item._make, items)))
                for section_id, section_title, section_summary, items in sections
            ),
        )

    def to_rows(self) -> Rows:
        """Plain nested tuples of strings, in field order (see `from_rows`)."""
        return (
            self.id,
            self.title,
            self.summary,
            tuple((s.id, s.file, s.title, s.url) for s in self.sources),
            tuple(
                (
                    s.id,
                    s.title,
                    s.summary,
                    tuple((i.id, i.title, i.detail, i.source) for i in s.items),
                )
                for s in self.sections
            ),
        )

    def to_dict(self) -> dict[str, Any]:
        """The same shape `from_dict` reads (and `schema.Briefing.model_dump()` writes)."""
        return {
            "id": self.id,
            "title": self.title,
            "summary": self.summary,
            "sources": [
                {"id": s.id, "file": s.file, "title": s.title, "url": s.url} for s in self.sources
            ],
            "sections": [
                {
                    "id": section.id,
                    "title": section.title,
                    "summary": section.summary,
                    "items": [
                        {"id": i.id, "title": i.title, "detail": i.detail, "source": i.source}
                        for i in section.items
                    ],
                }
                for section in self.sections
            ],
        }
