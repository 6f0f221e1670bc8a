"""The progress store: saved at once, atomically, by item id; nothing the user saved is lost."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from briefing_tui import paths
from briefing_tui.progress import ProgressError, ProgressStore, parse, serialize


class Clock:
    def __init__(self, now: float = 1_700_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        self.now += 1
        return self.now


def open_store(path: Path, clock: Clock | None = None) -> ProgressStore:
    store = ProgressStore(path, "brief", clock=clock or Clock())
    store.load()
    return store


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "progress" / "brief.json"


def test_checks_survive_a_reopen_and_missing_dirs_are_created(path: Path) -> None:
    store = open_store(path)
    assert not path.parent.exists()
    store.set_checked("a", True)
    store.set_checked("b", True)
    store.set_checked("b", False)
    assert open_store(path).checked_ids() == {"a"}
    assert oct(path.parent.stat().st_mode & 0o777) == "0o700"


def test_file_is_versioned_json_keyed_by_item_id(path: Path) -> None:
    open_store(path).set_checked("joint-exercises", True)
    document = json.loads(path.read_text())
    assert document["format"] == "briefing-tui-progress"
    assert document["version"] == 1
    assert document["items"]["joint-exercises"]["checked"] is True


def test_a_save_writes_what_the_states_are_after_edits_in_place(path: Path) -> None:
    """A save rewrites only the lines that changed (in place, or added at the end); the file
    must still be exactly the states, formatted afresh, whatever happened in between."""
    clock = Clock()
    store = open_store(path, clock)
    store.set_many({f"i{n}": n % 2 == 0 for n in range(50)})  # formatted in full
    store.set_checked("i3", True)  # false -> true: the same line, overwritten
    store.set_checked("i4", False)  # true -> false
    store.set_checked('new, «ünïcode» "id"', True)  # a new line after the last
    other = open_store(path, clock)
    other.set_checked("i7", True)  # another instance: the next save merges
    store.set_checked("i9", True)
    store.set_checked("i10", False)

    on_disk = path.read_bytes()
    token = json.loads(on_disk)["save"]
    states = parse(on_disk, now=clock.now + 1, clamp_to=0)
    assert on_disk == serialize("brief", states, token)
    assert open_store(path).checked_ids() == (
        {f"i{n}" for n in range(0, 50, 2)} - {"i4", "i10"}
        | {"i3", "i7", "i9", 'new, «ünïcode» "id"'}
    )


def test_save_leaves_no_temp_files(path: Path) -> None:
    store = open_store(path)
    for n in range(20):
        store.set_checked(f"i{n}", True)
    names = sorted(p.name for p in path.parent.iterdir())
    assert names == ["brief.json", "brief.json.bak", "brief.json.lock"]


def test_two_instances_lose_no_update(path: Path) -> None:
    clock = Clock()
    first, second = open_store(path, clock), open_store(path, clock)
    first.set_checked("a", True)
    second.set_checked("b", True)  # second never saw "a"
    first.set_checked("c", True)
    assert open_store(path).checked_ids() == {"a", "b", "c"}


def test_latest_change_wins_per_item(path: Path) -> None:
    clock = Clock()
    first, second = open_store(path, clock), open_store(path, clock)
    first.set_checked("a", True)
    second.set_checked("a", False)  # later: wins
    first.set_checked("b", True)  # first merges and must not resurrect "a"
    assert open_store(path).checked_ids() == {"b"}


def test_refresh_picks_up_the_other_instance(path: Path) -> None:
    clock = Clock()
    first, second = open_store(path, clock), open_store(path, clock)
    second.set_checked("x", True)
    assert first.refresh() is True
    assert first.is_checked("x")


def test_damaged_file_is_kept_aside_and_backup_used(path: Path) -> None:
    store = open_store(path)
    store.set_checked("a", True)
    store.set_checked("b", True)  # .bak now holds the state with only "a"
    path.write_text('{"format": "briefing-tui-progress", "vers')  # truncated
    reopened = open_store(path)
    aside = [p for p in path.parent.iterdir() if ".corrupt-" in p.name]
    assert len(aside) == 1 and aside[0].read_text().endswith('"vers')
    assert reopened.checked_ids() == {"a"}
    assert any("damaged" in notice for notice in reopened.notices)


def test_newer_format_is_never_overwritten(path: Path) -> None:
    path.parent.mkdir(parents=True)
    newer = '{"format": "briefing-tui-progress", "version": 99, "items": {}}'
    path.write_text(newer)
    store = open_store(path)
    assert store.read_only
    with pytest.raises(ProgressError):
        store.set_checked("a", True)
    assert path.read_text() == newer
    assert store.is_checked("a")  # kept in memory


def test_symlink_in_place_of_the_file_is_refused(path: Path, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.json"
    target.write_text("precious")
    path.parent.mkdir(parents=True)
    path.symlink_to(target)
    store = open_store(path)
    assert store.read_only and "symbolic link" in store.notices[0]
    assert target.read_text() == "precious"


def test_future_timestamps_are_clamped(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_text(
        json.dumps(
            {
                "format": "briefing-tui-progress",
                "version": 1,
                "items": {"a": {"checked": True, "changed_at": "9999-01-01T00:00:00+00:00"}},
            }
        )
    )
    store = open_store(path)
    store.set_checked("a", False)  # must win over the far-future check
    assert open_store(path).checked_ids() == set()


def test_failed_save_is_reported_and_kept(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = open_store(path)

    def full_disk(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(ProgressError, match="the disk is full"):
        store.set_checked("a", True)
    assert store.unsaved and store.is_checked("a")
    assert [p.name for p in path.parent.iterdir() if p.suffix == ".tmp"] == []
    monkeypatch.undo()
    store.save()  # the retry
    assert open_store(path).checked_ids() == {"a"}


def test_progress_file_name_cannot_escape_the_data_dir(tmp_path: Path) -> None:
    file = paths.progress_file(tmp_path, "../../etc/passwd")
    assert file.parent == tmp_path / "progress"
    assert paths.progress_file(tmp_path, "a/b") != paths.progress_file(tmp_path, "a-b")


def test_a_directory_in_place_of_the_file_is_refused(path: Path) -> None:
    path.mkdir(parents=True)
    store = open_store(path)
    assert store.read_only and "not a regular file" in store.notices[0]
    with pytest.raises(ProgressError):
        store.set_checked("a", True)
    assert path.is_dir()


def test_an_unreadable_file_is_never_overwritten(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As root chmod cannot make a file unreadable, so make the open fail the same way."""
    from briefing_tui import progress

    path.parent.mkdir(parents=True)
    path.write_text("precious")
    real_open = os.open

    def denied(file: object, flags: int, *args: object) -> int:
        if Path(str(file)) == path and not flags & (os.O_WRONLY | os.O_RDWR):
            raise PermissionError(13, "Permission denied")
        return real_open(file, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(progress.os, "open", denied)
    store = open_store(path)
    assert store.read_only and "permission denied" in store.notices[0]
    with pytest.raises(ProgressError):
        store.set_checked("a", True)
    assert path.read_text() == "precious"
