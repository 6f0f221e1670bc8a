"""The footer: the keys the screen offers now, drawn as one line by one widget.

Textual's `Footer` is a container with a widget per key (~12 here), made again every time the
screen's bindings change: each rebuild mounted, styled and laid out a dozen widgets (~14 ms),
at start-up and again at every screen opened. This footer looks the same (each key, then
what it does; the command palette's key at the right) but reads the bindings when it draws
and redraws only when the keys it shows change. A click on a key presses it, as in Textual's
footer; keys that do nothing where the focus is are dim, and a click on one rings the bell.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import ActiveBinding
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget


class ShownKey(NamedTuple):
    key: str  # what a click presses
    display: str  # how the key is written
    description: str
    enabled: bool


class KeyFooter(Widget):
    class KeysShown(Message):
        """The footer's keys are on screen for the first time."""

    ALLOW_SELECT = False
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .key-footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .key-footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .key-footer--hover { background: $block-hover-background; }
        & > .key-footer--separator { color: $foreground 20%; }
    }
    """
    COMPONENT_CLASSES = {
        "key-footer--key",
        "key-footer--description",
        "key-footer--hover",
        "key-footer--separator",
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._keys: tuple[ShownKey, ...] = ()
        self._palette: ShownKey | None = None
        self._spans: list[tuple[int, int, ShownKey]] = []  # where each key was drawn
        self._hover: ShownKey | None = None
        self._announced = False

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        keys, palette = self._read_keys(screen)
        if (keys, palette) == (self._keys, self._palette):
            return  # (a screen announces a change several times as it starts)
        self._keys, self._palette = keys, palette
        self.refresh()
        if keys and not self._announced:
            self._announced = True
            self.call_after_refresh(self.post_message, self.KeysShown())

    def _read_keys(self, screen: Screen[object]) -> tuple[tuple[ShownKey, ...], ShownKey | None]:
        """The keys to show, one per action (its first key), in the order the screen gives."""
        app = self.app
        active = screen.active_bindings
        first_per_action: dict[str, ActiveBinding] = {}
        for entry in active.values():
            if entry.binding.show:
                first_per_action.setdefault(entry.binding.action, entry)
        keys = tuple(
            ShownKey(binding.key, app.get_key_display(binding), binding.description, enabled)
            for _, binding, enabled, _ in first_per_action.values()
        )
        palette = active.get(app.COMMAND_PALETTE_BINDING) if app.ENABLE_COMMAND_PALETTE else None
        if palette is None:
            return keys, None
        binding = palette.binding
        return keys, ShownKey(
            binding.key, app.get_key_display(binding), binding.description, palette.enabled
        )

    def render(self) -> Text:
        width = self.size.width
        key_style = self.get_component_rich_style("key-footer--key")
        description_style = self.get_component_rich_style("key-footer--description")
        palette = Text()
        if self._palette is not None:
            palette = Text.assemble(
                ("▏", self.get_component_rich_style("key-footer--separator")),
                self._label(self._palette, key_style, description_style, self._hover),
            )
        room = width - palette.cell_len if palette.cell_len < width else width
        line = Text(no_wrap=True, overflow="crop", end="")
        spans: list[tuple[int, int, ShownKey]] = []
        for shown in self._keys:
            label = self._label(shown, key_style, description_style, self._hover)
            if line.cell_len + label.cell_len > room:
                break  # a key is shown whole or not at all (the help lists them all)
            spans.append((line.cell_len, line.cell_len + label.cell_len, shown))
            line.append_text(label)
        if self._palette is not None and palette.cell_len < width:
            line.pad_right(room - line.cell_len)
            spans.append((room + 1, width, self._palette))
            line.append_text(palette)
        self._spans = spans
        return line

    def _label(
        self, shown: ShownKey, key_style: Style, description_style: Style, hover: ShownKey | None
    ) -> Text:
        label = Text.assemble(
            (f" {shown.display} ", key_style),
            (f"{shown.description} " if shown.description else "", description_style),
        )
        if not shown.enabled:
            label.stylize(Style(dim=True))
        if shown == hover:
            label.stylize(self.get_component_rich_style("key-footer--hover", partial=True))
        return label

    def _key_at(self, x: int) -> ShownKey | None:
        return next((shown for start, end, shown in self._spans if start <= x < end), None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        hover = self._key_at(event.x)
        if hover != self._hover:
            self._hover = hover
            self.refresh()

    def on_leave(self) -> None:
        if self._hover is not None:
            self._hover = None
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        shown = self._key_at(event.x)
        if shown is None:
            return
        if shown.enabled:
            self.app.simulate_key(shown.key)
        else:
            self.app.bell()
