"""What a user does with one open briefing: the session. No Textual here.

A session is one run of one briefing, open: which items are checked and the undo history of
those changes, the notes, where the user is, the walkthrough's clock and the time spent on
each item, the section counts, when to save (and what to do when saving fails), and taking in
what another open copy saved or a new version of the briefing file. The screens show it and
forward keys to it; they keep none of this themselves.

Saving is split in three so that the writing can happen off the UI's event loop:
`begin_save` (a snapshot, here), `SaveJob.run` (the disk, in a worker thread) and
`finish_save` (back here: take in what the other copy had saved). `save_now` does all three.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NamedTuple

from briefing_tui.model import Briefing, Item, Section
from briefing_tui.progress.format import MAX_NOTE_CHARS, ItemState, Position, Progress, merge
from briefing_tui.progress.store import Loaded, NewerFormat, ProgressError, RunFile

#: Time spent in the walkthrough is credited to the item at least this often while the clock
#: runs, so a crash loses at most this much of it.
CLOCK_SAVE_SECONDS = 10.0


# Named tuples rather than dataclasses where they do: each dataclass costs ~1 ms to create
# at import, on the way to the first screen.


class Spot(NamedTuple):
    """A place in the briefing: a section and a row in it."""

    section: int
    row: int


class Change(NamedTuple):
    """What one user action replaced, so `undo` can put it back."""

    #: Each changed item's state before the change (None: it had none).
    before: dict[str, ItemState | None]
    what: str  # "check", "uncheck", "reset", "note"


class Undone(NamedTuple):
    """What `undo` restored: for the message, and to show the item."""

    what: str
    item_ids: list[str]


@dataclass
class SaveJob:
    """A snapshot to write; `run` may be called from another thread."""

    run_file: RunFile
    snapshot: Progress
    generation: int
    minor_generation: int
    result: Progress | None = None
    error: ProgressError | None = None

    def run(self) -> SaveJob:
        try:
            self.result = self.run_file.write(self.snapshot)
        except ProgressError as error:
            self.error = error
        return self


@dataclass
class Session:
    briefing: Briefing
    run_file: RunFile
    progress: Progress
    notices: list[str] = field(default_factory=list)
    read_only: bool = False
    #: The briefing is only the first part of its file, shown while the whole file is
    #: checked (`take_whole` brings the rest). Actions that need the whole briefing wait.
    partial: bool = field(default=False, init=False)
    #: The user data directory the run is kept in (None: a run file on its own, in tests).
    data_dir: Path | None = None
    clock: Callable[[], float] = time.time
    monotonic: Callable[[], float] = time.monotonic

    def __post_init__(self) -> None:
        self._undo: list[Change] = []
        self._counts = self._count_sections()
        #: Checks and notes changed (generation) and saved: unsaved while they differ. They
        #: are saved as soon as they are on screen.
        self.generation = self.saved_generation = 0
        #: The same for the position and the time spent, saved once a second at most.
        self.minor_generation = self.saved_minor_generation = 0
        #: The items as last saved (or read): what `unsaved_count` compares with.
        self._saved_items = dict(self.progress.items)
        self.save_error: str | None = None
        self.saving = False
        self.spot = self._restored_spot()
        #: When the walkthrough's clock was last started (monotonic); None: not running.
        self._clock_since: float | None = None
        self._clock_credited = 0.0  # monotonic time of the last credit
        #: Each section's time spent as saved (summed once, then kept up to date).
        self._section_seconds: list[float] | None = None

    @classmethod
    def open(
        cls,
        briefing: Briefing,
        run_file: RunFile,
        data_dir: Path | None = None,
        **clocks: Callable[[], float],
    ) -> Session:
        """Read the run's file and open a session on it."""
        loaded: Loaded = run_file.read()
        session = cls(
            briefing,
            run_file,
            loaded.progress,
            notices=loaded.notices,
            read_only=loaded.read_only,
            data_dir=data_dir,
            **clocks,
        )
        if loaded.needs_save and not loaded.read_only:
            session.minor_generation += 1  # what was restored or cleaned up: saved soon
        return session

    def start_run(self) -> None:
        """A new run: write its file now, though nothing is checked yet (a failure is only
        kept in `save_error`: the run is saved with its first change)."""
        self.minor_generation += 1
        self.save_now()

    # ------------------------------------------------------------------ reading the state

    @property
    def run(self) -> str:
        return self.run_file.run

    def is_checked(self, item_id: str) -> bool:
        state = self.progress.items.get(item_id)
        return state is not None and state.checked

    def checked_at(self, item_id: str) -> float | None:
        state = self.progress.items.get(item_id)
        return state.changed_at if state is not None and state.checked else None

    def note(self, item_id: str) -> str:
        state = self.progress.items.get(item_id)
        return state.note if state is not None else ""

    def has_note(self, item_id: str) -> bool:
        state = self.progress.items.get(item_id)
        return state is not None and bool(state.note)

    def count(self, section: int) -> int:
        return self._counts[section]

    @property
    def counts(self) -> list[int]:
        return list(self._counts)

    @property
    def checked_total(self) -> int:
        return sum(self._counts)

    @property
    def item_count(self) -> int:
        return self.briefing.item_count()

    @property
    def complete(self) -> bool:
        return self.checked_total == self.item_count

    def section(self, index: int | None = None) -> Section:
        return self.briefing.sections[self.spot.section if index is None else index]

    @property
    def item(self) -> Item | None:
        items = self.section().items
        return items[self.spot.row] if 0 <= self.spot.row < len(items) else None

    def orphan_count(self) -> int:
        """Saved checks of items this briefing no longer has (they are kept)."""
        checked = {i for i, s in self.progress.items.items() if s.checked}
        if not checked:
            return 0
        return len(checked - {item.id for s in self.briefing.sections for item in s.items})

    def _count_sections(self) -> list[int]:
        states = self.progress.items
        counts = []
        for section in self.briefing.sections:
            n = 0
            for item in section.items:
                state = states.get(item.id)
                if state is not None and state.checked:
                    n += 1
            counts.append(n)
        return counts

    # ------------------------------------------------------------------ moving

    def _restored_spot(self) -> Spot:
        """Where the user was when the run was last saved (the first item if that is gone)."""
        position = self.progress.position
        if position is None:
            return Spot(0, 0)
        sections = self.briefing.sections
        for index, section in enumerate(sections):
            if section.id == position.section:
                rows = [r for r, item in enumerate(section.items) if item.id == position.item]
                return Spot(index, rows[0] if rows else 0)
        found = self.find_item(position.item)
        return found or Spot(0, 0)

    def find_item(self, item_id: str) -> Spot | None:
        found = self.briefing.find(item_id)
        return Spot(*found) if found is not None else None

    def move_to(self, section: int, row: int) -> None:
        """The user is now at `row` of `section` (saved with the next save)."""
        sections = self.briefing.sections
        section = max(0, min(section, len(sections) - 1))
        row = max(0, min(row, len(sections[section].items) - 1))
        if Spot(section, row) == self.spot:
            return
        self._credit_clock()
        self.spot = Spot(section, row)
        item = sections[section].items[row]
        self.progress.position = Position(sections[section].id, item.id, self.clock())
        self.minor_generation += 1

    def step(self, rows: int) -> Spot:
        """The spot `rows` items on (negative: back), across sections, stopping at the ends."""
        place = self.order() + rows
        return Spot(*self.briefing.at(max(0, min(place, self.item_count - 1))))

    def next_unchecked(self, backwards: bool = False) -> Spot | None:
        """The next unchecked item after the current one in briefing order (wrapping round);
        None when every item is checked."""
        for section, row, item in self.briefing.walk(self.order(), backwards):
            if not self.is_checked(item.id):
                return Spot(section, row)
        return None

    def wraps(self, spot: Spot, backwards: bool = False) -> bool:
        """Whether going to `spot` from here goes round the end of the briefing."""
        here, there = self.order(), self.order(spot)
        return there < here if not backwards else there > here

    def order(self, spot: Spot | None = None) -> int:
        """The 0-based place of an item in the whole briefing."""
        return self.briefing.place(*(spot or self.spot))

    # ------------------------------------------------------------------ changing

    def toggle(self, item: Item, section: int | None = None) -> bool:
        """Check an unchecked item or uncheck a checked one; the new state. `section`: the
        section the item is in (looked up when not given; None if it is not in it)."""
        checked = not self.is_checked(item.id)
        self.set_checked(item, checked, section)
        return checked

    def set_checked(self, item: Item, checked: bool, section: int | None = None) -> None:
        if self.is_checked(item.id) == checked:
            return
        self._remember({item.id}, "check" if checked else "uncheck")
        self._set_check(item.id, checked)
        if section is None:
            found = self.find_item(item.id)
            section = found.section if found else None
        if section is not None and item in self.briefing.sections[section].items:
            self._counts[section] += 1 if checked else -1
        else:
            self._counts = self._count_sections()

    def reset(self, item_ids: list[str]) -> int:
        """Uncheck every item of `item_ids` that is checked, as one change; how many."""
        checked = [i for i in item_ids if self.is_checked(i)]
        if checked:
            self._remember(set(checked), "reset")
            for item_id in checked:
                self._set_check(item_id, False)
            self._counts = self._count_sections()
        return len(checked)

    def set_note(self, item_id: str, text: str) -> bool:
        """Keep `text` as the item's note (plain text, at most MAX_NOTE_CHARS); False if it
        did not change."""
        text = text[:MAX_NOTE_CHARS].rstrip()
        if text == self.note(item_id):
            return False
        self._remember({item_id}, "note")
        state = self.progress.items.get(item_id, ItemState())
        self.progress.items[item_id] = state._replace(note=text, note_changed_at=self.clock())
        self.generation += 1
        return True

    def undo(self) -> Undone | None:
        """Put back what the last change replaced (again: the one before); None if nothing
        is left to undo. What comes back is saved as the newest change."""
        if not self._undo:
            return None
        change = self._undo.pop()
        now = self.clock()
        for item_id, before in change.before.items():
            before = before or ItemState()
            state = self.progress.items.get(item_id, ItemState())
            if state.checked != before.checked:
                state = state._replace(checked=before.checked, changed_at=now)
            if state.note != before.note:
                state = state._replace(note=before.note, note_changed_at=now)
            self.progress.items[item_id] = state
        self._counts = self._count_sections()
        self.generation += 1
        return Undone(change.what, list(change.before))

    def _remember(self, item_ids: set[str], what: str) -> None:
        items = self.progress.items
        self._undo.append(Change({i: items.get(i) for i in item_ids}, what))

    def _set_check(self, item_id: str, checked: bool) -> None:
        state = self.progress.items.get(item_id, ItemState())
        self.progress.items[item_id] = state._replace(checked=checked, changed_at=self.clock())
        self.generation += 1

    # ------------------------------------------------------------------ the clock

    @property
    def clock_running(self) -> bool:
        return self._clock_since is not None

    def start_clock(self) -> None:
        if self._clock_since is None:
            self._clock_since = self._clock_credited = self.monotonic()

    def settle_clock(self) -> None:
        """Credit the time spent so far to the current item, and go on (for a report)."""
        self._credit_clock()

    def pause_clock(self) -> None:
        self._credit_clock()
        self._clock_since = None

    def tick(self) -> None:
        """Credit the time spent so far, if it has been a while (the sync calls this)."""
        running = self._clock_since is not None
        if running and self.monotonic() - self._clock_credited >= CLOCK_SAVE_SECONDS:
            self._credit_clock()

    def _credit_clock(self) -> None:
        """Add the time since the last credit to the current item."""
        if self._clock_since is None:
            return
        now = self.monotonic()
        elapsed, self._clock_credited = now - self._clock_credited, now
        item = self.item
        if item is None or elapsed <= 0:
            return
        state = self.progress.items.get(item.id, ItemState())
        self.progress.items[item.id] = state._replace(seconds=state.seconds + elapsed)
        self.minor_generation += 1
        if self._section_seconds is not None:
            self._section_seconds[self.spot.section] += elapsed

    def _running_extra(self, item_id: str) -> float:
        if self._clock_since is None:
            return 0.0
        item = self.item
        if item is None or item.id != item_id:
            return 0.0
        return max(0.0, self.monotonic() - self._clock_credited)

    def item_seconds(self, item_id: str) -> float:
        state = self.progress.items.get(item_id)
        return (state.seconds if state is not None else 0.0) + self._running_extra(item_id)

    def section_seconds(self, index: int) -> float:
        if self._section_seconds is None:
            states = self.progress.items
            empty = ItemState()
            self._section_seconds = [
                sum(states.get(item.id, empty).seconds for item in section.items)
                for section in self.briefing.sections
            ]
        running = self.item
        extra = self._running_extra(running.id) if running and index == self.spot.section else 0
        return self._section_seconds[index] + extra

    def total_seconds(self) -> float:
        return sum(self.section_seconds(i) for i in range(len(self.briefing.sections)))

    # ------------------------------------------------------------------ saving

    @property
    def unsaved(self) -> bool:
        """Anything not on disk yet: checks, notes, the position or time spent."""
        return (
            self.generation != self.saved_generation
            or self.minor_generation != self.saved_minor_generation
        )

    @property
    def unsaved_changes(self) -> bool:
        """Checks or notes not on disk yet (saved as soon as they are on screen)."""
        return self.generation != self.saved_generation

    def unsaved_count(self) -> int:
        """How many items' checks or notes are not on disk (for the question at quit)."""
        if not self.unsaved_changes:
            return 0
        saved = self._saved_items
        empty = ItemState()
        changed = 0
        for item_id, state in self.progress.items.items():
            before = saved.get(item_id, empty)
            if (before.checked, before.note) != (state.checked, state.note):
                changed += 1
        return max(1, changed)

    def begin_save(self) -> SaveJob | None:
        """A snapshot of the run to write, or None (nothing to save, a save under way, or a
        file that must not be overwritten)."""
        if not self.unsaved or self.saving or self.read_only:
            return None
        self.saving = True
        snapshot = replace(self.progress, items=dict(self.progress.items))
        return SaveJob(self.run_file, snapshot, self.generation, self.minor_generation)

    def finish_save(self, job: SaveJob) -> bool:
        """Take in a finished save. True if the file held changes from another open copy
        (the screen must show them); a failure is kept in `save_error`."""
        self.saving = False
        if job.error is not None:
            self.save_error = str(job.error)
            if isinstance(job.error, NewerFormat):
                self.read_only = True
            return False
        assert job.result is not None
        self.save_error = None
        self._saved_items = job.snapshot.items
        self.saved_generation = max(self.saved_generation, job.generation)
        self.saved_minor_generation = max(self.saved_minor_generation, job.minor_generation)
        return self._take_in(job.result)

    def save_now(self) -> bool:
        """Save at once, on this thread (at quit, in tests). True if it was saved."""
        if self.saving:  # a worker's save is under way: write ours after it (the lock waits)
            self.saving = False
        job = self.begin_save()
        if job is None:
            return not self.unsaved
        self.finish_save(job.run())
        return not self.unsaved

    def take_in_other_saves(self) -> bool:
        """Take in what another open copy of this run saved since we last looked. True if
        anything on screen changes."""
        if self.saving:
            return False
        theirs = self.run_file.read_if_changed()
        return theirs is not None and self._take_in(theirs)

    def _take_in(self, theirs: Progress) -> bool:
        merged = merge(self.progress, theirs)
        changed = merged.items != self.progress.items
        self.progress.items = merged.items
        self.progress.started_at = merged.started_at
        if changed:
            self._counts = self._count_sections()
            self._section_seconds = None
        return changed

    def write_copy(self, destination: Path) -> None:
        """Write the run to another file, for when its own file cannot be saved."""
        self._credit_clock()
        self.run_file.write_copy(self.progress, destination)

    # ------------------------------------------------------------------ a new briefing

    def take_whole(self, briefing: Briefing) -> None:
        """The whole briefing, checked, in place of the first part shown meanwhile: the
        user goes where the run was left (it may be past the first part), or where they
        went since."""
        self.partial = False
        self.replace_briefing(briefing)
        self.spot = self._restored_spot()  # (moving keeps `progress.position` up to date)

    def replace_briefing(self, briefing: Briefing) -> None:
        """Show a new version of the briefing file, keeping the user on the same item
        (or section) and every check, note and time (progress is kept by item id)."""
        self._credit_clock()
        item = self.item
        section_id = self.section().id
        self.briefing = briefing
        self._counts = self._count_sections()
        self._section_seconds = None
        found = self.find_item(item.id) if item is not None else None
        if found is None:
            ids = [s.id for s in briefing.sections]
            found = Spot(ids.index(section_id) if section_id in ids else 0, 0)
        self.spot = found
