"""The main screen: sections, the active section's items, the selected item's detail.

It reloads the briefing when its file changes on disk (an author saving in their editor),
keeping the selection and progress; an invalid new version is reported and the last good one
stays on screen.
"""

from __future__ import annotations

import contextlib
from collections import deque

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer

from briefing_tui import cache
from briefing_tui.catalog import Opened
from briefing_tui.errors import ContentError, Issue
from briefing_tui.files import signature
from briefing_tui.model import Briefing, Item
from briefing_tui.progress import ProgressError
from briefing_tui.text import first_line
from briefing_tui.widgets._literal import literal_line
from briefing_tui.widgets.detail_pane import DetailPane
from briefing_tui.widgets.item_list import ItemList
from briefing_tui.widgets.key_footer import KeyFooter
from briefing_tui.widgets.progress_summary import ProgressSummary
from briefing_tui.widgets.section_list import SectionList
from briefing_tui.widgets.title_bar import TitleBar

#: How often a failed save is retried, other instances' saves picked up, the file checked.
SYNC_SECONDS = 1.0
MARKDOWN_FALLBACK_SECONDS = 0.5
#: How long the keys must rest before the details a key may show next are rendered ahead.
RENDER_AHEAD_SECONDS = 0.2


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

    def __init__(self, opened: Opened) -> None:
        super().__init__()
        self.briefing = opened.briefing
        self.store = opened.store
        self.path = opened.path
        self.section_index = 0
        self._file_signature = signature(self.path)
        self._reload_error: str | None = None
        #: What each change replaced, newest last, so `u` can put it back (this session only).
        self._undo: list[dict[str, bool]] = []
        self._save_scheduled = False
        self._ahead_timer: Timer | None = None
        self._ahead: deque[Item] = deque()

    def compose(self) -> ComposeResult:
        self._counts = self._section_counts()
        yield TitleBar(self.briefing.title)
        with Horizontal(id="panes"):
            yield SectionList(
                self.briefing.sections,
                list(self._counts),
                on_highlight=self._section_highlighted,
                id="sections",
            )
            yield ItemList(id="items", on_highlight=self._show_detail)
            yield DetailPane(id="detail")
        yield ProgressSummary(id="progress")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(SectionList).highlighted = 0
        self._show_section(0, force=True)
        self._show_progress()
        for notice in self.store.notices:
            self.notify(notice, title="Progress", severity="warning", timeout=15, markup=False)
        self.call_after_refresh(self._report_orphans)  # reads every item: after the first frame
        self.set_interval(SYNC_SECONDS, self._sync)
        # The detail's Markdown renderer loads once the footer's keys are drawn (see
        # on_key_footer_keys_shown), or after this long if the footer has nothing to draw.
        self.set_timer(MARKDOWN_FALLBACK_SECONDS, self.query_one(DetailPane).load_markdown)

    def on_key_footer_keys_shown(self) -> None:
        # The first screen is complete (lists, detail title, keys): now the slower part.
        self.query_one(DetailPane).load_markdown()
        self._schedule_render_ahead()

    def on_unmount(self) -> None:
        # A quit right after a toggle: the write scheduled after the next frame must not be lost.
        if self.store.unsaved and not self.store.read_only:
            with contextlib.suppress(ProgressError):
                self.store.save()

    # ------------------------------------------------------------------ actions

    def action_show_section(self, index: int) -> None:
        if index >= len(self.briefing.sections):
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

    def action_undo(self) -> None:
        if not self._undo:
            self.notify("Nothing to undo.", markup=False)
            return
        previous = self._undo.pop()
        self._save(previous)
        self._show_everything()
        count = len(previous)
        self.notify(f"Undone ({count} item{'s' if count != 1 else ''}).", markup=False)

    def action_reset_section(self) -> None:
        section = self.briefing.sections[self.section_index]
        self._confirm_reset(
            [item.id for item in section.items],
            Content.assemble("Uncheck every item in ", literal_line(section.title, "bold"), "?"),
        )

    def action_reset_all(self) -> None:
        self._confirm_reset(
            [item.id for s in self.briefing.sections for item in s.items],
            Content("Uncheck every item in the whole briefing?"),
        )

    def _confirm_reset(self, item_ids: list[str], question: Content) -> None:
        checked = [item_id for item_id in item_ids if self.store.is_checked(item_id)]
        if not checked:
            self.notify("Nothing is checked there.", markup=False)
            return
        question = Content.assemble(
            question, f"\n{len(checked)} checked item(s); you can undo this with u."
        )

        def reset(confirmed: bool | None) -> None:
            if confirmed:
                self._change(dict.fromkeys(checked, False))
                self._show_everything()

        from briefing_tui.screens.confirm import ConfirmScreen  # (as HelpScreen)

        self.app.push_screen(ConfirmScreen(question, yes="Reset"), callback=reset)

    # ------------------------------------------------------------------ messages

    def _section_highlighted(self, index: int | None) -> None:
        if index is not None:
            self._show_section(index)

    def on_section_list_chosen(self) -> None:
        self.query_one(ItemList).focus()

    def on_item_list_toggled(self, event: ItemList.Toggled) -> None:
        # The list may have moved on to another section (or briefing) since the click.
        sections = self.briefing.sections
        index = next((n for n, s in enumerate(sections) if s is event.section), None)
        if index is None:  # the file was reloaded in between: look the item up (rare)
            item_id = event.item.id
            index = next(
                (n for n, s in enumerate(sections) if any(item.id == item_id for item in s.items)),
                None,
            )
        self._toggle(event.item, event.checked, index)

    def action_toggle_item(self) -> None:
        """Check or uncheck the highlighted item (Space, Enter)."""
        item = self.query_one(ItemList).highlighted_item
        if item is not None:
            self._toggle(item, not self.store.is_checked(item.id), self.section_index)

    def _toggle(self, item: Item, checked: bool, section: int | None) -> None:
        """Check or uncheck `item`, of the `section`-th section (None: not in this briefing
        any more; its check is still recorded)."""
        was_checked = self.store.is_checked(item.id)
        self._change({item.id: checked})
        if section is not None and was_checked != checked:
            self._counts[section] += 1 if checked else -1
            self.query_one(SectionList).set_count(section, self._counts[section])
        self._show_progress()
        items = self.query_one(ItemList)
        items.refresh_item(item.id)
        if items.highlighted_item is item:
            self.query_one(DetailPane).show_checked(checked)

    # ------------------------------------------------------------------ changing

    def _change(self, changes: dict[str, bool]) -> None:
        """Apply a user's change, remembering what it replaced for undo."""
        self._undo.append({item_id: self.store.is_checked(item_id) for item_id in changes})
        self._save(changes)

    def _save(self, changes: dict[str, bool]) -> None:
        """Change the state now; write it to disk as soon as the change is on screen."""
        self.store.record(changes)
        if not self._save_scheduled:
            self._save_scheduled = True
            self.call_after_refresh(self._write)

    def _write(self) -> None:
        self._save_scheduled = False
        if not self.store.unsaved:
            return
        try:
            self.store.save()
        except ProgressError as error:
            # The change is kept in memory and retried; the user must know it is not on disk.
            self.notify(str(error), title="Not saved", severity="error", timeout=10, markup=False)

    # ------------------------------------------------------------------ showing

    def _show_section(self, index: int, force: bool = False) -> None:
        if index == self.section_index and not force:
            return
        self.section_index = index
        items = self.query_one(ItemList)
        # Filling the list highlights its first item, which shows it in the detail
        # (the list's `on_highlight`).
        items.show_section(self.briefing.sections[index], self.store.is_checked)

    def _show_detail(self, item: Item | None) -> None:
        source = self.briefing.source(item.source) if item is not None else None
        checked = item is not None and self.store.is_checked(item.id)
        self.query_one(DetailPane).show_item(item, source, checked)
        self._schedule_render_ahead()

    # ------------------------------------------------------------------ rendering ahead

    def _schedule_render_ahead(self) -> None:
        """Once the keys rest, render the details the next key is likely to show.

        A detail's Markdown takes ~2-4 ms to render; done ahead, the next item, the ends of
        the list or another section's first item show without it. One item is rendered
        per turn of the event loop, so a key pressed meanwhile waits for one at most.
        """
        self._ahead.clear()
        if self._ahead_timer is not None:
            self._ahead_timer.stop()
        self._ahead_timer = self.set_timer(RENDER_AHEAD_SECONDS, self._start_render_ahead)

    def _start_render_ahead(self) -> None:
        self._ahead_timer = None
        self._ahead.extend(self._likely_next())
        self._render_ahead_step()

    def _likely_next(self) -> list[Item]:
        """The items the navigation keys lead to from here: the next and previous items, a
        page down and up, the first and last of the list, each section's first."""
        firsts = [s.items[0] for s in self.briefing.sections[:9] if s.items]
        item_list = self.query_one(ItemList)
        row = item_list.highlighted
        if row is None:
            return firsts
        items = self.briefing.sections[self.section_index].items
        page = max(1, item_list.scrollable_content_region.height - 1)
        rows = [row + 1, row - 1, row + page, row - page, 0, len(items) - 1]
        return [items[r] for r in rows if 0 <= r < len(items)] + firsts

    def _render_ahead_step(self) -> None:
        if not self._ahead:
            return
        item = self._ahead.popleft()
        self.query_one(DetailPane).render_ahead(item, self.briefing.source(item.source))
        self.call_later(self._render_ahead_step)

    def _section_counts(self) -> list[int]:
        checked = self.store.checked_ids()
        return [sum(1 for item in s.items if item.id in checked) for s in self.briefing.sections]

    def _show_progress(self) -> None:
        self.query_one(ProgressSummary).show(sum(self._counts), self.briefing.item_count())

    def _show_everything(self) -> None:
        """Redraw counts, checkboxes and detail after progress or content changed."""
        sections = self.query_one(SectionList)
        self._counts = self._section_counts()
        for index, count in enumerate(self._counts):
            sections.set_count(index, count)
        items = self.query_one(ItemList)
        items.refresh()  # every row is drawn again from the store
        self._show_progress()
        self._show_detail(items.highlighted_item)

    def _report_orphans(self) -> None:
        checked = self.store.checked_ids()
        if not checked:
            return
        orphans = checked - {item.id for s in self.briefing.sections for item in s.items}
        if orphans:
            self.notify(
                f"{len(orphans)} saved check(s) no longer match an item in this briefing. "
                "They are kept, and come back if the items return.",
                title="Progress",
                severity="warning",
                timeout=10,
                markup=False,
            )

    # ------------------------------------------------------------------ syncing

    def _sync(self) -> None:
        """Retry a failed save; pick up other instances' checks; reload a changed file."""
        if self.store.unsaved and not self.store.read_only:
            try:
                self.store.save()
                self.notify("Progress saved.", markup=False)
            except ProgressError:
                pass  # still failing: the error was shown when it first happened
        elif self.store.refresh():
            self._show_everything()
        on_disk = signature(self.path)
        if on_disk != self._file_signature:
            self._file_signature = on_disk
            self.reload()

    def reload(self) -> None:
        """Load the file again; keep showing the last good version if the new one is bad."""
        assert self.path is not None
        try:
            briefing = cache.load(self.path)
            if briefing.id != self.briefing.id:
                raise ContentError(
                    [
                        Issue(
                            str(self.path),
                            None,
                            None,
                            f"the briefing id changed from '{self.briefing.id}' "
                            f"to '{briefing.id}'; "
                            "progress is saved by id, so reopen the app to switch briefings",
                        )
                    ]
                )
        except ContentError as error:
            message = "\n".join(first_line(str(i), 300) for i in error.issues[:8])
            if message != self._reload_error:
                self._reload_error = message
                self.notify(
                    message,
                    title="Not reloaded: the file has problems",
                    severity="error",
                    timeout=30,
                    markup=False,
                )
            return
        self._reload_error = None
        self._replace_briefing(briefing)
        self.notify(f"Reloaded {first_line(self.path.name)}", markup=False)

    def _replace_briefing(self, briefing: Briefing) -> None:
        items = self.query_one(ItemList)
        current = items.highlighted_item
        section_id = self.briefing.sections[self.section_index].id
        self.briefing = briefing
        self.query_one(TitleBar).show(briefing.title)
        section_ids = [s.id for s in briefing.sections]
        index = section_ids.index(section_id) if section_id in section_ids else 0
        self._counts = self._section_counts()
        self.query_one(SectionList).set_sections(briefing.sections, list(self._counts))
        self.query_one(SectionList).highlighted = index
        self._show_section(index, force=True)
        if current is not None:
            items.highlight_item(current.id)
        self._show_progress()
