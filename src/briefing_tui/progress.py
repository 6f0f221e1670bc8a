"""The progress store: which items are checked, saved so that no checkmark is ever lost.

No Textual here. Guarantees, and how they are kept:

* Atomic saves: the new state is written to a temp file in the same directory, fsynced, then
  `os.replace`d over the old file, and the directory is fsynced. A crash leaves the old or the
  new file, never half of one.
* No lost updates between two open copies of the app: every save is read-merge-write under an
  exclusive lock on a separate, never-replaced ``.lock`` file. Each item carries when it last
  changed, and the latest change wins per item.
* Keyed by item id, so reordering or editing a briefing never scrambles progress. States of
  ids the briefing no longer has are kept (the item may come back).
* Nothing the user saved is destroyed: a damaged file is renamed aside (``.corrupt-<time>``)
  and the last good copy (``.bak``) is used; a file written by a newer version of the app, or
  one that cannot be read, is never overwritten.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import secrets
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from briefing_tui.files import signature

FORMAT = "briefing-tui-progress"
VERSION = 1
LOCK_TIMEOUT_S = 2.0
#: A temp file older than this is left over from a crash (a save takes milliseconds).
STALE_TEMP_S = 60.0


@dataclass(frozen=True)
class ItemState:
    checked: bool
    changed_at: float  # seconds since the epoch, UTC


class ProgressError(Exception):
    """Progress could not be saved; the message says why, for the user."""


class _Damaged(Exception):
    """The file on disk exists but is not a progress file we can read."""


class _TooNew(Exception):
    """The file was written by a newer version of briefing-tui."""


def _iso(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, UTC).isoformat(timespec="microseconds")


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise ValueError("duplicate key")
    return result


def parse(data: bytes, now: float, clamp_to: float) -> dict[str, ItemState]:
    """The item states in a progress file's bytes. Raises _Damaged or _TooNew.

    A time after `now` would win every merge forever; it is taken as `clamp_to` (when this
    session opened the file), so any change made in this session beats it.
    """
    try:
        document = json.loads(
            data.decode("utf-8"),
            parse_constant=_reject_constant,
            object_pairs_hook=_no_duplicate_keys,
        )
    except (ValueError, RecursionError) as error:  # UnicodeDecodeError is a ValueError
        raise _Damaged(f"not valid JSON ({error.__class__.__name__})") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise _Damaged("not a briefing-tui progress file")
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise _Damaged("it has no format version")
    if version > VERSION:
        raise _TooNew(str(version))
    items = document.get("items")
    if not isinstance(items, dict):
        raise _Damaged("it has no item list")
    states: dict[str, ItemState] = {}
    for item_id, entry in items.items():
        if not isinstance(entry, dict) or not isinstance(entry.get("checked"), bool):
            raise _Damaged(f"the entry for '{item_id}' is malformed")
        try:
            changed = datetime.fromisoformat(entry["changed_at"]).timestamp()
        except (KeyError, TypeError, ValueError):
            raise _Damaged(f"the entry for '{item_id}' has no valid time") from None
        states[item_id] = ItemState(entry["checked"], changed if changed <= now else clamp_to)
    return states


def serialize(briefing_id: str, states: dict[str, ItemState], token: str = "") -> bytes:
    """The progress file's bytes: one line per item, so the file stays readable and diffable."""
    body = _ROW_SEPARATOR.join(_row(i, s) for i, s in states.items())
    return _head(briefing_id, token) + body + _TAIL


def _row(item_id: str, state: ItemState) -> bytes:
    """An item's line (without the separator). Checked or not, the same item's line has the
    same length ("true," is padded), so a save can overwrite it in place (`ProgressStore`)."""
    checked = b'{"checked": true,  ' if state.checked else b'{"checked": false, '
    return (
        json.dumps(item_id, ensure_ascii=False).encode("utf-8")
        + b": "
        + checked
        + b'"changed_at": "'
        + _iso(state.changed_at).encode("ascii")
        + b'"}'
    )


def _head(briefing_id: str, token: str) -> bytes:
    """The file's first line, up to the first item: it carries the save's token."""
    head = json.dumps(
        {"format": FORMAT, "version": VERSION, "briefing": briefing_id, "save": token},
        ensure_ascii=False,
    )
    return (head[:-1] + ', "items": {\n').encode("utf-8")


_ROW_SEPARATOR = b",\n"
_TAIL = b"\n}}\n"


