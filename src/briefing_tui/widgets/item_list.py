"""The active section's items, each with a checkbox.

An `OptionList` (virtualized: only visible lines are rendered) rather than a widget per item,
so a section of 10,000 items opens as fast as one of ten. The box is drawn as text, ``[x]`` or
``[ ]``, so checked items are visible without colour (and in a plain-text screen capture).

The box is drawn in the gutter (see `GutterOptionList`), not in the option's prompt, so a
toggle repaints one line instead of making the list measure every option again.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from briefing_tui.model import Item, Section
from briefing_tui.widgets._gutter import GutterOptionList
from briefing_tui.widgets._literal import literal_line


class ItemOption(Option):
    """One line of the list; it carries its item so a toggle always reaches the right one,
    even when the list has been replaced before the toggle message is handled."""

    def __init__(self, item: Item, checked: bool) -> None:
        self.item = item
        self.checked = checked
        super().__init__(None, id=item.id)  # type: ignore[arg-type]  # see `prompt`

    @property
    def prompt(self) -> Content:
        # Built when the row is first drawn: a section of 25,000 items would otherwise spend
        # a quarter of a second making prompts for rows nobody has scrolled to.
        if self._prompt is None:
            self._prompt = literal_line(self.item.title)
        assert isinstance(self._prompt, Content)
        return self._prompt


class ItemList(GutterOptionList):
    """Space or Enter run the screen's `toggle_item`; a click posts `ItemList.Toggled`."""

    COMPONENT_CLASSES = {"item-list--box", "item-list--box-checked"}
    gutter_width = 4  # "[x] "

    # Keys toggle through the screen's action, run while the key is handled, so that keys typed
    # after it (a paste, key repeat) see the new state. A click selects the option, which
    # posts `Toggled` as a message.
    BINDINGS = [
        Binding("space", "screen.toggle_item", "Toggle"),
        Binding("enter", "screen.toggle_item", "Toggle", show=False),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    class Toggled(Message):
        """The user checked or unchecked an item."""

        def __init__(self, item: Item, checked: bool) -> None:
            super().__init__()
            self.item = item
            self.checked = checked

    def __init__(
        self, on_highlight: Callable[[Item | None], None] | None = None, **kwargs: object
    ) -> None:
        """`on_highlight` is called with the newly highlighted item while the highlight moves.

        A callback rather than the `OptionHighlighted` message: the message reaches the screen
        after the list's own repaint has been handed over, so the list and the detail changed
        in separate frames (~25 ms apart) on every move.
        """
        super().__init__(markup=False, **kwargs)  # type: ignore[arg-type]
        self._on_highlight = on_highlight

    @property
    def highlighted_item(self) -> Item | None:
        option = self.highlighted_option
        return option.item if isinstance(option, ItemOption) else None

    def show_section(self, section: Section, checked: set[str]) -> None:
        """Replace the list with `section`'s items; `checked` holds the ids that are checked."""
        self.set_options(ItemOption(item, item.id in checked) for item in section.items)
        self.highlighted = 0
        self.border_title = literal_line(section.title, limit=60)

    def highlight_item(self, item_id: str) -> None:
        """Move the highlight to an item, if it is in the list."""
        with contextlib.suppress(OptionDoesNotExist):
            self.highlighted = self.get_option_index(item_id)

    def set_checked(self, item_id: str, checked: bool) -> None:
        """Show an item as checked or not, if it is in the list."""
        try:
            index = self.get_option_index(item_id)
        except OptionDoesNotExist:
            return
        option = self.get_option_at_index(index)
        assert isinstance(option, ItemOption)
        if option.checked != checked:
            option.checked = checked
            self._refresh_box(index)

    def _refresh_box(self, index: int) -> None:
        """Repaint the one line whose box changed; nothing is measured again."""
        self.refresh_line(self._index_to_line[index])

    def _update_lines(self) -> None:
        """Map options to lines without measuring them.

        OptionList renders every option once to count its lines: O(items) work each time the
        list is filled, seconds for a section of 25,000 items. Here every item is exactly one
        line (app.tcss sets `text-wrap: nowrap`), so line N is option N, and the list's height
        is known as soon as it is filled, before the first layout. (OptionList learns its
        size while drawing the first frame, which made Textual draw the list twice at
        start-up.) The virtual width stays 0: the list never scrolls sideways.
        """
        cache = self._line_cache
        start, count = len(cache.lines), len(self.options)
        if start < count:
            new = range(start, count)
            cache.lines.extend(zip(new, [0] * len(new), strict=True))
            cache.heights.update(dict.fromkeys(new, 1))
            cache.index_to_line.update(zip(new, new, strict=True))
        virtual_size = Size(0, count)
        if virtual_size != self.virtual_size:
            self.virtual_size = virtual_size
            if self.is_mounted:
                self._scroll_update(virtual_size)

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        if highlighted is not None and self._on_highlight is not None:
            self._on_highlight(self.highlighted_item)

    def render_gutter(self, index: int, line_no: int, style: Style) -> list[Segment]:
        option = self.options[index]
        assert isinstance(option, ItemOption)
        box = "item-list--box-checked" if option.checked else "item-list--box"
        text = ("[x] " if option.checked else "[ ] ") if line_no == 0 else "    "
        return [Segment(text, style + self.component_style(box))]

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        # A click "selects" an option; in a checklist that means toggle. The screen records
        # the change and shows it (`set_checked`) in one frame with the counts it changes.
        # Keys go through the screen's action directly (see BINDINGS).
        event.stop()
        option = event.option
        assert isinstance(option, ItemOption)
        self.post_message(self.Toggled(option.item, not option.checked))

