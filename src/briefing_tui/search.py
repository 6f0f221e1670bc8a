"""Finding items: every section's titles, details and the user's notes. No Textual.

A query's words must all appear in an item (in any of the three, any order, any case);
items whose title holds them all come first. Fast enough to run at every keystroke: at
10,000 items a search is a few milliseconds (`benchmarks/run.py` measures it).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from briefing_tui.model import Briefing
from briefing_tui.session import Spot

#: Results shown at most: a query that matches more should be narrowed.
LIMIT = 100
SNIPPET = 70


@dataclass(frozen=True)
class Match:
    spot: Spot
    section: str  # the section's title
    title: str
    where: str  # "title", "detail" or "note": where the words were found, beyond the title
    snippet: str  # a piece of the detail or note around the first word (empty for titles)
    words: tuple[str, ...]  # the query's words, lowercased, to highlight


class SearchIndex:
    def __init__(self, briefing: Briefing, note_of: Callable[[str], str]) -> None:
        self.briefing = briefing
        self.note_of = note_of
        self._texts: list[tuple[Spot, str, str]] | None = None  # spot, title, detail (lower)

    def _index(self) -> list[tuple[Spot, str, str]]:
        if self._texts is None:
            self._texts = [
                (Spot(s, r), item.title.casefold(), item.detail.casefold())
                for s, section in enumerate(self.briefing.sections)
                for r, item in enumerate(section.items)
            ]
        return self._texts

    def search(self, query: str, limit: int = LIMIT) -> tuple[list[Match], int]:
        """The best matches (at most `limit`) and how many there are in all."""
        words = tuple(dict.fromkeys(query.casefold().split()))
        if not words:
            return [], 0
        in_title: list[Match] = []
        elsewhere: list[Match] = []
        count = 0
        sections = self.briefing.sections
        for spot, title, detail in self._index():
            item = sections[spot.section].items[spot.row]
            note = self.note_of(item.id)
            lowered_note = note.casefold() if note else ""
            if not all(w in title or w in detail or w in lowered_note for w in words):
                continue
            count += 1
            if all(w in title for w in words):
                if len(in_title) < limit:
                    in_title.append(self._match(spot, item.title, "title", "", words))
            elif len(elsewhere) < limit:
                missing = next(w for w in words if w not in title)
                where, text = (
                    ("note", note)
                    if missing in lowered_note and missing not in detail
                    else ("detail", item.detail)
                )
                elsewhere.append(
                    self._match(spot, item.title, where, snippet(text, missing), words)
                )
        return (in_title + elsewhere)[:limit], count

    def _match(
        self, spot: Spot, title: str, where: str, text: str, words: tuple[str, ...]
    ) -> Match:
        return Match(spot, self.briefing.sections[spot.section].title, title, where, text, words)


def snippet(text: str, word: str, width: int = SNIPPET) -> str:
    """About `width` characters of `text` (one line, Markdown marks removed) around `word`."""
    plain = " ".join(re.sub(r"[*_`#>|]+|-{3,}", " ", text).split())
    at = plain.casefold().find(word)
    if at < 0:
        return plain[:width]
    start = max(0, at - width // 3)
    piece = plain[start : start + width]
    return ("…" if start else "") + piece + ("…" if start + width < len(plain) else "")


def spans(text: str, words: tuple[str, ...]) -> list[tuple[int, int]]:
    """Where each word occurs in `text` (case-insensitively), to highlight."""
    lowered = text.casefold()
    found = []
    for word in words:
        at = lowered.find(word)
        while at >= 0:
            found.append((at, at + len(word)))
            at = lowered.find(word, at + len(word))
    return sorted(found)
