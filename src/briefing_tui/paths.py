"""Where briefing-tui keeps the user's files. No directory is created here (nothing at import)."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

APP_NAME = "briefing-tui"
DATA_DIR_ENV = "BRIEFING_TUI_DATA_DIR"
CACHE_DIR_ENV = "BRIEFING_TUI_CACHE_DIR"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """`--data-dir`, else $BRIEFING_TUI_DATA_DIR, else the platform's user data directory."""
    if override:
        return Path(override).expanduser()
    from_env = os.environ.get(DATA_DIR_ENV)
    if from_env:
        return Path(from_env).expanduser()
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def cache_dir() -> Path:
    """Where validated briefings are cached: $BRIEFING_TUI_CACHE_DIR, else the user cache dir."""
    from_env = os.environ.get(CACHE_DIR_ENV)
    if from_env:
        return Path(from_env).expanduser()
    from platformdirs import user_cache_path

    return user_cache_path(APP_NAME, appauthor=False)


def progress_file(data: Path, briefing_id: str) -> Path:
    """The progress file for one briefing.

    The name is a slug of the id plus a short hash of it: readable, but an id can never
    reach outside the data directory (``../../x``) or collide after slugging.
    """
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", briefing_id).strip("-")[:60] or "briefing"
    digest = hashlib.sha256(briefing_id.encode("utf-8")).hexdigest()[:10]
    return data / "progress" / f"{slug}-{digest}.json"


def user_briefings_dir(data: Path) -> Path:
    """Where a user keeps briefings of their own."""
    return data / "briefings"
