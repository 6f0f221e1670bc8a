"""Search (/): type, and every item whose title, detail or note holds the words is listed,
as you type, with its section and the words highlighted. Enter goes to the item; Esc goes
back to where you were.

The screen is made once, ahead, and kept (see `session_screen.kept_dialog`): `/` only
empties it (`start`) and shows it.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from briefing_tui.model import Briefing
from briefing_tui.screens.dialog import Dialog, show_cursor
from briefing_tui.search import Match, SearchIndex, spans
from briefing_tui.session import Spot
from briefing_tui.text import first_line


def _marked(text: str, words: tuple[str, ...], style: str = "") -> Content:
    """`text` as literal content, the words highlighted (offsets are the same: `first_line`
    keeps the length of ordinary text, and a control character is rare in a title)."""
    line = first_line(text, 300)
    content = Content.styled(line, style) if style else Content(line)
    for start, end in spans(line, words):
        content = content.stylize("bold reverse", start, end)
    return content


class SearchScreen(Dialog[Spot | None]):
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Back"),
        Binding("down", "move(1)", "Next result", show=False),
        Binding("up", "move(-1)", "Previous result", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.index: SearchIndex | None = None
        self.matches: list[Match] = []

    def start(self, briefing: Briefing, note_of: Callable[[str], str]) -> None:
        """Search `briefing` (and the notes `note_of` gives) from an empty box, as if new.
        The index is kept while the briefing and the run (`note_of`) are the same."""
        index = self.index
        if index is None or index.briefing is not briefing or index.note_of != note_of:
            self.index = SearchIndex(briefing, note_of)
        if self.is_mounted:
            box = self.query_one(Input)
            box.value = ""
            self.set_focus(box, scroll_visible=False)  # (Tab or a click may have moved it)
            show_cursor(box)
            self._search("")

    def compose(self) -> ComposeResult:
        with Vertical(id="search-box"):
            yield Input(placeholder="Search titles, details and notes", id="search-input")
            yield Static(id="search-count", markup=False)
            yield OptionList(id="search-results")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self._search(event.value)

    def _search(self, query: str) -> None:
        if self.index is None:
            return  # not started yet (made ahead)
        self.matches, count = self.index.search(query)
        results = self.query_one(OptionList)
        results.clear_options()
        results.add_options([Option(self._prompt(m)) for m in self.matches])
        if self.matches:
            results.highlighted = 0
        shown = len(self.matches)
        self.query_one("#search-count", Static).update(
            Content.styled(
                ""
                if not query.strip()
                else f"{count} item(s)"
                + (f", the first {shown} shown" if count > shown else "")
                + " · Enter goes to the highlighted one · Esc goes back",
                "$text-muted",
            )
        )

    def _prompt(self, match: Match) -> Content:
        lines = [
            Content.assemble(
                _marked(match.section, match.words, "$text-muted"),
                (" › ", "$text-muted"),
                _marked(match.title, match.words, "bold"),
            )
        ]
        if match.snippet:
            label = "note: " if match.where == "note" else ""
            lines.append(
                Content.assemble("   ", (label, "$text-muted"), _marked(match.snippet, match.words))
            )
        return Content("\n").join(lines)

    def action_move(self, step: int) -> None:
        results = self.query_one(OptionList)
        if step > 0:
            results.action_cursor_down()
        else:
            results.action_cursor_up()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        row = self.query_one(OptionList).highlighted
        if row is not None and row < len(self.matches):
            self.dismiss(self.matches[row].spot)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.matches[event.option_index].spot)
