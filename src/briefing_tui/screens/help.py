"""The help screen: every key the app answers to."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

#: Every key, in the order a new user needs them. The README's key table says the same.
KEYS: tuple[tuple[str, str], ...] = (
    ("1 … 9", "jump to that section; its item list gets the focus"),
    ("↑ ↓  j k", "move within a list (in the detail pane: scroll)"),
    ("Home End PgUp PgDn", "first / last item, a page up / down"),
    ("Space  Enter", "check or uncheck the highlighted item"),
    ("Tab  Shift+Tab", "next / previous pane: sections, items, detail"),
    ("mouse click", "pick a section; check or uncheck an item"),
    ("wheel, scrollbar", "scroll a list or the detail (drag it, or click to page)"),
    ("mouse drag  Ctrl+C", "select text in the detail pane; copy it"),
    ("u", "undo the last change (again: the one before)"),
    ("r", "reset this section: uncheck all its items (asks first)"),
    ("R", "reset the whole briefing (asks first)"),
    ("?", "show this help"),
    ("Ctrl+P", "command palette: search commands, change the theme"),
    ("Esc", "close this help"),
    ("q  Ctrl+Q", "quit (every check is already saved)"),
)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape", "dismiss", "Close"),
        Binding("question_mark", "dismiss", "Close", show=False),
        Binding("q", "dismiss", "Close", show=False),
    ]

    def compose(self) -> ComposeResult:
        width = max(len(key) for key, _ in KEYS) + 2
        lines = [Content.assemble((key.ljust(width), "bold $accent"), text) for key, text in KEYS]
        with Vertical(id="help-box"):
            yield Static(Content.styled("Keys", "bold"), id="help-title")
            yield Static(Content("\n").join(lines), id="help-keys")
            yield Static(Content.styled("Esc closes this help.", "$text-muted"))
