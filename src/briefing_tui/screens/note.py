"""Writing a note on an item: what the principal asked, what to follow up.

Plain text, at most `MAX_NOTE_CHARS` characters (the editor says so when the limit is
reached). Ctrl+S keeps it and closes; Esc closes, asking first if the text changed.

The screen is made once, ahead, and kept (see `session_screen.kept_dialog`): `a` only puts
the item and its note in it (`start`) and shows it.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static, TextArea

from briefing_tui.model import Item
from briefing_tui.progress.format import MAX_NOTE_CHARS
from briefing_tui.screens.dialog import Dialog, show_cursor
from briefing_tui.widgets._literal import literal_line
from briefing_tui.widgets._textual_internals import lay_out_again


class NoteScreen(Dialog[str | None]):
    """Dismissed with the note's new text, or None (closed without keeping it)."""

    BINDINGS = [
        Binding("ctrl+s", "keep", "Save and close", priority=True),
        Binding("escape", "close", "Close", priority=True),
    ]

    # `_show_item` asks for a layout whenever a size may have changed: a title of another
    # height, another text, or the cursor elsewhere (the editor may scroll).
    LAID_OUT_AT_EACH_SHOWING = False

    #: The item whose note is being written, and its note when the editor opened.
    item: Item | None = None
    note = ""

    def start(self, item: Item, note: str) -> None:
        """Edit `item`'s note, `note` so far: the text, its undo history and the cursor
        (at the end) start afresh."""
        self.item, self.note = item, note
        if self.is_mounted:
            self._show_item()

    def compose(self) -> ComposeResult:
        with Vertical(id="note-box"):
            yield Static(id="note-title")
            yield TextArea(
                id="note-text",
                soft_wrap=True,
                show_line_numbers=False,
                tab_behavior="focus",
            )
            yield Static(id="note-status", markup=False)

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()
        self._show_item()

    def _show_item(self) -> None:
        title = self.item.title if self.item is not None else ""
        editor = self.query_one(TextArea)
        self._show_text(
            self.query_one("#note-title", Static),
            Content.assemble(("Note on ", "bold"), literal_line(title, "bold")),
        )
        if editor.text != self.note or editor.cursor_location != editor.document.end:
            self.refresh(layout=True)  # (a scrollbar may come or go, or the text scroll)
        editor.load_text(self.note)  # (the undo history goes with the text it undid)
        editor.move_cursor(editor.document.end)
        self.set_focus(editor, scroll_visible=False)  # (as the search box's)
        show_cursor(editor)
        self._show_status()

    def _show_text(self, line: Static, content: Content) -> None:
        """Show `content` in `line`. The dialog is laid out again only if the line's height
        changes (a title of another length): ~1.6 ms of the editor's first frame."""
        shown = line.content
        if isinstance(shown, Content) and (shown.plain, shown.spans) == (
            content.plain,
            content.spans,
        ):
            return  # (drawn already: not again)
        line.update(content, layout=False)
        width, height = line.content_size
        if not width or line.get_content_height(self.size, self.size, width) != height:
            lay_out_again(line)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        editor = event.text_area
        if len(editor.text) > MAX_NOTE_CHARS:
            # Cut back to the limit (a paste can overshoot it), keeping the cursor near.
            editor.load_text(editor.text[:MAX_NOTE_CHARS])
            editor.move_cursor(editor.document.end)
            self.notify(
                f"A note holds at most {MAX_NOTE_CHARS:,} characters; the rest was not kept.",
                severity="warning",
                markup=False,
            )
        self._show_status()

    def _show_status(self) -> None:
        length = len(self.query_one(TextArea).text)
        status = Content.styled(
            f"{length:,} of {MAX_NOTE_CHARS:,} characters · Ctrl+S saves and closes · Esc closes",
            "$text-muted",
        )
        self._show_text(self.query_one("#note-status", Static), status)

    def action_keep(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_close(self) -> None:
        text = self.query_one(TextArea).text
        if text.rstrip() == self.note.rstrip():
            self.dismiss(None)
            return
        from briefing_tui.screens.confirm import ConfirmScreen

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmScreen(
                Content("Close without keeping the changes to this note?"), yes="Discard"
            ),
            callback=answered,
        )
