"""The Textual app: wiring between the panes, the keys, and the progress store."""

from __future__ import annotations

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Footer, Header, Markdown, OptionList

from briefing_tui.model import Briefing, Item
from briefing_tui.progress import ProgressError, ProgressStore
from briefing_tui.screens.help import HelpScreen
from briefing_tui.text import first_line
from briefing_tui.widgets.detail_pane import DetailPane
from briefing_tui.widgets.item_list import ItemList
from briefing_tui.widgets.progress_summary import ProgressSummary
from briefing_tui.widgets.section_list import SectionList

#: How often a failed save is tried again, and another instance's saves are picked up.
RETRY_SECONDS = 2.0


class BriefingApp(App[None]):
    """Sections on the left, the active section's items in the middle, detail on the right."""

    CSS_PATH = "app.tcss"
    TITLE = "briefing-tui"
    BINDINGS = [
        Binding("1", "show_section(0)", "Section", key_display="1-9"),
        *(Binding(str(n), f"show_section({n - 1})", show=False) for n in range(2, 10)),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, briefing: Briefing, store: ProgressStore) -> None:
        super().__init__()
        self.briefing = briefing
        self.store = store
        self.section_index = 0
        self._section_of = {
            item.id: index
            for index, section in enumerate(briefing.sections)
            for item in section.items
        }
        # App.title is shown literally by the Header, but keep escapes out of it all the same.
        self.title = first_line(briefing.title, 100)

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        with Horizontal(id="panes"):
            yield SectionList(
                self.briefing.sections,
                [self._checked_in(i) for i in range(len(self.briefing.sections))],
                id="sections",
            )
            yield ItemList(id="items")
            yield DetailPane(id="detail")
        yield ProgressSummary(id="progress")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(SectionList).highlighted = 0
        self._show_section(0)
        self.query_one(ItemList).focus()
        self._show_progress()
        for notice in self.store.notices:
            self.notify(notice, title="Progress", severity="warning", timeout=15, markup=False)
        self.set_interval(RETRY_SECONDS, self._sync_progress)

    # ------------------------------------------------------------------ actions

    def action_show_section(self, index: int) -> None:
        if index >= len(self.briefing.sections):
            self.bell()
            return
        self._show_section(index)
        self.query_one(SectionList).highlighted = index
        self.query_one(ItemList).focus()

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    # ------------------------------------------------------------------ messages

    @on(OptionList.OptionHighlighted, "#sections")
    def _section_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_section(event.option_index)

    @on(OptionList.OptionSelected, "#sections")
    def _section_selected(self, event: OptionList.OptionSelected) -> None:
        self.query_one(ItemList).focus()

    @on(OptionList.OptionHighlighted, "#items")
    def _item_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_detail(self.query_one(ItemList).highlighted_item)

    def on_item_list_toggled(self, event: ItemList.Toggled) -> None:
        try:
            self.store.set_checked(event.item.id, event.checked)
        except ProgressError as error:
            # The check is kept in memory and retried; the user must know it is not on disk.
            self.notify(str(error), title="Not saved", severity="error", timeout=10,
                        markup=False)
        section = self._section_of[event.item.id]
        self.query_one(SectionList).set_count(section, self._checked_in(section))
        self._show_progress()
        if self.query_one(ItemList).highlighted_item is event.item:
            self._show_detail(event.item)

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        # Content may hold links; never follow one (or run an action) on a click.
        self.notify(first_line(event.href, 300), title="Link (not opened)", markup=False)

    # ------------------------------------------------------------------ helpers

    def _show_section(self, index: int) -> None:
        if self.query_one(ItemList).option_count and index == self.section_index:
            return
        self.section_index = index
        items = self.query_one(ItemList)
        items.show_section(self.briefing.sections[index], self.store.checked_ids())
        self._show_detail(items.highlighted_item)

    def _show_detail(self, item: Item | None) -> None:
        source = self.briefing.source(item.source) if item is not None else None
        checked = item is not None and self.store.is_checked(item.id)
        self.query_one(DetailPane).show_item(item, source, checked)

    def _checked_in(self, index: int) -> int:
        checked = self.store.checked_ids()
        return sum(1 for item in self.briefing.sections[index].items if item.id in checked)

    def _show_progress(self) -> None:
        checked = self.store.checked_ids()
        total = self.briefing.item_count()
        done = sum(1 for s in self.briefing.sections for item in s.items if item.id in checked)
        self.query_one(ProgressSummary).show(done, total)

    def _sync_progress(self) -> None:
        """Retry a failed save; pick up checks made in another instance."""
        if self.store.unsaved and not self.store.read_only:
            try:
                self.store.save()
                self.notify("Progress saved.", severity="information", markup=False)
            except ProgressError:
                return  # still failing: the error was shown when it first happened
        elif self.store.refresh():
            checked = self.store.checked_ids()
            items = self.query_one(ItemList)
            for item in self.briefing.sections[self.section_index].items:
                items.set_checked(item.id, item.id in checked)
            sections = self.query_one(SectionList)
            for index in range(len(self.briefing.sections)):
                sections.set_count(index, self._checked_in(index))
            self._show_progress()
            self._show_detail(items.highlighted_item)
