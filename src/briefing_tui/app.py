"""The Textual app: which screen to show, the keys that work everywhere, and a clean exit.

A clean exit, whatever ends the app: `q`, a SIGTERM (`kill`) or a SIGHUP (a closed terminal or
SSH session) all leave through Textual's own exit, which restores the terminal, and each saves
what is not saved yet. If that save fails, `q` asks before quitting, and a signal writes a
rescue copy and says where (`shutdown.py`).
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from briefing_tui import catalog
from briefing_tui.catalog import Entry
from briefing_tui.errors import ContentError, Issue
from briefing_tui.exit_status import EXIT_UNSAVED, EXIT_USAGE
from briefing_tui.model import Briefing
from briefing_tui.screens.briefing import BriefingScreen, section_keys
from briefing_tui.screens.session_screen import (
    SessionScreen,
    about_whole_briefing,
    needs_whole_briefing_key,
)
from briefing_tui.session import Session
from briefing_tui.settings import Settings
from briefing_tui.syncing import Syncer, SyncEvents
from briefing_tui.text import first_line

if TYPE_CHECKING:
    from textual.command import Provider  # the palette is imported when it first opens

#: When to call `on_ready` if the first screen never reports its keys drawn.
READY_FALLBACK_SECONDS = 2.0
#: What a user does to ask for something (mouse moves and focus changes do not count).
USER_INPUT = (events.Key, events.MouseDown, events.MouseScrollDown, events.MouseScrollUp)


class BriefingApp(App[None]):
    """Opens one briefing, or first lets the user pick one of several."""

    CSS_PATH = "app.tcss"
    TITLE = "briefing-tui"
    COMMANDS = App.COMMANDS | {lambda: _briefing_commands()}
    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit"),
        # Like any terminal program: suspend to the shell; `fg` brings it back.
        Binding("ctrl+z", "suspend_process", "Suspend", show=False),
    ]

    def __init__(
        self,
        session: Session | None = None,
        *,
        path: Path | None = None,
        choices: list[Entry] | None = None,
        data_dir: Path | None = None,
        on_ready: Callable[[], None] | None = None,
        on_prepared: Callable[[], None] | None = None,
        walkthrough: bool = False,
        settings: Settings | None = None,
        whole: Callable[[], Briefing] | None = None,
    ) -> None:
        """`on_ready` is called once the first screen, keys included, is on screen (the
        command line turns the cycle collector back on then: `collector.resume`), and
        `on_prepared` once the views kept for the whole run are made ahead (it keeps them out
        of the collector's passes: `collector.keep_made`). `walkthrough` opens the
        walkthrough straight away. `whole`: the session holds only the briefing's first
        part, and this checks the whole (`cache.Opening.whole`)."""
        super().__init__()
        self._on_ready = on_ready
        self._on_prepared = on_prepared
        if session is None and not (choices and data_dir):
            raise ValueError("BriefingApp needs a session, or choices and a data directory")
        self.session = session
        self.path = path
        self.walkthrough = walkthrough
        self.settings = settings or Settings()
        self.syncer = self._syncer(session, path) if session is not None else None
        self._reload_error: str | None = None  # the last one shown: not shown again
        self.choices = choices or []
        self.data_dir = data_dir
        #: What could not be saved when the app ended, for the command line to report.
        self.unsaved_report: str | None = None
        self._whole = whole
        #: The problems of a briefing whose first part was shown, for the command line.
        self.content_error: ContentError | None = None
        #: Keys waiting for the whole briefing to be checked, in the order typed.
        self._typed_ahead: list[events.Key] = []
        #: Keys given to a screen, and which, until they come back up from it (the last
        #: few: a key a widget takes does not come back).
        self._keys_on_their_way: deque[tuple[events.Key, Screen[object]]] = deque(maxlen=32)
        #: When the last key, click or scroll came (`time.monotonic`): what is done ahead
        #: waits for the keys to rest (`RenderAhead`).
        self.last_input = 0.0

    def get_default_screen(self) -> Screen[None]:
        # The briefing is the first screen drawn: no blank screen before it.
        if self.session is not None and self.syncer is not None:
            return self._briefing_screen(self.session, self.syncer)
        return super().get_default_screen()

    def on_mount(self) -> None:
        self._apply_settings()
        if self.session is None:
            self._pick()
        else:
            self._started()
        if self._on_ready is not None or self._whole is not None:
            self.set_timer(READY_FALLBACK_SECONDS, self._first_screen_ready)
        # Back from Ctrl+Z (`fg`): Textual restores the terminal but does not draw the screen
        # again, and the shell has drawn over it.
        self.app_resume_signal.subscribe(self, lambda app: app.refresh(layout=True))
        loop = asyncio.get_running_loop()
        for number in (signal.SIGTERM, signal.SIGHUP):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(number, self._end_on_signal, number)

    def _briefing_screen(self, session: Session, syncer: Syncer) -> BriefingScreen:
        screen = BriefingScreen(session, syncer)
        screen.advance_after_check = self.settings.advance_after_check
        return screen

    # ------------------------------------------------------------------ settings

    def _apply_settings(self) -> None:
        """The theme and keys the user chose; what is wrong in the settings file is said,
        and the defaults are used for it."""
        settings = self.settings
        problems = [first_line(str(issue), 300) for issue in settings.problems[:6]]
        if settings.theme is not None:
            if settings.theme in self.available_themes:
                self.theme = settings.theme
            else:
                problems.append(f"{settings.path}: theme: there is no theme '{settings.theme}'")
        if settings.keys:
            self.set_keymap(settings.keys)
        if problems:
            self.notify(
                "\n".join(problems) + "\nThe defaults are used for these.",
                title="Settings",
                severity="warning",
                timeout=20,
                markup=False,
            )
        self.theme_changed_signal.subscribe(self, self._keep_theme)

    def _keep_theme(self, theme: object) -> None:
        from briefing_tui import settings

        if self.theme != self.settings.theme:
            problem = settings.save_theme(self.settings, self.theme)
            if problem is not None:
                self.notify(f"The theme is not kept: {problem}.", markup=False)

    # ------------------------------------------------------------------ the session

    def _syncer(self, session: Session, path: Path | None) -> Syncer:
        events = SyncEvents(
            changed=self._show_session,
            save_failed=self._save_failed,
            reloaded=self._reloaded,
            reload_failed=self._reload_failed,
            file_gone=self._file_gone,
            checked=self._whole_checked,
            check_failed=self._whole_failed,
        )
        return Syncer(session, path, events)

    def _started(self) -> None:
        """The session's screen is up: tell what the progress file said, start syncing."""
        session, syncer = self.session, self.syncer
        assert session is not None and syncer is not None
        for notice in session.notices:
            self.notify(notice, title="Progress", severity="warning", timeout=15, markup=False)
        if self._whole is None:  # (else once the whole is checked)
            self.call_after_refresh(self._report_orphans)  # reads every item: after a frame
        syncer.start()
        if self.walkthrough:
            screen = self.screen
            assert isinstance(screen, BriefingScreen)
            screen.action_walkthrough()

    def _session_screen(self) -> SessionScreen | None:
        """The screen showing the session (under any dialog on top of it)."""
        return next((s for s in reversed(self.screen_stack) if isinstance(s, SessionScreen)), None)

    def _show_session(self) -> None:
        screen = self._session_screen()
        if screen is not None:
            screen.show_everything()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, USER_INPUT):
            self.last_input = time.monotonic()
        # While only the briefing's first part is shown, a key about the whole briefing
        # (another section, search, the walkthrough...) waits for it, and so does every key
        # typed after it: they are done in order once it is checked (`_whole_checked`), so a
        # query typed after `/` goes into the search box, and Space after `4` checks an item
        # of section 4.
        if isinstance(event, events.Key) and not event.is_forwarded and self._must_wait(event):
            if not self._typed_ahead:
                self._show_keys_waiting(True)
            self._typed_ahead.append(event)
            return
        if isinstance(event, events.Key):
            if not event.is_forwarded:
                self._keys_on_their_way.append((event, self.screen))
            elif self._typed_before_a_screen_opened(event):
                # `/cyber` typed in one go: the letters were given to the panes before `/`
                # (acted on once it had come back up from them) opened the search box, and
                # came back to be matched with the keys of the search box, which has none
                # for them: they were lost. They are for the box: given to it now.
                again = events.Key(event.key, event.character)
                self._keys_on_their_way.append((again, self.screen))  # (another may open)
                (self.focused or self.screen)._forward_event(again)
                return
        await super().on_event(event)

    def _typed_before_a_screen_opened(self, key: events.Key) -> bool:
        """Whether `key`, coming back up from the screen it was given to, is a character
        typed before a key ahead of it opened the screen shown now."""
        for index, (sent, screen) in enumerate(self._keys_on_their_way):
            if sent is key:
                del self._keys_on_their_way[index]
                return key.is_printable and screen is not self.screen
        return False

    def _must_wait(self, key: events.Key) -> bool:
        waiting = bool(self._typed_ahead)
        if not waiting and (self.session is None or not self.session.partial):
            return False  # the usual case: no look at the bindings on every key
        active = self.screen.active_bindings.get(key.key)
        if active is None:
            return waiting
        if (
            active.binding.action in ("quit", "help_quit", "suspend_process")
            and not key.is_printable
        ):
            return False  # Ctrl+Q, Ctrl+C, Ctrl+Z: at once (`q` may be text for a search)
        return waiting or needs_whole_briefing_key(active)

    def _show_keys_waiting(self, waiting: bool) -> None:
        screen = self._session_screen()
        if screen is not None:
            screen.show_keys_waiting(waiting)

    def _whole_checked(self) -> None:
        screen = self._session_screen()
        if screen is not None:
            screen.whole_checked()
            screen.refresh_bindings()  # the footer's section keys: all the briefing has
        if self._typed_ahead:
            self.run_worker(self._replay_typed_ahead(), exclusive=True, group="typed-ahead")
        self._report_orphans()

    async def _replay_typed_ahead(self) -> None:
        """The keys that waited for the whole briefing, in order, each once the one before
        has done its work (a screen it opened is up and focused), as when typed."""
        # (Not once the app is ending: it takes its screens down, and a key for none of
        # them failed with a traceback.)
        while self._typed_ahead and self.screen_stack:
            key = self._typed_ahead.pop(0)
            screen = self.screen
            await super().on_event(events.Key(key.key, key.character))
            await _until_idle()
            # A key that opened a screen (search, a note): the next key is for what it
            # focuses, so wait for that, even if the process looked idle meanwhile.
            for _ in range(50):
                if not self.screen_stack:
                    return
                if self.screen is screen or self.screen.focused is not None:
                    break
                await asyncio.sleep(0.01)

    def _whole_failed(self, error: ContentError) -> None:
        """Only the first part was shown, and the whole file has problems: it is refused as
        any file with problems is, by the command line once the app has ended. What was
        checked or written meanwhile is saved first (kept by item id), or rescued."""
        self.content_error = error
        if self.session is not None:
            from briefing_tui.shutdown import rescue

            self.session.pause_clock()
            if not self.session.save_now():
                self.unsaved_report = rescue(self.session)
        self.exit(return_code=EXIT_USAGE)

    @about_whole_briefing  # it lists every section and item
    def action_command_palette(self) -> None:
        session, screen = self.session, self._session_screen()
        if session is not None and session.partial and screen is not None:
            screen.hold(super().action_command_palette)  # (a click on the footer's ^p)
            return
        super().action_command_palette()

    def get_key_display(self, binding: Binding) -> str:
        if binding.action == "show_section(0)" and self.session is not None:
            return section_keys(len(self.session.briefing.sections))
        return super().get_key_display(binding)

    def _report_orphans(self) -> None:
        orphans = self.session.orphan_count() if self.session else 0
        if orphans:
            self.notify(
                f"{orphans} saved check(s) no longer match an item in this briefing. "
                "They are kept, and come back if the items return.",
                title="Progress",
                severity="warning",
                timeout=10,
                markup=False,
            )

    def _save_failed(self, message: str | None) -> None:
        if message is None:
            self.notify("Progress saved.", markup=False)
            return
        # The change is kept in memory and retried; the user must know it is not on disk.
        self.notify(
            f"{message} Your changes are kept and saving is retried every second.",
            title="Not saved",
            severity="error",
            timeout=10,
            markup=False,
        )

    def _reloaded(self) -> None:
        if self._reload_error is not None:
            self.clear_notifications()  # the problems of the version before are gone
        self._reload_error = None
        self._show_session()
        name = self.path.name if self.path else "the briefing"
        self.notify(f"Reloaded {first_line(name)}", markup=False)
        self._report_orphans()  # checks of items the new version no longer has

    def _reload_failed(self, issues: list[Issue]) -> None:
        message = "\n".join(first_line(str(i), 300) for i in issues[:8])
        if message != self._reload_error:
            self._reload_error = message
            self.notify(
                message,
                title="Not reloaded: the new version has problems",
                severity="error",
                timeout=30,
                markup=False,
            )

    def _file_gone(self) -> None:
        self.notify(
            "The briefing file was deleted or moved. What you see stays on screen, and your "
            "progress is still saved; the briefing reloads when the file is back.",
            title="Briefing file gone",
            severity="warning",
            timeout=20,
            markup=False,
        )

    # ------------------------------------------------------------------ runs

    @about_whole_briefing  # a run opens on the whole briefing
    def action_runs(self) -> None:
        """Show the briefing's runs: switch to one, or start a new one."""
        session = self.session
        if session is None or session.data_dir is None:
            self.bell()
            return
        screen = self._session_screen()
        if session.partial and screen is not None:
            screen.hold(self.action_runs)  # a run opens on the whole briefing
            return
        from briefing_tui.progress import runs
        from briefing_tui.screens.runs import RunsScreen

        item_ids = {item.id for s in session.briefing.sections for item in s.items}
        listed = runs.list_runs(session.data_dir, session.briefing.id, item_ids)
        if session.run not in [info.name for info in listed]:
            listed.append(
                runs.RunInfo(
                    session.run,
                    session.run_file.path,
                    session.checked_total,
                    session.item_count,
                    0,
                    None,
                    None,
                )
            )

        def chosen(name: str | None) -> None:
            if name is not None and name != session.run:
                # Once this dialog is off the stack: the switch replaces the screens under it.
                self.call_later(self.switch_run, name)

        self.push_screen(RunsScreen(listed, session.run), callback=chosen)

    async def switch_run(self, name: str) -> None:
        """Leave the current run (saved first) and open `name` (started if new)."""
        session, syncer = self.session, self.syncer
        assert session is not None and session.data_dir is not None and syncer is not None
        session.pause_clock()
        if not session.save_now():
            self.notify(
                f"{session.save_error} This run's changes are not saved yet, so it stays open.",
                title="Not switched",
                severity="error",
                markup=False,
            )
            return
        await syncer.stop()
        new = catalog.open_run(session.briefing, session.data_dir, name)
        self.session, self.syncer = new, self._syncer(new, self.path)
        # Down to the panes: the walkthrough, if the switch came from there. (Under them may
        # be the picker's screen, when the briefing was chosen there.)
        while not isinstance(self.screen, BriefingScreen) and len(self.screen_stack) > 1:
            await self.pop_screen()
        screen = self.screen
        assert isinstance(screen, BriefingScreen)
        await screen.show_session(new, self.syncer)
        self._started()
        self.notify(f"Now in the run '{first_line(name, 60)}'.", markup=False)

    async def on_unmount(self) -> None:
        """The app is ending: the last changes (a check just made, the position, the time)
        are written now."""
        if self.syncer is not None:
            await self.syncer.stop()
        if self.session is not None:
            self.session.pause_clock()
            self.session.save_now()

    # ------------------------------------------------------------------ ending

    def _end_on_signal(self, number: int) -> None:
        """SIGTERM, SIGHUP: save what can be saved and leave through Textual's exit, which
        restores the terminal (alternate screen, mouse reporting, cursor)."""
        if self.session is not None:
            from briefing_tui.shutdown import rescue

            self.session.pause_clock()
            if not self.session.save_now():
                self.unsaved_report = rescue(self.session)
        self.exit(return_code=128 + number)

    async def action_quit(self) -> None:
        session = self.session
        if session is None or not session.unsaved_changes or session.read_only:
            self.exit()
            return
        session.pause_clock()
        if session.save_now():
            self.exit()
            return
        from briefing_tui.screens.quit import QuitScreen  # only when a save is failing

        self.push_screen(QuitScreen(session), callback=self._quit_answered)

    def _quit_answered(self, quit_unsaved: str | None) -> None:
        if quit_unsaved is not None:
            self.unsaved_report = quit_unsaved
            self.exit(return_code=EXIT_UNSAVED)

    def watch_app_focus(self, focused: bool) -> None:
        """In a browser (`briefing-tui serve`), the app starts without focus until the page's
        terminal has it, and Textual skips a screen's AUTO_FOCUS then, for good: Space would do
        nothing until Tab or a number key. Focus what the screen would have focused."""
        screen = self.screen
        if not focused or screen.focused is not None:
            return
        selector = screen.AUTO_FOCUS if screen.AUTO_FOCUS is not None else self.AUTO_FOCUS
        for widget in screen.query(selector) if selector else ():
            if widget.focusable:
                # Now, not after a refresh (`focus()`): the key that gave the app focus is
                # dispatched next, and must reach this widget.
                screen.set_focus(widget, scroll_visible=False)
                break

    def on_key_footer_keys_shown(self) -> None:
        self._first_screen_ready()

    def on_session_screen_prepared(self) -> None:
        if self._on_prepared is not None:
            self._on_prepared()

    def _first_screen_ready(self) -> None:
        on_ready, self._on_ready = self._on_ready, None
        if on_ready is not None:
            on_ready()
        whole, self._whole = self._whole, None
        if whole is not None and self.syncer is not None:
            # Only now: the check's thread shares the interpreter with the first screen, and
            # would hold up what it is there to hurry.
            self.syncer.check_whole(whole)

    def _pick(self) -> None:
        assert self.data_dir is not None
        from briefing_tui.screens.picker import PickerScreen  # only with several briefings

        counts = [entry.checked_count(self.data_dir) for entry in self.choices]
        self.push_screen(PickerScreen(self.choices, counts), callback=self._open)

    def _open(self, path: Path | None) -> None:
        assert self.data_dir is not None and path is not None
        try:
            self.session = catalog.open_session(path, self.data_dir)
        except ContentError as error:
            self.notify(
                first_line(str(error), 300), title="Cannot open", severity="error", markup=False
            )
            self._pick()
            return
        self.path = path
        self.syncer = self._syncer(self.session, path)
        self.push_screen(self._briefing_screen(self.session, self.syncer))
        self._started()


async def _until_idle(step: float = 0.01, longest: float = 0.5) -> None:
    """Wait until the app has done the work a key started: the process stops using the CPU
    (a step of wall time with under a tenth of it on the CPU), or `longest` at most."""
    waited = 0.0
    while waited < longest:
        cpu = time.process_time()
        await asyncio.sleep(step)
        waited += step
        if time.process_time() - cpu < step / 10:
            return


def _briefing_commands() -> type[Provider]:
    # The palette's provider is imported when the palette first opens, not at start-up.
    from briefing_tui.palette import BriefingCommands

    return BriefingCommands
