"""The selected item: its title, its Markdown detail, and the source it comes from.

The Markdown widget (and the Markdown parser and syntax highlighter it imports) is mounted
just after the first frame: the lists, the title and the keys are on screen at once, and the
formatted detail follows a moment later instead of delaying everything.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from briefing_tui.model import Item, Source
from briefing_tui.text import sanitize
from briefing_tui.widgets._literal import literal_line

if TYPE_CHECKING:
    from textual.widgets import Markdown


class DetailPane(VerticalScroll):
    """Scrollable; focus it (Tab) and use the arrows or Page Up/Down to read a long detail."""

    BORDER_TITLE = "Detail"
    BINDINGS = [
        ("j", "scroll_down", "Down"),
        ("k", "scroll_up", "Up"),
    ]

    _shown: Item | None = None
    _body: Markdown | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="detail-title", markup=False)
        yield Static(id="detail-status", markup=False)
        yield Static(id="detail-source", markup=False)

    def on_mount(self) -> None:
        self.call_after_refresh(self._mount_body)

    async def _mount_body(self) -> None:
        if not self.is_attached:
            return  # the app is closing already (a quit right at start-up)
        from textual.widgets import Markdown

        # Links are never opened on a click: the screen decides what a link may do.
        self._body = Markdown(id="detail-body", open_links=False)
        await self.mount(self._body, before="#detail-source")
        if self._shown is not None:
            await self._body.update(sanitize(self._shown.detail))

    def show_checked(self, checked: bool) -> None:
        """Update the checkbox line only (a toggle does not change the detail)."""
        self.query_one("#detail-status", Static).update(
            Content.styled("[x] checked", "$success") if checked
            else Content.styled("[ ] not checked yet", "$text-muted"),
            layout=False,  # always one line: nothing else moves
        )

    def show_item(self, item: Item | None, source: Source | None, checked: bool) -> None:
        self.show_checked(checked)
        if item is self._shown and item is not None:
            return  # same item: keep the rendered Markdown and the scroll position
        self._shown = item
        title = self.query_one("#detail-title", Static)
        origin = self.query_one("#detail-source", Static)
        title.update(literal_line(item.title, "bold") if item else "")
        if self._body is not None:
            self._body.update(sanitize(item.detail) if item else "")
        if item is not None and source is not None:
            origin.update(Content.assemble(
                ("Source: ", "bold"), literal_line(source.title), " — ",
                literal_line(source.file, "italic"),
            ))
        else:
            origin.update("")
        self.scroll_home(animate=False)
