"""The active section's items, each with a checkbox.

An `OptionList` (virtualized: only visible lines are rendered) rather than a widget per item,
so a section of 10,000 items opens as fast as one of ten. The box is drawn as text, ``[x]`` or
``[ ]``, so checked items are visible without colour (and in a plain-text screen capture).
"""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from briefing_tui.model import Item, Section
from briefing_tui.widgets._literal import literal_line


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
        self._items: list[Item] = []
        self._checked: set[str] = set()

    @property
    def highlighted_item(self) -> Item | None:
        if self.highlighted is None or not self._items:
            return None
        return self._items[self.highlighted]

    def show_section(self, section: Section, checked: set[str]) -> None:
        """Replace the list with `section`'s items; `checked` holds the ids that are checked."""
        self._items = list(section.items)
        self._checked = {item.id for item in self._items if item.id in checked}
        self.set_options(Option(self._prompt(item)) for item in self._items)
        self.highlighted = 0

    def set_checked(self, item_id: str, checked: bool) -> None:
        """Show an item as checked or not (e.g. after another instance changed it)."""
        for index, item in enumerate(self._items):
            if item.id == item_id:
                (self._checked.add if checked else self._checked.discard)(item_id)
                self.replace_option_prompt_at_index(index, self._prompt(item))
                return

    def _prompt(self, item: Item) -> Content:
        if item.id in self._checked:
            return Content.assemble(("[x] ", "bold $success"), literal_line(item.title, "dim"))
        return Content.assemble("[ ] ", literal_line(item.title))

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        # Enter, Space and a click all "select" an option; in a checklist that means toggle.
        event.stop()
        item = self._items[event.option_index]
        checked = item.id not in self._checked
        self.set_checked(item.id, checked)
        self.post_message(self.Toggled(item, checked))
