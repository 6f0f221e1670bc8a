"""The help screen: every key the app answers to, in two columns that fit 80×24; it scrolls
when the window is smaller. Descriptions stay within `TEXT_WIDTH` so no row is cut there."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

#: (heading, rows of (keys, what they do)), in the order a new user needs them. The README's
#: key table says the same.
PANES: tuple[str, tuple[tuple[str, str], ...]] = (
    "In the three panes",
    (
        ("1 … 9", "open that section"),
        ("↑ ↓  j k", "move; scroll the detail"),
        ("Home End", "first / last item"),
        ("PgUp PgDn", "a page up / down"),
        ("Space Enter", "check or uncheck"),
        ("Tab S-Tab", "next / previous pane"),
        ("n  N", "next / prev. unchecked"),
        ("w", "one item at a time"),
        ("a", "a note on the item"),
        ("u", "undo; again for more"),
        ("r  R", "reset section / all"),
        ("click", "pick a section or check"),
        ("wheel drag", "scroll; select text"),
    ),
)
WALKTHROUGH: tuple[str, tuple[tuple[str, str], ...]] = (
    "In the walkthrough",
    (
        ("Space", "check it, go to next"),
        ("→ l PgDn", "next item (no check)"),
        ("← h PgUp", "previous item"),
        ("n  N", "next / prev. unchecked"),
        ("p", "pause or run the clock"),
        ("↑ ↓  j k", "scroll the detail"),
        ("a  u", "note; undo"),
        ("Esc", "back to the panes"),
    ),
)
EVERYWHERE: tuple[str, tuple[tuple[str, str], ...]] = (
    "Everywhere",
    (
        ("?", "this help (Esc closes)"),
        ("v", "the source, at the quote"),
        ("e", "write the run's report"),
        ("Ctrl+R", "runs: switch, start one"),
        ("Ctrl+P", "commands, theme"),
        ("Ctrl+C", "copy selected text"),
        ("Ctrl+Z", "suspend (fg resumes)"),
        ("q  Ctrl+Q", "quit"),
    ),
)
GROUPS = (PANES, WALKTHROUGH, EVERYWHERE)
KEY_WIDTH = 12
TEXT_WIDTH = 24


def _group(heading: str, rows: tuple[tuple[str, str], ...]) -> Content:
    lines = [Content.styled(heading, "bold underline")]
    lines += [
        Content.assemble((keys.ljust(KEY_WIDTH), "bold $accent"), text) for keys, text in rows
    ]
    return Content("\n").join(lines)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape", "dismiss", "Close"),
        Binding("question_mark", "dismiss", "Close", show=False),
        Binding("q", "dismiss", "Close", show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box") as box:
            box.border_title = "Keys"
            with Horizontal(id="help-columns"):
                yield Static(_group(*PANES), classes="help-column")
                with Vertical(classes="help-column"):
                    yield Static(_group(*WALKTHROUGH))
                    yield Static(_group(*EVERYWHERE), classes="help-later")
            yield Static(Content.styled("Esc closes this help.", "$text-muted"))
