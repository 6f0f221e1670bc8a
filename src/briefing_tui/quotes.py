"""Quotes: the passages of a source an item rests on, found in the source's text. No Textual.

A quote matches its source word for word once typographic quotes and dashes are made plain
and runs of whitespace are made one space (a quote copied from a web page keeps its words,
not always its line breaks or its curly quotes).
"""

from __future__ import annotations

from pathlib import Path

from briefing_tui import files

_PLAIN = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2013": "-",
    "\u2014": "-",
    "\u2212": "-",
    "\u00a0": " ",
}
_TABLE = str.maketrans(_PLAIN)


def normalise(text: str) -> str:
    """Text as quotes are compared."""
    return " ".join(text.translate(_TABLE).split())


def find(text: str, quote: str) -> tuple[int, int] | None:
    """Where `quote` is in `text` (start, end offsets in `text`), compared as `normalise`
    does; None if it is not there."""
    plain: list[str] = []
    origin: list[int] = []  # for each character of `plain`, its offset in `text`
    for offset, char in enumerate(text):
        char = _PLAIN.get(char, char)
        if char.isspace():
            if not plain or plain[-1] == " ":
                continue
            char = " "
        plain.append(char)
        origin.append(offset)
    wanted = normalise(quote)
    if not wanted:
        return None
    start = "".join(plain).find(wanted)
    if start < 0:
        return None
    return origin[start], origin[start + len(wanted) - 1] + 1


def source_path(folder: Path, file: str) -> Path | None:
    """Where a source's file is: beside the briefing, or in a seeds/ folder beside it or one
    level up (None if it is not at hand)."""
    if "/" in file or "\\" in file or file.startswith("."):
        return None  # a source file is named, never a path out of these folders
    for candidate in (folder / file, folder / "seeds" / file, folder.parent / "seeds" / file):
        if candidate.is_file():
            return candidate
    return None


def read_source(folder: Path, file: str) -> str | None:
    """A source's text, if it is at hand (at most the size of a briefing file)."""
    path = source_path(folder, file)
    if path is None:
        return None
    try:
        with path.open("rb") as handle:
            return handle.read(files.MAX_FILE_BYTES).decode("utf-8", "replace")
    except OSError:
        return None
