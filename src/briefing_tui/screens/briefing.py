"""The main screen: sections, the active section's items, the selected item's detail.

It shows the session (`session.py`) and forwards keys to it; the session holds every check,
note, position and time. A `Syncer` keeps the session in step with the disk: saves, other
open copies' saves, and new versions of the briefing file (an invalid one is reported and the
last good one stays on screen).
"""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen

from briefing_tui.errors import Issue
from briefing_tui.model import Item
from briefing_tui.session import Session
from briefing_tui.syncing import Syncer, SyncEvents
from briefing_tui.text import first_line
from briefing_tui.widgets._literal import literal_line
from briefing_tui.widgets.detail_pane import DetailPane
from briefing_tui.widgets.item_list import ItemList
from briefing_tui.widgets.key_footer import KeyFooter
from briefing_tui.widgets.progress_summary import ProgressSummary
from briefing_tui.widgets.render_ahead import RenderAhead
from briefing_tui.widgets.section_list import SectionList
from briefing_tui.widgets.title_bar import TitleBar

MARKDOWN_FALLBACK_SECONDS = 0.5


class BriefingScreen(Screen[None]):
    # Focused before the first frame is drawn: focusing it in on_mount re-rendered both lists.
    AUTO_FOCUS = "#items"
    BINDINGS = [
        Binding("1", "show_section(0)", "Section", key_display="1-9"),
        *(Binding(str(n), f"show_section({n - 1})", show=False) for n in range(2, 10)),
        Binding("u", "undo", "Undo"),
        Binding("r", "reset_section", "Reset section", show=False),
        Binding("R", "reset_all", "Reset all", show=False),
        Binding("question_mark", "help", "Help", key_display="?"),
    ]

    def __init__(self, session: Session, path: Path | None) -> None:
        super().__init__()
        self.session = session
        self.syncer = Syncer(
            session,
            path,
            SyncEvents(
                changed=self.show_everything,
                save_failed=self._save_failed,
                reloaded=self._reloaded,
                reload_failed=self._reload_failed,
                file_gone=self._file_gone,
            ),
        )
        self._reload_error: str | None = None

    def compose(self) -> ComposeResult:
        session = self.session
        yield TitleBar(session.briefing.title)
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
        spot = self.session.spot  # where the user was when the run was last saved
        self.query_one(SectionList).highlighted = spot.section
        self._show_section(spot.section, row=spot.row)
        self._show_progress()
        self._ahead = RenderAhead(
            self.query_one(DetailPane), self.query_one(ItemList), self.session.note
        )
        for notice in self.session.notices:
            self.notify(notice, title="Progress", severity="warning", timeout=15, markup=False)
        self.call_after_refresh(self._report_orphans)  # reads every item: after the first frame
        self.syncer.start()
        # The detail's Markdown renderer loads once the footer's keys are drawn (see
        # on_key_footer_keys_shown), or after this long if the footer has nothing to draw.
        self.set_timer(MARKDOWN_FALLBACK_SECONDS, self.query_one(DetailPane).load_markdown)

    def on_key_footer_keys_shown(self) -> None:
        # The first screen is complete (lists, detail title, keys): now the slower part.
        self.query_one(DetailPane).load_markdown()
        self._ahead.schedule(self.session.briefing, self.session.spot.section)

    async def on_unmount(self) -> None:
        await self.syncer.stop()
        self.session.pause_clock()
        self.session.save_now()  # a quit right after a toggle: the write must not be lost

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

    def action_help(self) -> None:
        from briefing_tui.screens.help import HelpScreen  # not on the way to the first screen

        self.app.push_screen(HelpScreen())

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
        checked = session.toggle(item, section)
        self._changed()
        if section is not None:
            self.query_one(SectionList).set_count(section, session.count(section))
        self._show_progress()
        items = self.query_one(ItemList)
        items.refresh_item(item.id)
        if items.highlighted_item is item:
            self.query_one(DetailPane).show_checked(checked)

    def action_undo(self) -> None:
        undone = self.session.undo()
        if undone is None:
            self.notify("Nothing to undo.", markup=False)
            return
        self._changed()
        self.show_everything()
        count = len(undone.item_ids)
        what = {"check": "check", "uncheck": "uncheck", "reset": "reset", "note": "note"}
        self.notify(
            f"Undone: the {what[undone.what]} of {count} item{'s' if count != 1 else ''}.",
            markup=False,
        )

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
                self._changed()
                self.show_everything()

        from briefing_tui.screens.confirm import ConfirmScreen  # (as HelpScreen)

        self.app.push_screen(ConfirmScreen(question, yes="Reset"), callback=reset)

    def _changed(self) -> None:
        """A check or a note changed: write it as soon as it is on screen."""
        self.call_after_refresh(self.syncer.save_soon)

    # ------------------------------------------------------------------ showing

    def _section_highlighted(self, index: int | None) -> None:
        if index is not None and index != self.session.spot.section:
            self._show_section(index)

    def on_section_list_chosen(self) -> None:
        self.query_one(ItemList).focus()

    def _show_section(self, index: int, row: int = 0) -> None:
        self.session.move_to(index, row)
        items = self.query_one(ItemList)
        # Filling the list highlights its first item, which shows it in the detail
        # (the list's `on_highlight`); then the row the user was on, if another.
        items.show_section(self.session.briefing.sections[index], self.session.is_checked)
        if row:
            items.highlighted = row

    def _item_highlighted(self, item: Item | None) -> None:
        session = self.session
        row = self.query_one(ItemList).highlighted
        if row is not None:
            session.move_to(session.spot.section, row)
        source = session.briefing.source(item.source) if item is not None else None
        checked = item is not None and session.is_checked(item.id)
        note = session.note(item.id) if item is not None else ""
        self.query_one(DetailPane).show_item(item, source, checked, note)
        if hasattr(self, "_ahead"):
            self._ahead.schedule(session.briefing, session.spot.section)

    def _show_progress(self) -> None:
        self.query_one(ProgressSummary).show(self.session.checked_total, self.session.item_count)

    def show_everything(self) -> None:
        """Redraw counts, checkboxes and detail after progress or content changed."""
        sections = self.query_one(SectionList)
        for index, count in enumerate(self.session.counts):
            sections.set_count(index, count)
        items = self.query_one(ItemList)
        items.refresh()  # every row is drawn again from the session
        self._show_progress()
        self._item_highlighted(items.highlighted_item)

    def _report_orphans(self) -> None:
        orphans = self.session.orphan_count()
        if orphans:
            self.notify(
                f"{orphans} saved check(s) no longer match an item in this briefing. "
                "They are kept, and come back if the items return.",
                title="Progress",
                severity="warning",
                timeout=10,
                markup=False,
            )

    # ------------------------------------------------------------------ what the syncer says

    def _save_failed(self, message: str | None) -> None:
        if message is None:
            self.notify("Progress saved.", markup=False)
        else:
            # The change is kept in memory and retried; the user must know it is not on disk.
            self.notify(
                f"{message} Your changes are kept and saving is retried every second.",
                title="Not saved",
                severity="error",
                timeout=10,
                markup=False,
            )

    def _reloaded(self) -> None:
        session = self.session
        self._reload_error = None
        self.query_one(TitleBar).show(session.briefing.title)
        sections = self.query_one(SectionList)
        sections.set_sections(session.briefing.sections, session.counts)
        spot = session.spot
        sections.highlighted = spot.section
        self._show_section(spot.section, row=spot.row)
        self._show_progress()
        name = self.syncer.path.name if self.syncer.path else "the briefing"
        self.notify(f"Reloaded {first_line(name)}", markup=False)

    def _reload_failed(self, issues: list[Issue]) -> None:
        message = "\n".join(first_line(str(i), 300) for i in issues[:8])
        if message != self._reload_error:
            self._reload_error = message
            self.notify(
                message,
                title="Not reloaded: the new version has problems",
                severity="error",
                timeout=30,
                markup=False,
            )

    def _file_gone(self) -> None:
        self.notify(
            "The briefing file was deleted or moved. What you see stays on screen, and your "
            "progress is still saved; the briefing reloads when the file is back.",
            title="Briefing file gone",
            severity="warning",
            timeout=20,
            markup=False,
        )
