"""The session, without Textual: what a user does with an open briefing, and saving it."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import pytest

from briefing_tui import loader
from briefing_tui.model import Briefing
from briefing_tui.pace import pace as pace_of
from briefing_tui.progress.store import ProgressError, RunFile
from briefing_tui.session import Session, Spot
from conftest import MINIMAL


class Clock:
    def __init__(self, now: float = 1_700_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def briefing(write_yaml) -> Briefing:  # type: ignore[no-untyped-def]
    return loader.load(write_yaml(MINIMAL.replace("id: mini", "id: mini\nminutes: 2")))


def open_session(briefing: Briefing, path: Path, clock: Clock | None = None) -> Session:
    clock = clock or Clock()
    run = RunFile(path, briefing.id, "default", clock=clock)
    return Session.open(briefing, run, clock=clock, monotonic=clock)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "progress" / "mini.json"


def items(briefing: Briefing) -> list:  # type: ignore[type-arg]
    return [item for section in briefing.sections for item in section.items]


def test_checks_counts_and_undo(briefing: Briefing, path: Path) -> None:
    session = open_session(briefing, path)
    a, _b, c = items(briefing)
    assert session.toggle(a) is True
    session.toggle(c)
    assert session.counts == [1, 1] and session.checked_total == 2
    undone = session.undo()
    assert undone is not None and undone.what == "check" and undone.item_ids == ["c"]
    assert session.counts == [1, 0]
    assert session.reset(["a", "b"]) == 1 and session.counts == [0, 0]
    session.undo()
    assert session.is_checked("a")
    session.undo()
    assert session.undo() is None and session.checked_total == 0


def test_notes_are_plain_text_limited_undoable_and_saved(briefing: Briefing, path: Path) -> None:
    from briefing_tui.progress.format import MAX_NOTE_CHARS

    session = open_session(briefing, path)
    assert session.set_note("a", "Asked about [bold]cost[/]\n\x1b[2J") is True
    assert session.set_note("a", "Asked about [bold]cost[/]\n\x1b[2J") is False  # unchanged
    assert session.note("a").startswith("Asked about [bold]cost[/]")
    session.set_note("b", "x" * (MAX_NOTE_CHARS + 50))
    assert len(session.note("b")) == MAX_NOTE_CHARS
    session.undo()
    assert session.note("b") == "" and session.has_note("a")
    assert session.save_now()
    again = open_session(briefing, path)
    assert again.note("a") == session.note("a") and again.note("b") == ""


def test_the_position_is_saved_and_restored(briefing: Briefing, path: Path) -> None:
    session = open_session(briefing, path)
    session.move_to(1, 0)
    assert session.unsaved and not session.unsaved_changes  # saved within a second
    session.save_now()
    again = open_session(briefing, path)
    assert again.spot == Spot(1, 0) and again.item is not None and again.item.id == "c"


def test_a_position_whose_item_is_gone_falls_back_to_its_section(
    briefing: Briefing, path: Path, write_yaml
) -> None:  # type: ignore[no-untyped-def]
    session = open_session(briefing, path)
    session.move_to(0, 1)  # item b
    session.save_now()
    shorter = loader.load(
        write_yaml(
            MINIMAL.replace("      - id: b\n        title: Item B\n        source: s1\n", "")
        )
    )
    assert open_session(shorter, path).spot == Spot(0, 0)


def test_next_unchecked_goes_across_sections_and_wraps(briefing: Briefing, path: Path) -> None:
    session = open_session(briefing, path)
    a, b, c = items(briefing)
    session.toggle(b)
    assert session.next_unchecked() == Spot(1, 0)  # from a: b is checked, so c
    session.move_to(1, 0)
    spot = session.next_unchecked()
    assert spot == Spot(0, 0) and session.wraps(spot)  # round to a
    assert session.next_unchecked(backwards=True) == Spot(0, 0)
    session.toggle(a)
    session.toggle(c)
    assert session.next_unchecked() is None and session.complete


def test_the_clock_credits_the_item_on_screen_and_keeps_pace(
    briefing: Briefing, path: Path
) -> None:
    clock = Clock()
    session = open_session(briefing, path, clock)
    session.start_clock()
    clock.advance(30)
    assert session.item_seconds("a") == 30  # shown while it runs
    session.move_to(0, 1)  # to b: a keeps its 30 s
    clock.advance(10)
    session.pause_clock()
    clock.advance(100)  # paused: not counted
    assert (session.item_seconds("a"), session.item_seconds("b")) == (30, 10)
    pace = pace_of(session)
    assert pace.spent == 40 and pace.budget == 120
    assert pace.behind == 40  # nothing checked yet, 40 s in
    session.toggle(items(briefing)[0])
    assert pace_of(session).behind == 40 - 40  # one of three checked: 40 s of 120 expected
    assert pace_of(session, 0).budget is None  # the section has no minutes
    session.save_now()
    assert open_session(briefing, path).item_seconds("a") == 30


def test_unsaved_changes_are_counted_and_kept_when_saves_fail(
    briefing: Briefing, path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = open_session(briefing, path)
    a, _b, _ = items(briefing)

    def failing(self: RunFile, progress: object) -> None:
        raise ProgressError("the disk is full")

    monkeypatch.setattr(RunFile, "write", failing)
    session.toggle(a)
    session.set_note("b", "a note")
    session.move_to(0, 1)  # the position is not a change the user is asked about
    assert session.save_now() is False
    assert session.save_error == "the disk is full" and session.unsaved_count() == 2
    monkeypatch.undo()
    assert session.save_now() is True and session.unsaved_count() == 0


def test_a_save_takes_in_another_copys_changes_and_says_so(briefing: Briefing, path: Path) -> None:
    first, second = open_session(briefing, path), open_session(briefing, path)
    a, _b, c = items(briefing)
    second.toggle(c)
    second.save_now()
    first.toggle(a)
    job = first.begin_save()
    assert job is not None
    assert first.finish_save(job.run()) is True  # the file held c: the screen must show it
    assert first.is_checked("c") and first.counts == [1, 1]
    assert second.take_in_other_saves() is True and second.is_checked("a")
    assert second.take_in_other_saves() is False


def test_a_newer_briefing_keeps_the_user_on_the_same_item(
    briefing: Briefing, path: Path, write_yaml
) -> None:  # type: ignore[no-untyped-def]
    session = open_session(briefing, path)
    session.move_to(1, 0)  # item c
    moved = loader.load(
        write_yaml(
            MINIMAL.replace("  - id: second\n    title: Second\n    items:\n", "").replace(
                "      - id: c\n",
                "      - id: c0\n        title: New\n        source: s1\n      - id: c\n",
            ),
            "moved.yaml",
        )
    )
    session.replace_briefing(moved)
    assert session.item is not None and session.item.id == "c"


def first_part_of(briefing: Briefing) -> Briefing:
    return replace(briefing, sections=briefing.sections[:1])


def test_the_whole_briefing_takes_the_user_where_the_run_was_left(
    briefing: Briefing, path: Path
) -> None:
    earlier = open_session(briefing, path)
    earlier.move_to(1, 0)  # item c, in the second section
    earlier.toggle(items(briefing)[2])
    assert earlier.save_now()
    session = open_session(first_part_of(briefing), path)
    session.partial = True
    assert session.spot == Spot(0, 0)  # c is not in the first part
    assert session.checked_total == 0
    session.take_whole(briefing)
    assert not session.partial
    assert session.spot == Spot(1, 0) and session.checked_total == 1


def test_where_the_user_went_meanwhile_is_kept_when_the_whole_comes(
    briefing: Briefing, path: Path
) -> None:
    earlier = open_session(briefing, path)
    earlier.move_to(1, 0)
    assert earlier.save_now()
    session = open_session(first_part_of(briefing), path)
    session.partial = True
    session.move_to(0, 1)  # the user went to b while the rest was checked
    session.toggle(items(briefing)[1])
    session.take_whole(briefing)
    assert session.spot == Spot(0, 1) and session.is_checked("b")
    assert session.counts == [1, 0]


def test_the_session_imports_no_textual() -> None:
    import subprocess

    code = (
        "import sys, briefing_tui.session, briefing_tui.syncing\n"
        "print(any(m.split('.')[0] == 'textual' for m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr
