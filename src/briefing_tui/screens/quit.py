"""Quitting while changes cannot be saved: say how many, and where they can go."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Static

from briefing_tui.screens.dialog import Dialog
from briefing_tui.session import Session
from briefing_tui.shutdown import rescue, rescue_folders, rescue_path


class QuitScreen(Dialog[str | None]):
    """Dismissed with what to report at exit (the user quits), or None (the user stays)."""

    BINDINGS = [
        Binding("s", "copy_and_quit", "Save a copy and quit"),
        Binding("d", "discard", "Quit without saving"),
        Binding("escape", "stay", "Stay"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        session = self.session
        count = session.unsaved_count()
        copy = rescue_path(session, rescue_folders()[0])
        question = Content.assemble(
            (f"{count} change{'s are' if count != 1 else ' is'} not saved.", "bold"),
            f"\n\n{session.save_error or 'Saving failed.'}\n\n",
            "Stay, and saving is retried every second; or save a copy of the whole run to ",
            (str(copy), "bold"),
            " and quit (copy it over the progress file later); or quit without saving.",
        )
        with Vertical(id="quit-box"):
            yield Static(question, id="quit-question")
            with Horizontal(id="quit-buttons"):
                yield Button(Content("Save a copy and quit (s)"), id="copy", variant="primary")
                yield Button(Content("Quit without saving (d)"), id="discard", variant="error")
                yield Button(Content("Stay (Esc)"), id="stay")

    def on_mount(self) -> None:
        self.query_one("#stay", Button).focus()  # the safe answer is the default

    def action_copy_and_quit(self) -> None:
        self.dismiss(rescue(self.session))

    def action_discard(self) -> None:
        count = self.session.unsaved_count()
        self.dismiss(
            f"briefing-tui: quit without saving {count} change{'s' if count != 1 else ''} "
            f"({self.session.save_error})."
        )

    def action_stay(self) -> None:
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        {"copy": self.action_copy_and_quit, "discard": self.action_discard}.get(
            event.button.id or "", self.action_stay
        )()
