"""The top line: what is open. One `Static`: Textual's `Header` is four widgets (icon, title,
clock space, container) and cost ~5 ms of every start-up for a line of text."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from briefing_tui.widgets._literal import literal_line


class TitleBar(Static):
    """The briefing's title and the run in use (always on screen: checks belong to a run)."""

    def __init__(self, title: str, run: str | None = None, **kwargs: object) -> None:
        super().__init__(_line(title, run), markup=False, **kwargs)  # type: ignore[arg-type]
        self._shown = (title, run)

    def show(self, title: str, run: str | None = None) -> None:
        if (title, run) != self._shown:  # (asked at every change of what a screen shows)
            self._shown = (title, run)
            self.update(_line(title, run), layout=False)  # always one line


def _line(title: str, run: str | None) -> Content:
    if run is None:
        return literal_line(title, limit=100)
    return Content.assemble(
        literal_line(title, limit=80), ("  ·  run: ", "$text-muted"), literal_line(run, limit=60)
    )
