"""The list of sections, each with its key and its progress::

    1 3/15  To-do list
    2 0/9   Extended-deterrence components

The key and the count are drawn in a gutter by `render_line`, not in the option's prompt:
replacing a prompt makes the list measure every option again, on every toggle.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from briefing_tui.model import Section
from briefing_tui.widgets._literal import literal_line


class SectionList(OptionList):
    """One line per section. Highlighting a section posts `OptionHighlighted` (the app listens)."""

    COMPONENT_CLASSES = {"section-list--key", "section-list--count", "section-list--done"}
    BINDINGS = [
        ("j", "cursor_down", "Down"),
        ("k", "cursor_up", "Up"),
    ]

    def __init__(self, sections: list[Section], counts: list[int], **kwargs: object) -> None:
        super().__init__(markup=False, **kwargs)  # type: ignore[arg-type]
        self.border_title = "Sections"
        self.set_sections(sections, counts)

    def set_sections(self, sections: list[Section], counts: list[int]) -> None:
        """Show a list of sections and how many items of each are checked."""
        self._sections = sections
        self._counts = list(counts)
        widest = max((len(s.items) for s in sections), default=0)
        # "1 " + "15/15" + "  ": room for the largest count, so the titles line up.
        self._gutter = 2 + 2 * len(str(widest)) + 1 + 2
        self.set_options(Option(literal_line(s.title, limit=120)) for s in sections)

    def set_count(self, index: int, checked: int) -> None:
        """Show a section's new progress: repaint its first line only."""
        if self._counts[index] != checked:
            self._counts[index] = checked
            self.refresh_line(self._index_to_line[index])

    def _get_left_gutter_width(self) -> int:
        return self._gutter

    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        _, scroll_y = self.scroll_offset
        lines = self._lines
        if not 0 <= scroll_y + y < len(lines):
            return line
        index, line_no = lines[scroll_y + y]
        base = (next(iter(line)).style if line.cell_length else self.rich_style) or Style()
        meta = Style(meta={"option": index})
        if line_no:
            gutter = [Segment(" " * self._gutter, base + meta)]
        else:
            total = len(self._sections[index].items)
            checked = self._counts[index]
            count_style = "section-list--done" if checked == total else "section-list--count"
            key = f"{index + 1}" if index < 9 else " "
            count = f"{checked}/{total}"
            gutter = [
                Segment(f"{key} ", base + self._style("section-list--key") + meta),
                Segment(count, base + self._style(count_style) + meta),
                Segment(" " * (self._gutter - 2 - len(count)), base + meta),
            ]
        return Strip([*gutter, *line], line.cell_length + self._gutter)

    def _style(self, component: str) -> Style:
        return self.get_component_rich_style(component, partial=True)
