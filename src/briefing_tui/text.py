"""Making content text safe to put on a terminal. Pure functions, no Textual.

Textual strips only a handful of control codes; ESC, C1 and bidi overrides would reach the
terminal and could clear the screen, set the clipboard or forge hyperlinks (see ../shared/SAFETY.md
beside the project).
Zero-width characters would sit in the text unseen (a title that looks like another).
Every string from a content file goes through `sanitize` before it is shown, and is then shown
as literal text (never parsed as markup).
"""

from __future__ import annotations

_BIDI = {0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)}
#: Characters that take no room on screen, so text holding them looks like text without.
#: (ZWNJ and ZWJ, U+200C and U+200D, are kept: scripts and emoji need them.)
_ZERO_WIDTH = {0x180E, 0x200B, *range(0x2060, 0x2065), 0xFEFF}
#: Each invisible character: "bidi" (it reorders the text around it) or "zero-width".
INVISIBLE: dict[str, str] = {
    **{chr(code): "bidi" for code in _BIDI},
    **{chr(code): "zero-width" for code in _ZERO_WIDTH},
}


def _visible(code: int) -> str:
    if code < 0x20:
        return chr(0x2400 + code)  # C0 control -> its control picture, e.g. ESC -> ␛
    if code == 0x7F:
        return "\u2421"  # DEL -> ␡
    if 0x80 <= code <= 0x9F:
        return f"\\x{code:02x}"  # C1 controls have no pictures; spell them out
    # Bidi controls would reorder the text around them; zero-width ones would hide in it.
    return f"<U+{code:04X}>"


_TABLE: dict[int, str] = {
    code: _visible(code)
    for code in [*range(0x20), 0x7F, *range(0x80, 0xA0), *_BIDI, *_ZERO_WIDTH]
    if code not in (0x09, 0x0A)  # tabs and newlines are ordinary text
}


def sanitize(text: str) -> str:
    """Replace terminal control characters with visible stand-ins; keep everything else."""
    return text.translate(_TABLE)


def first_line(text: str, limit: int = 200) -> str:
    """A single display line: for titles and messages that must not break a layout."""
    line = sanitize(text).replace("\n", " ").replace("\t", " ")
    return line if len(line) <= limit else line[: limit - 1] + "…"
