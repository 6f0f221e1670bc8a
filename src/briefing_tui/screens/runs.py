"""Runs: see a briefing's runs, switch to one, or start a new one.

Each run has its own checks, notes, position and times: rehearse on Monday, deliver on
Wednesday, and keep the record of both. Dismissed with the name of the run to open, or None.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from briefing_tui.export import when
from briefing_tui.progress.runs import RunError, RunInfo, check_name
from briefing_tui.screens.dialog import Dialog
from briefing_tui.widgets._literal import literal_line


class RunsScreen(Dialog[str | None]):
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Close"),
        Binding("down", "move(1)", "Next run", show=False),
        Binding("up", "move(-1)", "Previous run", show=False),
    ]

    def __init__(self, runs: list[RunInfo], current: str) -> None:
        super().__init__()
        self.runs = runs
        self.current = current

    def compose(self) -> ComposeResult:
        options: list[Option] = []
        for info in self.runs:
            mark = "● " if info.name == self.current else "  "
            options.append(
                Option(
                    Content.assemble(
                        mark,
                        literal_line(info.name, "bold", limit=60),
                        (
                            f"  {info.checked}/{info.total} checked · {info.notes} note(s) · "
                            f"started {when(info.started_at)} · last change "
                            f"{when(info.changed_at)}",
                            "$text-muted",
                        ),
                    ),
                    id=f"run-{len(options)}",
                )
            )
        with Vertical(id="runs-box"):
            yield Static(Content.styled("Runs of this briefing", "bold"), id="runs-title")
            yield OptionList(*options, id="runs-list")
            yield Static(
                Content.styled(
                    "↑ ↓ and Enter open a run; or type a new run's name and press Enter:",
                    "$text-muted",
                )
            )
            yield Input(placeholder="e.g. Wednesday delivery", id="runs-new")
            yield Static(
                Content.styled(
                    "Esc closes. Rename or delete runs with: briefing-tui runs BRIEFING",
                    "$text-muted",
                )
            )

    def on_mount(self) -> None:
        runs = self.query_one(OptionList)
        names = [info.name for info in self.runs]
        runs.highlighted = names.index(self.current) if self.current in names else 0
        self.query_one(Input).focus()  # typing names a new run; the arrows pick one

    def action_move(self, step: int) -> None:
        runs = self.query_one(OptionList)
        if step > 0:
            runs.action_cursor_down()
        else:
            runs.action_cursor_up()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.runs[event.option_index].name)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if not event.value.strip():  # nothing typed: the highlighted run
            row = self.query_one(OptionList).highlighted
            if row is not None:
                self.dismiss(self.runs[row].name)
            return
        try:
            name = check_name(event.value)
        except RunError as error:
            self.notify(f"{error}.", severity="error", markup=False)
            return
        self.dismiss(name)
