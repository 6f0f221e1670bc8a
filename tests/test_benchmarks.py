"""The benchmark tools stay runnable (a smoke run; the figures themselves are not tested)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefing_tui import files, loader
from conftest import REPO

BENCH = REPO / "benchmarks"
TUI_BENCH = REPO.parent / "shared" / "bench" / "tui-bench"


def test_generated_briefings_are_valid(tmp_path: Path) -> None:
    out = tmp_path / "b.yaml"
    subprocess.run([sys.executable, str(BENCH / "generate.py"), "41", str(out)], check=True)
    briefing = loader.load(out)
    assert briefing.item_count() == 41
    assert [len(s.items) for s in briefing.sections] == [11, 10, 10, 10]
    assert briefing.sections[1].items[0].title.startswith("S2 item 000001")


@pytest.mark.skipif(
    shutil.which("tmux") is None or not TUI_BENCH.exists(),
    reason="needs tmux and ../shared/bench/tui-bench",
)
def test_benchmark_command_smoke_run(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(BENCH / "run.py"),
            "--quick",
            "--allow-editable",
            "--json",
            str(tmp_path / "r.json"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    table = result.stdout
    count = loader.load(files.default_briefing_path()).item_count()
    assert f"| bundled ({count} items) |" in table and "| 40 (40 items) |" in table
    assert "Repaint floor" in table
    assert (tmp_path / "r.json").exists()
