"""The Textual app: which screen to show, and the keys that work everywhere."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from briefing_tui import catalog
from briefing_tui.catalog import Entry, Opened
from briefing_tui.errors import ContentError
from briefing_tui.screens.briefing import BriefingScreen
from briefing_tui.screens.picker import PickerScreen
from briefing_tui.text import first_line


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
    ) -> None:
        super().__init__()
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

    def _pick(self) -> None:
        assert self.data_dir is not None
        counts = [entry.checked_count(self.data_dir) for entry in self.choices]
        self.push_screen(PickerScreen(self.choices, counts), callback=self._open)

    def _open(self, path: Path | None) -> None:
        assert self.data_dir is not None and path is not None
        try:
            self.opened = catalog.open_briefing(path, self.data_dir)
        except ContentError as error:
            self.notify(first_line(str(error), 300), title="Cannot open", severity="error",
                        markup=False)
            self._pick()
            return
        self.push_screen(BriefingScreen(self.opened))
