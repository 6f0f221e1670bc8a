"""Shared fixtures. Every test gets its own data directory: real user dirs are never touched."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from briefing_tui import catalog, files, loader, paths
from briefing_tui.model import Briefing
from briefing_tui.session import Session
from briefing_tui.widgets._textual_internals import screen_text

TESTS = Path(__file__).parent
REPO = TESTS.parent
#: The bundled briefing as it was in release 1.0: tests of the screen pin its titles.
SAMPLE = TESTS / "data" / "sample.yaml"

__all__ = ["screen_text"]


@pytest.fixture(autouse=True)
def _private_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "user-data"
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(data))
    monkeypatch.setenv(paths.CACHE_DIR_ENV, str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    # Snapshots and timing must not depend on a blinking cursor.
    monkeypatch.setenv("TEXTUAL_CURSOR_BLINK", "0")
    return data


@pytest.fixture
def data_dir(_private_dirs: Path) -> Path:
    return _private_dirs


@pytest.fixture(scope="session")
def bundled() -> Briefing:
    return loader.load(files.default_briefing_path())


@pytest.fixture(scope="session")
def sample() -> Briefing:
    return loader.load(SAMPLE)


@pytest.fixture
def write_yaml(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write YAML text to a file under tmp_path and return its path."""

    def write(text: str, name: str = "briefing.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The command, as a user runs it without a terminal: its output and exit status."""
    return subprocess.run(
        [sys.executable, "-m", "briefing_tui", *args],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
        cwd=cwd,
    )


def open_session(briefing: Briefing, data: Path, run: str | None = None) -> Session:
    """A session on `briefing`, as the app opens one (the run used last, unless `run`)."""
    return catalog.open_run(briefing, data, run)


async def wait_until_prepared(pilot: Pilot[None], prepared: list[bool]) -> None:
    """Until the app has made its views ahead (it calls `on_prepared`, which appends to
    `prepared`)."""
    for _ in range(200):
        if prepared:
            return
        await pilot.pause(0.01)
    raise AssertionError("the views were never made ahead")


def checked_ids(session: Session) -> set[str]:
    return {item_id for item_id, state in session.progress.items.items() if state.checked}


def saved_checked_ids(briefing: Briefing, data: Path, run: str | None = None) -> set[str]:
    """What is checked on disk: a new session, read back."""
    return checked_ids(open_session(briefing, data, run))


MINIMAL = """\
id: mini
title: A small briefing
sources:
  - id: s1
    file: one.txt
    title: Source one
sections:
  - id: first
    title: First
    items:
      - id: a
        title: Item A
        source: s1
        detail: Detail of **A**.
      - id: b
        title: Item B
        source: s1
  - id: second
    title: Second
    items:
      - id: c
        title: Item C
        source: s1
"""


def big_briefing(sections: int = 3, items: int = 40, tail: str = "") -> str:
    """A valid briefing of `sections` sections of `items` items each, then `tail`."""
    lines = [
        "id: big",
        "title: A big briefing",
        "sources:",
        "  - id: s",
        "    file: s.txt",
        "    title: The source",
        "sections:",
    ]
    for s in range(1, sections + 1):
        lines += [f"  - id: sec{s}", f"    title: '  Section {s}  '", "    items:"]
        for i in range(1, items + 1):
            lines += [
                f"      - id: s{s}-{i}",
                f"        title: Item {i} of section {s}",
                "        source: s",
                f"        detail: Detail of s{s}-{i}.",
            ]
    return "\n".join(lines) + "\n" + tail
