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
