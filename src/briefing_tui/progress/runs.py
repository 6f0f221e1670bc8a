"""Named runs of a briefing: where each run's file is, which run was used last, and listing,
renaming and deleting runs. No Textual.

A briefing given several times (rehearsed on Monday, delivered on Wednesday) keeps a run per
occasion, each with its own checks, notes, position and times. The default run's file is the
one briefing-tui 1.0 wrote (``progress/<briefing>-<hash>.json``), so progress saved before runs
existed is the default run, with nothing to migrate. Other runs live beside it::

    progress/us-japan-defense-1a2b3c4d5e.json              the default run
    progress/us-japan-defense-1a2b3c4d5e.runs/
        Wednesday-delivery-9f8e7d6c5b.json                 the run "Wednesday delivery"
    progress/us-japan-defense-1a2b3c4d5e.last-run          the name of the run used last
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from briefing_tui import paths
from briefing_tui.files import write_atomically
from briefing_tui.progress.store import RunFile

DEFAULT_RUN = "default"
MAX_RUN_NAME = 60
#: A run's file name (not a copy set aside: `x-<hash>.deleted-<time>.json`).
_RUN_FILE = re.compile(r"^[A-Za-z0-9_-]+-[0-9a-f]{10}\.json$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


class RunError(Exception):
    """A run cannot be named, renamed or deleted as asked; the message says why."""


def check_name(name: str) -> str:
    """A run's name, tidied; raises RunError if it cannot be one."""
    name = " ".join(name.split())
    if not name:
        raise RunError("a run needs a name")
    if len(name) > MAX_RUN_NAME:
        raise RunError(f"a run's name is at most {MAX_RUN_NAME} characters")
    if _CONTROL.search(name):
        raise RunError("a run's name cannot hold control or invisible characters")
    return name


def runs_dir(data: Path, briefing_id: str) -> Path:
    default = paths.progress_file(data, briefing_id)
    return default.with_name(default.stem + ".runs")


def run_path(data: Path, briefing_id: str, run: str) -> Path:
    """The file of a run (it may not exist yet)."""
    if run == DEFAULT_RUN:
        return paths.progress_file(data, briefing_id)
    return runs_dir(data, briefing_id) / paths.progress_file(data, run).name


def run_file(data: Path, briefing_id: str, run: str) -> RunFile:
    return RunFile(run_path(data, briefing_id, run), briefing_id, run)


def _last_run_path(data: Path, briefing_id: str) -> Path:
    default = paths.progress_file(data, briefing_id)
    return default.with_name(default.stem + ".last-run")


def last_run(data: Path, briefing_id: str) -> str:
    """The run used last (the default run if none was named, or that run is gone)."""
    try:
        name = _last_run_path(data, briefing_id).read_text(encoding="utf-8").strip()
        name = check_name(name)
    except (OSError, UnicodeDecodeError, RunError):
        return DEFAULT_RUN
    if name != DEFAULT_RUN and not run_path(data, briefing_id, name).exists():
        return DEFAULT_RUN
    return name


def remember_run(data: Path, briefing_id: str, run: str) -> None:
    """Make `run` the one opened next time without --run (best effort: a failure to
    remember it costs nothing the user saved)."""
    target = _last_run_path(data, briefing_id)
    with contextlib.suppress(OSError):
        if target.exists() and target.read_text(encoding="utf-8").strip() == run:
            return
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_atomically(target, run + "\n")


@dataclass(frozen=True)
class RunInfo:
    """A run as `briefing-tui runs` lists it."""

    name: str
    path: Path
    checked: int
    total: int
    notes: int
    started_at: float | None  # None: nothing saved yet
    changed_at: float | None


def list_runs(data: Path, briefing_id: str, item_ids: set[str]) -> list[RunInfo]:
    """Every run of a briefing that has a file (and the default run always), oldest first.
    Reads only: nothing on disk is changed."""
    paths_found = [run_path(data, briefing_id, DEFAULT_RUN)]
    folder = runs_dir(data, briefing_id)
    if folder.is_dir():
        paths_found += sorted(
            p for p in folder.glob("*.json") if _RUN_FILE.match(p.name) and p.is_file()
        )
    infos = []
    for path in paths_found:
        run = DEFAULT_RUN if path == paths_found[0] else path.stem
        loaded = RunFile(path, briefing_id, run).read(inspect=True)
        progress = loaded.progress
        name = DEFAULT_RUN if path == paths_found[0] else _stored_name(path) or path.stem
        exists = path.exists()
        infos.append(
            RunInfo(
                name=name,
                path=path,
                checked=sum(1 for i, s in progress.items.items() if s.checked and i in item_ids),
                total=len(item_ids),
                notes=sum(1 for i, s in progress.items.items() if s.note and i in item_ids),
                started_at=progress.started_at if exists else None,
                changed_at=path.stat().st_mtime if exists else None,
            )
        )
    default, others = infos[0], infos[1:]
    others.sort(key=lambda r: r.started_at or 0.0)
    return [default, *others]


def _stored_name(path: Path) -> str | None:
    """The run's name as its file records it (file names are slugs)."""
    try:
        with path.open("rb") as handle:
            first = handle.readline(65536).decode("utf-8")
        document = json.loads(first.rsplit(', "items"', 1)[0] + "}")
    except (OSError, ValueError):
        return None
    name = document.get("run") if isinstance(document, dict) else None
    return name if isinstance(name, str) else None


def find_run(data: Path, briefing_id: str, name: str) -> Path | None:
    """The file of the run called `name`, if it has one."""
    path = run_path(data, briefing_id, name)
    return path if path.exists() else None


def rename_run(data: Path, briefing_id: str, old: str, new: str) -> Path:
    """Give a run another name (its file moves). Raises RunError."""
    new = check_name(new)
    if DEFAULT_RUN in (old, new):
        raise RunError(f"the {DEFAULT_RUN} run cannot be renamed, nor a run named '{DEFAULT_RUN}'")
    source, target = run_path(data, briefing_id, old), run_path(data, briefing_id, new)
    if not source.exists():
        raise RunError(f"there is no run named '{old}'")
    if target.exists():
        raise RunError(f"there is already a run named '{new}'")
    run = RunFile(source, briefing_id, old)
    loaded = run.read()
    loaded.progress.run = new
    RunFile(target, briefing_id, new).write(loaded.progress)
    _set_aside(source, "renamed")
    if last_run(data, briefing_id) == old:
        remember_run(data, briefing_id, new)
    return target


def delete_run(data: Path, briefing_id: str, name: str) -> Path:
    """Delete a run: its file is kept aside, as a damaged file is. Returns where. Raises
    RunError."""
    path = run_path(data, briefing_id, name)
    if not path.exists():
        raise RunError(f"there is no run named '{name}'")
    aside = _set_aside(path, "deleted")
    if last_run(data, briefing_id) == name:
        remember_run(data, briefing_id, DEFAULT_RUN)
    return aside


def _set_aside(path: Path, kind: str) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    aside = path.with_name(f"{path.stem}.{kind}-{stamp}{path.suffix}")
    try:
        os.replace(path, aside)
    except OSError as error:
        raise RunError(f"cannot move {path} aside: {error.strerror}") from None
    # The backup goes with it; the lock stays (another open copy may hold it).
    with contextlib.suppress(OSError):
        Path(str(path) + ".bak").unlink()
    return aside
