"""Every use of Textual's private names, in one place.

Each one saves a measured cost or is the only way to a user-visible behaviour, and
tests/test_textual_internals.py fails if a Textual release changes it. pyproject.toml allows
only the Textual minor versions these were checked against (8.2.x).
"""

from __future__ import annotations

import io
from typing import Any

from rich.console import Console
from textual.app import App
from textual.content import Content
from textual.geometry import Region, Size
from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget


def set_line_count(view: ScrollView, lines: int) -> None:
    """Make `view` scroll through `lines` lines, without laying out the screen again.

    Assigning `virtual_size` (a reactive) lays out the whole screen: ~10 ms at 120x40 on every
    section switch. Setting it quietly and updating the view's own scrollbars
    (`ScrollView._scroll_update`) is enough: a scrollbar that appears or goes asks for a
    layout itself.
    """
    size = Size(0, lines)
    if size != view.virtual_size:
        view.set_reactive(ScrollView.virtual_size, size)
        if view.is_mounted:
            view._scroll_update(size)


def set_border_title(widget: Widget, title: Content) -> None:
    """Put `title` in the widget's top border, repainting only that line.

    (Assigning `border_title` repaints the whole widget, blank lines and all: a section
    switch drew every line of the item list twice. This is what it does, minus that.)
    """
    if title == widget._border_title:
        return
    widget._border_title = title
    left, top = widget.content_offset
    widget.refresh(Region(-left, -top, widget.outer_size.width, 1))


def is_being_removed(widget: Widget) -> bool:
    """Whether the widget's screen is being taken down (`Widget._pruning`): a recompose then
    would mount widgets on a screen that is going away (`Widget.recompose` checks the same)."""
    return bool(widget._pruning)


def start_screen(app: App[Any], screen: Screen[Any]) -> None:
    """Make and mount `screen`'s widgets now, without showing it (`App._register`, the first
    thing `push_screen` does with a screen that is not running yet). Pushed later, it is
    laid out and drawn, not built: ~8 ms less between the key and its frame."""
    app._register(app, screen)


def screen_text(app: App[Any]) -> str:
    """The whole screen as the user sees it, as text: the current screen and any screens it
    lets show through (for tests that read what is on screen, as `App.export_screenshot`
    does for an SVG)."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text()


def screen_strips(app: App[Any]) -> list[Strip]:
    """The current screen's lines as drawn, with their colours (for tests of contrast)."""
    return list(app.screen._compositor.render_strips())
