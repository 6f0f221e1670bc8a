"""A focusable list of rows with a highlight, drawn on Textual's Line API.

The item list and the section list are both this. Nothing is made per row in advance: a row
is drawn when its line is on screen, so filling a list is O(1) whatever its length, and
moving the highlight or changing a row repaints only that row's lines. (Textual's
`OptionList` builds an option per row and measures each one; filling it with 25,000 items
took ~40 ms, and every highlight move repainted the whole list.)

The list draws its own scrollbar, where Textual draws it, as part of each line: it looks and
works like Textual's (drag the thumb, click above or below it, the wheel), but costs nothing
extra when the list scrolls, since every line is drawn again then anyway. Textual's scrollbar
is a widget of its own that repaints all its lines whenever the thumb moves: on a jump to
the end of a long list, that doubled the lines drawn and took about half the frame.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Region
from textual.scroll_view import ScrollView
from textual.strip import Strip

from briefing_tui.widgets._textual_internals import set_line_count


class _Frame(NamedTuple):
    """What every line of one repaint shares, looked up once per repaint, not per line."""

    plain: Style
    cursor: Style
    hover: Style
    edges: list[list[Segment]]  # per line on screen: the scrollbar's cell, the padding
    width: int  # of a row
    top: int  # the line at the top of the list


class LineList(ScrollView, can_focus=True):
    """Rows of one or more lines; subclasses say how many rows there are and draw them."""

    # The scrollbar and the right-hand padding are drawn by the list (`_edges`).
    DEFAULT_CSS = """
    LineList {
        background: $surface;
        color: $foreground;
        padding: 0 0 0 1;
        overflow-x: hidden;
        overflow-y: hidden;
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
    # A press in a list picks a row or works the scrollbar; it never starts a text selection
    # (which, dragged, took in the whole detail pane beside the list).
    ALLOW_SELECT = False
    BINDINGS = [
        Binding("down,j", "cursor_down", "Down", show=False),
        Binding("up,k", "cursor_up", "Up", show=False),
        Binding("home,g", "first", "First", show=False, id="first"),
        Binding("end,G", "last", "Last", show=False, id="last"),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
    ]

    def __init__(
        self, on_highlight: Callable[[int | None], None] | None = None, *, id: str | None = None
    ) -> None:
        """`on_highlight` is called with the new row while the highlight moves.

        A callback rather than a message: a message reaches the screen after the list's own
        repaint has been handed over, so the list and what follows it (the detail, the items)
        would change in separate frames (~25 ms apart) on every move.
        """
        super().__init__(id=id)
        self._on_highlight = on_highlight
        self._highlighted: int | None = None
        self._hover: int | None = None
        self._frame: _Frame | None = None
        self._added_styles: dict[str, Style] = {}
        self._bar_hover = False
        self._bar_grab: tuple[int, float] | None = None  # (screen y, scroll y) at the grab
        self._pressed_on_bar = False

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

    def render_row_line(self, row: int, line: int, width: int, style: Style) -> list[Segment]:
        """Line `line` of `row`, exactly `width` cells, on `style` (plain, cursor or hover)."""
        raise NotImplementedError

    def on_row_clicked(self, row: int, x: int) -> None:
        """A click on `row` (at `x` cells into it), after it has been highlighted."""

    def set_line_count(self, lines: int) -> None:
        """How many lines the rows take in all; the list scrolls through them."""
        set_line_count(self, lines)

    @property
    def row_width(self) -> int:
        """Cells a row is drawn in: the content less the scrollbar and the padding."""
        return max(0, self.scrollable_content_region.width - 2)

    @property
    def allow_vertical_scroll(self) -> bool:
        # Textual's scrollbar is off (overflow-y: hidden), but the wheel still scrolls.
        return self.max_scroll_y > 0

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
            if row is not None:  # it may have been scrolled away (the wheel, the scrollbar)
                self._scroll_to_row(row)
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
        if offset is None or offset.x >= self.row_width:
            return None
        line = offset.y + round(self.scroll_y)
        if not 0 <= line < self.virtual_size.height:
            return None
        return self.row_at_line(line)[0]

    def _bar_part(self, event: events.MouseEvent) -> str | None:
        """The part of the scrollbar under the mouse: "scroll_up" (above the thumb),
        "grab" (the thumb) or "scroll_down"; None off the scrollbar or without one."""
        offset = event.get_content_offset(self)
        if offset is None or offset.x != self.row_width:
            return None
        bar = self._bar_segments()
        if not bar or not 0 <= offset.y < len(bar):
            return None
        style = bar[offset.y].style
        part = style.meta.get("@mouse.down") if style is not None else None
        return part if isinstance(part, str) else None

    def on_mouse_down(self, event: events.MouseDown) -> None:
        part = self._bar_part(event)
        self._pressed_on_bar = part is not None
        if part is None:
            return
        event.stop()
        height = self.scrollable_content_region.height
        if part == "grab":
            self._bar_grab = (event.screen_y, self.scroll_y)
            self.capture_mouse()
            self._refresh_bar()
        elif part == "scroll_up":
            self.scroll_to(y=self.scroll_y - height, animate=False, force=True)
        elif part == "scroll_down":
            self.scroll_to(y=self.scroll_y + height, animate=False, force=True)

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._bar_grab is not None:
            self.release_mouse()
            event.stop()

    def on_mouse_release(self, event: events.MouseRelease) -> None:
        if self._bar_grab is not None:
            self._bar_grab = None
            self._refresh_bar()

    def on_click(self, event: events.Click) -> None:
        if self._pressed_on_bar:  # a press on the scrollbar (a drag may end over a row)
            self._pressed_on_bar = False
            return
        row = self._row_under(event)
        if row is not None:
            self.highlighted = row
            offset = event.get_content_offset(self)
            self.on_row_clicked(row, offset.x if offset is not None else 0)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._bar_grab is not None:
            grab_y, grab_scroll = self._bar_grab
            height = self.scrollable_content_region.height
            if height:
                lines_per_cell = self.virtual_size.height / height
                self.scroll_to(
                    y=grab_scroll + (event.screen_y - grab_y) * lines_per_cell,
                    animate=False,
                    force=True,
                )
            return
        self._set_bar_hover(self._bar_part(event) is not None)
        self._set_hover(self._row_under(event))

    def on_leave(self, event: events.Leave) -> None:
        self._set_hover(None)
        self._set_bar_hover(False)

    def _set_hover(self, row: int | None) -> None:
        if row != self._hover:
            previous, self._hover = self._hover, row
            self.refresh_row(previous)
            self.refresh_row(row)

    def _set_bar_hover(self, hover: bool) -> None:
        if hover != self._bar_hover:
            self._bar_hover = hover
            self._refresh_bar()

    def _refresh_bar(self) -> None:
        """Repaint the scrollbar's column (its colours change on hover and while dragged)."""
        self.refresh(Region(self.row_width, 0, 1, self.scrollable_content_region.height))

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
        self._frame = self._frame_now()
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None

    def _frame_now(self) -> _Frame:
        """Plain, highlighted and hovered rows, and the right-hand edge of each line.

        Visual styles, not `rich_style` plus a component's style: the cursor's background
        is translucent and must be blended with the list's (as OptionList does).
        """
        visual_style = self.get_visual_style
        plain = visual_style().rich_style
        return _Frame(
            plain,
            visual_style("line-list--cursor").rich_style,
            visual_style("line-list--hover").rich_style,
            self._edges(plain),
            self.row_width,
            round(self.scroll_y),
        )

    def _bar_segments(self) -> list[Segment]:
        """One segment per line on screen: the scrollbar, drawn by Textual's own renderer in
        the theme's scrollbar colours; none when there is nothing to scroll."""
        height = self.scrollable_content_region.height
        lines = self.virtual_size.height
        if lines <= height or height <= 0:
            return []
        styles = self.styles
        if self._bar_grab is not None:
            back, color = styles.scrollbar_background_active, styles.scrollbar_color_active
        elif self._bar_hover:
            back, color = styles.scrollbar_background_hover, styles.scrollbar_color_hover
        else:
            back, color = styles.scrollbar_background, styles.scrollbar_color
        if back.a < 1:  # as Textual's ScrollBar blends them
            back = self.background_colors[0] + back
        color = back + color
        from textual.scrollbar import ScrollBarRender  # ~2 ms: only once a list overflows

        bar = ScrollBarRender.render_bar(
            size=height,
            virtual_size=lines,
            window_size=height,
            position=self.scroll_y,
            thickness=1,
            vertical=True,
            back_color=back.rich_color,
            bar_color=color.rich_color,
        )
        return list(bar.segments)

    def _edges(self, plain: Style) -> list[list[Segment]]:
        height = self.scrollable_content_region.height
        bar = self._bar_segments()
        if not bar:
            return [[Segment("  ", plain)]] * height
        edges: dict[Segment, list[Segment]] = {}  # the bar has a few kinds of cell, repeated
        out = []
        for cell in bar:
            edge = edges.get(cell)
            if edge is None:
                # Its clicks are handled here (`on_mouse_down`), not by the style's actions.
                style = plain + cell.style.clear_meta_and_links() if cell.style else plain
                # Where Textual puts its own: the scrollbar, then the padding.
                edge = edges[cell] = [Segment(cell.text, style), Segment(" ", plain)]
            out.append(edge)
        return out

    def render_line(self, y: int) -> Strip:
        # Per line, only what differs between lines: this runs for every line on screen.
        plain, cursor, hover, edges, width, top = self._frame or self._frame_now()
        line = top + y
        if 0 <= line < self.virtual_size.height:
            row, line_no = self.row_at_line(line)
            style = cursor if row == self._highlighted else hover if row == self._hover else plain
            segments = self.render_row_line(row, line_no, width, style)
        else:
            segments = [Segment(" " * width, plain)]
        if 0 <= y < len(edges):
            return Strip(segments + edges[y], width + 2)
        return Strip(segments, width)

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
