"""The selected item: its title, its Markdown detail, and the source it comes from.

The detail is rendered by Rich's Markdown into a single `Static`. Textual's `Markdown` widget
mounts a widget per block, and the re-layout that causes made every move through the list
cost several frames. Links are shown as text with their address (`hyperlinks=False`): content
never emits terminal hyperlinks, and a click on a link does nothing.

The Markdown parser and syntax highlighter (~45 ms) are imported only when the screen asks,
once the lists and the keys are on screen (`load_markdown`); the formatted detail follows a
moment later.
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
    from rich.markdown import Markdown


class DetailPane(VerticalScroll):
    """Scrollable; focus it (Tab) and use the arrows or Page Up/Down to read a long detail."""

    BORDER_TITLE = "Detail"
    BINDINGS = [
        ("j", "scroll_down", "Down"),
        ("k", "scroll_up", "Up"),
    ]

    _shown: Item | None = None
    _markdown: type[Markdown] | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="detail-title", markup=False)
        yield Static(id="detail-status", markup=False)
        yield Static(id="detail-body", markup=False)
        yield Static(id="detail-source", markup=False)

    def load_markdown(self) -> None:
        """Import the Markdown renderer and show the detail formatted (once)."""
        if self._markdown is not None:
            return
        from rich.markdown import Markdown

        self._markdown = Markdown
        if self.is_attached:
            self._show_body()

    def _show_body(self) -> None:
        body = self.query_one("#detail-body", Static)
        if self._shown is None or self._markdown is None:
            body.update("")
            return
        body.update(self._markdown(sanitize(self._shown.detail), hyperlinks=False))

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
        self._show_body()
        if item is not None and source is not None:
            origin.update(Content.assemble(
                ("Source: ", "bold"), literal_line(source.title), " — ",
                literal_line(source.file, "italic"),
            ))
        else:
            origin.update("")
        self.scroll_home(animate=False)
