"""The one way content text reaches a widget: sanitized, then as literal Content.

Plain `str` is parsed as markup by most Textual widgets, so `[/]` in a title would crash the
app and `[@click=app.quit]` would become a working action link. `Content(...)` is never parsed.
"""

from __future__ import annotations

from textual.content import Content

from briefing_tui.text import first_line


def literal_line(text: str, style: str = "", limit: int = 200) -> Content:
    """Text from a content file, on one line, shown exactly as written (control characters
    made visible)."""
    return Content.styled(first_line(text, limit), style)
