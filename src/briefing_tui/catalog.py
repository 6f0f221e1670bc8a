"""Which briefings there are, and opening one with a run of its progress. No Textual.

Briefings come from two folders: the bundled ones (inside the package) and the user's own
(``<data dir>/briefings``). A briefing is named on the command line by path, by id, or by file
name with or without ``.yaml``. Two files may declare the same id by mistake (they would share
their progress): `entries` flags them, and naming that id asks which file is meant.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from briefing_tui import cache, files, paths
from briefing_tui.errors import ContentError, Issue
from briefing_tui.model import Briefing
from briefing_tui.progress import runs
from briefing_tui.session import Session


class NotFound(ContentError):
    """No briefing file or id by the name given."""


@dataclass(frozen=True)
class Entry:
    """One briefing file that can be opened (or could, once its problems are fixed)."""

    path: Path
    bundled: bool
    briefing: Briefing | None
    error: ContentError | None = None
    #: Other files that declare the same id (they would share one progress file).
    same_id: tuple[Path, ...] = field(default=())

    @property
    def id(self) -> str:
        return self.briefing.id if self.briefing else self.path.stem

    @property
    def title(self) -> str:
        return self.briefing.title if self.briefing else self.path.name

    def checked_count(self, data: Path) -> int:
        """How many of this briefing's items are checked in the run used last. Reads only."""
        if self.briefing is None:
            return 0
        run = runs.last_run(data, self.briefing.id)
        progress = runs.run_file(data, self.briefing.id, run).read(inspect=True).progress
        states = progress.items
        return sum(
            1
            for s in self.briefing.sections
            for i in s.items
            if (state := states.get(i.id)) is not None and state.checked
        )


def open_session(path: Path, data: Path, run: str | None = None) -> Session:
    """Load a briefing (from the validated cache when the file is unchanged) and open a run
    of it: `run`, or the run used last. Raises ContentError, and RunError for a bad name."""
    briefing = cache.load(path)
    return open_run(briefing, data, run)


def open_run(briefing: Briefing, data: Path, run: str | None = None) -> Session:
    """Open a run of a loaded briefing (`run`, or the run used last), and remember it as the
    run to open next time. Raises RunError for a name that cannot be a run's."""
    name = runs.check_name(run) if run is not None else runs.last_run(data, briefing.id)
    new = name != runs.DEFAULT_RUN and not runs.run_path(data, briefing.id, name).exists()
    session = Session.open(briefing, runs.run_file(data, briefing.id, name), data)
    if new:
        session.start_run()  # it exists from now: listed, and opened next time without --run
    runs.remember_run(data, briefing.id, name)
    return session


def load_for_reading(path: Path) -> Briefing:
    """A briefing, for a command that changes nothing on disk (the cache is not written)."""
    return cache.load(path, write=False)


def briefing_paths(data: Path) -> list[tuple[Path, bool]]:
    """Every briefing file, bundled or not; nothing is read. The default briefing comes first."""
    default = files.default_briefing_path()
    bundled = sorted(files.briefing_files(files.bundled_dir()), key=lambda p: (p != default, p))
    own = files.briefing_files(paths.user_briefings_dir(data))
    return [(p, True) for p in bundled] + [(p, False) for p in own]


def entries(data: Path, *, write_cache: bool = True) -> list[Entry]:
    """Every briefing, loaded: bundled first (the default at the top), then the user's own.
    With `write_cache=False`, nothing is written (not even the validation cache)."""
    found = [_entry(path, bundled, write_cache) for path, bundled in briefing_paths(data)]
    ids = Counter(e.briefing.id for e in found if e.briefing is not None)
    return [
        Entry(
            e.path,
            e.bundled,
            e.briefing,
            e.error,
            same_id=tuple(
                o.path
                for o in found
                if o is not e and o.briefing is not None and o.briefing.id == e.briefing.id
            ),
        )
        if e.briefing is not None and ids[e.briefing.id] > 1
        else e
        for e in found
    ]


def _entry(path: Path, bundled: bool, write_cache: bool) -> Entry:
    try:
        return Entry(path, bundled, cache.load(path, write=write_cache))
    except ContentError as error:
        return Entry(path, bundled, None, error)


def resolve(name: str, data: Path) -> Path:
    """The file a command-line argument means. Raises NotFound if there is none, and
    ContentError if the name is an id two files share."""
    as_path = Path(name).expanduser()
    if as_path.exists():
        return as_path
    if "/" in name:
        raise NotFound([Issue(name, None, None, "no such file; check the path")])
    matches = [e for e in entries(data) if name in (e.id, e.path.name, e.path.stem)]
    by_file = [e for e in matches if name in (e.path.name, e.path.stem)]
    if len(matches) > 1 and by_file:
        matches = by_file[:1]  # a file name is exact; an id may be shared
    if len(matches) == 1:
        return matches[0].path
    if matches:
        listed = ", ".join(str(e.path) for e in matches)
        raise ContentError(
            [
                Issue(
                    name,
                    None,
                    None,
                    f"{len(matches)} files declare the id '{name}' ({listed}); they would share "
                    "their progress. Open one by its path, and give each its own id",
                )
            ]
        )
    raise NotFound(
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
