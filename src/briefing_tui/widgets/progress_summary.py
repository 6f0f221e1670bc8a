"""The progress line: "N of M checked", a bar, the percentage, and the time spent against
the briefing's slot (once there is any: the walkthrough's clock has run, or is running).

Drawn by one widget: Textual's `ProgressBar` is three widgets (bar, percentage, ETA) with
their own styles, ~10 ms of start-up, for what is a line of text here.
"""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

from briefing_tui.pace import clock_line
from briefing_tui.session import Session
from briefing_tui.text import first_line

# Thick for done, thin for the rest: the bar reads the same without colour.
DONE = "━"
LEFT = "─"
LABEL_WIDTH = 20
#: The bar keeps at least this many cells when the time is shown beside it.
MIN_BAR = 10


class ProgressSummary(Widget):
    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.checked = 0
        self.total = 0
        self.clock = ""
        #: Only the briefing's first part is known (`Session.partial`): no total to show.
        self.partial = False
        #: Keys wait for the whole briefing (see `BriefingApp.on_event`).
        self.keys_waiting = False

    def show(self, session: Session) -> None:
        clock = ""
        if session.clock_running or session.total_seconds() >= 1:
            clock = clock_line(session, compact=True)
        shown = (session.checked_total, session.item_count, clock, session.partial)
        if shown != (self.checked, self.total, self.clock, self.partial):
            self.checked, self.total, self.clock, self.partial = shown
            self.refresh()  # one line, fixed height: nothing else moves

    def render(self) -> Content:
        checked, total = self.checked, self.total
        if self.partial:
            waiting = "your keys wait for it" if self.keys_waiting else "its start is shown"
            return Content.assemble(
                f"{checked} checked · ",
                (f"checking the rest of the briefing; {waiting}", "$text-warning"),
            )
        fraction = checked / total if total else 0.0
        label = f"{checked} of {total} checked".ljust(LABEL_WIDTH)
        percent = f" {int(fraction * 100):>3}%"
        room = self.content_size.width - len(label) - len(percent)
        clock = ""
        if self.clock and room - MIN_BAR - 2 > 12:
            clock = "  " + first_line(self.clock, room - MIN_BAR - 2)
        width = max(room - len(clock), 0)
        filled = round(width * fraction)
        done = total > 0 and checked == total
        return Content.assemble(
            label,
            (DONE * filled, "$success" if done else "$primary"),
            (LEFT * (width - filled), "$foreground 25%"),
            percent,
            (clock, "$text-muted"),
        )
