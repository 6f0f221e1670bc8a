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

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import ActiveBinding
from textual.message import Message
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget

#: The actions whose keys the footer shows even when not every key fits: the help (which
#: lists every key) and the way back from the walkthrough.
KEPT = frozenset({"help", "back"})


class ShownKey(NamedTuple):
    key: str  # what a click presses
    action: str
    display: str  # how the key is written
    description: str
    enabled: bool


#: A key as drawn: the key, its segments, their width in cells.
Label = tuple[ShownKey, list[Segment], int]


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
        self._line: tuple[tuple[object, ...], Strip] | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._show_keys(self.screen)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        # While the terminal is not focused, Textual takes the focus from the screen and
        # announces its keys without those of the focused pane: keep showing the keys the
        # user will have when they come back (as Textual's footer does).
        if screen.app.app_focus:
            self._show_keys(screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _show_keys(self, screen: Screen[object]) -> None:
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
            ShownKey(
                binding.key,
                binding.action,
                app.get_key_display(binding),
                binding.description,
                enabled,
            )
            for _, binding, enabled, _ in first_per_action.values()
        )
        palette = active.get(app.COMMAND_PALETTE_BINDING) if app.ENABLE_COMMAND_PALETTE else None
        if palette is None:
            return keys, None
        binding = palette.binding
        return keys, ShownKey(
            binding.key,
            binding.action,
            app.get_key_display(binding),
            binding.description,
            palette.enabled,
        )

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._line = None  # a new theme: draw the keys again

    def render_line(self, y: int) -> Strip:
        # Drawn as a strip of segments (Textual's Line API), kept until the keys, the hover,
        # the width or the theme change: a footer drawn as `Text` cost ~2 ms of every new
        # screen's first frame, mostly in converting it.
        width = self.size.width
        drawn_for = (self._keys, self._palette, self._hover, width)
        if self._line is None or self._line[0] != drawn_for:
            self._line = (drawn_for, self._draw(width))
        return self._line[1]

    def _draw(self, width: int) -> Strip:
        key_style = self.get_component_rich_style("key-footer--key")
        description_style = self.get_component_rich_style("key-footer--description")
        # The hover colour is translucent: blended over the footer (the full style), and
        # only its background is laid over the key, which keeps its own colours.
        hover_style = Style(bgcolor=self.get_component_rich_style("key-footer--hover").bgcolor)

        def label(shown: ShownKey) -> list[Segment]:
            parts = [Segment(f" {shown.display} ", key_style)]
            if shown.description:
                parts.append(Segment(f"{shown.description} ", description_style))
            if not shown.enabled:
                parts = list(Segment.apply_style(parts, post_style=Style(dim=True)))
            if shown == self._hover:
                parts = list(Segment.apply_style(parts, post_style=hover_style))
            return parts

        palette_key, palette = self._palette, []
        if palette_key is not None:
            separator = self.get_component_rich_style("key-footer--separator")
            palette = [Segment("▏", separator), *label(palette_key)]
        palette_width = Segment.get_line_length(palette)
        room = width - palette_width if palette_width < width else width
        drawn = [(shown, label(shown)) for shown in self._keys]
        labels = self._fitting([(k, p, Segment.get_line_length(p)) for k, p in drawn], room)
        line: list[Segment] = []
        spans: list[tuple[int, int, ShownKey]] = []
        used = 0
        for shown, parts, size in labels:
            spans.append((used, used + size, shown))
            line += parts
            used += size
        if palette_key is not None and palette_width < width:
            line.append(Segment(" " * (room - used), self.rich_style))
            spans.append((room + 1, width, palette_key))
            line += palette
        self._spans = spans
        return Strip(line).crop_extend(0, width, self.rich_style)

    @staticmethod
    def _fitting(labels: list[Label], room: int) -> list[Label]:
        """The keys shown in `room` cells: all if they fit; else each whole or not at all,
        the ones that must stay (`KEPT`) first, then the others from the first, in order."""
        if sum(size for *_, size in labels) <= room:
            return labels
        kept = {i for i, (shown, *_) in enumerate(labels) if shown.action in KEPT}
        used = sum(labels[i][2] for i in kept)
        if used > room:
            kept, used = set(), 0
        chosen = set(kept)
        for i, (*_, size) in enumerate(labels):
            if i in chosen:
                continue
            if used + size > room:
                break
            chosen.add(i)
            used += size
        return [label for i, label in enumerate(labels) if i in chosen]

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
