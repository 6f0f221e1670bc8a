"""The walkthrough: one item at a time, full screen, to brief from.

The whole title, the item's state, its detail, note and source, and where it stands in the
briefing; below, the time spent against the slot. Space checks the item and moves on; the
arrows, l/h and PgDn/PgUp move without checking; Esc goes back to the panes on the same
item. The clock runs while the walkthrough is open (`p` pauses it).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from briefing_tui.model import Item
from briefing_tui.pace import clock_line
from briefing_tui.screens.session_screen import SHARED_BINDINGS, SessionScreen
from briefing_tui.text import first_line
from briefing_tui.widgets._literal import literal_line
from briefing_tui.widgets.detail_pane import DetailPane
from briefing_tui.widgets.key_footer import KeyFooter
from briefing_tui.widgets.title_bar import TitleBar

#: How often the clock on screen is brought up to date.
CLOCK_SECONDS = 1.0


class WalkthroughScreen(SessionScreen):
    AUTO_FOCUS = "#walk-detail"
    BINDINGS = [
        Binding("space", "check_and_next", "Check, next", id="check-and-next"),
        Binding("right,l,pagedown", "step(1)", "Next", key_display="→", id="next-item"),
        Binding("left,h,pageup", "step(-1)", "Previous", key_display="←", id="previous-item"),
        Binding("p", "pause", "Pause clock", id="pause"),
        Binding("escape", "back", "Panes", id="back"),
        *SHARED_BINDINGS,
    ]

    def compose(self) -> ComposeResult:
        yield TitleBar(self.session.briefing.title, self.session.run)
        with Vertical(id="walk-column"):
            yield Static(id="walk-position", markup=False)
            yield DetailPane(id="walk-detail")
            yield Static(id="walk-clock", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(DetailPane).load_markdown()
        self.session.start_clock()
        self.set_interval(CLOCK_SECONDS, self._show_clock)
        self.show_spot()

    def on_unmount(self) -> None:
        self.session.pause_clock()

    # ------------------------------------------------------------------ keys

    def action_check_and_next(self) -> None:
        session, item = self.session, self.session.item
        if item is None:
            return
        was_complete = session.complete
        checked = session.toggle(item, session.spot.section)
        self.changed()
        if checked and not session.complete:
            self._go(session.step(1), stay_message=None)
        else:
            self.show_everything()  # unchecked (a correction), or the last one checked
        self.report_completion(was_complete)

    def action_step(self, rows: int) -> None:
        last = "This is the last item." if rows > 0 else "This is the first item."
        self._go(self.session.step(rows), stay_message=last)

    def _go(self, spot: object, stay_message: str | None) -> None:
        from briefing_tui.session import Spot

        assert isinstance(spot, Spot)
        if spot == self.session.spot:
            if stay_message:
                self.notify(stay_message, markup=False)
            return
        self.session.move_to(spot.section, spot.row)
        self.show_spot()

    def action_pause(self) -> None:
        session = self.session
        if session.clock_running:
            session.pause_clock()
        else:
            session.start_clock()
        self._show_clock()

    def action_back(self) -> None:
        self.session.pause_clock()
        self.app.pop_screen()

    # ------------------------------------------------------------------ showing

    def shown_item(self) -> Item | None:
        return self.session.item

    def show_spot(self) -> None:
        self.show_everything()

    def show_everything(self) -> None:
        session = self.session
        item = session.item
        if item is None:
            return
        spot = session.spot
        section = session.section()
        sections = len(session.briefing.sections)
        self.query_one("#walk-position", Static).update(
            Content.assemble(
                (f"Item {spot.row + 1} of {len(section.items)}", "bold"),
                " · ",
                literal_line(section.title),
                f" (section {spot.section + 1} of {sections})",
                " · ",
                f"{session.checked_total} of {session.item_count} checked",
            )
        )
        first = session.order() == 0
        self.query_one(DetailPane).show_item(
            item,
            session.briefing.source(item.source),
            session.is_checked(item.id),
            session.note(item.id),
            preface=session.briefing.summary if first else "",
        )
        self._show_clock()

    def _show_clock(self) -> None:
        session = self.session
        session.tick()
        state = "⏱" if session.clock_running else "⏸ paused (p resumes) ·"
        self.query_one("#walk-clock", Static).update(
            Content.assemble((state, "bold"), " ", first_line(clock_line(session), 300))
        )
