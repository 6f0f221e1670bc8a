"""The progress store: one run's file on disk, saved so that nothing the user saved is lost.

No Textual here. Guarantees, and how they are kept:

* Atomic saves: the new state is written to a temp file in the same directory, fsynced, then
  `os.replace`d over the old file, and the directory is fsynced. A crash leaves the old or the
  new file, never half of one.
* No lost updates between two open copies of the app: every save is read-merge-write under an
  exclusive lock on a separate, never-replaced ``.lock`` file (`format.merge`).
* Nothing the user saved is destroyed: a damaged file is renamed aside (``.corrupt-<time>``)
  and the last good copy (``.bak``) is used; a file with some bad entries keeps every good
  one, and a copy of its original bytes is kept aside; a file written by a newer version of
  the app is never overwritten; a path that cannot be used (a directory, a symbolic link, a
  file that cannot be read) is never replaced, and saving is retried until it can be used.
* Reading for a list (`inspect`) changes nothing on disk.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import secrets
import shutil
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from briefing_tui.files import signature
from briefing_tui.progress.format import (
    ROW_SEPARATOR,
    TAIL,
    Damaged,
    ItemState,
    Problem,
    Progress,
    TooNew,
    head,
    item_line,
    merge,
    parse,
)

LOCK_TIMEOUT_S = 2.0
#: A temp file older than this is left over from a crash (a save takes milliseconds).
STALE_TEMP_S = 60.0


class ProgressError(Exception):
    """Progress could not be read or saved; the message says why, for the user."""


class NewerFormat(ProgressError):
    """The file on disk is from a newer briefing-tui: it is never overwritten."""


@dataclass
class Loaded:
    """What reading a run's file found."""

    progress: Progress
    #: What the user should be told (damage, entries left out, a newer format, ...).
    notices: list[str] = field(default_factory=list)
    #: Saving would destroy something (a file from a newer briefing-tui): never save.
    read_only: bool = False
    #: What was read differs from the file (a backup restored, bad entries left out): save it.
    needs_save: bool = False


