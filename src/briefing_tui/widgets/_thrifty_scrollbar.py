"""Textual's scrollbar, repainting only the cells that change.

Textual's `ScrollBar` repaints its whole column whenever anything about it changes. The
detail pane's changes whenever another item is shown (its length changes the thumb): with a
detail longer than the pane, that was ~20 lines drawn again on every move in the item list,
as many as the detail itself, for the few cells at the thumb's ends that differ. This one
works out what it would draw and repaints only the lines that differ from what is on screen.

(The lists draw their scrollbar into their own rows instead: see `_line_list`. The detail
pane keeps a widget of its own so that a press on it never starts a text selection, which
Textual begins on a press anywhere in a widget that allows one.)
"""

from __future__ import annotations

from rich.segment import Segment
from textual.geometry import Region
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.strip import Strip


class ThriftyScrollBar(ScrollBar):
    def __init__(
        self, vertical: bool = True, name: str | None = None, *, thickness: int = 1
    ) -> None:
        super().__init__(vertical, name, thickness=thickness)
        #: The cell on screen on each line, as last painted (None: not known).
        self._on_screen: list[Segment | None] | None = None
        self._painting: list[Segment] | None = None  # the cells, during a repaint

    def _cells(self) -> list[Segment] | None:
        """What the bar draws now, one cell per line, as `ScrollBarRender` draws it
        (None: not a plain vertical bar; it is then always repainted whole)."""
        renderable = self.render()
        if not isinstance(renderable, ScrollBarRender) or not self.vertical:
            return None
        style = renderable.style
        if isinstance(style, str) or style.bgcolor is None or style.color is None:
            return None
        return list(
            renderable.render_bar(
                size=self.size.height,
                virtual_size=renderable.virtual_size,
                window_size=renderable.window_size,
                position=renderable.position,
                thickness=renderable.thickness,
                vertical=True,
                back_color=style.bgcolor,
                bar_color=style.color,
            ).segments
        )

    def render_lines(self, crop: Region) -> list[Strip]:
        self._painting = self._cells()
        try:
            return super().render_lines(crop)
        finally:
            self._painting = None

    def render_line(self, y: int) -> Strip:
        # Called only for the lines Textual draws again (the others it keeps): these are
        # the ones whose cell on screen is now the current one.
        cells = self._painting
        if cells is None:
            self._on_screen = None
        else:
            if self._on_screen is None or len(self._on_screen) != len(cells):
                self._on_screen = [None] * len(cells)
            if 0 <= y < len(cells):
                self._on_screen[y] = cells[y]
        return super().render_line(y)

    def refresh(
        self, *regions: Region, repaint: bool = True, layout: bool = False, recompose: bool = False
    ) -> ThriftyScrollBar:
        on_screen = self._on_screen
        if regions or layout or recompose or not repaint or on_screen is None:
            super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)
            return self
        cells = self._cells()
        if cells is None or len(cells) != len(on_screen):
            super().refresh()
            return self
        changed = [y for y, cell in enumerate(cells) if cell != on_screen[y]]
        if changed:
            top, bottom = changed[0], changed[-1]
            super().refresh(Region(0, top, self.size.width, bottom - top + 1))
        return self


def thrifty_vertical_scrollbar(view: ScrollView) -> ScrollBar:
    """`view`'s vertical scrollbar, made a `ThriftyScrollBar` the first time it is asked for.

    Textual makes it in `Widget.vertical_scrollbar`; this does the same with the class
    swapped. It leans on two private names, `_vertical_scrollbar` and `App._start_widget`.
    """
    bar = view._vertical_scrollbar
    if bar is None:
        bar = ThriftyScrollBar(
            vertical=True, name="vertical", thickness=view.scrollbar_size_vertical
        )
        bar.display = False
        view._vertical_scrollbar = bar
        view.app._start_widget(view, bar)
    return bar