def merge(ours: dict[str, ItemState], theirs: dict[str, ItemState]) -> dict[str, ItemState]:
    """Per item, the most recent change wins (ours on a tie)."""
    merged = dict(theirs)
    for item_id, state in ours.items():
        other = merged.get(item_id)
        if other is None or state.changed_at >= other.changed_at:
            merged[item_id] = state
    return merged


class ProgressStore:
    """The saved progress of one briefing, in one JSON file."""

    def __init__(self, path: Path, briefing_id: str, clock: Callable[[], float] = time.time):
        self.path = path
        self.briefing_id = briefing_id
        self._clock = clock
        self._opened_at = clock()
        self._seen_on_disk: tuple[int, int, int] | None = None
        #: The file's item lines, kept up to date as states change, so that a save formats
        #: only what changed and writes the rest as it is (None: rebuild at the next save).
        self._body: bytearray | None = None
        #: Where each item's line is in `_body`: (start, length).
        self._spans: dict[str, tuple[int, int]] = {}
        #: The first line of the file this store last wrote (it holds a random save token):
        #: if the file still starts with it, nobody else has written since, and a save need
        #: not read and merge the whole file again.
        self._written: bytes | None = None
        self._states: dict[str, ItemState] = {}
        #: Things the user should be told about their progress file (damage, read-only, ...).
        self.notices: list[str] = []
        #: True when saving would destroy something (a newer or unreadable file): never save.
        self.read_only = False
        #: True while there are changes that have not reached the disk.
        self.unsaved = False

    @property
    def lock_path(self) -> Path:
        return self.path.with_name(self.path.name + ".lock")

    @property
    def backup_path(self) -> Path:
        return self.path.with_name(self.path.name + ".bak")

    # ------------------------------------------------------------------ reading

    def load(self) -> None:
        """Read the saved state. Never raises: problems become `notices`."""
        self._states = self._read_with_recovery()
        self._body = None
        self._remove_stale_temp_files()

    def _remove_stale_temp_files(self) -> None:
        """Temp files left by a crash mid-save (never the data file itself)."""
        cutoff = time.time() - STALE_TEMP_S
        pattern = f".{self.path.name}.*.tmp"
        with contextlib.suppress(OSError):
            for temp in self.path.parent.glob(pattern):
                with contextlib.suppress(OSError):
                    if temp.lstat().st_mtime < cutoff:
                        temp.unlink()

    def is_checked(self, item_id: str) -> bool:
        state = self._states.get(item_id)
        return state is not None and state.checked

    def checked_ids(self) -> set[str]:
        return {item_id for item_id, state in self._states.items() if state.checked}

    def _read_with_recovery(self) -> dict[str, ItemState]:
        try:
            return self._read_disk(self.path)
        except _TooNew as error:
            self.read_only = True
            self.notices.append(
                f"{self.path} was written by a newer briefing-tui (format {error}); your "
                "progress is shown but will not be saved. Update briefing-tui to save again."
            )
        except _Damaged as error:
            aside = self._move_aside()
            self.notices.append(
                f"Your progress file {self.path} was damaged ({error}); it was kept as "
                f"{aside.name if aside else 'is'}."
            )
            try:
                states = self._read_disk(self.backup_path)
            except (_Damaged, _TooNew, ProgressError):
                states = {}
            if states:
                self.notices.append("Progress was restored from the last good copy (.bak).")
                self.unsaved = True
            return states
        except ProgressError as error:
            self.read_only = True
            self.notices.append(f"{error} Progress will not be saved this session.")
        return {}

    def _read_disk(self, path: Path) -> dict[str, ItemState]:
        """The states saved at `path` ({} if there is no file)."""
        try:
            info = path.lstat()
        except FileNotFoundError:
            return {}
        except OSError as error:
            raise ProgressError(f"Cannot read {path}: {error.strerror}.") from None
        if not stat.S_ISREG(info.st_mode):
            what = "a symbolic link" if stat.S_ISLNK(info.st_mode) else "not a regular file"
            raise ProgressError(f"{path} is {what}; remove it or choose another --data-dir.")
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
            with os.fdopen(fd, "rb") as handle:
                data = handle.read()
        except PermissionError:
            raise ProgressError(f"Cannot read {path}: permission denied.") from None
        except OSError as error:
            raise ProgressError(f"Cannot read {path}: {error.strerror}.") from None
        return parse(data, self._clock(), self._opened_at)

    def _move_aside(self) -> Path | None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        aside = self.path.with_name(f"{self.path.stem}.corrupt-{stamp}{self.path.suffix}")
        try:
            os.replace(self.path, aside)
        except OSError:
            return None
        return aside

    # ------------------------------------------------------------------ writing

    def set_checked(self, item_id: str, checked: bool) -> None:
        """Record a toggle and save it at once. On ProgressError the change is kept in memory."""
        self.set_many({item_id: checked})

    def set_many(self, changes: dict[str, bool]) -> None:
        """Record several changes (a reset, an undo) and save them as one write."""
        self.record(changes)
        self.save()

    def record(self, changes: dict[str, bool]) -> None:
        """Change the state in memory only; `save()` writes it (the app saves right after it
        has drawn the change, so a keypress shows at once)."""
        now = self._clock()
        for item_id, checked in changes.items():
            state = self._states[item_id] = ItemState(checked, now)
            if self._body is not None:
                self._update_body(item_id, _row(item_id, state))
        self.unsaved = True

    def _update_body(self, item_id: str, row: bytes) -> None:
        """Put an item's new line into the body: in place (the common case, O(1) whatever
        the number of items), or after the last line for an item seen for the first time."""
        assert self._body is not None
        span = self._spans.get(item_id)
        if span is not None and span[1] == len(row):
            start = span[0]
            self._body[start : start + len(row)] = row
        elif span is None:
            if self._body:
                self._body += _ROW_SEPARATOR
            self._spans[item_id] = (len(self._body), len(row))
            self._body += row
        else:  # a line of another length (not expected): format everything at the save
            self._body = None

    def _rebuild_body(self) -> bytearray:
        body, spans = bytearray(), {}
        for item_id, state in self._states.items():
            row = _row(item_id, state)
            if body:
                body += _ROW_SEPARATOR
            spans[item_id] = (len(body), len(row))
            body += row
        self._body, self._spans = body, spans
        return body

    def save(self) -> None:
        """Merge with what is on disk and write atomically. Raises ProgressError on failure."""
        if self.read_only:
            raise ProgressError(self.notices[-1] if self.notices else "Progress is read-only.")
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            with self._locked():
                try:
                    if self._written is not None and self._written == _first_line(self.path):
                        on_disk = {}  # unchanged since our last write: ours is the newest
                    else:
                        on_disk = self._read_disk(self.path)
                except _Damaged:
                    self._move_aside()
                    on_disk = {}
                except _TooNew as error:
                    self.read_only = True
                    raise ProgressError(
                        f"{self.path} was written by a newer briefing-tui (format {error}); "
                        "not overwriting it."
                    ) from None
                if on_disk:
                    self._states = merge(self._states, on_disk)
                    self._body = None  # another instance wrote: format everything once
                body = self._body if self._body is not None else self._rebuild_body()
                head = _head(self.briefing_id, secrets.token_hex(8))
                self._write(head, body, _TAIL)
                self._written = head
                self._seen_on_disk = signature(self.path)  # refresh() need not re-read it
                self.unsaved = False
        except OSError as error:
            raise ProgressError(_explain(error, self.path)) from None

    def refresh(self) -> bool:
        """Pick up changes another instance saved. True if anything changed."""
        now_on_disk = signature(self.path)
        if now_on_disk is None or now_on_disk == self._seen_on_disk:
            return False  # nothing new: don't parse the file every second
        self._seen_on_disk = now_on_disk
        try:
            on_disk = self._read_disk(self.path)
        except (_Damaged, _TooNew, ProgressError):
            return False
        merged = merge(self._states, on_disk)
        changed = merged != self._states
        if changed:
            self._states = merged
            self._body = None
        return changed

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

    def _write(self, *parts: bytes | bytearray) -> None:
        directory = self.path.parent
        fd, tmp_name = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=directory)
        try:
            with os.fdopen(fd, "wb") as handle:
                for part in parts:  # not joined: the body is written as it is, uncopied
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
            os.link(self.path, link)
            os.replace(link, self.backup_path)


def _first_line(path: Path) -> bytes | None:
    try:
        with path.open("rb") as handle:
            return handle.readline(4096)
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
    else:
        reason = error.strerror or str(error)
    return f"Could not save progress to {path}: {reason}. Your checks are kept and will be retried."
