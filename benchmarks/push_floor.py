"""The push floor: the least a Textual app can do to open a new screen on a key.

    python benchmarks/push_floor.py      "PUSH-READY" + Footer; space -> a new screen, "PUSHED"

The floor app (../shared/bench/floor_app.py) changes one line on its key. Opening the
walkthrough (`w`) in briefing-tui pushes a new screen: its widgets are made, styled and laid
out, and every line of the terminal is drawn again. This app does only that: its key pushes
a screen holding one line of text and a footer.

Measured against the floor in the same run, it shows the share of the walkthrough's opening
that any Textual app pays to show a new screen, whatever that screen holds.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Static


class Pushed(Screen[None]):
    BINDINGS = [("escape", "app.pop_screen", "Back")]

    def compose(self) -> ComposeResult:
        yield Static("PUSHED")
        yield Footer()


class PushFloor(App[None]):
    BINDINGS = [("space", "push", "Push"), ("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Static("PUSH-READY")
        yield Footer()

    def action_push(self) -> None:
        self.push_screen(Pushed())


if __name__ == "__main__":
    PushFloor().run()
