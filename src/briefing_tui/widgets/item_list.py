"""The active section's items, one line each, with a checkbox.

The list keeps the section's items as they are and draws a row only when it is on screen
(`LineList`), so a section of 25,000 items opens as fast as one of ten. The box is text,
``[x]`` or ``[ ]``, so checked items are visible without colour (and in a plain-text screen
capture). A title too long for the list ends in "…"; the detail pane shows it whole.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.content import Content
from textual.message import Message

from briefing_tui.model import Item, Section
from briefing_tui.text import first_line
from briefing_tui.widgets._line_list import LineList
from briefing_tui.widgets._literal import literal_line
from briefing_tui.widgets._textual_internals import set_border_title

#: At the end of the row of an item with a note.
NOTE_MARKER = " ✎"
#: The box at the start of a row: a click on it checks or unchecks the item.
BOX_CHECKED = "[x] "
BOX_UNCHECKED = "[ ] "


def shorten(title: str, room: int) -> str:
    """`title` cut to `room` cells with "…": after a whole word when one ends in the last
    third, so a word is cut only when it must be."""
    if room <= 1:
        return "…"[:room]
    cut = set_cell_size(title, room - 1)
    space = cut.rstrip().rfind(" ")
    if space >= (room * 2) // 3 and not title[len(cut)].isspace():
        cut = cut[:space]
    return cut.rstrip(" ,;:·-–—") + "…"


class ItemList(LineList):
    """Space or Enter run the screen's `toggle_item`; a click posts `ItemList.Toggled`."""

    COMPONENT_CLASSES = {"item-list--box", "item-list--box-checked"}

    # Keys toggle through the screen's action, run while the key is handled, so that keys typed
    # after it (a paste, key repeat) see the new state. A click posts `Toggled` as a message.
    BINDINGS = [
        Binding("space", "screen.toggle_item", "Toggle", id="toggle"),
        Binding("enter", "screen.toggle_item", "Toggle", show=False),
    ]

    class Toggled(Message):
        """The user checked or unchecked an item."""

        def __init__(self, item: Item, checked: bool, section: Section) -> None:
            super().__init__()
            self.item = item
            self.checked = checked
            self.section = section  # the section the list showed when it was clicked

    def __init__(
        self, on_highlight: Callable[[Item | None], None] | None = None, *, id: str | None = None
    ) -> None:
        """`on_highlight` is called with the newly highlighted item while the highlight moves
        (see `LineList`)."""
        super().__init__(self._highlight_moved if on_highlight else None, id=id)
        self._on_item_highlight = on_highlight
        self._section: Section | None = None
        self._items: Sequence[Item] = ()
        self._is_checked: Callable[[str], bool] = lambda item_id: False
        self._has_note: Callable[[str], bool] = lambda item_id: False

    @property
    def row_count(self) -> int:
        return len(self._items)

    @property
    def highlighted_item(self) -> Item | None:
        row = self.highlighted
        return self._items[row] if row is not None else None

    def _highlight_moved(self, row: int | None) -> None:
        if self._on_item_highlight is not None:
            self._on_item_highlight(self.highlighted_item)

    def show_section(
        self,
        section: Section,
        is_checked: Callable[[str], bool],
        has_note: Callable[[str], bool] | None = None,
        row: int = 0,
        unchecked_only: bool = False,
    ) -> None:
        """Show `section`'s items (only the unchecked ones, with `unchecked_only`),
        highlighting the one at `row` of the section (or the next shown after it);
        `is_checked` says whether an item (by id) is checked.

        The list asks `is_checked` as it draws a row instead of copying the state: after a
        change, `refresh_item` (or `refresh`) is all it takes to show it.
        """
        self._section = section
        self._is_checked = is_checked
        self._has_note = has_note or (lambda item_id: False)
        title = literal_line(section.title, limit=60)
        if unchecked_only:
            shown = [n for n, item in enumerate(section.items) if not is_checked(item.id)]
            self._items = [section.items[n] for n in shown]
            row = next((i for i, n in enumerate(shown) if n >= row), max(0, len(shown) - 1))
            title = Content.assemble(title, (" · unchecked only", "$text-muted"))
        else:
            self._items = section.items
        set_border_title(self, title)
        self.reset(len(self._items))
        self.highlighted = row

    def highlighted_section_row(self) -> int | None:
        """Where the highlighted item is in its section (the list may show only some)."""
        row = self.highlighted
        if row is None or self._section is None or self._items is self._section.items:
            return row
        return self._section.items.index(self._items[row])

    def highlight_item(self, item_id: str) -> None:
        """Move the highlight to an item, if it is in the list."""
        for row, item in enumerate(self._items):
            if item.id == item_id:
                self.highlighted = row
                return

    def refresh_item(self, item_id: str) -> None:
        """Repaint an item's row, if it is on screen (its state changed)."""
        for row in self.visible_rows():
            if self._items[row].id == item_id:
                self.refresh_row(row)
                return

    def on_row_clicked(self, row: int, x: int) -> None:
        # A click picks the item to read; only a click on its box checks it (reading must
        # not change progress). The screen records a check and shows it in one frame with
        # the counts it changes.
        if x >= len(BOX_CHECKED):
            return
        item = self._items[row]
        assert self._section is not None  # there are rows, so there is a section
        self.post_message(self.Toggled(item, not self._is_checked(item.id), self._section))

    def render_row_line(self, row: int, line: int, width: int, style: Style) -> list[Segment]:
        item = self._items[row]
        checked = self._is_checked(item.id)
        box = BOX_CHECKED if checked else BOX_UNCHECKED
        if row == self.highlighted:  # the cursor's colours: a green box on it reads poorly
            box_style = Style(bold=True) if checked else Style()
        else:
            box_style = self.component_style(
                "item-list--box-checked" if checked else "item-list--box"
            )
        title = first_line(item.title)
        marker = NOTE_MARKER if self._has_note(item.id) else ""
        room = max(0, width - len(box) - len(marker))
        length = cell_len(title)
        if length > room:
            title = shorten(title, room)
            length = cell_len(title)
        if not box_style:  # one segment: each costs its own colour codes on the terminal
            return [Segment(box[:width] + title + " " * (room - length) + marker, style)]
        return [
            Segment(box[:width], style + box_style),
            Segment(title + " " * (room - length) + marker, style),
        ]
