"""The list of sections, each with its key and its progress::

    1 3/15  To-do list
    2 0/9   Extended-deterrence components

The key and the count are drawn in the gutter (see `GutterOptionList`), so a count changes
without the list measuring its options again.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.segment import Segment
from rich.style import Style
from textual.widgets.option_list import Option

from briefing_tui.model import Section
from briefing_tui.widgets._gutter import GutterOptionList
from briefing_tui.widgets._literal import literal_line


class SectionList(GutterOptionList):
    """One line per section. Highlighting a section posts `OptionHighlighted` (the app listens)."""

    COMPONENT_CLASSES = {"section-list--key", "section-list--count", "section-list--done"}
    BINDINGS = [
        ("j", "cursor_down", "Down"),
        ("k", "cursor_up", "Up"),
    ]

    def __init__(self, sections: Sequence[Section], counts: list[int], **kwargs: object) -> None:
        super().__init__(markup=False, **kwargs)  # type: ignore[arg-type]
        self.border_title = "Sections"
        self.set_sections(sections, counts)

    def set_sections(self, sections: Sequence[Section], counts: list[int]) -> None:
        """Show a list of sections and how many items of each are checked."""
        self._sections = sections
        self._counts = list(counts)
        widest = max((len(s.items) for s in sections), default=0)
        # "1 " + "15/15" + "  ": room for the largest count, so the titles line up.
        self.gutter_width = 2 + 2 * len(str(widest)) + 1 + 2
        self.set_options(Option(literal_line(s.title, limit=120)) for s in sections)

    def set_count(self, index: int, checked: int) -> None:
        """Show a section's new progress: repaint its first line only."""
        if self._counts[index] != checked:
            self._counts[index] = checked
            self.refresh_line(self._index_to_line[index])

    def render_gutter(self, index: int, line_no: int, style: Style) -> list[Segment]:
        if line_no:
            return [Segment(" " * self.gutter_width, style)]
        total = len(self._sections[index].items)
        checked = self._counts[index]
        count = f"{checked}/{total}"
        done = "section-list--done" if checked == total else "section-list--count"
        return [
            Segment(f"{index + 1} " if index < 9 else "  ",
                    style + self.component_style("section-list--key")),
            Segment(count, style + self.component_style(done)),
            Segment(" " * (self.gutter_width - 2 - len(count)), style),
        ]
