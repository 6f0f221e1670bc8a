"""What the screens look like. Update with: pytest --snapshot-update (then review the SVGs)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from briefing_tui.app import BriefingApp
from briefing_tui.model import Briefing
from conftest import open_session


def test_main_screen(snap_compare: Any, sample: Briefing, data_dir: Path) -> None:
    app = BriefingApp(open_session(sample, data_dir))
    assert snap_compare(app, press=["space", "j", "space", "j"], terminal_size=(120, 32))


def test_main_screen_narrow(snap_compare: Any, sample: Briefing, data_dir: Path) -> None:
    app = BriefingApp(open_session(sample, data_dir))
    assert snap_compare(app, press=["4"], terminal_size=(80, 24))


def test_help_screen(snap_compare: Any, sample: Briefing, data_dir: Path) -> None:
    app = BriefingApp(open_session(sample, data_dir))
    assert snap_compare(app, press=["question_mark"], terminal_size=(100, 30))


def test_shorter_section_after_a_longer_one(
    snap_compare: Any, sample: Briefing, data_dir: Path
) -> None:
    """Section 1 has 15 items, section 2 nine: nothing of section 1 may stay on screen."""
    app = BriefingApp(open_session(sample, data_dir))
    assert snap_compare(app, press=["end", "2"], terminal_size=(120, 32))
