"""A briefing as the app shows it: sources, sections, items. Plain data, no I/O.

These are what `loader` returns once a file passes the content schema (`schema.py`, pydantic),
and what `cache` rebuilds from its own earlier validation without importing pydantic at all.
Only data that passed the schema becomes one of these.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Source:
    """A document the briefing was written from."""

    id: str
    file: str
    title: str
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Item:
    """One thing to read and check off; `detail` is Markdown, `source` a source's id."""

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

    def to_dict(self) -> dict[str, Any]:
        """The same shape `from_dict` reads (and `schema.Briefing.model_dump()` writes)."""
        return {
            "id": self.id,
            "title": self.title,
            "summary": self.summary,
            "sources": [
                {"id": s.id, "file": s.file, "title": s.title, "url": s.url}
                for s in self.sources
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
