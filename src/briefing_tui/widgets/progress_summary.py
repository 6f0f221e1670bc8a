"""The overall progress line: a bar and "N of M checked"."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import ProgressBar, Static


class ProgressSummary(Horizontal):
    def compose(self) -> ComposeResult:
        yield Static(id="progress-label", markup=False)
        # No ETA: it starts a timer, and "time left" means nothing for reading a briefing.
        yield ProgressBar(id="progress-bar", show_eta=False)

    def show(self, checked: int, total: int) -> None:
        # The label has a fixed width (app.tcss): no need to lay the screen out again.
        self.query_one("#progress-label", Static).update(
            Content(f"{checked} of {total} checked"), layout=False
        )
        self.query_one("#progress-bar", ProgressBar).update(total=total or 1, progress=checked)
