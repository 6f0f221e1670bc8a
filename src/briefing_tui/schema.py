"""The content schema: what a briefing file may contain, as pydantic models (no I/O).

A briefing on any topic is just data: a list of sources, and sections of items that each name
the source they come from. These models validate a file (`loader`) and describe the format
(`briefing-tui schema`); what passes is handed to the app as `model.Briefing`.

Why two sets of classes: importing pydantic and defining models costs ~80 ms, a quarter of
the app's start-up. A briefing opened from the validated cache (`cache.py`) never needs
pydantic, so the app's own types in `model.py` are plain dataclasses.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from briefing_tui.errors import Loc

#: Ids are stable keys (progress is saved by item id), so keep them to a simple, typeable slug.
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"

Id = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=80, pattern=ID_PATTERN),
    Field(description="A stable identifier: letters, digits, '-', '_' or '.'."),
]
Title = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    Field(description="A short, one-line title. Plain text: markup is shown literally."),
]
LongText = Annotated[
    str,
    StringConstraints(max_length=20_000),
    Field(description="Markdown text."),
]
Quote = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=2_000),
    Field(description="A passage copied word for word from the item's source."),
]
Minutes = Annotated[
    float,
    Field(
        strict=True,  # `minutes: yes` is not 1 minute, nor "30" thirty
        allow_inf_nan=False,
        gt=0,
        le=24 * 60,
        description="A time slot in minutes (a number greater than 0, at most a day).",
    ),
]


class _Strict(BaseModel):
    # Unknown keys are author mistakes ("titel"), never silently ignored. Building pydantic's
    # validators takes longer than validating a briefing: build them on first use only.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Source(_Strict):
    """A document the briefing was written from."""

    id: Id
    file: Title = Field(
        description="The source's file name: beside the briefing, or in a seeds/ folder "
        "beside it or one level up (quotes are checked against it when it is there)."
    )
    title: Title = Field(description="The source's headline, as the source gives it.")
    publisher: Title | None = Field(default=None, description="Who published it, if named.")
    kind: Title | None = Field(
        default=None, description="What kind of text it is: news report, opinion piece, ..."
    )
    url: Title | None = Field(default=None, description="Where the source can be read, if public.")


class Item(_Strict):
    """One thing to read and check off."""

    id: Id
    title: Title
    detail: LongText = Field(default="", description="Markdown shown when the item is selected.")
    source: Id = Field(description="The id of the source (in `sources`) this item comes from.")
    quote: list[Quote] = Field(
        default_factory=list,
        description="The passage(s) of the source the item rests on, word for word (one text "
        "or a list). `briefing-tui validate` checks each appears in the source file.",
    )

    @field_validator("quote", mode="before")
    @classmethod
    def _one_quote_or_a_list(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value


class Section(_Strict):
    """A group of items, shown as one list."""

    id: Id
    title: Title
    summary: LongText = ""
    minutes: Minutes | None = Field(default=None, description="The section's share of the slot.")
    items: list[Item] = Field(min_length=1)


class Briefing(_Strict):
    """A whole briefing: its sources and its sections."""

    id: Id
    title: Title
    summary: LongText = ""
    minutes: Minutes | None = Field(default=None, description="The briefing's time slot.")
    sources: list[Source] = Field(min_length=1)
    sections: list[Section] = Field(min_length=1)

    @model_validator(mode="after")
    def _check_references(self) -> Briefing:
        problems = cross_reference_problems(self)
        if problems:
            raise PydanticCustomError(
                "briefing_references",
                "{summary}",
                {"summary": "; ".join(p["message"] for p in problems), "problems": problems},
            )
        return self


def cross_reference_problems(briefing: Any) -> list[dict[str, Any]]:
    """Ids that repeat and sources that don't exist, each with where it happens.

    Works on a `Briefing` (this one, or the app's `model.Briefing`) or on the raw data a file
    held (dicts and lists, possibly malformed),
    so the loader can report these together with other schema errors in one run. Each problem
    is ``{"loc": Loc, "message": str, "first_loc": Loc | None}``; the loader turns locations
    into file lines ("used twice: lines 14 and 88").
    """
    problems: list[dict[str, Any]] = []

    def check_unique(kind: str, entries: list[tuple[str, Loc]]) -> None:
        seen: dict[str, Loc] = {}
        for value, loc in entries:
            if value in seen:
                problems.append(
                    {
                        "loc": loc,
                        "first_loc": seen[value],
                        "message": f"{kind} id '{value}' is used twice",
                    }
                )
            else:
                seen[value] = loc

    sources = _entries(briefing, "sources")
    sections = _entries(briefing, "sections")
    items = [(si, ii, item) for si, section in sections for ii, item in _entries(section, "items")]
    check_unique("source", _ids(sources, lambda i: ("sources", i, "id")))
    check_unique("section", _ids(sections, lambda i: ("sections", i, "id")))
    # Item ids key the saved progress, so they must be unique across the whole briefing.
    check_unique(
        "item",
        [
            (_text(_get(item, "id")), ("sections", si, "items", ii, "id"))
            for si, ii, item in items
            if _text(_get(item, "id"))
        ],
    )

    known = {_text(_get(source, "id")) for _, source in sources} - {""}
    if known:
        for si, ii, item in items:
            source_id = _text(_get(item, "source"))
            if source_id and source_id not in known:
                problems.append(
                    {
                        "loc": ("sections", si, "items", ii, "source"),
                        "first_loc": None,
                        "message": f"source '{source_id}' is not one of the briefing's "
                        f"sources ({', '.join(sorted(known))})",
                    }
                )
    return problems


def _get(obj: Any, key: str) -> Any:
    return obj.get(key) if isinstance(obj, dict) else getattr(obj, key, None)


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _entries(obj: Any, key: str) -> list[tuple[int, Any]]:
    value = _get(obj, key)
    return list(enumerate(value)) if isinstance(value, (list, tuple)) else []


def _ids(entries: list[tuple[int, Any]], loc: Any) -> list[tuple[str, Loc]]:
    return [(_text(_get(e, "id")), loc(i)) for i, e in entries if _text(_get(e, "id"))]
