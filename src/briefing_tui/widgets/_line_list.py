"""A focusable list of rows with a highlight, drawn on Textual's Line API.

The item list and the section list are both this. Nothing is made per row in advance: a row
is drawn when its line is on screen, so filling a list is O(1) whatever its length, and
moving the highlight or changing a row repaints only that row's lines. (Textual's
`OptionList` builds an option per row and measures each one; filling it with 25,000 items
took ~40 ms, and every highlight move repainted the whole list.)
"""

from __future__ import annotations

from collections.abc import Callable

from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip


def set_line_count(view: ScrollView, lines: int) -> None:
    """Make `view` scroll through `lines` lines, without laying out the screen again.

    Assigning `virtual_size` (a reactive) lays out the whole screen. Setting it quietly and
    updating the view's own scrollbars (`_scroll_update`) is enough: a scrollbar that appears
    or goes asks for a layout itself.
    """
    size = Size(0, lines)
    if size != view.virtual_size:
        view.set_reactive(ScrollView.virtual_size, size)
        if view.is_mounted:
            view._scroll_update(size)


class LineList(ScrollView, can_focus=True):
    """Rows of one or more lines; subclasses say how many rows there are and draw them."""

    DEFAULT_CSS = """
    LineList {
        background: $surface;
        color: $foreground;
        padding: 0 1;
        overflow-x: hidden;
        &:focus { background-tint: $foreground 5%; }
        & > .line-list--cursor {
            color: $foreground;
            background: $block-cursor-blurred-background;
        }
        &:focus > .line-list--cursor {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
            text-style: $block-cursor-text-style;
        }
        & > .line-list--hover { background: $block-hover-background; }
    }
    """
    COMPONENT_CLASSES = {"line-list--cursor", "line-list--hover"}
    BINDINGS = [
        Binding("down,j", "cursor_down", "Down", show=False),
        Binding("up,k", "cursor_up", "Up", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
    ]

    def __init__(self, on_highlight: Callable[[int | None], None] | None = None,
                 *, id: str | None = None) -> None:
        """`on_highlight` is called with the new row while the highlight moves.

        A callback rather than a message: a message reaches the screen after the list's own
        repaint has been handed over, so the list and what follows it (the detail, the items)
        would change in separate frames (~25 ms apart) on every move.
        """
        super().__init__(id=id)
        self._on_highlight = on_highlight
        self._highlighted: int | None = None
        self._hover: int | None = None
        self._frame_styles: tuple[Style, Style, Style] | None = None
        self._added_styles: dict[str, Style] = {}

    # ------------------------------------------------------------------ for subclasses

    @property
    def row_count(self) -> int:
        raise NotImplementedError

    def row_at_line(self, line: int) -> tuple[int, int]:
        """The row drawn on `line` (counting from the top of the list) and its line within
        the row. Rows are one line unless a subclass says otherwise."""
        return line, 0

    def row_lines(self, row: int) -> tuple[int, int]:
        """The first line of `row` and how many lines it takes."""
        return row, 1

    def render_row_line(self, row: int, line: int, width: int, style: Style) -> Strip:
        """Line `line` of `row`, exactly `width` cells, on `style` (plain, cursor or hover)."""
        raise NotImplementedError

    def on_row_clicked(self, row: int) -> None:
        """A click on `row`, after it has been highlighted."""

    def set_line_count(self, lines: int) -> None:
        """How many lines the rows take in all; the list scrolls through them."""
        set_line_count(self, lines)

    # ------------------------------------------------------------------ the highlight

    @property
    def highlighted(self) -> int | None:
        """The highlighted row, or None when the list is empty."""
        return self._highlighted

    @highlighted.setter
    def highlighted(self, row: int | None) -> None:
        count = self.row_count
        row = None if row is None or not count else max(0, min(row, count - 1))
        previous, self._highlighted = self._highlighted, row
        if row == previous:
            return
        self.refresh_row(previous)
        self.refresh_row(row)
        if row is not None:
            self._scroll_to_row(row)
        if self._on_highlight is not None:
            self._on_highlight(row)

    def reset(self, lines: int) -> None:
        """New rows: no highlight or hover, scrolled to the top.

        Only lines that showed a row or will show one are drawn again: the blank lines below
        both stay as they are (drawing a line costs Textual ~0.1 ms whatever is on it).
        """
        shown = self.virtual_size.height - round(self.scroll_y)
        self._highlighted = self._hover = None
        self.set_line_count(lines)
        self.scroll_to(y=0, animate=False, force=True)  # repaints everything if it scrolls
        # At most a screenful: Textual marks each line of the region dirty, one by one.
        height = min(max(shown, lines), self.scrollable_content_region.height)
        self.refresh(Region(0, 0, self.size.width, height))

    def action_cursor_down(self) -> None:
        self._move(1)

    def action_cursor_up(self) -> None:
        self._move(-1)

    def action_first(self) -> None:
        self.highlighted = 0

    def action_last(self) -> None:
        self.highlighted = self.row_count - 1

    def action_page_down(self) -> None:
        self._move(max(1, self.scrollable_content_region.height - 1))

    def action_page_up(self) -> None:
        self._move(-max(1, self.scrollable_content_region.height - 1))

    def _move(self, rows: int) -> None:
        if self._highlighted is not None:
            self.highlighted = self._highlighted + rows

    def _scroll_to_row(self, row: int) -> None:
        first, count = self.row_lines(row)
        height = self.scrollable_content_region.height
        top = round(self.scroll_y)
        if first < top:
            self.scroll_to(y=first, animate=False, force=True)
        elif height and first + count > top + height:
            self.scroll_to(y=first + count - height, animate=False, force=True)

    # ------------------------------------------------------------------ mouse

    def _row_under(self, event: events.MouseEvent) -> int | None:
        offset = event.get_content_offset(self)
        if offset is None:
            return None
        line = offset.y + round(self.scroll_y)
        if not 0 <= line < self.virtual_size.height:
            return None
        return self.row_at_line(line)[0]

    def on_click(self, event: events.Click) -> None:
        row = self._row_under(event)
        if row is not None:
            self.highlighted = row
            self.on_row_clicked(row)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._set_hover(self._row_under(event))

    def on_leave(self, event: events.Leave) -> None:
        self._set_hover(None)

    def _set_hover(self, row: int | None) -> None:
        if row != self._hover:
            previous, self._hover = self._hover, row
            self.refresh_row(previous)
            self.refresh_row(row)

    # ------------------------------------------------------------------ drawing

    def refresh_row(self, row: int | None) -> None:
        """Repaint one row's lines (if it is on screen)."""
        if row is not None and 0 <= row < self.row_count:
            first, count = self.row_lines(row)
            self.refresh(Region(0, first - round(self.scroll_y), self.size.width, count))

    def visible_rows(self) -> range:
        """The rows with at least one line on screen."""
        lines = self.virtual_size.height
        if not self.row_count or not lines:
            return range(0)
        top = min(round(self.scroll_y), lines - 1)
        bottom = min(lines, top + self.scrollable_content_region.height) - 1
        return range(self.row_at_line(top)[0], self.row_at_line(max(top, bottom))[0] + 1)

    def render_lines(self, crop: Region) -> list[Strip]:
        self._frame_styles = self._styles_now()
        try:
            return super().render_lines(crop)
        finally:
            self._frame_styles = None

    def _styles_now(self) -> tuple[Style, Style, Style]:
        """Plain, highlighted and hovered rows: looked up once per repaint, not per line.

        Visual styles, not `rich_style` plus a component's style: the cursor's background
        is translucent and must be blended with the list's (as OptionList does).
        """
        visual_style = self.get_visual_style
        return (visual_style().rich_style,
                visual_style("line-list--cursor").rich_style,
                visual_style("line-list--hover").rich_style)

    def render_line(self, y: int) -> Strip:
        plain, cursor, hover = self._frame_styles or self._styles_now()
        width = self.scrollable_content_region.width
        line = round(self.scroll_y) + y
        if not 0 <= line < self.virtual_size.height:
            return Strip.blank(width, plain)
        row, line_no = self.row_at_line(line)
        style = cursor if row == self._highlighted else hover if row == self._hover else plain
        return self.render_row_line(row, line_no, width, style)

    def component_style(self, component: str) -> Style:
        """A component's colour and text style, to add to a row's (its background stays).

        From the visual style, which blends translucent colours such as `$text-muted` over
        the list's background; a Rich style cannot carry transparency, so the partial
        component style drew them at full strength (white counts on a light theme).
        """
        style = self._added_styles.get(component)
        if style is None:
            own = self.get_component_rich_style(component, partial=True)  # what it sets
            if self.get_component_styles(component).has_rule("color"):
                blended = self.get_visual_style(component).rich_style.color
                own += Style(color=blended)
            self._added_styles[component] = style = own
        return style

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._added_styles.clear()  # a new theme, or focus: look them up again
