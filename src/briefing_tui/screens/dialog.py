"""What every dialog is: a modal screen over the one it was opened from, which shows through,
dimmed by the dialog's translucent background.

Textual draws that backdrop (`BackgroundScreen`) by passing the screen below through Rich's
segment pipeline and blending every segment's colours anew: ~7 ms per frame at 120×40, more
than the whole of the floor app's key, and each dialog's first frame draws it. `Backdrop`
draws the same picture from the lines the screen below has already composed, blending each
distinct style once (~2 ms).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.color import Color
from textual.css.styles import RulesMap
from textual.events import ScreenResume
from textual.screen import ModalScreen, Screen
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

from briefing_tui.widgets._textual_internals import drawn_lines, show_kept_screen

if TYPE_CHECKING:
    from textual.widgets import Input, TextArea  # (TextArea: ~11 ms to import)

ResultType = TypeVar("ResultType")

#: Distinct styles blended at most before the blends are forgotten (a theme change makes new
#: ones; a screen has a few dozen).
MAX_BLENDS = 2000


class Dialog(ModalScreen[ResultType]):
    def __init__(self) -> None:
        super().__init__()
        self._blends: dict[RichStyle | None, RichStyle] = {}
        self._blended_with: Color | None = None

    def on_screen_resume(self, event: ScreenResume) -> None:
        if self.app.is_screen_installed(self):  # kept, made and laid out ahead
            show_kept_screen(self, event)

    def render(self) -> Any:
        tint = self.styles.background
        below = self._screen_below()
        if below is None or not 0 < tint.a < 1:
            return super().render()  # opaque, clear, or not shown: Textual's own
        if tint != self._blended_with or len(self._blends) > MAX_BLENDS:
            self._blends, self._blended_with = {}, tint
        return Backdrop(below, tint, self._blends)

    def _screen_below(self) -> Screen[Any] | None:
        stack = self.app.screen_stack
        if self not in stack:
            return None
        index = stack.index(self)
        return stack[index - 1] if index else None


def show_cursor(editor: Input | TextArea) -> None:
    """Show a kept dialog's text cursor now, its blinking started afresh (as focusing it
    would): it was left mid-blink, maybe hidden, when the dialog last closed."""
    if editor.cursor_blink:
        editor.cursor_blink = False  # shown, still
        editor.cursor_blink = True


class Backdrop(Visual):
    """The screen below, its colours blended with `tint`, its links and actions removed (a
    click on the backdrop must not reach the widgets under it), as `BackgroundScreen`."""

    def __init__(
        self, below: Screen[Any], tint: Color, blends: dict[RichStyle | None, RichStyle]
    ) -> None:
        self.below = below
        self.tint = tint
        self.blends = blends

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        blends = self.blends
        blend = self._blend
        lines = []
        for line in drawn_lines(self.below):
            segments = []
            for text, line_style, control in line:
                if control:
                    segments.append(Segment(text, line_style, control))
                    continue
                blended = blends.get(line_style)
                if blended is None:
                    blended = blends[line_style] = blend(line_style)
                segments.append(Segment(text, blended))
            lines.append(Strip(segments, line.cell_length))
        return lines

    def _blend(self, style: RichStyle | None) -> RichStyle:
        style = RichStyle() if style is None else style.clear_meta_and_links()
        tint = self.tint
        color = Color.from_rich_color(style.color) + tint if style.color is not None else None
        background = (
            Color.from_rich_color(style.bgcolor) + tint if style.bgcolor is not None else None
        )
        return style + RichStyle.from_color(
            color.rich_color if color is not None else None,
            background.rich_color if background is not None else None,
        )

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return container_width

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.below.size.height
