"""What every dialog is: a modal screen over the one it was opened from, which shows through,
dimmed by the dialog's translucent background.

Textual draws that backdrop (`BackgroundScreen`) by passing the screen below through Rich's
segment pipeline, blending every segment's colours anew, then styling each of the lines: ~7
ms per frame at 120×40, more than the whole of the floor app's key, and each dialog's first
frame draws it. `Dialog` draws the same picture from the lines the screen below has already
composed, blending each distinct style once (~2 ms), and keeps it while the screens it shows
through have not changed (`CountsChanges`): a kept dialog opened again over an unchanged
screen draws only itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar
from weakref import ref

from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.events import ScreenResume
from textual.filter import ANSIToTruecolor
from textual.screen import ModalScreen, Screen
from textual.strip import Strip

from briefing_tui.widgets._textual_internals import CountsChanges, drawn_lines, show_kept_screen

if TYPE_CHECKING:
    from textual.geometry import Region
    from textual.widgets import Input, TextArea  # (TextArea: ~11 ms to import)

ResultType = TypeVar("ResultType")

#: Distinct styles blended at most before the blends are forgotten (a theme change makes new
#: ones; a screen has a few dozen).
MAX_BLENDS = 2000


class Dialog(CountsChanges, ModalScreen[ResultType]):
    def __init__(self) -> None:
        super().__init__()
        self._blends: dict[Style | None, Style] = {}
        self._blended_with: Color | None = None
        #: The screens below, dimmed, as last drawn, and what they were then (`_looks`).
        self._backdrop: list[Strip] = []
        self._backdrop_looks: tuple[object, ...] = ()

    #: Whether a kept dialog is laid out at each showing; False for one that asks for a
    #: layout itself whenever the size of one of its widgets may change (`show_kept_screen`).
    LAID_OUT_AT_EACH_SHOWING = True

    def on_screen_resume(self, event: ScreenResume) -> None:
        if self.app.is_screen_installed(self):  # kept, made and laid out ahead
            show_kept_screen(self, event, layout=self.LAID_OUT_AT_EACH_SHOWING)

    def render_lines(self, crop: Region) -> list[Strip]:
        tint = self.styles.background
        below = self._screens_below()
        if not below or not 0 < tint.a < 1:
            return super().render_lines(crop)  # opaque, clear, or not shown: Textual's own
        looks = self._looks(below, tint)
        if looks != self._backdrop_looks:
            self._backdrop = self._dim(drawn_lines(below[0]), tint)
            self._backdrop_looks = looks
        background = self.background_colors[1]
        # (The lines below were filtered as they were drawn; blended, they are truecolor,
        # which the ANSI filter leaves as they are. Others, such as NO_COLOR's, still apply.)
        filters = [f for f in self.get_line_filters() if not isinstance(f, ANSIToTruecolor)]
        # Every line asked for, as wide as asked, even beyond the backdrop: a line missing
        # from a frame ended the app (seen once, resizing with a dialog open).
        blank = Style.from_color(bgcolor=tint.rich_color)
        rows = self._backdrop[crop.y : crop.bottom]
        rows += [Strip.blank(crop.right, blank)] * (crop.height - len(rows))
        lines = []
        for line in rows:
            line = line.crop_extend(crop.x, crop.right, blank)
            for line_filter in filters:
                line = line.apply_filter(line_filter, background)
            lines.append(line)
        return lines

    def _screens_below(self) -> list[Screen[Any]]:
        """The screens it shows through, nearest first: the one it is over, and those that
        one shows through. Drawn ahead (not shown), those it will open over: its colours are
        blended then, not on the way to the dialog's first frame."""
        stack = self.app.screen_stack
        below = stack[: stack.index(self)] if self in stack else stack
        through = []
        for screen in reversed(below):
            through.append(screen)
            if not isinstance(screen, Dialog):
                break
        return through

    def _looks(self, below: list[Screen[Any]], tint: Color) -> tuple[object, ...]:
        """What the backdrop shows: equal while the dialog's size and tint and the screens
        below and their changes are; never equal for a screen that does not count them."""
        looks: list[object] = [self.size, tint]
        for screen in below:
            looks += [
                ref(screen),
                screen.changes if isinstance(screen, CountsChanges) else object(),
            ]
        return tuple(looks)

    def _dim(self, lines: list[Strip], tint: Color) -> list[Strip]:
        """`lines` with their colours blended with `tint`, their links and actions removed (a
        click on the backdrop must not reach what is under it), as `BackgroundScreen`."""
        if tint != self._blended_with or len(self._blends) > MAX_BLENDS:
            self._blends, self._blended_with = {}, tint
        blends = self._blends
        # The screen below may not have its new size yet (Textual resizes the screen shown
        # first): its lines are cut or filled to the dialog's.
        width, height = self.size
        blank = Strip.blank(width, Style.from_color(bgcolor=tint.rich_color))
        dimmed = []
        for line in lines[:height]:
            if line.cell_length != width:
                line = line.crop_extend(0, width, None)
            segments = []
            for text, style, control in line:
                if control:
                    segments.append(Segment(text, style, control))
                    continue
                blended = blends.get(style)
                if blended is None:
                    blended = blends[style] = _blend(style, tint)
                segments.append(Segment(text, blended))
            dimmed.append(Strip(segments, line.cell_length))
        dimmed.extend([blank] * (height - len(dimmed)))
        return dimmed


def _blend(style: Style | None, tint: Color) -> Style:
    style = Style() if style is None else style.clear_meta_and_links()
    color = Color.from_rich_color(style.color) + tint if style.color is not None else None
    background = Color.from_rich_color(style.bgcolor) + tint if style.bgcolor is not None else None
    return style + Style.from_color(
        color.rich_color if color is not None else None,
        background.rich_color if background is not None else None,
    )


def show_cursor(editor: Input | TextArea) -> None:
    """Show a kept dialog's text cursor now, its blinking started afresh (as focusing it
    would): it was left mid-blink, maybe hidden, when the dialog last closed."""
    if editor.cursor_blink:
        editor.cursor_blink = False  # shown, still
        editor.cursor_blink = True
