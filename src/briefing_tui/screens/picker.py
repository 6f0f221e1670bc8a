"""Choosing a briefing when there is more than one."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from briefing_tui.catalog import Entry
from briefing_tui.widgets._literal import literal_line
from briefing_tui.widgets.key_footer import KeyFooter
from briefing_tui.widgets.title_bar import TitleBar


class EntryOption(Option):
    def __init__(self, entry: Entry, checked: int) -> None:
        self.entry = entry
        if entry.briefing is None:
            count = len(entry.error.issues) if entry.error else 0
            prompt = Content.assemble(
                literal_line(entry.path.name, "bold"),
                (f"  {count} problem(s); check it with: briefing-tui validate ", "$error"),
                literal_line(str(entry.path)),
            )
            super().__init__(prompt, disabled=True)
            return
        total = entry.briefing.item_count()
        where = "bundled" if entry.bundled else str(entry.path)
        if entry.same_id:  # two files, one progress file: say so where it is chosen
            where += f" · shares its id with {', '.join(str(p) for p in entry.same_id)}"
        prompt = Content.assemble(
            literal_line(entry.title, "bold"),
            (f"  {checked}/{total}", "$success" if checked == total else "$text-muted"),
            "\n    ",
            literal_line(f"{entry.id} · {where}", "$text-muted"),
        )
        super().__init__(prompt)


class PickerScreen(Screen[Path]):
    """Lists every briefing with its progress; Enter (or a click) opens one."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("enter", "open", "Open"),
    ]

    def __init__(self, entries: list[Entry], counts: list[int]) -> None:
        super().__init__()
        self.entries = entries
        self.counts = counts

    def compose(self) -> ComposeResult:
        yield TitleBar("briefing-tui")
        with Vertical(id="picker"):
            yield Static(Content.styled("Choose a briefing", "bold"), id="picker-title")
            yield OptionList(
                *(EntryOption(e, c) for e, c in zip(self.entries, self.counts, strict=True)),
                id="briefings",
                markup=False,
            )
            yield Static(
                Content.styled(
                    "↑↓ or j k to move · Enter or a click opens · q quits", "$text-muted"
                ),
                id="picker-hint",
            )
        yield KeyFooter()

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0  # the default briefing, listed first
        options.focus()

    def action_cursor_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def action_open(self) -> None:
        self.query_one(OptionList).action_select()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        assert isinstance(event.option, EntryOption)
        self.dismiss(event.option.entry.path)
