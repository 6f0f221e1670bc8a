"""The list of sections, each with its progress (e.g. ``3/15``)."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from briefing_tui.model import Section
from briefing_tui.widgets._literal import literal_line


class SectionList(OptionList):
    """One line per section. Highlighting a section posts `OptionHighlighted` (the app listens)."""

    BINDINGS = [
        ("j", "cursor_down", "Down"),
        ("k", "cursor_up", "Up"),
    ]

    def __init__(self, sections: list[Section], counts: list[int], **kwargs: object) -> None:
        self._sections = sections
        super().__init__(
            *(Option(self._prompt(i, c)) for i, c in enumerate(counts)),
            markup=False, **kwargs,  # type: ignore[arg-type]
        )
        self.border_title = "Sections"

    def _prompt(self, index: int, checked: int) -> Content:
        section = self._sections[index]
        total = len(section.items)
        number = f"{index + 1} " if index < 9 else "  "
        done = "bold $success" if checked == total else "$text-muted"
        return Content.assemble(
            (number, "$accent"),
            literal_line(section.title, limit=60),
            "  ",
            (f"{checked}/{total}", done),
        )

    def set_sections(self, sections: list[Section], counts: list[int]) -> None:
        """Show a new list of sections (after the briefing was reloaded)."""
        self._sections = sections
        self.set_options(Option(self._prompt(i, c)) for i, c in enumerate(counts))

    def set_count(self, index: int, checked: int) -> None:
        """Show a section's new progress."""
        self.replace_option_prompt_at_index(index, self._prompt(index, checked))
