"""The top line: what is open. One `Static`: Textual's `Header` is four widgets (icon, title,
clock space, container) and cost ~5 ms of every start-up for a line of text."""

from __future__ import annotations

from textual.widgets import Static

from briefing_tui.widgets._literal import literal_line


class TitleBar(Static):
    def __init__(self, title: str, **kwargs: object) -> None:
        super().__init__(literal_line(title, limit=100), markup=False, **kwargs)  # type: ignore[arg-type]

    def show(self, title: str) -> None:
        self.update(literal_line(title, limit=100), layout=False)  # always one line
