"""The progress store: saved atomically, by item id; nothing the user saved is lost."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from briefing_tui import paths
from briefing_tui.progress.format import ItemState, Progress, iso, parse, serialize
from briefing_tui.progress.store import NewerFormat, ProgressError, RunFile


class Clock:
    def __init__(self, now: float = 1_700_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        self.now += 1
        return self.now


class Copy:
    """One open copy of the app, as far as the store sees it: a run file and the progress
    it holds in memory."""

    def __init__(self, path: Path, clock: Clock | None = None) -> None:
        self.clock = clock or Clock()
        self.file = RunFile(path, "brief", "default", clock=self.clock)
        self.loaded = self.file.read()
        self.progress = self.loaded.progress

    def check(self, item_id: str, checked: bool = True) -> None:
        self.progress.items[item_id] = ItemState(checked, self.clock())
        self.save()

    def save(self) -> None:
        self.progress = self.file.write(self.progress)

    @property
    def checked(self) -> set[str]:
        return {i for i, s in self.progress.items.items() if s.checked}


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "progress" / "brief.json"


def write_document(path: Path, items: object, version: int = 2, **extra: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps({"format": "briefing-tui-progress", "version": version, "items": items, **extra})
    )


def test_checks_survive_a_reopen_and_missing_dirs_are_created(path: Path) -> None:
    copy = Copy(path)
    assert not path.parent.exists()
    copy.check("a")
    copy.check("b")
    copy.check("b", False)
    assert Copy(path).checked == {"a"}
    assert oct(path.parent.stat().st_mode & 0o777) == "0o700"


def test_file_is_versioned_json_keyed_by_item_id(path: Path) -> None:
    Copy(path).check("joint-exercises")
    document = json.loads(path.read_text())
    assert document["format"] == "briefing-tui-progress"
    assert document["version"] == 2
    assert document["run"] == "default"
    assert document["items"]["joint-exercises"]["checked"] is True


def test_a_file_written_by_release_1_0_is_read_whole(path: Path) -> None:
    """Format 1: checks only, one item per line, 'true,' padded."""
    path.parent.mkdir(parents=True)
    path.write_text(
        '{"format": "briefing-tui-progress", "version": 1, "briefing": "brief", '
        '"save": "0123456789abcdef", "items": {\n'
        '"a": {"checked": true,  "changed_at": "2026-11-20T10:00:00.000000+00:00"},\n'
        '"b": {"checked": false, "changed_at": "2026-11-20T10:01:00.000000+00:00"}\n}}\n'
    )
    copy = Copy(path)
    assert copy.loaded.notices == [] and copy.checked == {"a"}
    copy.check("c")
    assert Copy(path).checked == {"a", "c"}
    assert json.loads(path.read_text())["version"] == 2


def test_each_save_writes_exactly_the_states(path: Path) -> None:
    """A save reuses the lines of items that did not change; the file must still be exactly
    the states, formatted afresh, whatever happened in between."""
    clock = Clock()
    copy = Copy(path, clock)
    for n in range(50):
        copy.progress.items[f"i{n}"] = ItemState(n % 2 == 0, clock())
    copy.save()
    copy.check("i3")
    copy.check("i4", False)
    copy.check('new, «ünïcode» "id"')
    other = Copy(path, clock)
    other.check("i7")  # another instance: the next save merges
    copy.progress.items["i9"] = ItemState(True, clock(), "a note\nover two lines", clock())
    copy.save()

    on_disk = path.read_bytes()
    token = json.loads(on_disk)["save"]
    progress, problems = parse(on_disk, now=clock.now + 1, clamp_to=0)
    assert problems == [] and on_disk == serialize(progress, token)
    assert Copy(path).checked == (
        {f"i{n}" for n in range(0, 50, 2)} - {"i4"} | {"i3", "i7", "i9", 'new, «ünïcode» "id"'}
    )
    assert Copy(path).progress.items["i9"].note == "a note\nover two lines"


def test_save_leaves_no_temp_files(path: Path) -> None:
    copy = Copy(path)
    for n in range(20):
        copy.check(f"i{n}")
    names = sorted(p.name for p in path.parent.iterdir())
    assert names == ["brief.json", "brief.json.bak", "brief.json.lock"]


def test_two_instances_lose_no_update(path: Path) -> None:
    clock = Clock()
    first, second = Copy(path, clock), Copy(path, clock)
    first.check("a")
    second.check("b")  # second never saw "a"
    first.check("c")
    assert Copy(path).checked == {"a", "b", "c"}


def test_latest_change_wins_per_item(path: Path) -> None:
    clock = Clock()
    first, second = Copy(path, clock), Copy(path, clock)
    first.check("a")
    second.check("a", False)  # later: wins
    first.check("b")  # first merges and must not resurrect "a"
    assert Copy(path).checked == {"b"}


def test_read_if_changed_picks_up_the_other_instance(path: Path) -> None:
    clock = Clock()
    first, second = Copy(path, clock), Copy(path, clock)
    second.check("x")
    theirs = first.file.read_if_changed()
    assert theirs is not None and theirs.items["x"].checked
    assert first.file.read_if_changed() is None  # nothing new since


def test_damaged_file_is_kept_aside_and_backup_used(path: Path) -> None:
    copy = Copy(path)
    copy.check("a")
    copy.check("b")  # .bak now holds the state with only "a"
    path.write_text('{"format": "briefing-tui-progress", "vers')  # truncated
    reopened = Copy(path)
    aside = [p for p in path.parent.iterdir() if ".corrupt-" in p.name]
    assert len(aside) == 1 and aside[0].read_text().endswith('"vers')
    assert reopened.checked == {"a"} and reopened.loaded.needs_save
    assert any("damaged" in notice for notice in reopened.loaded.notices)


def test_one_bad_entry_costs_only_itself(path: Path) -> None:
    write_document(
        path,
        {
            "good": {"checked": True, "changed_at": "2026-11-20T10:00:00+00:00"},
            "no-time": {"checked": True},
            "not-bool": {"checked": "yes", "changed_at": "2026-11-20T10:00:00+00:00"},
            "also-good": {"checked": True, "changed_at": "2026-11-20T10:00:00+00:00"},
        },
    )
    original = path.read_bytes()
    copy = Copy(path)
    assert copy.checked == {"good", "also-good"}
    notices = "\n".join(copy.loaded.notices)
    assert "'no-time' has no valid time" in notices and "'not-bool'" in notices
    [aside] = path.parent.glob("*.corrupt-*")
    assert aside.read_bytes() == original  # the original bytes are kept aside


def test_a_bad_entry_is_named_by_its_line(path: Path) -> None:
    copy = Copy(path)
    copy.check("a")
    copy.check("b")
    text = path.read_text().replace('"b": {"checked": true', '"b": {"checked": 1')
    path.write_text(text)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith('"b"'))
    notices = Copy(path).loaded.notices
    assert any(f"brief.json, line {line}: the entry for 'b'" in n for n in notices)


def test_duplicate_keys_keep_the_latest_entry_and_say_so(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_text(
        '{"format": "briefing-tui-progress", "version": 2, "items": {\n'
        '"a": {"checked": false, "changed_at": "2026-11-20T11:00:00+00:00"},\n'
        '"a": {"checked": true, "changed_at": "2026-11-20T10:00:00+00:00"},\n'
        '"b": {"checked": true, "changed_at": "2026-11-20T10:00:00+00:00"}\n}}\n'
    )
    copy = Copy(path)
    assert copy.checked == {"b"}  # the "a" changed last (unchecked) wins, not the last line
    assert any("line 3: 'a' has two entries" in n for n in copy.loaded.notices)


@pytest.mark.parametrize(
    "stamp",
    ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "1969-07-20T20:17:00+00:00"],
)
def test_a_time_that_could_not_be_written_back_is_normalised(path: Path, stamp: str) -> None:
    write_document(path, {"a": {"checked": True, "changed_at": stamp}})
    copy = Copy(path)
    assert copy.checked == {"a"}
    copy.check("b")  # the first save used to end the app: "year 0 is out of range"
    assert Copy(path).checked == {"a", "b"}


def test_newer_format_is_never_overwritten(path: Path) -> None:
    newer = '{"format": "briefing-tui-progress", "version": 99, "items": {}}'
    path.parent.mkdir(parents=True)
    path.write_text(newer)
    copy = Copy(path)
    assert copy.loaded.read_only
    with pytest.raises(NewerFormat):
        copy.check("a")
    assert path.read_text() == newer


def test_a_symlink_in_place_of_the_file_is_refused_until_it_is_gone(
    path: Path, tmp_path: Path
) -> None:
    target = tmp_path / "elsewhere.json"
    target.write_text("precious")
    path.parent.mkdir(parents=True)
    path.symlink_to(target)
    copy = Copy(path)
    assert "symbolic link" in copy.loaded.notices[0] and not copy.loaded.read_only
    with pytest.raises(ProgressError, match="symbolic link"):
        copy.check("a")
    assert target.read_text() == "precious"
    path.unlink()  # the user fixes it, as the message says: the next retry saves
    copy.save()
    assert Copy(path).checked == {"a"}


def test_a_directory_in_place_of_the_file_is_refused_until_it_is_gone(path: Path) -> None:
    path.mkdir(parents=True)
    copy = Copy(path)
    assert "not a regular file" in copy.loaded.notices[0]
    with pytest.raises(ProgressError):
        copy.check("a")
    assert path.is_dir()
    path.rmdir()
    copy.save()
    assert Copy(path).checked == {"a"}


def test_future_timestamps_are_clamped(path: Path) -> None:
    write_document(path, {"a": {"checked": True, "changed_at": "9999-01-01T00:00:00+00:00"}}, 1)
    copy = Copy(path)
    copy.check("a", False)  # must win over the far-future check
    assert Copy(path).checked == set()


def test_a_failed_save_raises_and_leaves_no_temp_file(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = Copy(path)

    def full_disk(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(ProgressError, match="the disk is full"):
        copy.check("a")
    assert [p.name for p in path.parent.iterdir() if p.suffix == ".tmp"] == []
    monkeypatch.undo()
    copy.save()  # the retry
    assert Copy(path).checked == {"a"}


def test_progress_file_name_cannot_escape_the_data_dir(tmp_path: Path) -> None:
    file = paths.progress_file(tmp_path, "../../etc/passwd")
    assert file.parent == tmp_path / "progress"
    assert paths.progress_file(tmp_path, "a/b") != paths.progress_file(tmp_path, "a-b")


def test_an_unreadable_file_is_never_overwritten_and_merged_once_readable(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As root chmod cannot make a file unreadable, so make the open fail the same way."""
    copy_before = Copy(path)
    copy_before.check("theirs")
    precious = path.read_bytes()
    real_open = os.open

    def denied(file: object, flags: int, *args: object) -> int:
        if Path(str(file)) == path and not flags & (os.O_WRONLY | os.O_RDWR):
            raise PermissionError(13, "Permission denied")
        return real_open(file, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", denied)
    copy = Copy(path)
    assert "permission denied" in copy.loaded.notices[0]
    with pytest.raises(ProgressError, match="permission denied"):
        copy.check("mine")
    assert path.read_bytes() == precious
    monkeypatch.undo()  # readable again: the retry merges, losing neither check
    copy.save()
    assert Copy(path).checked == {"theirs", "mine"}


def test_reading_for_a_list_changes_nothing_on_disk(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\x00garbage")
    before = sorted(p.name for p in path.parent.iterdir())
    loaded = RunFile(path, "brief", "default").read(inspect=True)
    assert loaded.progress.items == {} and "damaged" in loaded.notices[0]
    assert sorted(p.name for p in path.parent.iterdir()) == before


def test_a_rescue_copy_never_replaces_a_file(path: Path, tmp_path: Path) -> None:
    copy = Copy(path)
    copy.progress.items["a"] = ItemState(True, 1e9)
    target = tmp_path / "rescue.json"
    copy.file.write_copy(copy.progress, target)
    assert parse(target.read_bytes(), 4e9, 0)[0].items["a"].checked
    with pytest.raises(FileExistsError):
        copy.file.write_copy(copy.progress, target)


def test_times_are_written_as_utc() -> None:
    progress = Progress("b", started_at=0.0, items={"a": ItemState(True, 86400.0)})
    assert '"changed_at": "' + iso(86400.0) + '"' in serialize(progress).decode()
    assert iso(86400.0) == "1970-01-02T00:00:00.000000+00:00"
