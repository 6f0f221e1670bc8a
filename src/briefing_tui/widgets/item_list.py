"""The active section's items, each with a checkbox.

An `OptionList` (virtualized: only visible lines are rendered) rather than a widget per item,
so a section of 10,000 items opens as fast as one of ten. The box is drawn as text, ``[x]`` or
``[ ]``, so checked items are visible without colour (and in a plain-text screen capture).
"""

from __future__ import annotations

import contextlib

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from briefing_tui.model import Item, Section
from briefing_tui.widgets._literal import literal_line


class ItemOption(Option):
    """One line of the list; it carries its item so a toggle always reaches the right one,
    even when the list has been replaced before the toggle message is handled."""

    def __init__(self, item: Item, checked: bool) -> None:
        self.item = item
        self.checked = checked
        super().__init__(self.render_prompt(), id=item.id)

    def render_prompt(self) -> Content:
        if self.checked:
            return Content.assemble(("[x] ", "bold $success"), literal_line(self.item.title, "dim"))
        return Content.assemble("[ ] ", literal_line(self.item.title))


class ItemList(OptionList):
    """Space, Enter or a click toggles the highlighted item and posts `ItemList.Toggled`."""

    BINDINGS = [
        Binding("space", "select", "Toggle"),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    class Toggled(Message):
        """The user checked or unchecked an item."""

        def __init__(self, item: Item, checked: bool) -> None:
            super().__init__()
            self.item = item
            self.checked = checked

    def __init__(self, **kwargs: object) -> None:
        super().__init__(markup=False, **kwargs)  # type: ignore[arg-type]

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
            self.replace_option_prompt_at_index(index, option.render_prompt())

    def _redraw(self, option: ItemOption) -> None:
        try:
            index = self.get_option_index(option.item.id)
        except OptionDoesNotExist:
            return  # the list shows another section now
        if self.get_option_at_index(index) is option:
            self.replace_option_prompt_at_index(index, option.render_prompt())

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        # Enter, Space and a click all "select" an option; in a checklist that means toggle.
        event.stop()
        option = event.option
        assert isinstance(option, ItemOption)
        option.checked = not option.checked
        self._redraw(option)
        self.post_message(self.Toggled(option.item, option.checked))
