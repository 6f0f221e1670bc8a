"""What the two views of an open briefing share: the panes (`BriefingScreen`) and the
walkthrough (`WalkthroughScreen`) both show the session, and answer the same keys for what is
not about their layout: undo, notes, the next unchecked item, help.

A subclass says how to show the session (`show_everything`) and how to go to the session's
current item (`show_spot`). It keeps no state the session has.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial, wraps
from typing import TYPE_CHECKING, Any, TypeVar

from textual.app import App
from textual.binding import ActiveBinding, Binding
from textual.message import Message
from textual.screen import Screen

from briefing_tui.model import Item
from briefing_tui.session import Session
from briefing_tui.syncing import Syncer
from briefing_tui.text import first_line
from briefing_tui.widgets._textual_internals import CountsChanges, lay_out_ahead, start_screen

if TYPE_CHECKING:
    from briefing_tui.screens.note import NoteScreen
    from briefing_tui.screens.search import SearchScreen

#: The keys both views answer to; each puts them after its own (the footer shows them in
#: that order. (Not `priority`, though that saves ~1.5 ms of the keys that open a view: a
#: priority key is acted on before the keys typed just before it have reached the screen, so
#: `space a` opened the note before the check, which then was lost.)
SHARED_BINDINGS = [
    Binding("n", "next_unchecked", "Next unchecked", id="next-unchecked"),
    Binding("N", "next_unchecked(True)", "Previous unchecked", show=False, id="previous-unchecked"),
    Binding("a", "note", "Note", id="note"),
    Binding("v", "view_source", "Source", show=False, id="source"),
    Binding("e", "export", "Export", show=False, id="export"),
    Binding("ctrl+r", "app.runs", "Runs", show=False, id="runs"),
    Binding("u", "undo", "Undo", id="undo"),
    Binding("slash", "search", "Search", key_display="/", id="search"),
    Binding("question_mark", "help", "Help", key_display="?", id="help"),
]


Action = TypeVar("Action", bound=Callable[..., Any])
#: How often, and how long after the last, a step of `prepare_ahead` that cannot be done
#: yet is tried again before it gives up.
MAX_TRIES = 200
RETRY_SECONDS = 0.005
Dialog = TypeVar("Dialog", bound=Screen[Any])


def kept_dialog(app: App[Any], kind: type[Dialog]) -> Dialog:
    """The app's one screen of this kind, made at its first use and kept (installed, so that
    closing it does not take it down): opening it again only lays it out and draws it."""
    name = kind.__name__
    if not app.is_screen_installed(name):
        app.install_screen(kind(), name)
    return app.get_screen(name, kind)


def search_screen(app: App[Any]) -> SearchScreen:
    from briefing_tui.screens.search import SearchScreen  # not on the way to the first screen

    return kept_dialog(app, SearchScreen)


def note_screen(app: App[Any]) -> NoteScreen:
    from briefing_tui.screens.note import NoteScreen  # (TextArea: ~11 ms to import)

    return kept_dialog(app, NoteScreen)


def about_whole_briefing(action: Action) -> Action:
    """Mark an action as about the whole briefing (another section, search, the runs...):
    while only the briefing's first part is shown, its key waits for the whole, with every
    key typed after it (the app replays them in order, `needs_whole_briefing_key`). Asked
    for otherwise (the palette, a click), the action itself must wait: see
    `needs_whole_briefing`, or the app's actions, which hold themselves."""
    action.about_whole_briefing = True  # type: ignore[attr-defined]
    return action


def needs_whole_briefing_key(active: ActiveBinding) -> bool:
    """Whether a key's binding leads to an action about the whole briefing. The first
    section is shown: its key is not."""
    name, _, arguments = active.binding.action.partition("(")
    if name == "show_section":
        return arguments != "0)"
    namespace, _, name = name.rpartition(".")  # "app.runs"
    node = active.node.app if namespace == "app" else active.node
    return bool(getattr(getattr(node, f"action_{name}", None), "about_whole_briefing", False))


def needs_whole_briefing(action: Action) -> Action:
    """An action about the whole briefing (export, search, the walkthrough, ...): asked for
    by other means than a key (the palette, a click on the footer) while only the briefing's
    first part is shown, it is kept, and done once the whole is checked."""

    @wraps(action)
    def act(self: SessionScreen, *args: Any) -> Any:
        if self.session.partial:
            self.hold(partial(act, self, *args))
            return None
        return action(self, *args)

    return about_whole_briefing(act)  # type: ignore[return-value]


