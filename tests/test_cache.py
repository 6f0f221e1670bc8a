"""The cache of validated briefings: used when the bytes match, never trusted otherwise."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from unittest.mock import patch

import pytest

from briefing_tui import cache, files, loader
from conftest import MINIMAL


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.marshal"))


def test_an_unchanged_file_is_read_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = files.default_briefing_path()
    first = cache.load(path, tmp_path)
    assert first == loader.load(path)
    assert len(entries(tmp_path)) == 1

    def no_validation(*args: object) -> None:
        raise AssertionError("validated again")

    monkeypatch.setattr(loader, "load_bytes", no_validation)
    assert cache.load(path, tmp_path) == first


def test_a_changed_file_is_validated_again(tmp_path: Path) -> None:
    source = files.default_briefing_path().read_text(encoding="utf-8")
    path = tmp_path / "b.yaml"
    path.write_text(source, encoding="utf-8")
    cache.load(path, tmp_path / "cache")
    path.write_text(
        source.replace("U.S.–Japan defense briefing", "Edited title", 1), encoding="utf-8"
    )
    assert cache.load(path, tmp_path / "cache").title == "Edited title"
    assert len(entries(tmp_path / "cache")) == 2


@pytest.mark.parametrize(
    "damage",
    [
        b"",  # empty (a crash while writing, before the rename)
        b"\x00garbage",  # not marshal at all
        "truncate",  # cut short
        "other-version",  # written by another version of the app
    ],
)
def test_a_damaged_or_foreign_entry_is_ignored_and_replaced(
    tmp_path: Path, damage: bytes | str
) -> None:
    path = files.default_briefing_path()
    expected = cache.load(path, tmp_path)
    [entry] = entries(tmp_path)
    if damage == "truncate":
        entry.write_bytes(entry.read_bytes()[:1000])
    elif damage == "other-version":
        with patch.object(cache, "rules_fingerprint", lambda: "0.0.1"):
            other = replace(expected, title="What an old version made of it")
            entry.write_bytes(b"".join(cache._entry_pieces(other)))
    else:
        assert isinstance(damage, bytes)
        entry.write_bytes(damage)
    assert cache.load(path, tmp_path) == expected
    assert cache.read_entry(entry) == expected  # rewritten with a good entry


def test_an_entry_is_written_in_pieces_and_read_whole_or_not_at_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "CHUNK_ITEMS", 10)  # the bundled 51 items: six pieces
    path = files.default_briefing_path()
    expected = loader.load(path)
    entry = tmp_path / "entry.marshal"
    cache._write(entry, expected)
    assert cache.read_entry(entry) == expected
    data = entry.read_bytes()
    last_piece_size = len(list(cache._pieces(data))[-1])
    # Cut inside the last piece, and cut just before it (every piece left whole).
    for cut in (len(data) - 1, len(data) - last_piece_size - 4):
        entry.write_bytes(data[:cut])
        assert cache.read_entry(entry) is None


def test_writes_that_never_finished_are_cleared_when_the_entry_is_written(
    tmp_path: Path,
) -> None:
    """A write cut off (the app quit during a large file's whole check) leaves a temp file;
    the next write of that entry removes it, but not one another copy may be writing now."""
    import os
    import time

    path = tmp_path / "b.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    folder = tmp_path / "cache"
    cache.load(path, folder)
    (entry,) = entries(folder)
    entry.unlink()
    abandoned = folder / f".{entry.name}.0123456789ab.tmp"
    recent = folder / f".{entry.name}.ba9876543210.tmp"
    abandoned.write_bytes(b"half an entry")
    recent.write_bytes(b"being written")
    old = time.time() - 2 * cache.ABANDONED_WRITE_SECONDS
    os.utime(abandoned, (old, old))
    cache.load(path, folder)
    assert entries(folder) == [entry]
    assert not abandoned.exists() and recent.exists()


def test_the_bundled_briefing_ships_validated_for_these_rules() -> None:
    """The first launch after an install reads the shipped form: it must be the validation
    of the file as it is, by the rules as they are. Regenerate it after editing either:
    python -m briefing_tui.cache content/us-japan-defense.yaml"""
    path = files.default_briefing_path()
    assert cache.shipped_path(path).read_text(encoding="utf-8") == cache.shipped_form(path)


def test_a_first_launch_of_the_bundled_briefing_validates_nothing(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from briefing_tui import cache, files\n"
        "briefing = cache.load(files.default_briefing_path(), Path(sys.argv[1]))\n"
        "print(briefing.item_count(), sorted(m for m in sys.modules"
        " if m.split('.')[0] in ('yaml', 'pydantic')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "empty-cache")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    count = loader.load(files.default_briefing_path()).item_count()
    assert result.stdout.strip() == f"{count} []", result.stderr
    assert list((tmp_path / "empty-cache").glob("*.marshal"))  # kept for the next launch


def test_a_shipped_form_for_other_bytes_is_not_used(tmp_path: Path) -> None:
    path = tmp_path / "b.yaml"
    path.write_text(MINIMAL)
    cache.shipped_path(path).write_text(cache.shipped_form(path))
    path.write_text(MINIMAL.replace("title: Item A", "title: Item A, edited"))
    briefing = cache.load(path, tmp_path / "cache")
    assert briefing.sections[0].items[0].title == "Item A, edited"
