"""The main screen: sections, the active section's items, the selected item's detail.

It shows the session and forwards keys to it (`SessionScreen`); the session holds every
check, note, position and time.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.events import DescendantFocus
from textual.widgets import Static

from briefing_tui.model import Item
from briefing_tui.screens.session_screen import (
    SHARED_BINDINGS,
    SessionScreen,
    needs_whole_briefing,
)
from briefing_tui.session import Session
from briefing_tui.syncing import Syncer
from briefing_tui.widgets._literal import literal_line
from briefing_tui.widgets.detail_pane import DetailPane
from briefing_tui.widgets.item_list import ItemList
from briefing_tui.widgets.key_footer import KeyFooter
from briefing_tui.widgets.progress_summary import ProgressSummary
from briefing_tui.widgets.render_ahead import RenderAhead
from briefing_tui.widgets.section_list import SectionList
from briefing_tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from briefing_tui.screens.walkthrough import WalkthroughScreen

MARKDOWN_FALLBACK_SECONDS = 0.5
#: At this many columns or fewer, the detail goes under the lists, so titles have the width.
STACKED = 140
#: At this many columns or fewer, the section list also shows keys and counts only.
NARROW = 100
#: The smallest window the panes are usable in: (columns, lines).
MIN_SIZE = (60, 15)


class BriefingScreen(SessionScreen):
    # Focused before the first frame is drawn: focusing it in on_mount re-rendered both lists.
    AUTO_FOCUS = "#items"
    BINDINGS = [
        # The footer shows the keys the briefing has (`section_keys`, via the app).
        Binding("1", "show_section(0)", "Section"),
        *(Binding(str(n), f"show_section({n - 1})", show=False) for n in range(2, 10)),
        Binding("0", "show_section(9)", "Section 10", show=False),
        Binding("w", "walkthrough", "Walkthrough", id="walkthrough"),
        Binding("f", "filter", "Filter", show=False, id="filter"),
        Binding("space", "toggle_item", "Toggle", show=False),
        Binding("r", "reset_section", "Reset section", show=False, id="reset-section"),
        Binding("R", "reset_all", "Reset all", show=False, id="reset-all"),
        *SHARED_BINDINGS,
    ]

    def compose(self) -> ComposeResult:
        session = self.session
        yield TitleBar(session.briefing.title, session.run)
        with Horizontal(id="panes"):
            yield SectionList(
                session.briefing.sections,
                session.counts,
                on_highlight=self._section_highlighted,
                partial=session.partial,
                id="sections",
            )
            yield ItemList(id="items", on_highlight=self._item_highlighted)
            yield DetailPane(id="detail")
        yield ProgressSummary(id="progress")
        yield Static(id="too-small", markup=False)
        yield KeyFooter()

    #: Only unchecked items in the lists (`f`): how this view shows the session, not the session.
    unchecked_only = False
    #: Space moves on to the next item after checking one (the `advance_after_check` setting).
    advance_after_check = False
    #: The walkthrough of this session: made once (ahead, see `_prepare_walkthrough`), kept.
    _walkthrough: WalkthroughScreen | None = None
    #: Whether this session's walkthrough and the dialogs are made, or being made, ahead.
    _prepared = False

    def on_mount(self) -> None:
        # Laid out for the window before the first frame: otherwise the first frame at 140
        # columns or fewer is the wide layout, and the next one rearranges it.
        self.on_resize()
        self._set_up()

    async def show_session(self, session: Session, syncer: Syncer) -> None:
        """Show another session (another run): the panes are built again for it."""
        await self._drop_walkthrough()  # it shows the run before
        self._prepared = False
        self.session, self.syncer = session, syncer
        await self.recompose()
        self._set_up()
        self.on_resize()  # the new panes, laid out for the window as the old ones were
        self.query_one(ItemList).focus()

    def _set_up(self) -> None:
        self._ahead = RenderAhead(
            self.query_one(DetailPane),
            self.query_one(ItemList),
            self.session.note,
            first=self._walkthrough_ahead,
            last_input=lambda: getattr(self.app, "last_input", 0.0),
        )
        self.show_spot()  # where the user was when the run was last saved
        self._show_progress()
        # The detail's Markdown renderer loads once the footer's keys are drawn (see
        # on_key_footer_keys_shown), or after this long if the footer has nothing to draw.
        self.set_timer(MARKDOWN_FALLBACK_SECONDS, self.query_one(DetailPane).load_markdown)

    def on_key_footer_keys_shown(self) -> None:
        # The first screen is complete (lists, detail title, keys): now the slower part.
        self.query_one(DetailPane).load_markdown()
        self._ahead.schedule(self.session.briefing, self.session.spot.section)
        self.call_after_refresh(self._prepare_walkthrough)

    def on_resize(self) -> None:
        """Fit the window: at STACKED columns or fewer the detail goes under the lists, and
        at NARROW or fewer the section list shows keys and counts only, so item titles get
        the room; below the smallest useful size, say what it is."""
        width, height = self.app.size  # (a screen has the app's size, once laid out)
        narrow = width <= NARROW
        self.set_class(width <= STACKED, "-stacked")
        self.set_class(narrow, "-narrow")
        too_small = width < MIN_SIZE[0] or height < MIN_SIZE[1]
        self.set_class(too_small, "-too-small")
        self.refresh_bindings()  # keys do nothing while the panes are not shown
        if not too_small and self.focused is None:
            self.query_one(ItemList).focus()  # the panes are back: so is the focus
        sections = self.query_one(SectionList)
        panes = self.query_one("#panes")
        if narrow:
            panes.styles.grid_columns = f"{sections.compact_width} 1fr"
        elif width <= STACKED:
            panes.styles.grid_columns = f"{min(42, max(26, width * 28 // 100))} 1fr"
        self.query_one("#too-small", Static).update(
            f"Make the window at least {MIN_SIZE[0]}×{MIN_SIZE[1]} to use briefing-tui "
            f"(it is {width}×{height} now)."
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # While the window is too small the panes are hidden: keys must not act unseen.
        return not (self.has_class("-too-small") and action not in ("help", "quit"))

    def on_screen_resume(self) -> None:
        # Back from the walkthrough, a note, a question: the session may be elsewhere now.
        self.show_spot()
        self.show_everything()
        if hasattr(self, "_ahead"):
            self._ahead.schedule(self.session.briefing, self.session.spot.section)

    # ------------------------------------------------------------------ actions

    def action_show_section(self, index: int) -> None:
        count = len(self.session.briefing.sections)
        if index >= count and self.session.partial:
            self.hold(partial(self.action_show_section, index))  # it may be in the rest
            return
        if index >= count:
            self.notify(
                f"There is no section {index + 1}: this briefing has {count}.", markup=False
            )
            return
        self._show_section(index)
        self.query_one(SectionList).highlighted = index
        items = self.query_one(ItemList)
        if not items.has_focus:  # focus() repaints the whole list, even when it has it
            items.focus()

    @needs_whole_briefing
    def action_walkthrough(self) -> None:
        self.app.push_screen(self._kept_walkthrough())

    def _kept_walkthrough(self) -> WalkthroughScreen:
        """The walkthrough, made at its first use and kept: installed, so that closing it
        does not take it down, and opening it again only lays it out and draws it."""
        if self._walkthrough is None:
            from briefing_tui.screens.walkthrough import WalkthroughScreen  # (as HelpScreen)

            self._walkthrough = WalkthroughScreen(self.session, self.syncer)
            self.app.install_screen(self._walkthrough, name="walkthrough")
        return self._walkthrough

    def _prepare_walkthrough(self) -> None:
        """Make the walkthrough (and the dialogs: `prepare_ahead`) ahead, once per run, once
        the first screen is complete, so that `w` only draws it. Not while only the
        briefing's first part is in: `whole_checked` does it then. The walkthrough may be
        made already (`present`, or `w` kept while the whole was checked): it is still
        laid out, and the dialogs made."""
        if self._prepared or self.session.partial or not self.is_attached:
            return
        self._prepared = True
        self.prepare_ahead(self._kept_walkthrough())

    def _walkthrough_ahead(self) -> None:
        if self._walkthrough is not None and self._walkthrough.is_mounted:
            self._walkthrough.render_ahead()

    def whole_checked(self) -> None:
        super().whole_checked()
        self.call_after_refresh(self._prepare_walkthrough)

    async def _drop_walkthrough(self) -> None:
        walkthrough, self._walkthrough = self._walkthrough, None
        if walkthrough is None:
            return
        self.app.uninstall_screen(walkthrough)
        if walkthrough.is_running and walkthrough not in self.app.screen_stack:
            await walkthrough.remove()

    def action_toggle_item(self) -> None:
        """Check or uncheck the highlighted item (Space, Enter; Space in the detail too)."""
        if self.query_one(SectionList).has_focus:
            return
        item = self.query_one(ItemList).highlighted_item
        if item is not None:
            self._toggle(item, self.session.spot.section)

    def action_filter(self) -> None:
        """Show only the unchecked items (f), or all of them again."""
        self.unchecked_only = not self.unchecked_only
        sections = self.query_one(SectionList)
        sections.border_title = "Sections · unchecked only" if self.unchecked_only else "Sections"
        spot = self.session.spot  # on a checked item, the filter goes on to the next shown
        self._show_section(spot.section, row=spot.row)
        self.notify(
            "Showing only unchecked items (f shows all)."
            if self.unchecked_only
            else "Showing every item.",
            markup=False,
        )

    def on_item_list_toggled(self, event: ItemList.Toggled) -> None:
        # The list may have moved on to another section (or briefing) since the click.
        sections = self.session.briefing.sections
        index = next((n for n, s in enumerate(sections) if s is event.section), None)
        if self.session.is_checked(event.item.id) != event.checked:
            self._toggle(event.item, index)

    def _toggle(self, item: Item, section: int | None) -> None:
        session = self.session
        was_complete = session.complete
        checked = session.toggle(item, section)
        self.changed()
        if section is not None:
            self.query_one(SectionList).set_count(section, session.count(section))
        self._show_progress()
        items = self.query_one(ItemList)
        if self.unchecked_only and checked:  # it leaves the list; the next one takes its place
            self._show_section(session.spot.section, row=session.spot.row)
        elif checked and self.advance_after_check:
            items.refresh_item(item.id)
            items.action_cursor_down()  # the user's setting: on to the next item
        else:
            items.refresh_item(item.id)
            if items.highlighted_item is item:
                self.query_one(DetailPane).show_checked(checked)
        self.report_completion(was_complete)

    @needs_whole_briefing
    def action_reset_section(self) -> None:
        section = self.session.section()
        question = Content.assemble(
            "Uncheck every item in ", literal_line(section.title, "bold"), "?"
        )
        self._confirm_reset([item.id for item in section.items], question)

    @needs_whole_briefing
    def action_reset_all(self) -> None:
        item_ids = [item.id for s in self.session.briefing.sections for item in s.items]
        self._confirm_reset(item_ids, Content("Uncheck every item in the whole briefing?"))

    def _confirm_reset(self, item_ids: list[str], question: Content) -> None:
        checked = sum(1 for item_id in item_ids if self.session.is_checked(item_id))
        if not checked:
            self.notify("Nothing is checked there.", markup=False)
            return
        question = Content.assemble(
            question, f"\n{checked} checked item(s); you can undo this with u."
        )

        def reset(confirmed: bool | None) -> None:
            if confirmed and self.session.reset(item_ids):
                self.changed()
                self.show_everything()

        from briefing_tui.screens.confirm import ConfirmScreen  # (as HelpScreen)

        self.app.push_screen(ConfirmScreen(question, yes="Reset"), callback=reset)

    # ------------------------------------------------------------------ showing

    def _section_highlighted(self, index: int | None) -> None:
        if index is not None and index != self.session.spot.section:
            self._show_section(index)
        if index is not None and self.query_one(SectionList).has_focus:
            self._show_section_summary()

    def on_section_list_chosen(self) -> None:
        self.query_one(ItemList).focus()

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        # The detail pane says what the focused list is about: a section, or an item.
        if isinstance(event.widget, SectionList):
            self._show_section_summary()
        elif isinstance(event.widget, ItemList):
            self._item_highlighted(event.widget.highlighted_item)

    def _show_section_summary(self) -> None:
        spot = self.session.spot
        self.query_one(DetailPane).show_section(
            self.session.section(), self.session.count(spot.section)
        )

    def _show_section(self, index: int, row: int = 0) -> None:
        self.session.move_to(index, row)
        items = self.query_one(ItemList)
        # Filling the list highlights the row, which shows its item in the detail (the
        # list's `on_highlight`).
        session = self.session
        section = session.briefing.sections[index]
        items.show_section(
            section,
            session.is_checked,
            session.has_note,
            row=row,
            unchecked_only=self.unchecked_only,
        )

    def _item_highlighted(self, item: Item | None) -> None:
        session = self.session
        row = self.query_one(ItemList).highlighted_section_row()
        if row is not None:
            session.move_to(session.spot.section, row)
        if self.query_one(SectionList).has_focus:
            return  # the detail shows the section
        source = session.briefing.source(item.source) if item is not None else None
        checked = item is not None and session.is_checked(item.id)
        note = session.note(item.id) if item is not None else ""
        self.query_one(DetailPane).show_item(item, source, checked, note)
        if hasattr(self, "_ahead"):
            self._ahead.schedule(session.briefing, session.spot.section)

    def _show_progress(self) -> None:
        self.query_one(ProgressSummary).show(self.session)

    def show_keys_waiting(self, waiting: bool) -> None:
        summary = self.query_one(ProgressSummary)
        if summary.keys_waiting != waiting:
            summary.keys_waiting = waiting
            summary.refresh()

    def show_spot(self) -> None:
        item = self.session.item
        if self.unchecked_only and item is not None and self.session.is_checked(item.id):
            self.action_filter()  # going to a checked item: show every item again
            return
        spot = self.session.spot
        self.query_one(SectionList).highlighted = spot.section
        self._show_section(spot.section, row=spot.row)

    def show_everything(self) -> None:
        sections = self.query_one(SectionList)
        sections.partial = self.session.partial
        if sections.sections is not self.session.briefing.sections:  # a new version of the file
            self.query_one(TitleBar).show(self.session.briefing.title, self.session.run)
            sections.set_sections(self.session.briefing.sections, self.session.counts)
            self.show_spot()
        for index, count in enumerate(self.session.counts):
            sections.set_count(index, count)
        items = self.query_one(ItemList)
        items.refresh()  # every row is drawn again from the session
        self._show_progress()
        if sections.has_focus:
            self._show_section_summary()
        else:
            self._item_highlighted(items.highlighted_item)


def section_keys(count: int) -> str:
    """The section keys a briefing of `count` sections has, as the footer shows them: `1`,
    `1-4`, `1-9`, `1-9,0`."""
    return "1" if count <= 1 else f"1-{min(count, 9)}" + (",0" if count >= 10 else "")
