"""The footer: Textual's `Footer`, rebuilt only when the keys it shows change.

Textual's `Footer` removes and re-mounts every key each time the screen announces that its
bindings changed. At start-up five announcements arrive within two frames (the screen's
focus, the terminal's focus, the footer's own rebuild, ...) and each rebuild cost ~14 ms,
which kept the keys off the screen for ~70 ms. Here one scheduled rebuild covers every
announcement made before it runs (it reads the bindings as they are then), and a rebuild
that would show the same keys is skipped.
"""

from __future__ import annotations

from typing import Any

from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer

from briefing_tui.widgets._textual_internals import is_being_removed


class KeyFooter(Footer):
    class KeysShown(Message):
        """The footer's keys are on screen for the first time."""

    _rebuild_scheduled = False
    _shown: tuple[Any, ...] | None = None

    def bindings_changed(self, screen: Screen[object]) -> None:
        if self._rebuild_scheduled:
            return
        # Footer.bindings_changed schedules a rebuild only under these conditions.
        will_rebuild = screen.app.app_focus and self.is_attached and screen is self.screen
        super().bindings_changed(screen)
        self._rebuild_scheduled = will_rebuild

    def _keys(self) -> tuple[Any, ...]:
        return self.show_command_palette, tuple(
            (
                binding.key,
                binding.action,
                binding.description,
                self.app.get_key_display(binding),
                enabled,
                tooltip,
            )
            for (_, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show or binding.action == "command_palette"
        )

    async def recompose(self) -> None:
        self._rebuild_scheduled = False
        if not self.is_attached or is_being_removed(self):
            return  # the screen is going away (Widget.recompose makes the same check)
        keys = self._keys()
        if keys == self._shown:
            return
        first = self._shown is None
        self._shown = keys
        await super().recompose()
        if first:
            self.call_after_refresh(self.post_message, self.KeysShown())
