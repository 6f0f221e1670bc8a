"""The list of sections, each with its key and its progress::

    1 3/15   To-do list
    2 0/9    Extended-deterrence
             components

A long title wraps at spaces and hyphens under itself, never under the key and count.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from rich.cells import cell_len, chop_cells
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip

from briefing_tui.model import Section
from briefing_tui.text import first_line
from briefing_tui.widgets._line_list import LineList


def wrap_words(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` cells, broken at spaces or after a hyphen
    ("Extended-" / "deterrence"); only a word wider than a line is cut."""
    lines: list[str] = []
    line = ""
    for word, space in re.findall(r"([^\s-]*-+|[^\s-]+)(\s*)", text):
        if line and cell_len(line + word) > width:
            lines.append(line.rstrip())
            line = ""
        line += word
        while cell_len(line) > width:  # one word wider than the line
            head, *_ = chop_cells(line, width)
            lines.append(head)
            line = line[len(head) :]
        line += " " if space else ""
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines


#: Narrower than this, titles are left out and the list shows keys and counts only.
MIN_TITLE_ROOM = 6


class SectionList(LineList):
    """One row per section. Enter or a click posts `SectionList.Chosen`."""

    COMPONENT_CLASSES = {"section-list--key", "section-list--count", "section-list--done"}
    BINDINGS = [("enter", "choose", "Go to items")]

    class Chosen(Message):
        """The user picked the highlighted section (Enter or a click)."""

    def __init__(
        self,
        sections: Sequence[Section],
        counts: list[int],
        on_highlight: Callable[[int | None], None] | None = None,
        *,
        partial: bool = False,
        id: str | None = None,
    ) -> None:
        super().__init__(on_highlight, id=id)
        self.border_title = "Sections"
        #: Only the briefing's first part is known: its counts are "so far" ("0/1000…").
        self.partial = partial
        #: Each line: (section, line within its row, text); made for one width at a time.
        self._lines: list[tuple[int, int, str]] = []
        self._first_line: list[int] = []
        self._wrapped_for = -1
        self.set_sections(sections, counts)

    def set_sections(self, sections: Sequence[Section], counts: list[int]) -> None:
        """Show a list of sections and how many items of each are checked."""
        self._sections = sections
        self._counts = list(counts)
        widest = max((len(s.items) for s in sections), default=0)
        # "1 " + "15/15" + "  ": room for the largest count, so the titles line up (with
        # room for a mark after it while only the first part is known).
        self._gutter = 2 + 2 * len(str(widest)) + 1 + 2 + (1 if self.partial else 0)
        self._wrap(self.row_width if self.is_mounted else 0)
        self.reset(len(self._lines))

    @property
    def compact_width(self) -> int:
        """The width that shows keys and counts only: the border, the padding, the gutter
        without its trailing spaces, the scrollbar's column."""
        return 2 + 1 + (self._gutter - 2) + 2

    @property
    def sections(self) -> Sequence[Section]:
        """The sections shown."""
        return self._sections

    def set_count(self, index: int, checked: int) -> None:
        """Show a section's new progress: repaint its row only."""
        if self._counts[index] != checked:
            self._counts[index] = checked
            self.refresh_row(index)

    def action_choose(self) -> None:
        if self.highlighted is not None:
            self.post_message(self.Chosen())

    def on_row_clicked(self, row: int, x: int) -> None:
        self.post_message(self.Chosen())

    # ------------------------------------------------------------------ lines

    @property
    def row_count(self) -> int:
        return len(self._sections)

    def row_at_line(self, line: int) -> tuple[int, int]:
        section, line_no, _ = self._lines[line]
        return section, line_no

    def row_lines(self, row: int) -> tuple[int, int]:
        first = self._first_line[row]
        end = self._first_line[row + 1] if row + 1 < len(self._first_line) else len(self._lines)
        return first, end - first

    def _wrap(self, width: int) -> None:
        """Break the titles into lines for a list `width` cells wide (0: not laid out yet,
        one line per title)."""
        self._wrapped_for = width
        room = width - self._gutter
        self._lines, self._first_line = [], []
        for index, section in enumerate(self._sections):
            self._first_line.append(len(self._lines))
            title = first_line(section.title, 120)
            if width and room < MIN_TITLE_ROOM:
                parts = [""]  # compact: keys and counts only (the item list names the section)
            else:
                parts = wrap_words(title, room) if width else [title]
            self._lines.extend((index, n, part) for n, part in enumerate(parts))

    def render_lines(self, crop: Region) -> list[Strip]:
        width = self.row_width
        if width != self._wrapped_for:
            # Laid out at a new width (the first frame, a resize): the titles wrap again.
            self._wrap(width)
            self.set_line_count(len(self._lines))
        return super().render_lines(crop)

    def render_row_line(self, row: int, line: int, width: int, style: Style) -> list[Segment]:
        text = self._lines[self._first_line[row] + line][2]
        gutter = self._gutter
        if line:
            segments = [Segment(" " * gutter, style)]
        else:
            total = len(self._sections[row].items)
            checked = self._counts[row]
            count = f"{checked}/{total}" + ("…" if self.partial else "")
            complete = checked == total and not self.partial
            done = "section-list--done" if complete else "section-list--count"
            segments = [
                Segment(
                    f"{row + 1} " if row < 9 else "  ",
                    style + self.component_style("section-list--key"),
                ),
                Segment(count, style + self.component_style(done)),
                Segment(" " * (gutter - 2 - len(count)), style),
            ]
        segments.append(Segment(text, style))
        return list(Strip(segments).adjust_cell_length(width, style))
