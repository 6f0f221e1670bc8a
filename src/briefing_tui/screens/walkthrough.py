"""The walkthrough: one item at a time, full screen, to brief from.

The whole title, the item's state, its detail, note and source, and where it stands in the
briefing; below, the time spent against the slot. Space checks the item and moves on; the
arrows, l/h and PgDn/PgUp move without checking; Esc goes back to the panes on the same
item. The clock runs while the walkthrough is open (`p` pauses it).

The screen is made once per run and kept (`BriefingScreen._kept_walkthrough`): opening it
shows the session as it is then; closing it stops the clock.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.events import ScreenResume
from textual.widgets import Static

from briefing_tui.model import Item
from briefing_tui.pace import clock_line
from briefing_tui.screens.session_screen import SHARED_BINDINGS, SessionScreen
from briefing_tui.text import first_line
from briefing_tui.widgets._literal import literal_line
from briefing_tui.widgets._textual_internals import show_kept_screen
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
        # One column of reading width, centred: each part is capped (`max-width`) rather than
        # put in a container, which would be drawn under them (~1 ms of the first frame).
        yield Static(id="walk-position", markup=False)
        yield DetailPane(id="walk-detail")
        yield Static(id="walk-clock", markup=False)
        yield KeyFooter()

    #: Opened from the panes and not closed since (a dialog on top leaves it open).
    _open = False

    def on_mount(self) -> None:
        self.query_one(DetailPane).load_markdown()
        self._clock_timer = self.set_interval(CLOCK_SECONDS, self._show_clock, pause=True)

    def on_screen_resume(self, event: ScreenResume) -> None:
        # Before Textual lays the screen out and draws it: its first frame shows the session
        # as it is now, not as it was when the walkthrough was last closed.
        if not self._open:  # (back from a dialog, the clock ran on, as the user left it)
            self._open = True
            self.session.start_clock()
            self._clock_timer.resume()
            self.show_spot()
        show_kept_screen(self, event)

    def on_screen_suspend(self) -> None:
        if self not in self.app.screen_stack:  # closed (not under a dialog)
            self._stop_clock()

    def on_unmount(self) -> None:
        self._stop_clock()

    def _stop_clock(self) -> None:
        self._open = False
        self.session.pause_clock()
        self._clock_timer.pause()

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
        self.query_one(TitleBar).show(session.briefing.title, session.run)  # (a reload)
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
        self.query_one(DetailPane).show_item(
            item,
            session.briefing.source(item.source),
            session.is_checked(item.id),
            session.note(item.id),
            preface=self._preface(),
        )
        self._show_clock()

    def _preface(self) -> str:
        """The briefing's summary, above its first item."""
        return self.session.briefing.summary if self.session.order() == 0 else ""

    def render_ahead(self) -> None:
        """Render the detail of the item the walkthrough would open on now, at the width it
        would have, so that opening it costs no rendering (asked by the panes, while the
        keys rest)."""
        session, item = self.session, self.session.item
        if item is None or self.is_current:
            return
        self.query_one(DetailPane).render_ahead(
            item,
            session.briefing.source(item.source),
            session.note(item.id),
            self._preface(),
            width=self.detail_width(),
        )

    def detail_width(self) -> int:
        """The width of the detail's lines in this window, known before the screen is laid
        out: the pane's width (the window's, up to its max-width), less its padding and
        scrollbar (always there: `scrollbar-gutter: stable`)."""
        pane = self.query_one(DetailPane).styles
        width = self.app.size.width
        if pane.max_width is not None and pane.max_width.is_cells:
            width = min(width, int(pane.max_width.value))
        return width - pane.gutter.width - pane.scrollbar_size_vertical

    def _show_clock(self) -> None:
        session = self.session
        session.tick()
        state = "⏱" if session.clock_running else "⏸ paused (p resumes) ·"
        self.query_one("#walk-clock", Static).update(
            Content.assemble((state, "bold"), " ", first_line(clock_line(session), 300))
        )
