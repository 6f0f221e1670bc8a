"""A source's own text, scrolled to the passages the item quotes, which are highlighted.

So a reader can check what an item rests on without leaving the briefing. The text is shown
as text (sanitized, never markup), one paragraph per line of the source file.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from briefing_tui.model import Item, Source
from briefing_tui.quotes import find
from briefing_tui.screens.dialog import Dialog
from briefing_tui.text import sanitize
from briefing_tui.widgets._literal import literal_line


class SourceScreen(Dialog[None]):
    BINDINGS = [
        Binding("escape,v,q", "dismiss", "Close"),
        Binding("j", "scroll(1)", "Down", show=False),
        Binding("k", "scroll(-1)", "Up", show=False),
    ]

    def __init__(self, item: Item, source: Source, text: str) -> None:
        super().__init__()
        self.item = item
        self.source = source
        self.text = text

    def compose(self) -> ComposeResult:
        spans = [span for quote in self.item.quote if (span := find(self.text, quote))]
        with VerticalScroll(id="source-box"):
            yield Static(
                Content.assemble(
                    literal_line(self.source.describe(), "bold"),
                    ("\nQuoted by: ", "$text-muted"),
                    literal_line(self.item.title, "$text-muted"),
                    (
                        ""
                        if spans or not self.item.quote
                        else "\nThe quote was not found in this text."
                    ),
                ),
                id="source-title",
            )
            offset = 0
            for paragraph in self.text.split("\n"):
                end = offset + len(paragraph)
                marks = [(max(s, offset), min(e, end)) for s, e in spans if s < end and e > offset]
                yield Static(
                    _highlighted(paragraph, offset, marks), classes="quoted" if marks else ""
                )
                offset = end + 1

    def on_mount(self) -> None:
        box = self.query_one("#source-box", VerticalScroll)
        box.focus()
        quoted = self.query(".quoted")
        if quoted:
            self.call_after_refresh(box.scroll_to_widget, quoted.first(), top=True, animate=False)

    def action_scroll(self, lines: int) -> None:
        self.query_one("#source-box", VerticalScroll).scroll_relative(y=lines, animate=False)


def _highlighted(paragraph: str, offset: int, marks: list[tuple[int, int]]) -> Content:
    """A paragraph (starting at `offset` in the source) with the quoted spans highlighted;
    each piece sanitized on its own, so a control character cannot shift a highlight."""
    pieces: list[Content | tuple[str, str]] = []
    at = 0
    for start, stop in marks:
        pieces.append(Content(sanitize(paragraph[at : start - offset])))
        pieces.append((sanitize(paragraph[start - offset : stop - offset]), "reverse bold"))
        at = stop - offset
    pieces.append(Content(sanitize(paragraph[at:]) or " "))
    return Content.assemble(*pieces)
