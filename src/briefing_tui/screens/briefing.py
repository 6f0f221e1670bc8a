"""The main screen: sections, the active section's items, the selected item's detail.

It shows the session and forwards keys to it (`SessionScreen`); the session holds every
check, note, position and time.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.events import DescendantFocus

from briefing_tui.model import Item
from briefing_tui.screens.session_screen import SHARED_BINDINGS, SessionScreen
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

MARKDOWN_FALLBACK_SECONDS = 0.5


class BriefingScreen(SessionScreen):
    # Focused before the first frame is drawn: focusing it in on_mount re-rendered both lists.
    AUTO_FOCUS = "#items"
    BINDINGS = [
        Binding("1", "show_section(0)", "Section", key_display="1-9"),
        *(Binding(str(n), f"show_section({n - 1})", show=False) for n in range(2, 10)),
        Binding("w", "walkthrough", "Walkthrough"),
        Binding("r", "reset_section", "Reset section", show=False),
        Binding("R", "reset_all", "Reset all", show=False),
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
                id="sections",
            )
            yield ItemList(id="items", on_highlight=self._item_highlighted)
            yield DetailPane(id="detail")
        yield ProgressSummary(id="progress")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._set_up()

    async def show_session(self, session: Session, syncer: Syncer) -> None:
        """Show another session (another run): the panes are built again for it."""
        self.session, self.syncer = session, syncer
        await self.recompose()
        self._set_up()
        self.query_one(ItemList).focus()

    def _set_up(self) -> None:
        self._ahead = RenderAhead(
            self.query_one(DetailPane), self.query_one(ItemList), self.session.note
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

    def on_screen_resume(self) -> None:
        # Back from the walkthrough, a note, a question: the session may be elsewhere now.
        self.show_spot()
        self.show_everything()

    # ------------------------------------------------------------------ actions

    def action_show_section(self, index: int) -> None:
        if index >= len(self.session.briefing.sections):
            self.app.bell()
            return
        self._show_section(index)
        self.query_one(SectionList).highlighted = index
        items = self.query_one(ItemList)
        if not items.has_focus:  # focus() repaints the whole list, even when it has it
            items.focus()

    def action_walkthrough(self) -> None:
        from briefing_tui.screens.walkthrough import WalkthroughScreen  # (as HelpScreen)

        self.app.push_screen(WalkthroughScreen(self.session, self.syncer))

    def action_toggle_item(self) -> None:
        """Check or uncheck the highlighted item (Space, Enter)."""
        item = self.query_one(ItemList).highlighted_item
        if item is not None:
            self._toggle(item, self.session.spot.section)

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
        items.refresh_item(item.id)
        if items.highlighted_item is item:
            self.query_one(DetailPane).show_checked(checked)
        self.report_completion(was_complete)

    def action_reset_section(self) -> None:
        section = self.session.section()
        question = Content.assemble(
            "Uncheck every item in ", literal_line(section.title, "bold"), "?"
        )
        self._confirm_reset([item.id for item in section.items], question)

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
        items.show_section(section, session.is_checked, session.has_note, row=row)

    def _item_highlighted(self, item: Item | None) -> None:
        session = self.session
        row = self.query_one(ItemList).highlighted
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

    def show_spot(self) -> None:
        spot = self.session.spot
        self.query_one(SectionList).highlighted = spot.section
        self._show_section(spot.section, row=spot.row)

    def show_everything(self) -> None:
        sections = self.query_one(SectionList)
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
