"""Escape sequences in content never reach the terminal: read the app's raw output in a pty."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

HOSTILE = r"""
id: hostile
title: "\e]0;PWNED-TITLE\a"
sources:
  - id: s
    file: s.txt
    title: "\e]8;;https://evil.example\e\\link\e]8;;\e\\"
sections:
  - id: one
    title: "\e[2J\e[31mSECTION"
    items:
      - id: clip
        title: "\e]52;c;UFdORUQ=\a clipboard"
        source: s
        detail: "\e]52;c;UFdORUQ=\a in the detail \x9b31m"
"""


def read_until_quiet(fd: int, seconds: float) -> bytes:
    out = b""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                out += os.read(fd, 65536)
            except OSError:
                break
    return out


def test_content_escapes_are_shown_not_sent(tmp_path: Path) -> None:
    path = tmp_path / "hostile.yaml"
    path.write_text(HOSTILE)
    primary, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 120, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "briefing_tui", str(path), "--data-dir", str(tmp_path / "d")],
        stdin=secondary,
        stdout=secondary,
        stderr=secondary,
        env=env,
        start_new_session=True,
    )
    os.close(secondary)
    try:
        output = read_until_quiet(primary, 6.0)
        os.write(primary, b"q")
        output += read_until_quiet(primary, 2.0)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(primary)
    # The content was drawn, with its control characters made visible...
    assert "␛]52;c;UFdORUQ=␇ clipboard".encode() in output
    # ...and none of its sequences reached the terminal.
    for sequence in (b"\x1b]52;c;UFdORUQ=", b"\x1b]0;PWNED", b"\x1b]8;;https://evil", b"\x9b31m"):
        assert sequence not in output
