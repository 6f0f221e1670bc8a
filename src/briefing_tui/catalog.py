"""Which briefings there are, and opening one with its progress. No Textual.

Briefings come from two folders: the bundled ones (inside the package) and the user's own
(``<data dir>/briefings``). A briefing is named on the command line by path, by id, or by file
name with or without ``.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from briefing_tui import cache, files, paths
from briefing_tui.errors import ContentError, Issue
from briefing_tui.model import Briefing
from briefing_tui.progress import ProgressStore


@dataclass(frozen=True)
class Entry:
    """One briefing file that can be opened (or could, once its problems are fixed)."""

    path: Path
    bundled: bool
    briefing: Briefing | None
    error: ContentError | None = None

    @property
    def id(self) -> str:
        return self.briefing.id if self.briefing else self.path.stem

    @property
    def title(self) -> str:
        return self.briefing.title if self.briefing else self.path.name

    def checked_count(self, data: Path) -> int:
        """How many of this briefing's items the user has checked."""
        if self.briefing is None:
            return 0
        store = open_store(self.briefing, data)
        checked = store.checked_ids()
        return sum(1 for s in self.briefing.sections for i in s.items if i.id in checked)


@dataclass
class Opened:
    """A briefing ready to show: its content, its saved progress, and where it came from."""

    briefing: Briefing
    store: ProgressStore
    path: Path | None = None


def open_store(briefing: Briefing, data: Path) -> ProgressStore:
    store = ProgressStore(paths.progress_file(data, briefing.id), briefing.id)
    store.load()
    return store


def open_briefing(path: Path, data: Path) -> Opened:
    """Load a briefing (from the validated cache when the file is unchanged) and its progress.

    Raises ContentError.
    """
    briefing = cache.load(path)
    return Opened(briefing, open_store(briefing, data), path)


def briefing_paths(data: Path) -> list[tuple[Path, bool]]:
    """Every briefing file, bundled or not; nothing is read. The default briefing comes first."""
    default = files.default_briefing_path()
    bundled = sorted(files.briefing_files(files.bundled_dir()), key=lambda p: (p != default, p))
    own = files.briefing_files(paths.user_briefings_dir(data))
    return [(p, True) for p in bundled] + [(p, False) for p in own]


def entries(data: Path) -> list[Entry]:
    """Every briefing, loaded: bundled first (the default at the top), then the user's own."""
    return [_entry(path, bundled) for path, bundled in briefing_paths(data)]


def _entry(path: Path, bundled: bool) -> Entry:
    try:
        return Entry(path, bundled, cache.load(path))
    except ContentError as error:
        return Entry(path, bundled, None, error)


def resolve(name: str, data: Path) -> Path:
    """The file a command-line argument means. Raises ContentError if there is none."""
    as_path = Path(name).expanduser()
    if as_path.exists() or "/" in name or as_path.suffix in files.BRIEFING_SUFFIXES:
        return as_path
    for entry in entries(data):
        if name in (entry.id, entry.path.name, entry.path.stem):
            return entry.path
    raise ContentError(
        [
            Issue(
                name,
                None,
                None,
                "no briefing file or briefing id by that name; run 'briefing-tui list' to see "
                f"them (your own briefings go in {paths.user_briefings_dir(data)})",
            )
        ]
    )
