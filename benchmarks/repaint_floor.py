"""The repaint floor: the least a Textual app can do to redraw what a briefing key redraws.

    python benchmarks/repaint_floor.py      "REPAINT-READY" + Footer; space -> "REPAINT-DONE"

The floor app (../shared/bench/floor_app.py) changes one line on its key. Switching section
or jumping to the end of a list in briefing-tui changes about sixty: every row of the item
list and every line of the detail. This app does only that: two bordered panes side by
side, drawn on the Line API (one strip per line, nothing rendered in advance or kept), and a
key that changes every line of the first pane and the first 24 of the second (the detail of
a generated briefing item is about that long). No Markdown, no data, no layout on the key.

Measured against the floor in the same run, it shows the share of briefing-tui's key time
that is Textual drawing the changed lines, whatever the app does to decide what they are.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Footer

DETAIL_LINES = 24


class Pane(Widget):
    DEFAULT_CSS = """
    Pane { width: 1fr; height: 1fr; border: round $panel-lighten-2; padding: 0 1; }
    """

    def __init__(self, lines: int | None, *, id: str) -> None:
        super().__init__(id=id)
        self.lines = lines  # None: every line of the pane
        self.round = 1

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if self.lines is not None and y >= self.lines:
            text = ""
        elif y == 0:
            text = "REPAINT-READY" if self.round == 1 else "REPAINT-DONE"
        else:
            text = f"[ ] round {self.round} line {y:06d} about deterrence"
        return Strip([Segment(text[:width].ljust(width), self.rich_style)], width)

    def next_round(self) -> None:
        self.round += 1
        lines = self.size.height if self.lines is None else self.lines
        self.refresh(Region(0, 0, self.size.width, lines))  # the lines that change, only


class RepaintFloor(App[None]):
    BINDINGS = [("space", "repaint", "Repaint"), ("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Pane(None, id="list")
            yield Pane(DETAIL_LINES, id="detail")
        yield Footer()

    def action_repaint(self) -> None:
        for pane in self.query(Pane):
            pane.next_round()


if __name__ == "__main__":
    RepaintFloor().run()
