"""Finding and reading briefing files: where they are, and reading them within limits.

No YAML parsing here, so opening a briefing from the validated cache never imports the parser.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from briefing_tui.errors import ContentError, Issue

# Sized to the largest supported briefing (100,000 items of a few hundred bytes each).
MAX_FILE_BYTES = 64 * 1024 * 1024
BRIEFING_SUFFIXES = (".yaml", ".yml")
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)  # (not on Windows)
_O_BINARY = getattr(os, "O_BINARY", 0)  # (Windows only)


def bundled_dir() -> Path:
    """The folder of briefings that ship with the app (inside the installed package)."""
    packaged = resources.files("briefing_tui") / "content"
    if packaged.is_dir():
        return Path(str(packaged))
    # An editable install or a source checkout: the content lives at the top of the repo.
    return Path(__file__).resolve().parents[2] / "content"


def default_briefing_path() -> Path:
    return bundled_dir() / "us-japan-defense.yaml"


def briefing_files(folder: Path) -> list[Path]:
    """The briefing files directly in `folder`, sorted by name; none if it does not exist."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in BRIEFING_SUFFIXES and p.is_file())


def read_limited(path: Path, name: str) -> bytes:
    """The file's bytes, refusing what is not a regular file or is too big to be a briefing."""
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise ContentError([Issue(name, None, None, "is a directory, not a briefing file")])
        if not stat.S_ISREG(info.st_mode):
            raise ContentError([Issue(name, None, None, "is not a regular file")])
        if info.st_size > MAX_FILE_BYTES:
            raise ContentError([_too_big(name, info.st_size)])
        with path.open("rb") as handle:
            # Ask for what stat() saw, plus a byte: `read(n)` allocates n bytes up front, so
            # asking for the limit would cost 64 MiB for every small file. A file that grew
            # since stat() is read on, still only up to one byte past the limit.
            data = handle.read(info.st_size + 1)
            if len(data) > info.st_size:
                data += handle.read(MAX_FILE_BYTES + 1 - len(data))
    except FileNotFoundError:
        raise ContentError(
            [Issue(name, None, None, "no such file; check the path (or run 'briefing-tui list')")]
        ) from None
    except PermissionError:
        raise ContentError([Issue(name, None, None, "cannot be read: permission denied")]) from None
    except OSError as error:
        raise ContentError([Issue(name, None, None, f"cannot be read: {error.strerror}")]) from None
    if len(data) > MAX_FILE_BYTES:
        raise ContentError([_too_big(name, len(data))])
    return data


def _too_big(name: str, size: int) -> Issue:
    return Issue(
        name,
        None,
        None,
        f"is {size / 2**20:.1f} MiB; briefing files are limited to "
        f"{MAX_FILE_BYTES // 2**20} MiB — split it into several briefings",
    )


def signature(path: os.PathLike[str] | None) -> tuple[int, int, int] | None:
    """What changes when a file is rewritten (mtime, size, inode); None if there is none."""
    if path is None:
        return None
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size, info.st_ino)


def _create_beside(path: Path, mode: int) -> tuple[int, str]:
    """A new, empty temp file beside `path` (fd, name), created with `mode` less the user's
    umask: what it holds is never readable by more people than the file it replaces.
    (`tempfile.mkstemp` makes it 0600; reading the umask means setting it, for the whole
    process, threads included.)"""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_CLOEXEC | _O_BINARY
    for _ in range(100):
        temp = str(path.parent / f".{path.name}.{secrets.token_hex(6)}.tmp")
        try:
            return os.open(temp, flags, mode), temp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {path}")


def write_atomically(path: Path, data: str | bytes | Iterable[bytes]) -> None:
    """Replace `path` with `data` (or its pieces, written one after another) whole or not at
    all: a temp file beside it, renamed over it. (No fsync: for files that can be made
    again, a report, settings, a cache entry; the progress store syncs its own.) Raises
    OSError."""
    try:
        mode: int | None = stat.S_IMODE(path.stat().st_mode)  # a replaced file keeps its own
    except OSError:
        mode = None  # a new file gets what the user's umask gives (0666 less it)
    fd, temp = _create_beside(path, 0o666 if mode is None else mode)
    try:
        with os.fdopen(fd, "wb") as handle:
            if isinstance(data, (str, bytes)):
                handle.write(data.encode("utf-8") if isinstance(data, str) else data)
            else:
                handle.writelines(data)
        if mode is not None:
            os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
