"""The selected item: its title, whether it is checked, its Markdown detail, its source.

Drawn on Textual's Line API: the item is rendered to lines once, at the pane's width, and
the pane shows them. Showing another item changes what the lines are, never the layout of
the screen. (With a `Static` per part, every move changed their heights, which laid the
whole screen out again and drew two more frames after the one the user saw.) The lines of
the last few items shown, and of those the screen asks to have ready (`render_ahead`), are
kept: showing one of them again costs no rendering.

The Markdown is rendered by Rich. Links are shown as text with their address
(`hyperlinks=False`): content never emits terminal hyperlinks, and a click on a link does
nothing. The Markdown parser (~45 ms to import) loads only when the screen asks, once the
lists and the keys are on screen (`load_markdown`); until then the detail is not shown.

Text in the pane can be selected with the mouse and copied, as in any Textual text widget.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import TYPE_CHECKING

from rich.console import RenderableType
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Region
from textual.scroll_view import ScrollView
from textual.selection import Selection
from textual.strip import Strip

from briefing_tui.model import Item, Section, Source
from briefing_tui.text import first_line, sanitize
from briefing_tui.widgets._textual_internals import set_line_count

if TYPE_CHECKING:
    from rich.markdown import Markdown

#: How many items' rendered lines are kept: the ~15 a key may show next (see the screen's
#: `_likely_next`) and a few just seen. Each costs ~40 KB (a Strip per line).
RENDERED_KEPT = 24


class DetailPane(ScrollView, can_focus=True):
    """Scrollable; focus it (Tab) and use the arrows, j/k or Page Up/Down to read on."""

    DEFAULT_CSS = """
    DetailPane {
        overflow-x: hidden;
        & > .detail-pane--title { text-style: bold; }
        & > .detail-pane--checked { color: $text-success; }
        & > .detail-pane--unchecked { color: $text-muted; }
        & > .detail-pane--source { color: $text-muted; }
        & > .detail-pane--note-heading { text-style: bold; color: $text-primary; }
    }
    """
    COMPONENT_CLASSES = {
        "detail-pane--title",
        "detail-pane--checked",
        "detail-pane--unchecked",
        "detail-pane--source",
        "detail-pane--note-heading",
    }
    BORDER_TITLE = "Detail"
    # Not in the footer: the help lists them, and the footer's room is for the view's keys.
    BINDINGS = [
        Binding("j", "scroll_down", "Down", show=False),
        Binding("k", "scroll_up", "Up", show=False),
    ]

    _markdown: type[Markdown] | None = None

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._item: Item | None = None
        self._source: Source | None = None
        self._note = ""
        self._preface = ""
        self._checked = False
        #: (checked, total) when a section is shown rather than an item.
        self._counts: tuple[int, int] | None = None
        self._lines: list[Strip] = []
        self._status_line = -1
        self._rendered_for: tuple[int, Style] | None = None
        self._blank = Strip.blank(0)
        self._frame: tuple[int, Selection | None] | None = None  # while repainting
        self._styles_seen: tuple[Style, ...] | None = None  # (see `_style_key`)
        #: Items rendered before (or ahead, see `render_ahead`), newest last.
        self._rendered: OrderedDict[tuple[object, ...], tuple[list[Strip], int]] = OrderedDict()

    # ------------------------------------------------------------------ what is shown

    def load_markdown(self) -> None:
        """Import the Markdown renderer and show the detail formatted (once)."""
        if self._markdown is not None:
            return
        from rich.markdown import Markdown

        self._markdown = Markdown
        self._render_item()

    def show_item(
        self,
        item: Item | None,
        source: Source | None,
        checked: bool,
        note: str = "",
        preface: str = "",
    ) -> None:
        """Show an item: `note` is the user's, `preface` plain text above its title."""
        same = item is self._item and self._counts is None
        if same and item is not None and (note, preface) == (self._note, self._preface):
            self.show_checked(checked)  # same item: keep the lines and the scroll position
            return
        if not same:
            self.scroll_to(y=0, animate=False, force=True)
        self._item, self._source, self._checked = item, source, checked
        self._note, self._preface, self._counts = note, preface, None
        self._render_item()

    def show_section(self, section: Section, checked: int) -> None:
        """Show a section: its title, how much of it is checked, its summary."""
        counts = (checked, len(section.items))
        if self._item is not None and self._item.id == f"\0{section.id}" and self._counts == counts:
            return
        self.scroll_to(y=0, animate=False, force=True)
        summary = section.summary.strip() or "This section has no summary."
        self._item = Item(f"\0{section.id}", section.title, summary, "")
        self._source, self._note, self._preface, self._counts = None, "", "", counts
        self._render_item()

    def show_checked(self, checked: bool) -> None:
        """Update the checkbox line only (a toggle does not change the detail)."""
        if checked == self._checked:
            return
        self._checked = checked
        if self._rendered_for is not None and 0 <= self._status_line < len(self._lines):
            self._lines[self._status_line] = self._render_status(
                *self._rendered_for, self._status_line
            )
            self.refresh(Region(0, self._status_line - round(self.scroll_y), self.size.width, 1))

    @property
    def text(self) -> str:
        """What the pane shows, as plain text: one line per line on screen."""
        return "\n".join(line.text.rstrip() for line in self._lines)

    # ------------------------------------------------------------------ rendering

    def _render_item(self, repaint: bool = True) -> None:
        """Render the item at the pane's current width and style (none yet: at its first
        repaint). Lines are kept finished — styled and padded — so a repaint only puts
        them on screen; only lines that held text or will are repainted."""
        shown = len(self._lines)
        width = self.scrollable_content_region.width if self.is_mounted else 0
        base = self.rich_style if self.is_mounted else Style()
        self._lines = self._detail_lines(width, base) if width > 0 else []
        self._rendered_for = (width, base)
        self._blank = Strip.blank(width, base)
        set_line_count(self, len(self._lines))
        if repaint:
            height = min(max(shown, len(self._lines)), self.scrollable_content_region.height)
            self.refresh(Region(0, 0, self.size.width, height))

    def render_ahead(
        self, item: Item, source: Source | None, note: str, preface: str = "", width: int = 0
    ) -> None:
        """Render an item a key is likely to show next, so that showing it costs nothing:
        at `width`, or the pane's (once it is laid out)."""
        width = width or self.scrollable_content_region.width
        if self.is_mounted and self._markdown is not None and width > 0:
            self._lines_for(item, source, note, preface, width, self.rich_style)

    def _detail_lines(self, width: int, base: Style) -> list[Strip]:
        item, source = self._item, self._source
        if item is None:
            self._status_line = -1
            return []
        lines, self._status_line = self._lines_for(
            item, source, self._note, self._preface, width, base
        )
        lines = list(lines)
        lines[self._status_line] = self._render_status(width, base, self._status_line)
        return lines

    def _lines_for(
        self, item: Item, source: Source | None, note: str, preface: str, width: int, base: Style
    ) -> tuple[list[Strip], int]:
        key = (
            item,
            source,
            note,
            preface,
            width,
            self._style_key(base),
            self._markdown is not None,
        )
        found = self._rendered.get(key)
        if found is None:
            found = self._render_lines(item, source, note, preface, width, base)
            self._rendered[key] = found
            if len(self._rendered) > RENDERED_KEPT:
                self._rendered.popitem(last=False)
        else:
            self._rendered.move_to_end(key)
        return found

    def _render_lines(
        self,
        item: Item,
        source: Source | None,
        note: str,
        preface: str,
        width: int,
        base: Style,
    ) -> tuple[list[Strip], int]:
        blank = Strip.blank(width, base)
        title = self.get_visual_style("detail-pane--title").rich_style
        lines = []
        if preface:
            muted = self.get_visual_style("detail-pane--source").rich_style
            lines.extend(self._lines_of(Text(sanitize(preface.strip()), style=muted), width, base))
            lines.append(blank)
        lines += self._lines_of(Text(first_line(item.title, 1000), style=title), width, base)
        lines.append(blank)
        status_line = len(lines)
        lines.append(blank)  # the checkbox: drawn when shown, as it changes
        if note:
            heading = self.get_visual_style("detail-pane--note-heading").rich_style
            lines.append(blank)
            lines.extend(self._lines_of(Text("Your note", style=heading), width, base))
            lines.extend(self._lines_of(Text(sanitize(note)), width, base))
        if self._markdown is not None and item.detail.strip():
            lines.append(blank)
            markdown = self._markdown(sanitize(item.detail), hyperlinks=False)
            lines.extend(self._lines_of(markdown, width, base))
        if source is not None:
            muted = self.get_visual_style("detail-pane--source").rich_style
            origin = Text.assemble(("Source: ", "bold"), first_line(source.describe()), style=muted)
            if source.url:
                origin.append(f"\n{first_line(source.url)}")
            lines.append(blank)
            lines.extend(self._lines_of(origin, width, base))
        # Offsets tell Textual which character is under the mouse, for selecting text;
        # applied here, once per item, rather than each time a line is drawn.
        return [line.apply_offsets(0, y) for y, line in enumerate(lines)], status_line

    def _render_status(self, width: int, base: Style, y: int) -> Strip:
        if self._counts is not None:
            done, total = self._counts
            style = self.get_visual_style("detail-pane--unchecked").rich_style
            text = f"Section: {done} of {total} checked"
            return Strip([Segment(text, style)]).crop_extend(0, width, base).apply_offsets(0, y)
        checked = self._checked
        # Visual styles: they blend translucent colours ($text-muted) as Textual's own do.
        style = self.get_visual_style(
            "detail-pane--checked" if checked else "detail-pane--unchecked"
        ).rich_style
        text = "[x] checked" if checked else "[ ] not checked yet"
        return Strip([Segment(text, style)]).crop_extend(0, width, base).apply_offsets(0, y)

    def _lines_of(self, renderable: RenderableType, width: int, base: Style) -> list[Strip]:
        console = self.app.console
        options = console.options.update(width=width, height=None, highlight=False, markup=False)
        # Simplified: neighbouring segments of one style are joined (Rich splits at every
        # word), since each segment costs its own colour codes on the terminal.
        return [
            Strip(line, width).simplify()
            for line in console.render_lines(renderable, options, style=base, pad=True)
        ]

    def _style_key(self, base: Style) -> tuple[Style, ...]:
        """What the rendered lines' look depends on: kept lines are used while it holds."""
        if self._styles_seen is None:
            self._styles_seen = tuple(
                self.get_visual_style(name).rich_style
                for name in (
                    "detail-pane--title",
                    "detail-pane--source",
                    "detail-pane--note-heading",
                )
            )
        return (base, *self._styles_seen)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        # Restyled (a theme, the focus, the screen shown again): the next repaint checks the
        # look (`_style_key`), and renders again only if it changed.
        self._rendered_for = None
        self._styles_seen = None

    def render_lines(self, crop: Region) -> list[Strip]:
        if self._rendered_for != (self.scrollable_content_region.width, self.rich_style):
            # The first frame, a resize, a new style: render the item again. Textual is
            # repainting the whole pane already.
            self._render_item(repaint=False)
        # Looked up once per repaint, not once per line.
        self._frame = (round(self.scroll_y), self.text_selection)
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None

    def render_line(self, y: int) -> Strip:
        top, selection = self._frame or (round(self.scroll_y), self.text_selection)
        index = top + y
        if not 0 <= index < len(self._lines):
            return self._blank
        line = self._lines[index]
        if selection is not None and (span := selection.get_span(index)) is not None:
            start, end = span
            length = line.cell_length
            end = length if end == -1 else min(end, length)
            before, chosen, after = line.crop(0, start), line.crop(start, end), line.crop(end)
            chosen = Strip(Segment.apply_style(chosen, post_style=self._selection_style()))
            line = Strip.join([before, chosen, after]).apply_offsets(0, index)
        return line

    # ------------------------------------------------------------------ mouse selection

    def _selection_style(self) -> Style:
        """The theme's selection colours over the pane's background, drawn over the text's
        own style. (The theme's are translucent; Rich styles are not, so blend them here.)"""
        selection = self.screen.get_component_styles("screen--selection")
        _, background = self.background_colors
        color = background + selection.color
        return Style(
            bgcolor=(background + selection.background).rich_color,
            color=color.rich_color if selection.color.a else None,
        )

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        return selection.extract(self.text), "\n"

    def selection_updated(self, selection: Selection | None) -> None:
        self.refresh()
