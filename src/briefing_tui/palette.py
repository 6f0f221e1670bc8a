"""The command palette (Ctrl+P) knows the app: every section and item by title (to jump to
it), and every action (next unchecked, walkthrough, note, runs, export, reset, filter, help,
theme). Titles are shown as text: the palette's own highlighting parses markup, so the
highlight is made here, on literal content."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from briefing_tui.screens.session_screen import SessionScreen
from briefing_tui.session import Spot
from briefing_tui.text import first_line

#: (what the palette shows, the action on the view, help)
ACTIONS: tuple[tuple[str, str, str], ...] = (
    ("Next unchecked item", "next_unchecked", "Go to the next item not checked yet (n)"),
    ("Previous unchecked item", "next_unchecked(True)", "Go back to one not checked yet (N)"),
    ("Walkthrough", "walkthrough", "One item at a time, with a clock (w)"),
    ("Write a note", "note", "A note on the item you are on (a)"),
    ("Search", "search", "Titles, details and notes (/)"),
    ("Filter: unchecked only", "filter", "Show only unchecked items, or all again (f)"),
    ("Runs", "app.runs", "Switch to another run, or start one (Ctrl+R)"),
    ("Export the report", "export", "Write this run's report, in Markdown (e)"),
    ("Show the source", "view_source", "The source the item quotes, at the quote (v)"),
    ("Reset this section", "reset_section", "Uncheck every item in the section (r; asks)"),
    ("Reset the whole briefing", "reset_all", "Uncheck every item (R; asks)"),
    ("Help", "help", "Every key (?)"),
)


def _literal(text: str, matcher: Matcher) -> Content:
    line = first_line(text, 200)
    content = Content(line)
    score, offsets = matcher.fuzzy_search.match(matcher.query, line)
    if score:
        for offset in offsets:
            if not line[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class BriefingCommands(Provider):
    def _view(self) -> SessionScreen | None:
        screen = self.screen
        return screen if isinstance(screen, SessionScreen) else None

    def _actions(self) -> list[tuple[str, Callable[[], object], str]]:
        view = self._view()
        if view is None:
            return []
        found: list[tuple[str, Callable[[], object], str]] = []
        for name, action, help_text in ACTIONS:
            target = action.split("(")[0].removeprefix("app.")
            owner = view.app if action.startswith("app.") else view
            if hasattr(owner, f"action_{target}"):
                found.append((name, partial(view.run_action, action), help_text))
        return found

    async def discover(self) -> Hits:
        for name, callback, help_text in self._actions():
            yield DiscoveryHit(Content(name), callback, text=name, help=help_text)

    async def search(self, query: str) -> AsyncIterator[Hit]:
        matcher = self.matcher(query)
        for name, callback, help_text in self._actions():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, _literal(name, matcher), callback, text=name, help=help_text)
        view = self._view()
        if view is None:
            return
        for index, section in enumerate(view.session.briefing.sections):
            jump = partial(self._go, view, Spot(index, 0))
            text = f"Section {index + 1}: {section.title}"
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, _literal(text, matcher), jump, text=text)
            for row, item in enumerate(section.items):
                score = matcher.match(item.title)
                if score > 0:
                    yield Hit(
                        score * 0.9,  # actions and sections first, at equal strength
                        _literal(item.title, matcher),
                        partial(self._go, view, Spot(index, row)),
                        text=item.title,
                        help=f"Item {row + 1} of section {index + 1}",
                    )

    @staticmethod
    def _go(view: SessionScreen, spot: Spot) -> None:
        view.session.move_to(spot.section, spot.row)
        view.show_spot()
