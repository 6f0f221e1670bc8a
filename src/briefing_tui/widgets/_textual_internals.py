"""Every use of Textual's private names, in one place.

Each one saves a measured cost or is the only way to a user-visible behaviour, and
tests/test_textual_internals.py fails if a Textual release changes it. pyproject.toml allows
only the Textual minor versions these were checked against (8.2.x).
"""

from __future__ import annotations

import io
import time
from typing import Any

from rich.console import Console
from textual import messages
from textual.app import App
from textual.content import Content
from textual.events import ScreenResume
from textual.geometry import Region, Size
from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.signal import Signal
from textual.strip import Strip
from textual.widget import Widget


class CountsChanges:
    """Mixed into a screen (before `Screen`): `changes`, the count of the changes to what it
    shows: each repaint its widgets ask for (`textual.messages.Update`, sent even while the
    screen is hidden; Textual's own handler runs after this one, `Screen` coming later in
    the order), and each of its layouts (`screen_layout_refresh_signal`: whatever asked for
    it, a widget or a resize). While the count stands, what the screen shows is what it
    last drew: a dialog over it keeps the dimmed picture of it it made
    (`screens/dialog.py`), ~2.5 ms of its frame."""

    changes = 0
    screen_layout_refresh_signal: Signal[Screen[Any]]

    def on_mount(self) -> None:
        self.screen_layout_refresh_signal.subscribe(self, self._count_change, immediate=True)  # type: ignore[arg-type]

    def on_update(self, message: messages.Update) -> None:
        self.changes += 1

    def _count_change(self, screen: Screen[Any]) -> None:
        self.changes += 1


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
    screen._css_update_count = app._css_update_count  # styled now (restyle_if_css_changed)


def lay_out_again(widget: Widget) -> None:
    """The widget's content changed its size: lay its screen out at its next frame, for the
    widget's new size. This is what Textual does once the widget is next idle
    (`Widget._check_refresh`: its containers' arrangements are forgotten up to the first
    of a fixed size), done now: a frame drawn before then (`_draw_now`) has the new size.
    (Updated with `layout=False`, the widget asks for nothing more.)"""
    widget._layout_updates += 1
    for ancestor in widget.ancestors:
        if not isinstance(ancestor, Widget):
            break
        ancestor._clear_arrangement_cache()
        ancestor._layout_updates += 1
        if not ancestor.styles.auto_dimensions:
            break
    widget.screen.refresh(layout=True)


def lay_out_ahead(screen: Screen[Any]) -> bool:
    """Lay out and draw a screen that is not shown (made by `start_screen`), for the window
    as it is, without showing it (`Screen._refresh_layout`, `Compositor.render_strips`:
    Textual lays a screen out only when it is the one shown). Shown, it is drawn from the
    lines its widgets kept, but for what changed meanwhile, and laid out again only if a
    widget asked for that. Otherwise its first showing laid it out, drew it, noticed its
    new size, and laid it out and drew every line again. False until it is done: its
    widgets not all made yet, or, laid out now, asking for another layout (sized for the
    first time, they do; they ask by messages, so try again later)."""
    if not screen.is_mounted or any(not w.is_mounted for w in screen.query("*")):
        return False
    if screen.is_current or (
        screen._compositor.size == screen.app.size and not _layout_due(screen)
    ):
        return True
    screen._refresh_layout(screen.app.size)
    screen._layout_required = screen._scroll_required = False
    screen._compositor.render_strips()
    return False


def _layout_due(screen: Screen[Any]) -> bool:
    """Whether the screen or one of its widgets asked to be laid out again."""
    return (
        screen._layout_required
        or screen._scroll_required
        or bool(screen._layout_widgets)
        or any(widget._layout_required for widget in screen.walk_children(Widget))
    )


def show_kept_screen(screen: Screen[Any], resume: ScreenResume, *, layout: bool = True) -> None:
    """Show a kept screen (made and laid out ahead, see `lay_out_ahead`) again, in one frame
    drawn at once: call it from its `on_screen_resume`, which runs before Textual's own.

    - It is restyled only if the app's CSS changed since it was last styled (a theme chosen
      meanwhile), as Textual's own switch of mode decides (`_css_update_count`). Otherwise
      Textual restyles every widget of the screen at every showing: 3-4 ms.
    - Textual asks for its frame, which its update timer draws up to ~17 ms later, and draws
      it twice when the screen also needs laying out (as a shown screen does): once laid
      out, then every line again. Here it is laid out and drawn once, as soon as Textual's
      handler returns (`_draw_now`).
    - `layout=False`: a screen that asks for a layout itself whenever the size of one of its
      widgets may have changed since it was last shown is laid out only if it asked (or was
      restyled): ~1.6 ms of the note editor's frame. (Its widgets ask by messages, which may
      come after this frame: that cannot be relied on.)
    """
    count = screen.app._css_update_count
    if screen._css_update_count == count:
        resume.refresh_styles = False
    else:
        screen._css_update_count = count  # Textual restyles it now
        layout = True
    screen.call_next(_draw_now, screen, layout)


def _draw_now(screen: Screen[Any], layout: bool) -> None:
    """Lay the screen out (if `layout`, or it asked for that) and draw every line, once:
    what its update timer does (`Screen._on_timer_update`) when a layout and a repaint are
    both due, minus the second and third frames."""
    if not screen.is_current or screen.app._batch_count:
        return  # Textual's timer draws it
    layout = layout or _layout_due(screen)
    screen._update_timer.pause()
    screen._layout_required = screen._scroll_required = screen._repaint_required = False
    screen._dirty_widgets.add(screen)  # every line
    if layout:
        screen._refresh_layout(screen.app.size)
    else:
        screen._compositor.update_widgets(screen._dirty_widgets)
        screen._compositor_refresh()
    # `push_screen` asks the screen below for a repaint, which its own timer then passes up
    # as a repaint of this one: every line again, ~20 ms later. What this frame shows of
    # the screen below (a dialog's backdrop) is what it drew last, or drawn from it just
    # now if it changed since; it is drawn whole again when it is shown again.
    for below in screen.app._background_screens:
        below._repaint_required = False
        below._dirty_widgets.clear()
        below._compositor._dirty_regions.clear()
    # The frame is queued for Textual's output thread, which needs the interpreter lock to
    # write it: held by the app going on with the key's other work, it waits up to the
    # switch interval (5 ms; ~2.5 ms measured). Let it write now.
    time.sleep(0)


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


def drawn_lines(screen: Screen[Any]) -> list[Strip]:
    """The screen's lines as its widgets last drew them, composed, with their colours (what a
    dialog over it shows through: see `screens/dialog.py`; tests of contrast read them)."""
    return list(screen._compositor.render_strips())


def screen_strips(app: App[Any]) -> list[Strip]:
    """The current screen's lines as drawn, with their colours (for tests of contrast)."""
    return drawn_lines(app.screen)
