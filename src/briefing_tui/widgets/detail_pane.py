"""The selected item: its title, its Markdown detail, and the source it comes from."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Markdown, Static

from briefing_tui.model import Item, Source
from briefing_tui.text import sanitize
from briefing_tui.widgets._literal import literal_line


class DetailPane(VerticalScroll):
    """Scrollable; focus it (Tab) and use the arrows or Page Up/Down to read a long detail."""

    BINDINGS = [
        ("j", "scroll_down", "Down"),
        ("k", "scroll_up", "Up"),
    ]

    BORDER_TITLE = "Detail"

    def compose(self) -> ComposeResult:
        yield Static(id="detail-title", markup=False)
        yield Static(id="detail-status", markup=False)
        # Links are never opened on a click: the app decides what a link may do.
        yield Markdown(id="detail-body", open_links=False)
        yield Static(id="detail-source", markup=False)

    _shown: Item | None = None

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
        body = self.query_one("#detail-body", Markdown)
        origin = self.query_one("#detail-source", Static)
        if item is None:
            title.update("")
            body.update("")
            origin.update("")
            return
        title.update(literal_line(item.title, "bold"))
        body.update(sanitize(item.detail))
        if source is not None:
            origin.update(Content.assemble(
                ("Source: ", "bold"), literal_line(source.title), " — ",
                literal_line(source.file, "italic"),
            ))
        else:
            origin.update("")
        self.scroll_home(animate=False)
