"""The Textual app: which screen to show, and the keys that work everywhere."""

from __future__ import annotations

import gc
from pathlib import Path

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from briefing_tui import catalog
from briefing_tui.catalog import Entry, Opened
from briefing_tui.errors import ContentError
from briefing_tui.screens.briefing import BriefingScreen
from briefing_tui.text import first_line

#: When to turn the cycle collector back on if the first screen never reports its keys drawn.
COLLECTOR_FALLBACK_SECONDS = 2.0
#: New objects between two passes of the collector over the youngest ones (Python: 700).
#: Drawing one keypress's frame makes ~13,000 short-lived objects (strips, segments, styles);
#: at 700 the collector ran ~18 times per keypress, plus an older-generation pass every
#: few keys: 3-4 ms of each keypress. Almost all of them are freed by reference counting
#: long before a pass at 20,000, which leaves little for the collector to find.
YOUNG_OBJECTS_PER_COLLECTION = 20_000
#: How often the app collects the young generations itself, between keypresses, so that an
#: automatic pass (~3 ms at the threshold above) rarely falls inside one.
YOUNG_COLLECTION_SECONDS = 1.0


class BriefingApp(App[None]):
    """Opens one briefing, or first lets the user pick one of several."""

    CSS_PATH = "app.tcss"
    TITLE = "briefing-tui"
    BINDINGS = [Binding("q", "quit", "Quit")]

    def __init__(
        self,
        opened: Opened | None = None,
        *,
        choices: list[Entry] | None = None,
        data_dir: Path | None = None,
        collector_paused: bool = False,
    ) -> None:
        """`collector_paused`: the caller disabled Python's cycle collector for start-up; it
        is turned back on once the first screen, keys included, is on screen."""
        super().__init__()
        self._collector_paused = collector_paused
        if opened is None and not (choices and data_dir):
            raise ValueError("BriefingApp needs a briefing, or choices and a data directory")
        self.opened = opened
        self.choices = choices or []
        self.data_dir = data_dir

    def get_default_screen(self) -> Screen[None]:
        # The briefing is the first screen drawn: no blank screen before it.
        if self.opened is not None:
            return BriefingScreen(self.opened)
        return super().get_default_screen()

    def on_mount(self) -> None:
        if self.opened is None:
            self._pick()
        if self._collector_paused:
            self.set_timer(COLLECTOR_FALLBACK_SECONDS, self._resume_collector)

    def on_key_footer_keys_shown(self) -> None:
        self._resume_collector()

    def _resume_collector(self) -> None:
        if not self._collector_paused:
            return
        self._collector_paused = False
        # What start-up built lives as long as the app: keep it out of every later collection
        # (one pass over it costs ~20 ms at 45 items, far more at 100,000).
        gc.freeze()
        gc.set_threshold(YOUNG_OBJECTS_PER_COLLECTION, *gc.get_threshold()[1:])
        gc.enable()
        self.set_interval(YOUNG_COLLECTION_SECONDS, self._collect_young)

    def _collect_young(self) -> None:
        gc.collect(1)  # the two young generations: ~1 ms while nothing else is happening

    def _pick(self) -> None:
        assert self.data_dir is not None
        from briefing_tui.screens.picker import PickerScreen  # only with several briefings

        counts = [entry.checked_count(self.data_dir) for entry in self.choices]
        self.push_screen(PickerScreen(self.choices, counts), callback=self._open)

    def _open(self, path: Path | None) -> None:
        assert self.data_dir is not None and path is not None
        try:
            self.opened = catalog.open_briefing(path, self.data_dir)
        except ContentError as error:
            self.notify(
                first_line(str(error), 300), title="Cannot open", severity="error", markup=False
            )
            self._pick()
            return
        self.push_screen(BriefingScreen(self.opened))
