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


def stopped_clock(sample: Briefing, data_dir: Path) -> BriefingApp:
    """An app whose walkthrough clock never moves: a snapshot must not depend on timing."""
    session = open_session(sample, data_dir)
    session.monotonic = lambda: 0.0
    return BriefingApp(session)


def test_walkthrough_80x24(snap_compare: Any, sample: Briefing, data_dir: Path) -> None:
    app = stopped_clock(sample, data_dir)
    assert snap_compare(app, press=["2", "w", "space"], terminal_size=(80, 24))


def test_walkthrough_120x40(snap_compare: Any, sample: Briefing, data_dir: Path) -> None:
    app = stopped_clock(sample, data_dir)
    assert snap_compare(app, press=["w"], terminal_size=(120, 40))


def test_note_editor(snap_compare: Any, sample: Briefing, data_dir: Path) -> None:
    app = BriefingApp(open_session(sample, data_dir))
    assert snap_compare(app, press=["j", "a", *"Asked: cost?"], terminal_size=(100, 30))


def test_main_screen_60x15(snap_compare: Any, sample: Briefing, data_dir: Path) -> None:
    app = BriefingApp(open_session(sample, data_dir))
    assert snap_compare(app, press=["space", "j"], terminal_size=(60, 15))


def test_main_screen_120x40(snap_compare: Any, sample: Briefing, data_dir: Path) -> None:
    app = BriefingApp(open_session(sample, data_dir))
    assert snap_compare(app, press=["space", "j", "3"], terminal_size=(120, 40))


def test_search(snap_compare: Any, sample: Briefing, data_dir: Path) -> None:
    app = BriefingApp(open_session(sample, data_dir))
    assert snap_compare(app, press=["slash", *"missile"], terminal_size=(100, 30))
