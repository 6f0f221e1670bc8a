"""The content schema, the app's briefing types, and the bundled briefing that uses them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from briefing_tui import loader, schema
from briefing_tui.errors import ContentError
from briefing_tui.model import Briefing
from conftest import REPO, SAMPLE


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


def test_bundled_briefing_keeps_its_four_sections_and_their_item_ids(bundled: Briefing) -> None:
    ids = [section.id for section in bundled.sections]
    assert {"todo", "deterrence", "challenges", "freedom-edge"} <= set(ids)
    titles = {section.id: section.title for section in bundled.sections}
    assert titles["todo"].startswith("To-do list")
    assert titles["deterrence"] == "Extended-deterrence components"
    assert titles["challenges"].startswith("Challenges")
    assert titles["freedom-edge"] == "Trilateral exercise notes"
    # Checkmarks are saved by item id: every item of release 1.0 survives, but one that
    # was merged into another (its check then no longer counts, and is kept).
    sample = loader.load(SAMPLE)
    old = {item.id for s in sample.sections for item in s.items}
    new = {item.id for s in bundled.sections for item in s.items}
    assert old - new == {"inflaming-tensions"}


def test_every_bundled_item_quotes_its_seed_and_has_a_short_title(bundled: Briefing) -> None:
    for section in bundled.sections:
        assert section.summary.strip() and section.minutes
        for item in section.items:
            assert item.quote, f"{item.id} quotes nothing"
            assert len(item.title) <= 60, item.id
    assert bundled.minutes == sum(s.minutes or 0 for s in bundled.sections)
    for source in bundled.sources:
        assert source.kind, source.id


def test_the_quotes_are_checked_against_the_seeds(tmp_path: Path) -> None:
    """The loader checks each quote when the source is at hand: break one, and it says so."""
    text = (REPO / "content" / "us-japan-defense.yaml").read_text()
    (tmp_path / "seeds").mkdir()
    for seed in (REPO / "seeds").glob("*.txt"):
        (tmp_path / "seeds" / seed.name).write_bytes(seed.read_bytes())
    broken = tmp_path / "broken.yaml"
    broken.write_text(text.replace("newly appointed Secretary of Defense, pete", "new SecDef"))
    with pytest.raises(ContentError) as caught:
        loader.load(broken)
    [issue] = caught.value.issues
    line = next(
        n for n, row in enumerate(broken.read_text().splitlines(), 1) if "new SecDef" in row
    )
    assert (issue.line, issue.message.split(":")[0]) == (line, "quote")


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
    assert Briefing.from_validated(schema.Briefing.model_validate(bundled.to_dict())) == bundled
    assert rebuilt.to_dict() == bundled.to_dict()
    validated = schema.Briefing.model_validate(bundled.to_dict())
    assert validated.model_dump() == bundled.to_dict()  # the schema and the model agree
    with pytest.raises(AttributeError):  # read-only, as the app expects
        rebuilt.sections[0].items[0].title = "changed"  # type: ignore[misc]


@pytest.mark.parametrize("name", ["Source", "Item", "Section", "Briefing"])
def test_the_model_mirrors_the_schema_field_for_field(name: str) -> None:
    """The schema defines the format; the app's plain classes must follow it exactly."""
    from briefing_tui.model import CLASSES, field_names

    assert field_names(CLASSES[name]) == list(getattr(schema, name).model_fields)


def test_the_cache_is_keyed_by_the_rules_not_only_the_version(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from briefing_tui import cache

    cache.rules_fingerprint.cache_clear()
    before = cache.rules_fingerprint()
    real = Path.read_bytes

    def schema_edited(path: Path) -> bytes:
        data = real(path)
        return data + b"\n# a new rule" if path.name == "schema.py" else data

    monkeypatch.setattr(Path, "read_bytes", schema_edited)
    cache.rules_fingerprint.cache_clear()
    try:
        assert cache.rules_fingerprint() != before
    finally:
        monkeypatch.undo()
        cache.rules_fingerprint.cache_clear()


def test_validate_warns_when_a_quoted_source_is_not_at_hand(tmp_path: Path) -> None:
    copy = tmp_path / "briefing.yaml"  # no seeds/ beside it
    copy.write_text((REPO / "content" / "us-japan-defense.yaml").read_text())
    _, issues = loader.check(copy)
    assert [i.warning for i in issues] == [True] * 3
    assert all("the quotes from it are not checked" in i.message for i in issues)
