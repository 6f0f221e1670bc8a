"""An OptionList that draws a fixed-width gutter before each option (a checkbox, a count).

Drawing these in `render_line` rather than in the option's prompt matters: replacing a prompt
makes an OptionList measure every option again, so a toggle would cost O(options).
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widgets import OptionList


class GutterOptionList(OptionList):
    gutter_width = 0

    def render_gutter(self, index: int, line_no: int, style: Style) -> list[Segment]:
        """The gutter of option `index`'s line `line_no`, `gutter_width` cells wide."""
        raise NotImplementedError

    def _get_left_gutter_width(self) -> int:
        return self.gutter_width

    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        _, scroll_y = self.scroll_offset
        lines = self._lines
        if not 0 <= scroll_y + y < len(lines):
            return line
        index, line_no = lines[scroll_y + y]
        base = (next(iter(line)).style if line.cell_length else self.rich_style) or Style()
        base += Style(meta={"option": index})  # a click on the gutter picks the option too
        gutter = self.render_gutter(index, line_no, base)
        return Strip([*gutter, *line], line.cell_length + self.gutter_width)

    def component_style(self, component: str) -> Style:
        return self.get_component_rich_style(component, partial=True)