class RunFile:
    """The file of one run of one briefing."""

    def __init__(
        self, path: Path, briefing_id: str, run: str, clock: Callable[[], float] = time.time
    ) -> None:
        self.path = path
        self.briefing_id = briefing_id
        self.run = run
        self._clock = clock
        self.opened_at = clock()
        self._seen_on_disk: tuple[int, int, int] | None = None
        #: The first line this store last wrote (it holds a random save token): if the file
        #: still starts with it, nobody else has written since, and a save need not read and
        #: merge the whole file again.
        self._written: bytes | None = None
        #: Each item's line as last formatted, so a save formats only what changed.
        self._lines: dict[str, tuple[ItemState, str]] = {}
        #: The bytes last copied aside (a file with bad entries is copied once, not per read).
        self._copied_aside: bytes | None = None

    @property
    def lock_path(self) -> Path:
        return self.path.with_name(self.path.name + ".lock")

    @property
    def backup_path(self) -> Path:
        return self.path.with_name(self.path.name + ".bak")

    def empty(self) -> Progress:
        return Progress(self.briefing_id, self.run, started_at=self.opened_at)

    # ------------------------------------------------------------------ reading

    def read(self, *, inspect: bool = False) -> Loaded:
        """The run as saved. Never raises: problems become notices.

        With `inspect`, nothing on disk is changed (no file is moved aside or tidied): for
        commands that only look, such as `briefing-tui list`.
        """
        loaded = Loaded(self.empty())
        try:
            progress, problems, data = self._read_disk(self.path)
        except TooNew as error:
            loaded.read_only = True
            loaded.notices.append(
                f"{self.path} was written by a newer briefing-tui (format {error}); your "
                "progress is shown but will not be saved. Update briefing-tui to save again."
            )
            with contextlib.suppress(OSError, Damaged, TooNew):
                data = self.path.read_bytes()
                shown, _ = parse(data, self._clock(), self.opened_at, newer=True)
                shown.run = self.run
                loaded.progress = shown
            return loaded
        except Damaged as error:
            aside = None if inspect else self._move_aside()
            kept = f"it was kept as {aside.name}" if aside else "it was left as it is"
            loaded.notices.append(f"Your progress file {self.path} was damaged ({error}); {kept}.")
            with contextlib.suppress(Damaged, TooNew, ProgressError):
                restored, _, _ = self._read_disk(self.backup_path)
                if restored is not None and restored.items:
                    loaded.progress = restored
                    loaded.needs_save = True
                    loaded.notices.append(
                        "Progress was restored from the last good copy (.bak), made one save "
                        "before the damage: the last change or two may be missing. Check "
                        "them, and the damaged file kept aside."
                    )
            return loaded
        except ProgressError as error:
            loaded.notices.append(
                f"{error} Your checks will be kept in memory and saved as soon as it can be used."
            )
            return loaded
        if progress is not None:
            progress.run = self.run
            loaded.progress = progress
        if problems:
            aside = None if inspect else self._copy_aside(data)
            loaded.notices.extend(self._describe(problems, aside))
            loaded.needs_save = True
        if not inspect:
            self._remove_stale_temp_files()
        return loaded

    def _describe(self, problems: list[Problem], aside: Path | None) -> list[str]:
        notices = [
            f"{self.path}{f', line {p.line}' if p.line else ''}: {p.message}."
            for p in problems[:20]
        ]
        if len(problems) > 20:
            notices.append(f"... and {len(problems) - 20} more problems.")
        notices.append(
            "Every other entry was kept"
            + (f"; the original file was copied to {aside.name}." if aside else ".")
        )
        return notices

    def read_if_changed(self) -> Progress | None:
        """The file as another instance saved it, if it changed since it was last seen."""
        now_on_disk = signature(self.path)
        if now_on_disk is None or now_on_disk == self._seen_on_disk:
            return None  # nothing new: don't parse the file every second
        self._seen_on_disk = now_on_disk
        try:
            progress, _, _ = self._read_disk(self.path)
        except (Damaged, TooNew, ProgressError):
            return None
        return progress

    def _read_disk(self, path: Path) -> tuple[Progress | None, list[Problem], bytes]:
        """The run saved at `path` (None if there is no file). Raises ProgressError when the
        path cannot be used, Damaged, TooNew."""
        self._check_usable(path)
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
            with os.fdopen(fd, "rb") as handle:
                data = handle.read()
        except FileNotFoundError:
            return None, [], b""
        except PermissionError:
            raise ProgressError(f"Cannot read {path}: permission denied.") from None
        except OSError as error:
            raise ProgressError(f"Cannot read {path}: {error.strerror}.") from None
        if path == self.path:
            self._seen_on_disk = signature(path)
        progress, problems = parse(data, self._clock(), self.opened_at)
        return progress, problems, data

    @staticmethod
    def _check_usable(path: Path) -> None:
        try:
            info = path.lstat()
        except FileNotFoundError:
            return
        except OSError as error:
            raise ProgressError(f"Cannot read {path}: {error.strerror}.") from None
        if not stat.S_ISREG(info.st_mode):
            what = "a symbolic link" if stat.S_ISLNK(info.st_mode) else "not a regular file"
            raise ProgressError(f"{path} is {what}; remove it or choose another --data-dir.")

    def _aside_path(self, kind: str) -> Path:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        return self.path.with_name(f"{self.path.stem}.{kind}-{stamp}{self.path.suffix}")

    def _move_aside(self) -> Path | None:
        aside = self._aside_path("corrupt")
        try:
            os.replace(self.path, aside)
        except OSError:
            return None
        return aside

    def _copy_aside(self, data: bytes) -> Path | None:
        """Keep a copy of a file's bytes that had bad entries (once per content)."""
        if data == self._copied_aside:
            return None
        self._copied_aside = data
        aside = self._aside_path("corrupt")
        try:
            with aside.open("xb") as handle:
                handle.write(data)
        except OSError:
            return None
        return aside

    def _remove_stale_temp_files(self) -> None:
        """Temp files left by a crash mid-save (never the data file itself)."""
        cutoff = time.time() - STALE_TEMP_S
        pattern = f".{self.path.name}.*.tmp"
        with contextlib.suppress(OSError):
            for temp in self.path.parent.glob(pattern):
                with contextlib.suppress(OSError):
                    if temp.lstat().st_mtime < cutoff:
                        temp.unlink()

    # ------------------------------------------------------------------ writing

    def write(self, progress: Progress) -> Progress:
        """Merge `progress` with what is on disk and write the result atomically; return it.

        Safe to call from a worker thread (it touches no state the caller shares, except
        this file's own caches; one write at a time). Raises ProgressError (NewerFormat when
        the file on disk is from a newer briefing-tui: it is never overwritten).
        """
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            with self._locked():
                merged = progress
                if self._written is None or self._written != _first_line(self.path):
                    try:
                        on_disk, problems, data = self._read_disk(self.path)
                    except Damaged:
                        self._move_aside()
                        on_disk, problems = None, []
                    except TooNew as error:
                        raise NewerFormat(
                            f"{self.path} was written by a newer briefing-tui (format "
                            f"{error}); it is not overwritten. Update briefing-tui to save."
                        ) from None
                    if problems:
                        self._copy_aside(data)
                    if on_disk is not None:
                        merged = merge(progress, on_disk)
                merged.run = self.run
                first = head(merged, secrets.token_hex(8))
                self._write_atomically(first, self._body(merged), TAIL)
                self._written = first.encode("utf-8").split(b"\n", 1)[0] + b"\n"
                self._seen_on_disk = signature(self.path)  # read_if_changed need not re-read
                return merged
        except OSError as error:
            raise ProgressError(_explain(error, self.path)) from None

    def _body(self, progress: Progress) -> str:
        lines = self._lines
        rows = []
        for item_id, state in progress.items.items():
            known = lines.get(item_id)
            if known is None or known[0] != state:
                known = lines[item_id] = (state, item_line(item_id, state))
            rows.append(known[1])
        return ROW_SEPARATOR.join(rows)

    def write_copy(self, progress: Progress, destination: Path) -> None:
        """Write the run to another file (never over an existing one): a rescue copy when
        the real file cannot be saved. Raises OSError."""
        first = head(progress, "")
        with destination.open("x", encoding="utf-8") as handle:
            handle.write(first + self._body(progress) + TAIL)
            handle.flush()
            os.fsync(handle.fileno())

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        # Lock a separate file: os.replace swaps the data file's inode, so a lock on it would
        # not exclude a writer that opened the new one.
        fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            deadline = time.monotonic() + LOCK_TIMEOUT_S
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise ProgressError(
                            f"{self.lock_path} is held by another briefing-tui that is not "
                            "responding; progress will be saved when it lets go."
                        ) from None
                    time.sleep(0.01)
            yield
        finally:
            os.close(fd)  # closing releases the lock

    def _write_atomically(self, *parts: str) -> None:
        directory = self.path.parent
        fd, tmp_name = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=directory)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                for part in parts:
                    handle.write(part)
                handle.flush()
                os.fsync(handle.fileno())
            self._keep_backup()
            os.replace(tmp_name, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
            raise
        _fsync_dir(directory)

    def _keep_backup(self) -> None:
        """Make the current file the `.bak` copy (a hard link: no data is copied)."""
        if not self.path.exists():
            return
        link = self.backup_path.with_name(self.backup_path.name + ".tmp")
        with contextlib.suppress(OSError):
            if link.exists():
                link.unlink()
            try:
                os.link(self.path, link)
            except OSError:  # a file system without hard links
                shutil.copyfile(self.path, link)
            os.replace(link, self.backup_path)


def _first_line(path: Path) -> bytes | None:
    try:
        with path.open("rb") as handle:
            return handle.readline(65536)
    except OSError:
        return None


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _explain(error: OSError, path: Path) -> str:
    if error.errno == errno.ENOSPC:
        reason = "the disk is full"
    elif error.errno in (errno.EACCES, errno.EPERM):
        reason = "permission denied"
    elif error.errno == errno.EROFS:
        reason = "the file system is read-only"
    elif error.errno == errno.EISDIR:
        reason = "it is a directory"
    else:
        reason = error.strerror or str(error)
    return f"Could not save progress to {path}: {reason}."
