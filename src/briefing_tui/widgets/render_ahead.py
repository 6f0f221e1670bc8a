"""Rendering ahead, while the keys rest, the details the next key is likely to show.

A detail's Markdown takes ~2-4 ms to render; done ahead, the next item, the ends of the list
or another section's first item show without it. One item is rendered at a time, with a
pause between two, so that a key pressed meanwhile waits for one at most; after a key or a
click nothing more is rendered until the keys rest again, nor while another screen (a note,
search) is over the panes: the frame the key asked for, and its way to the terminal, come
first.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from time import monotonic

from textual.timer import Timer

from briefing_tui.model import Briefing, Item
from briefing_tui.widgets.detail_pane import DetailPane
from briefing_tui.widgets.item_list import ItemList

#: How long the keys must rest before the details a key may show next are rendered ahead.
RENDER_AHEAD_SECONDS = 0.2
#: The pause between two items rendered ahead. With none (the next turn of the event loop), a
#: key pressed meanwhile waited for one item at each of the ~6 steps between the terminal and
#: its action: ~15 ms, measured on a pty, where one item costs 2-3 ms.
STEP_PAUSE_SECONDS = 0.005


class RenderAhead:
    def __init__(
        self,
        detail: DetailPane,
        items: ItemList,
        note_of: Callable[[str], str],
        first: Callable[[], None] | None = None,
        last_input: Callable[[], float] = lambda: 0.0,
    ) -> None:
        """`note_of`: an item's note, by id (the detail shows it); `first`: done before the
        rest, once the keys have rested (the walkthrough's detail of the current item);
        `last_input`: when the last key or click came (`time.monotonic`)."""
        self._first = first
        self._detail = detail
        self._items = items
        self._note_of = note_of
        self._last_input = last_input
        self._timer: Timer | None = None
        self._queue: deque[Item] = deque()
        self._briefing: Briefing | None = None

    def schedule(self, briefing: Briefing, section: int) -> None:
        """Start (again) once the keys have rested, from the item highlighted now."""
        self._queue.clear()
        if self._timer is not None:
            self._timer.stop()
        self._briefing = briefing
        self._timer = self._detail.set_timer(
            RENDER_AHEAD_SECONDS, lambda: self._start(briefing, section)
        )

    def _start(self, briefing: Briefing, section: int) -> None:
        self._timer = None
        if not self._keys_rest(lambda: self._start(briefing, section)):
            return
        if self._first is not None:
            self._first()
        self._queue.extend(self._likely_next(briefing, section))
        self._timer = self._detail.set_timer(STEP_PAUSE_SECONDS, self._step)

    def _keys_rest(self, then: Callable[[], None]) -> bool:
        """Whether the keys have rested long enough and the panes are shown on top; if not,
        `then` is done once the keys will have rested (the screen schedules again when it
        is on top again)."""
        if not self._detail.screen.is_active:
            return False
        wait = self._last_input() + RENDER_AHEAD_SECONDS - monotonic()
        if wait > 0:
            self._timer = self._detail.set_timer(wait, then)
            return False
        return True

    def _likely_next(self, briefing: Briefing, section: int) -> list[Item]:
        """The items the navigation keys lead to from here: the next and previous items, a
        page down and up, the first and last of the list, each section's first."""
        firsts = [s.items[0] for s in briefing.sections[:9] if s.items]
        row = self._items.highlighted
        if row is None or section >= len(briefing.sections):
            return firsts
        items = briefing.sections[section].items
        page = max(1, self._items.scrollable_content_region.height - 1)
        rows = [row + 1, row - 1, row + page, row - page, 0, len(items) - 1]
        return [items[r] for r in rows if 0 <= r < len(items)] + firsts

    def _step(self) -> None:
        self._timer = None
        if not self._queue or self._briefing is None or not self._keys_rest(self._step):
            return
        item = self._queue.popleft()
        self._detail.render_ahead(item, self._briefing.source(item.source), self._note_of(item.id))
        self._timer = self._detail.set_timer(STEP_PAUSE_SECONDS, self._step)
