"""The content schema, the app's briefing types, and the bundled briefing that uses them."""

from __future__ import annotations

import re

import pytest
from pydantic import ValidationError

from briefing_tui import schema
from briefing_tui.model import Briefing
from conftest import REPO


def _data(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "id": "b",
        "title": "T",
        "sources": [{"id": "s", "file": "s.txt", "title": "S"}],
        "sections": [
            {
                "id": "x",
                "title": "X",
                "items": [
                    {"id": "i1", "title": "One", "source": "s"},
                    {"id": "i2", "title": "Two", "source": "s"},
                ],
            }
        ],
    }
    data.update(changes)
    return data


def test_a_valid_briefing_validates() -> None:
    briefing = Briefing.from_dict(schema.Briefing.model_validate(_data()).model_dump())
    assert briefing.item_count() == 2
    assert briefing.source("s").file == "s.txt"
    assert briefing.sections[0].items[1].detail == ""  # defaults filled in by the schema


def test_unknown_keys_are_refused() -> None:
    with pytest.raises(ValidationError, match="titel"):
        schema.Briefing.model_validate(_data(titel="x"))


def test_titles_must_not_be_blank() -> None:
    with pytest.raises(ValidationError):
        schema.Briefing.model_validate(_data(title="   "))


def test_item_ids_are_unique_across_sections() -> None:
    sections = [
        {"id": "x", "title": "X", "items": [{"id": "same", "title": "1", "source": "s"}]},
        {"id": "y", "title": "Y", "items": [{"id": "same", "title": "2", "source": "s"}]},
    ]
    with pytest.raises(ValidationError, match="item id 'same' is used twice"):
        schema.Briefing.model_validate(_data(sections=sections))


def test_items_must_name_a_known_source() -> None:
    sections = [{"id": "x", "title": "X", "items": [{"id": "i", "title": "1", "source": "nope"}]}]
    with pytest.raises(ValidationError, match="source 'nope'"):
        schema.Briefing.model_validate(_data(sections=sections))


def test_ids_are_slugs() -> None:
    with pytest.raises(ValidationError):
        schema.Briefing.model_validate(_data(id="has space"))


# --- the bundled briefing --------------------------------------------------------------


def test_bundled_briefing_has_the_four_sections(bundled: Briefing) -> None:
    titles = [section.title for section in bundled.sections]
    assert titles == [
        "To-do list",
        "Extended-deterrence components",
        "Challenges",
        "Trilateral exercise notes",
    ]
    assert all(len(section.items) >= 5 for section in bundled.sections)


def test_every_bundled_item_names_a_seed_that_exists(bundled: Briefing) -> None:
    seeds = {path.name for path in (REPO / "seeds").glob("*.txt")}
    assert len(seeds) == 3
    for section in bundled.sections:
        for item in section.items:
            assert bundled.source(item.source).file in seeds, item.id
            assert item.detail.strip(), f"{item.id} has no detail"


def test_bundled_numbers_and_names_appear_in_the_seeds(bundled: Briefing) -> None:
    """Facts that are easy to get wrong (numbers, proper names) must be in the seed text."""
    for section in bundled.sections:
        for item in section.items:
            seed = (REPO / "seeds" / bundled.source(item.source).file).read_text("utf-8")
            prose = re.sub(r"^\s*\d+\.\s", "", item.detail, flags=re.M)  # list markers
            for number in re.findall(r"\b\d[\d,]*\b", item.title + " " + prose):
                assert number in seed, f"{item.id}: {number} is not in its seed"
            # Bold proper names of two or more capitalised words: people, ships.
            for name in re.findall(r"\*\*([A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+)+)\*\*", item.detail):
                assert name in seed, f"{item.id}: {name!r} is not in its seed"


def test_rebuilding_from_the_cache_gives_the_validated_briefing(bundled: Briefing) -> None:
    rebuilt = Briefing.from_dict(bundled.to_dict())
    assert rebuilt == bundled
    assert rebuilt.to_dict() == bundled.to_dict()
    validated = schema.Briefing.model_validate(bundled.to_dict())
    assert validated.model_dump() == bundled.to_dict()  # the schema and the model agree
    with pytest.raises(AttributeError):  # read-only, as the app expects
        rebuilt.sections[0].items[0].title = "changed"  # type: ignore[misc]
