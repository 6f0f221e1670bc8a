"""When the app must end with changes it could not save: write a rescue copy, say where.

No Textual. The progress file's own guarantees still hold (it is never half-written); this is
for a save that keeps failing (a full disk, a path that cannot be used) when the user quits,
or when a signal ends the app.
"""

from __future__ import annotations

import re
import tempfile
from datetime import datetime
from pathlib import Path

from briefing_tui.session import Session


def rescue_path(session: Session, folder: Path) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    name = re.sub(r"[^A-Za-z0-9_-]+", "-", f"{session.briefing.id}-{session.run}").strip("-")
    return folder / f"briefing-tui-unsaved-{name[:80]}-{stamp}.json"


def rescue_folders() -> list[Path]:
    return [Path.home(), Path(tempfile.gettempdir())]


def rescue(session: Session, folders: list[Path] | None = None) -> str:
    """Write the run to the first folder that takes it; what to tell the user."""
    count = session.unsaved_count()
    what = f"{count} change{'s' if count != 1 else ''}"
    target = session.run_file.path
    reason = session.save_error or "it could not be saved"
    for folder in folders or rescue_folders():
        copy = rescue_path(session, folder)
        try:
            session.write_copy(copy)
        except OSError:
            continue
        return (
            f"briefing-tui: {what} could not be saved to {target} ({reason}). A copy of the "
            f"whole run is in {copy}; once {target.parent} can be written, copy it over "
            f"{target.name} to keep them."
        )
    return (
        f"briefing-tui: {what} could not be saved to {target} ({reason}), and no copy could "
        "be written either; they are lost."
    )


def write_run_report(session: Session) -> Path:
    """Write the run's report (Markdown) where the user will find it: the current folder, or
    else a reports/ folder of the user data directory. Never over a file. Raises OSError."""
    from briefing_tui import export
    from briefing_tui.files import signature

    session.settle_clock()
    changed = signature(session.run_file.path)
    report = export.build(session.briefing, session.progress, changed[0] / 1e9 if changed else None)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    name = re.sub(r"[^A-Za-z0-9_-]+", "-", f"{session.briefing.id}-{session.run}").strip("-")
    stem = f"{name[:80]}-report-{stamp}"
    file_name = f"{stem}.md"
    text = export.markdown(report)
    folders = [Path.cwd()]
    if session.data_dir is not None:
        folders.append(session.data_dir / "reports")
    last_error: OSError | None = None
    for folder in folders:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            for number in range(1, 100):  # two reports in one second: -2, -3, ...
                target = folder / (file_name if number == 1 else f"{stem}-{number}.md")
                try:
                    with target.open("x", encoding="utf-8") as handle:
                        handle.write(text)
                    return target
                except FileExistsError:
                    continue
        except OSError as error:
            last_error = error
    raise last_error or OSError("no folder would take the report")
