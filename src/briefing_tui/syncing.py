"""Keeping an open session in step with the disk, off the UI's event loop. No Textual.

Once a second (`SYNC_SECONDS`) the syncer: credits the walkthrough clock's time, saves what is
not saved yet (retrying a save that failed), takes in what another open copy of the run saved,
and notices when the briefing file changed. Writing happens in a worker thread, and a changed
briefing is validated in a separate process (`reload_worker`): validating a 10,000-item file
takes about a second and holds the interpreter's lock, so a thread would still freeze keys.
A newer change of the file cancels the validation of an older one.

It reports to the screen through `SyncEvents`; every call comes on the event loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from briefing_tui import reload_worker
from briefing_tui.errors import ContentError, Issue
from briefing_tui.files import signature
from briefing_tui.model import Briefing
from briefing_tui.session import SaveJob, Session

SYNC_SECONDS = 1.0


@dataclass
class SyncEvents:
    """What the syncer tells the screen."""

    #: Checks or notes changed under the user (another open copy saved): show them.
    changed: Callable[[], None]
    #: A save failed (the message), or succeeded again after failing (None).
    save_failed: Callable[[str | None], None]
    #: The briefing file changed and its new version is in the session: show it.
    reloaded: Callable[[], None]
    #: The briefing file changed but cannot be used (the problems); the last good one stays.
    reload_failed: Callable[[list[Issue]], None]
    #: The briefing file is gone (deleted or moved); the last version stays on screen.
    file_gone: Callable[[], None]
    #: The whole briefing is checked and in the session, in place of its first part.
    checked: Callable[[], None]
    #: The whole briefing has problems: it cannot be used (only its first part was shown).
    check_failed: Callable[[ContentError], None]


class Syncer:
    def __init__(self, session: Session, path: Path | None, events: SyncEvents) -> None:
        self.session = session
        self.path = path
        self.events = events
        self._file_signature = signature(path)
        self._gone_reported = False
        self._task: asyncio.Task[None] | None = None
        self._reload: asyncio.Task[None] | None = None
        self._check: asyncio.Task[None] | None = None
        self._save: asyncio.Task[None] | None = None
        self._failing = False

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> None:
        for task in (self._task, self._reload, self._check):
            if task is not None:
                task.cancel()
                # (a task that failed must not stop the last save that follows this)
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
        if self._save is not None:
            with contextlib.suppress(Exception):
                await self._save  # a save under way finishes: it holds the user's changes

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(SYNC_SECONDS)
            await self.sync()

    async def sync(self) -> None:
        """One round: save or take in other saves, then look at the briefing file."""
        session = self.session
        session.tick()
        if session.unsaved:
            await self.save()
        elif session.take_in_other_saves():
            self.events.changed()
        self._look_at_file()

    # ------------------------------------------------------------------ saving

    def save_soon(self) -> None:
        """Save now, in a worker thread (the caller has put the change on screen)."""
        if self._save is None or self._save.done():
            self._save = asyncio.get_running_loop().create_task(self.save())

    async def save(self) -> None:
        session = self.session
        while (job := session.begin_save()) is not None:
            try:
                done: SaveJob = await asyncio.to_thread(job.run)
            except asyncio.CancelledError:
                session.saving = False
                raise
            if session.finish_save(done):
                self.events.changed()  # the file held another copy's changes
            if session.save_error is not None:
                self._failing = True
                self.events.save_failed(session.save_error)
                return  # retried at the next round
            if self._failing:
                self._failing = False
                self.events.save_failed(None)

    # ------------------------------------------------------------------ the briefing file

    def check_whole(self, whole: Callable[[], Briefing]) -> None:
        """Check the whole briefing (`cache.Opening.whole`) while its first part is shown."""
        self._check = asyncio.get_running_loop().create_task(self._check_whole(whole))

    async def _check_whole(self, whole: Callable[[], Briefing]) -> None:
        # In a thread of this process, not another process (`reload_worker`): a second
        # interpreter, with pydantic and the whole file, would double the memory the app
        # needs at its first launch. The thread shares the interpreter's lock with the
        # keys, so it is made to hand the lock over every 1 ms instead of every 5.
        interval = sys.getswitchinterval()
        sys.setswitchinterval(min(interval, 0.001))
        try:
            briefing = await _in_daemon_thread(whole)
        except ContentError as error:
            self.events.check_failed(error)
            return
        except Exception as error:  # (out of memory...): the first part must not stay forever
            path = str(self.path) if self.path is not None else "the briefing"
            message = f"could not be checked ({type(error).__name__}: {error})"
            self.events.check_failed(ContentError([Issue(path, None, None, message)]))
            return
        finally:
            sys.setswitchinterval(interval)
        self.session.take_whole(briefing)
        self.events.checked()

    def _look_at_file(self) -> None:
        if self.path is None or self.session.partial:
            return  # (a change made while the first part is shown is seen once it is checked)
        on_disk = signature(self.path)
        if on_disk == self._file_signature:
            return
        self._file_signature = on_disk
        if on_disk is None:
            if not self._gone_reported:
                self._gone_reported = True
                self.events.file_gone()
            return
        self._gone_reported = False
        if self._reload is not None:
            self._reload.cancel()  # a newer version replaces the one being validated
        self._reload = asyncio.get_running_loop().create_task(self._reload_file(self.path))

    async def _reload_file(self, path: Path) -> None:
        try:
            briefing = await validate_elsewhere(path)
        except ContentError as error:
            self.events.reload_failed(error.issues)
            return
        if briefing.id != self.session.briefing.id:
            self.events.reload_failed(
                [
                    Issue(
                        str(path),
                        None,
                        None,
                        f"the briefing id changed from '{self.session.briefing.id}' to "
                        f"'{briefing.id}'; progress is kept by id, so the new version is "
                        "shown when you open it again",
                    )
                ]
            )
            return
        self.session.replace_briefing(briefing)
        self.events.reloaded()


async def validate_elsewhere(path: Path) -> Briefing:
    """Validate a briefing file in another process (`reload_worker`). Raises ContentError."""
    process = await asyncio.create_subprocess_exec(
        *reload_worker.command(path),
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
    )
    try:
        output, _ = await process.communicate()
    except asyncio.CancelledError:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        with contextlib.suppress(Exception):
            await process.wait()
        raise
    return reload_worker.answer(output, path)


async def _in_daemon_thread(function: Callable[[], Briefing]) -> Briefing:
    """`function()` in a thread that does not hold up the app's exit (as `asyncio.to_thread`
    would: quitting while a 100,000-item file is checked would wait seconds for it)."""
    loop = asyncio.get_running_loop()
    done: asyncio.Future[Briefing] = loop.create_future()

    def settle(result: Briefing | None, error: BaseException | None) -> None:
        if done.done():
            return  # cancelled: the app stopped waiting
        if error is not None:
            done.set_exception(error)
        else:
            done.set_result(result)  # type: ignore[arg-type]

    def run() -> None:
        try:
            result, error = function(), None
        except BaseException as raised:  # handed to the waiting task, which re-raises it
            result, error = None, raised
        with contextlib.suppress(RuntimeError):  # the loop is closed: the app has ended
            loop.call_soon_threadsafe(settle, result, error)

    threading.Thread(target=run, name="check-whole", daemon=True).start()
    return await done
