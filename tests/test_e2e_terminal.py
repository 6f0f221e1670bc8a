"""The installed `briefing-tui` command in a real terminal (tmux): check, quit, reopen."""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefing_tui import cache
from conftest import SAMPLE, big_briefing

COMMAND = Path(sys.executable).parent / "briefing-tui"
_TERMINALS = itertools.count()

pytestmark = [
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


class Terminal:
    def __init__(self, name: str, env: dict[str, str]) -> None:
        self.name = name
        self.env = env
        self.starts = 0
        self.socket = f"{name}-0"

    def tmux(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.socket, *args],
            capture_output=True,
            text=True,
            env=self.env,
            timeout=30,
        )
        return result.stdout

    def start(self, *command: str, cwd: Path) -> None:
        # A new server (socket) per start: reusing one just killed races with its shutdown.
        self.starts += 1
        self.socket = f"{self.name}-{self.starts}"
        self.tmux(
            "new-session",
            "-d",
            "-x",
            "120",
            "-y",
            "32",
            "-c",
            str(cwd),
            " ".join(command) + "; echo EXITED=$?; sleep 60",
        )

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p")

    def wait_for(self, text: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never appeared; the screen was:\n{self.screen()}")

    def settled(self, text: str) -> str:
        """The screen once `text` is on it and the frame that drew it is surely complete
        (a frame may reach tmux in more than one read)."""
        self.wait_for(text)
        time.sleep(0.3)
        return self.screen()

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", *keys)

    def flags(self) -> dict[str, str]:
        """The terminal's modes as tmux sees them: the alternate screen, mouse reporting,
        the cursor's visibility."""
        names = ("alternate_on", "mouse_any_flag", "cursor_flag")
        values = self.tmux("display", "-p", " ".join(f"#{{{n}}}" for n in names)).split()
        return dict(zip(names, values, strict=True))

    def app_pid(self) -> int:
        """The app's process: the child of the pane's shell."""
        shell = self.tmux("display", "-p", "#{pane_pid}").strip()
        children = subprocess.run(
            ["pgrep", "-P", shell], capture_output=True, text=True, timeout=10
        ).stdout.split()
        return int(children[0])


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    env = {**os.environ, "TERM": "xterm-256color"}
    env.pop("TMUX", None)
    # A name of its own per test: a server of the same name from the last test may still be
    # shutting down.
    term = Terminal(f"briefing-e2e-{os.getpid()}-{next(_TERMINALS)}", env)
    yield term
    term.tmux("kill-server")


def test_installed_command_keeps_checks_across_restarts(terminal: Terminal, tmp_path: Path) -> None:
    assert COMMAND.exists(), f"install the package first (pip install .): {COMMAND} is missing"
    data = tmp_path / "data"
    elsewhere = tmp_path / "some-other-dir"  # run from anywhere: not the checkout
    elsewhere.mkdir()
    command = [str(COMMAND), str(SAMPLE), "--data-dir", str(data)]

    terminal.start(*command, cwd=elsewhere)
    terminal.wait_for("0 of 45 checked")
    terminal.keys("j", "Space")
    screen = terminal.settled("1 of 45 checked")
    assert "[x] Cybersecurity: create a" in screen
    terminal.keys("q")
    terminal.wait_for("EXITED=0")

    terminal.tmux("kill-server")  # the terminal is gone, as when a user closes the window
    terminal.start(*command, cwd=elsewhere)
    screen = terminal.settled("1 of 45 checked")
    assert "[x] Cybersecurity: create a" in screen
    assert "[ ] Military collaboration" in screen
    assert "1/15" in screen
    terminal.keys("q")
    terminal.wait_for("EXITED=0")


def test_switching_sections_leaves_nothing_of_the_last_one_on_screen(
    terminal: Terminal, tmp_path: Path
) -> None:
    """Only the lines that change are redrawn; what the terminal shows must still be whole."""
    terminal.start(str(COMMAND), str(SAMPLE), "--data-dir", str(tmp_path / "data"), cwd=tmp_path)
    terminal.wait_for("0 of 45 checked")
    terminal.wait_for("calls Japan a critical")  # near the end of a long detail
    terminal.keys("End")  # section 1's last item, and its short detail
    assert "calls Japan a critical" not in terminal.settled("simulate cyber attacks")
    terminal.keys("2")  # nine items where there were fifteen
    screen = terminal.settled("Extended deterrence is a nuclear")
    assert "Extended-deterrence components" in screen.splitlines()[1]  # the list's border
    for gone in (
        "Run multinational cyber exercises",
        "simulate cyber attacks",
        "Military collaboration",
    ):
        assert gone not in screen
    terminal.keys("1")
    screen = terminal.settled("Military collaboration")
    assert "Adapting as threats evolve" not in screen
    assert "Extended deterrence is a nuclear" not in screen
    terminal.keys("q")
    terminal.wait_for("EXITED=0")


def test_a_dialog_open_while_the_window_grows_stays_whole(
    terminal: Terminal, tmp_path: Path
) -> None:
    """Textual gives the dialog its new size before the screen under it: the backdrop must
    not be drawn from the smaller lines (it crashed the app once)."""
    terminal.start(str(COMMAND), str(SAMPLE), "--data-dir", str(tmp_path / "data"), cwd=tmp_path)
    terminal.wait_for("0 of 45 checked")
    terminal.keys("/")
    terminal.settled("Search titles, details and notes")
    for width, height in ((150, 32), (150, 40), (120, 32)):
        terminal.tmux("resize-window", "-x", str(width), "-y", str(height))
        screen = terminal.settled("Search titles, details and notes")
        assert "EXITED" not in screen and "Traceback" not in screen
        assert len(screen.splitlines()) >= height - 1
    terminal.keys(*"japan")
    assert "item(s)" in terminal.settled("item(s)")
    terminal.keys("Escape")  # (alone: Escape then q at once would be Alt+q)
    time.sleep(0.5)
    terminal.keys("q")
    terminal.wait_for("EXITED=0")


@pytest.mark.parametrize(("signal_name", "status"), [("TERM", 143), ("HUP", 129)])
def test_a_signal_restores_the_terminal_and_keeps_what_was_done(
    terminal: Terminal, tmp_path: Path, signal_name: str, status: int
) -> None:
    """kill, or a closed SSH session: the terminal is left as it was found."""
    data = tmp_path / "data"
    command = [str(COMMAND), str(SAMPLE), "--data-dir", str(data)]
    terminal.start(*command, cwd=tmp_path)
    terminal.wait_for("0 of 45 checked")
    terminal.keys("j", "Space", "j")
    terminal.settled("1 of 45 checked")
    assert terminal.flags() == {"alternate_on": "1", "mouse_any_flag": "1", "cursor_flag": "0"}
    subprocess.run(["kill", f"-{signal_name}", str(terminal.app_pid())], check=True)
    terminal.wait_for(f"EXITED={status}")
    assert terminal.flags() == {"alternate_on": "0", "mouse_any_flag": "0", "cursor_flag": "1"}

    terminal.start(*command, cwd=tmp_path)  # the check and the position were saved
    screen = terminal.settled("1 of 45 checked")
    assert "[x] Cybersecurity" in screen and "Regional security: strengthen" in screen
    terminal.keys("q")
    terminal.wait_for("EXITED=0")


def test_ctrl_z_suspends_like_any_terminal_program(terminal: Terminal, tmp_path: Path) -> None:
    command = f"{COMMAND} {SAMPLE} --data-dir {tmp_path / 'data'}"
    terminal.start("bash", "--norc", "-i", cwd=tmp_path)  # a shell with job control
    terminal.keys(f"PS1='$ '; {command}", "Enter")
    terminal.wait_for("0 of 45 checked")
    terminal.keys("C-z")
    terminal.wait_for("Stopped")
    assert terminal.flags()["alternate_on"] == "0"
    terminal.keys("fg", "Enter")
    screen = terminal.settled("0 of 45 checked")  # drawn again whole, nothing toggled
    assert "Military collaboration" in screen and "To-do list" in screen
    terminal.keys("q")
    terminal.wait_for("$ ")
    terminal.keys("echo STATUS=$?", "Enter")
    terminal.wait_for("STATUS=0")


def test_a_rehearsal_and_a_delivery_each_walked_noted_and_exported(
    terminal: Terminal, tmp_path: Path
) -> None:
    """Walk through in the walkthrough, write a note, quit; reopen on the same item with the
    note shown; then a second run for the delivery; export each run's report."""
    data = tmp_path / "data"
    base = [str(COMMAND), str(SAMPLE), "--data-dir", str(data)]

    terminal.start(*base, "--run", "Rehearsal", cwd=tmp_path)
    terminal.wait_for("run: Rehearsal")
    terminal.keys("w")
    terminal.wait_for("Item 1 of 15")
    terminal.keys("Space")  # check the first, on to the second
    terminal.wait_for("Item 2 of 15")
    terminal.keys("a")
    terminal.settled("0 of 10,000 characters")  # the editor is up and has the focus
    terminal.keys("-l", "Asked about cost")
    terminal.wait_for("16 of 10,000 characters")
    terminal.keys("C-s")
    terminal.wait_for("Your note")
    terminal.keys("q")
    terminal.wait_for("EXITED=0")

    terminal.start(*base, cwd=tmp_path)  # no --run: the run used last
    screen = terminal.settled("run: Rehearsal")
    assert "Asked about cost" in screen and "Cybersecurity: create a bi-national" in screen
    assert "1 of 45 checked" in screen
    terminal.keys("q")
    terminal.wait_for("EXITED=0")

    terminal.start(*base, "--run", "Delivery", cwd=tmp_path)
    screen = terminal.settled("run: Delivery")
    assert "0 of 45 checked" in screen
    terminal.keys("j", "j", "Space")
    terminal.wait_for("1 of 45 checked")
    terminal.keys("q")
    terminal.wait_for("EXITED=0")

    for run, checked in (("Rehearsal", "Military collaboration"), ("Delivery", "Regional")):
        out = tmp_path / f"{run}.md"
        result = subprocess.run(
            [
                str(COMMAND),
                "export",
                str(SAMPLE),
                "--run",
                run,
                "-o",
                str(out),
                "--data-dir",
                str(data),
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        report = out.read_text()
        assert f"**Run:** {run}" in report
        assert any(line.startswith("- [x] " + checked) for line in report.splitlines())
    assert "> Asked about cost" in (tmp_path / "Rehearsal.md").read_text()
    assert "Asked about cost" not in (tmp_path / "Delivery.md").read_text()


def test_a_large_file_opens_before_it_is_checked_and_a_bad_one_is_refused_when_it_is(
    terminal: Terminal, tmp_path: Path
) -> None:
    """A first launch of a large file shows its start while the whole is checked; a file
    with a problem far down still ends with the problem, its line, and a non-zero exit."""
    big = tmp_path / "big.yaml"
    big.write_text(big_briefing(sections=4, items=5000), encoding="utf-8")
    assert big.stat().st_size >= cache.FIRST_PART_BYTES
    data = str(tmp_path / "data")
    terminal.start(str(COMMAND), str(big), "--data-dir", data, cwd=tmp_path)
    terminal.wait_for("checking the rest of the briefing")  # its start, at once
    terminal.keys("4")  # waits for the whole
    terminal.wait_for("0 of 20000 checked")  # the whole briefing, checked
    terminal.wait_for("Item 1 of section 4")
    terminal.keys("q")
    terminal.wait_for("EXITED=0")

    bad = tmp_path / "bad.yaml"
    last = "      - id: s1-1\n        title: The same id again\n        source: s\n"
    bad.write_text(big_briefing(sections=4, items=5000, tail=last), encoding="utf-8")
    line = bad.read_text(encoding="utf-8").count("\n") - 2
    terminal.start(str(COMMAND), str(bad), "--data-dir", data, cwd=tmp_path)
    terminal.wait_for("checking the rest of the briefing")
    screen = terminal.wait_for("EXITED=2")
    assert f"{bad}:{line}:" in screen.replace("\n", "")
    assert "used twice" in screen and "cannot be opened" in screen
    assert "Traceback" not in screen


def test_the_first_frame_is_laid_out_for_the_window(terminal: Terminal, tmp_path: Path) -> None:
    """At 140 columns or fewer the detail goes under the lists from the very first frame:
    never three panes side by side, then rearranged."""
    terminal.start(str(COMMAND), str(SAMPLE), "--data-dir", str(tmp_path / "data"), cwd=tmp_path)
    deadline = time.monotonic() + 30
    while "Sections" not in (screen := terminal.screen()):
        assert time.monotonic() < deadline, screen
        time.sleep(0.002)
    top = next(line for line in screen.splitlines() if "Sections" in line)
    assert "Detail" not in top
    terminal.keys("q")
    terminal.wait_for("EXITED=0")