class SessionScreen(CountsChanges, Screen[None]):
    class Prepared(Message):
        """What `prepare_ahead` makes is made."""

    # The screen's own background, under its widgets, is only that: drawn as blank lines
    # rather than rendered (Textual renders a Rich `Blank` through Rich's segment pipeline,
    # every line of the window: ~5 ms of the first frame of the walkthrough and the panes).
    BLANK = True

    def __init__(self, session: Session, syncer: Syncer) -> None:
        super().__init__()
        self.session = session
        self.syncer = syncer
        #: Actions kept while only the briefing's first part is shown (`needs_whole_briefing`).
        self._held: list[Callable[[], object]] = []

    def hold(self, action: Callable[[], object]) -> None:
        """Do `action` once the whole briefing is checked (`whole_checked`)."""
        self._held.append(action)
        self.show_keys_waiting(True)

    def whole_checked(self) -> None:
        """The whole briefing is in the session now: show it, and do what was kept."""
        self.show_keys_waiting(False)
        self.show_everything()
        held, self._held = self._held, []
        for action in held:
            action()

    def show_keys_waiting(self, waiting: bool) -> None:
        """Say that keys wait for the whole briefing to be checked (or no longer do)."""

    # ------------------------------------------------------------------ for subclasses

    def show_everything(self) -> None:
        """Show the session afresh: checks, notes, counts, times (something changed)."""
        raise NotImplementedError

    def show_spot(self) -> None:
        """Go to the session's current item (`session.spot`)."""
        raise NotImplementedError

    def shown_item(self) -> Item | None:
        """The item a key such as `a` acts on: the one the user sees."""
        return self.session.item

    # ------------------------------------------------------------------ shared keys

    def changed(self) -> None:
        """A check or a note changed: write it as soon as it is on screen."""
        self.call_after_refresh(self.syncer.save_soon)

    @needs_whole_briefing
    def action_next_unchecked(self, backwards: bool = False) -> None:
        session = self.session
        spot = session.next_unchecked(backwards)
        if spot is None:
            self.notify("Every item is checked.", markup=False)
            return
        if session.wraps(spot, backwards):
            where = "start" if not backwards else "end"
            self.notify(f"Went round to the {where} of the briefing.", markup=False)
        session.move_to(spot.section, spot.row)
        self.show_spot()

    def action_undo(self) -> None:
        undone = self.session.undo()
        if undone is None:
            self.notify("Nothing to undo.", markup=False)
            return
        self.changed()
        self.show_everything()
        count = len(undone.item_ids)
        if count == 1:
            found = self.session.find_item(undone.item_ids[0])
            if found is not None:
                item = self.session.briefing.sections[found.section].items[found.row]
                self.session.move_to(found.section, found.row)
                self.show_spot()  # show what came back
                title = first_line(item.title, 60)
                self.notify(f"Undone: the {undone.what} of “{title}”.", markup=False)
                return
        self.notify(f"Undone: the {undone.what} of {count} items.", markup=False)

    @needs_whole_briefing
    def action_note(self) -> None:
        item = self.shown_item()
        if item is None:
            self.app.bell()
            return

        def keep(text: str | None) -> None:
            if text is not None and self.session.set_note(item.id, text):
                self.changed()
                self.show_everything()

        editor = note_screen(self.app)
        editor.start(item, self.session.note(item.id))
        self.app.push_screen(editor, callback=keep)

    def action_view_source(self) -> None:
        """Show the source the item quotes, at the quote."""
        item = self.shown_item()
        if item is None or not item.source:
            self.app.bell()
            return
        from briefing_tui.quotes import read_source

        source = self.session.briefing.source(item.source)
        folder = self.syncer.path.parent if self.syncer.path is not None else None
        text = read_source(folder, source.file) if folder is not None else None
        if text is None:
            self.notify(
                f"The source's file, {source.file}, is not beside the briefing or in a "
                "seeds/ folder next to it.",
                title="Source not at hand",
                severity="warning",
                markup=False,
            )
            return
        from briefing_tui.screens.source import SourceScreen

        self.app.push_screen(SourceScreen(item, source, text))

    @needs_whole_briefing
    def action_export(self) -> None:
        """Write the report of the run (Markdown) and say where."""
        from briefing_tui.shutdown import write_run_report

        try:
            where = write_run_report(self.session)
        except OSError as error:
            self.notify(
                f"The report could not be written: {error.strerror or error}.",
                title="Not exported",
                severity="error",
                markup=False,
            )
            return
        self.notify(
            f"The report of this run is in {where}", title="Exported", timeout=12, markup=False
        )

    @needs_whole_briefing
    def action_search(self) -> None:
        def go(spot: object) -> None:
            from briefing_tui.session import Spot

            if isinstance(spot, Spot):
                self.session.move_to(spot.section, spot.row)
                self.show_spot()

        search = search_screen(self.app)
        search.start(self.session.briefing, self.session.note)
        self.app.push_screen(search, callback=go)

    def prepare_ahead(self, *screens: Screen[Any]) -> None:
        """Make `screens`, the search box and the note editor ahead, and lay them out, a step
        at a time while the keys rest: `w`, `/` and `a` then only draw them. (Made at the
        key, each took more than the whole of the floor app's key; laid out at the key, each
        drew its first frame twice.) The search index is still built at the first keystroke:
        built here, at 100,000 items it held up the keys pressed after the first screen
        (3.7-5x the floor's key, against 1.2-1.3x)."""
        app, session = self.app, self.session
        screens = (*screens, search_screen(app), note_screen(app))
        steps: list[Callable[[], object]] = [partial(start_screen, app, s) for s in screens]
        steps += [partial(lay_out_ahead, s) for s in screens]
        tries = 0

        def next_step() -> None:
            nonlocal tries
            if not steps:
                self.post_message(self.Prepared())
                return
            if not self.is_attached or self.session is not session or tries > MAX_TRIES:
                return  # (another run meanwhile: its own preparation makes its own)
            if steps[0]() is False:  # not done yet: try again later
                tries += 1
                self.set_timer(RETRY_SECONDS, next_step)
            else:
                steps.pop(0)
                tries = 0
                self.call_after_refresh(next_step)

        self.call_after_refresh(next_step)

    def action_help(self) -> None:
        from briefing_tui.screens.help import HelpScreen  # not on the way to the first screen

        settings = getattr(self.app, "settings", None)
        self.app.push_screen(HelpScreen(settings.keys if settings is not None else {}))

    def report_completion(self, was_complete: bool) -> None:
        """Say so when the last item has just been checked, with the time it took."""
        session = self.session
        if was_complete or not session.complete:
            return
        from briefing_tui.pace import duration

        took = session.total_seconds()
        how_long = f" in {duration(took)} of walkthrough time" if took >= 1 else ""
        self.notify(
            f"All {session.item_count} items are checked{how_long}.",
            title="Briefing complete",
            timeout=10,
            markup=False,
        )
