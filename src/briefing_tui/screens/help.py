"""The help screen: every key the app answers to, in two columns that fit 80×24; it scrolls
when the window is smaller. Descriptions stay within `TEXT_WIDTH` so no row is cut there."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from briefing_tui.screens.dialog import Dialog

#: (heading, rows of (keys, what they do)), in the order a new user needs them. The README's
#: key table says the same.
#: A row: the keys, what they do, and the id of the binding (a user may remap it: then the
#: key in force is shown).
Row = tuple[str, str] | tuple[str, str, str]

PANES: tuple[str, tuple[Row, ...]] = (
    "In the three panes",
    (
        ("1…9 0", "that section (0: 10th)"),
        ("↑ ↓  j k", "move; scroll the detail"),
        ("Home End", "first / last (g G)"),
        ("PgUp PgDn", "a page up / down"),
        ("Space Enter", "check or uncheck", "toggle"),
        ("Tab S-Tab", "next / previous pane"),
        ("n  N", "next / prev. unchecked", "next-unchecked"),
        ("w", "one item at a time", "walkthrough"),
        ("/", "search everything", "search"),
        ("f", "unchecked only, or all", "filter"),
        ("a", "a note on the item", "note"),
        ("u", "undo; again for more", "undo"),
        ("r  R", "reset section / all"),
        ("click", "pick; on a box: check it"),
        ("wheel drag", "scroll; select text"),
    ),
)
WALKTHROUGH: tuple[str, tuple[Row, ...]] = (
    "In the walkthrough",
    (
        ("Space", "check it, go to next", "check-and-next"),
        ("→ l PgDn", "next item (no check)", "next-item"),
        ("← h PgUp", "previous item", "previous-item"),
        ("n  N", "next / prev. unchecked", "next-unchecked"),
        ("p", "pause or run the clock", "pause"),
        ("↑ ↓  j k", "scroll the detail"),
        ("a  u", "note; undo"),
        ("Esc", "back to the panes", "back"),
    ),
)
EVERYWHERE: tuple[str, tuple[Row, ...]] = (
    "Everywhere",
    (
        ("?", "this help (Esc closes)", "help"),
        ("v", "the source, at the quote", "source"),
        ("e", "write the run's report", "export"),
        ("Ctrl+R", "runs: switch, start one", "runs"),
        ("Ctrl+P", "commands, theme"),
        ("Ctrl+C", "copy selected text"),
        ("Ctrl+Z", "suspend (fg resumes)"),
        ("q  Ctrl+Q", "quit", "quit"),
    ),
)
GROUPS = (PANES, WALKTHROUGH, EVERYWHERE)
KEY_WIDTH = 12
TEXT_WIDTH = 24


def rows_in_force(rows: tuple[Row, ...], keymap: dict[str, str]) -> list[tuple[str, str]]:
    """The rows with the keys in force: a remapped binding shows the user's key."""
    shown = []
    for row in rows:
        keys, text = row[0], row[1]
        if len(row) == 3 and row[2] in keymap:
            keys = keymap[row[2]].replace(",", " ")
        shown.append((keys, text))
    return shown


def _group(heading: str, rows: tuple[Row, ...], keymap: dict[str, str]) -> Content:
    lines = [Content.styled(heading, "bold underline")]
    lines += [
        Content.assemble((keys[: KEY_WIDTH - 1].ljust(KEY_WIDTH), "bold $text-primary"), text)
        for keys, text in rows_in_force(rows, keymap)
    ]
    return Content("\n").join(lines)


class HelpScreen(Dialog[None]):
    def __init__(self, keymap: dict[str, str] | None = None) -> None:
        super().__init__()
        self.keymap = keymap or {}

    BINDINGS = [
        Binding("escape", "dismiss", "Close"),
        Binding("question_mark", "dismiss", "Close", show=False),
        Binding("q", "dismiss", "Close", show=False),
    ]

    def on_resize(self) -> None:
        self.set_class(self.size.width < 78, "-one-column")

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box") as box:
            # Title and hint in the border: two lines fewer, so it fits 80x24 (and the 23
            # lines a terminal multiplexer's status line leaves).
            box.border_title = "Keys"
            box.border_subtitle = "Esc closes · ↑ ↓ scroll"
            with Horizontal(id="help-columns"):
                yield Static(_group(*PANES, self.keymap), classes="help-column")
                with Vertical(classes="help-column"):
                    yield Static(_group(*WALKTHROUGH, self.keymap))
                    yield Static(_group(*EVERYWHERE, self.keymap), classes="help-later")
