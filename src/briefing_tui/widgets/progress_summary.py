"""The overall progress line: "N of M checked", a bar, and the percentage.

Drawn by one widget: Textual's `ProgressBar` is three widgets (bar, percentage, ETA) with
their own styles, ~10 ms of start-up, for what is a line of text here.
"""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

# Thick for done, thin for the rest: the bar reads the same without colour.
DONE = "━"
LEFT = "─"
LABEL_WIDTH = 28


class ProgressSummary(Widget):
    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.checked = 0
        self.total = 0

    def show(self, checked: int, total: int) -> None:
        if (checked, total) != (self.checked, self.total):
            self.checked, self.total = checked, total
            self.refresh()  # one line, fixed height: nothing else moves

    def render(self) -> Content:
        checked, total = self.checked, self.total
        fraction = checked / total if total else 0.0
        label = f"{checked} of {total} checked".ljust(LABEL_WIDTH)
        percent = f" {int(fraction * 100):>3}%"
        width = max(self.content_size.width - len(label) - len(percent), 0)
        filled = round(width * fraction)
        done = total > 0 and checked == total
        return Content.assemble(
            label,
            (DONE * filled, "$success" if done else "$primary"),
            (LEFT * (width - filled), "$foreground 25%"),
            percent,
        )
