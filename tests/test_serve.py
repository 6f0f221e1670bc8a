"""`briefing-tui serve`: the command line, who may connect, the app processes it starts and
ends, and the app in a real browser (headless Chromium, skipped only when it is absent)."""

from __future__ import annotations

import asyncio
import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import IO

import aiohttp
import pytest
from textual import events

from briefing_tui import serve, web_server
from briefing_tui.app import BriefingApp
from briefing_tui.model import Briefing
from briefing_tui.web_access import Access
from conftest import MINIMAL, SAMPLE, checked_ids, open_session, saved_checked_ids

FIRST_ITEM = "military-collaboration"  # the item the first screen highlights
HOSTILE_TITLE = "<img src=x onerror=alert(1)>"
_ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def wait_until(condition: Callable[[], object], what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def alive(pid: int) -> bool:
    """Whether `pid` is a running process (a zombie, dead but not yet reaped, is not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True  # no /proc (macOS): kill(0) said it exists
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def run_serve(*args: str, code: str = "") -> subprocess.CompletedProcess[str]:
    """`briefing-tui serve ARGS` expected to end at once (an error); `code` runs first."""
    program = f"{code}\nimport sys\nfrom briefing_tui.cli import main\nsys.exit(main(sys.argv[1:]))"
    return subprocess.run(
        [sys.executable, "-c", program, "serve", *args],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


class Server:
    """A running `briefing-tui serve`, in a session of its own (as a terminal's job is)."""

    def __init__(self, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "briefing_tui", "serve", "--port", "0", *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        self.out: list[str] = []
        self.err: list[str] = []
        for stream, lines in ((self.process.stdout, self.out), (self.process.stderr, self.err)):
            threading.Thread(target=_collect, args=(stream, lines), daemon=True).start()
        wait_until(lambda: self._link() or self.process.poll() is not None, "the link")
        self.link = self._link()
        assert self.link, f"no link printed: {self.out} {self.err}"
        self.base = self.link.split("?")[0].rstrip("/")

    def _link(self) -> str:
        return next((w for line in self.out for w in line.split() if w.startswith("http")), "")

    def apps(self) -> list[int]:
        return web_server.child_pids(self.process.pid)

    def stop(self, group: bool = False) -> int:
        """Ctrl+C: to the server alone, or (as a terminal does) to its whole process group."""
        if group:
            os.killpg(self.process.pid, signal.SIGINT)
        else:
            self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=60)

    def close(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)


def _collect(stream: IO[str], lines: list[str]) -> None:
    for line in stream:
        lines.append(line)


@contextmanager
def serving(*args: str) -> Iterator[Server]:
    server = Server(*args)
    try:
        yield server
    finally:
        server.close()


class Tab:
    """A browser tab as textual-serve's page is one: a WebSocket, keys in, the screen out."""

    def __init__(self, socket: aiohttp.ClientWebSocketResponse) -> None:
        self.socket = socket
        self.received = bytearray()
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for message in self.socket:
            if message.type == aiohttp.WSMsgType.BINARY:
                self.received += message.data

    def text(self) -> str:
        return _ESCAPES.sub("", self.received.decode("utf-8", "replace"))

    async def wait_for(self, text: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.text():
            assert time.monotonic() < deadline, f"{text!r} never appeared in the tab"
            await asyncio.sleep(0.1)

    async def key(self, data: str) -> None:
        await self.socket.send_str(json.dumps(["stdin", data]))


@asynccontextmanager
async def tab(server: Server) -> AsyncIterator[Tab]:
    url = server.base.replace("http", "ws", 1) + "/ws?width=120&height=36"
    # `unsafe`: keep cookies from an address (the link's host may be one), as browsers do.
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:
        async with session.get(server.link) as page:  # sets the token's cookie, as the page
            assert page.status == 200
        async with session.ws_connect(url, headers={"Origin": server.base}) as socket:
            yield Tab(socket)


# ---------------------------------------------------------------------- the command line


def test_help_lists_the_options_and_the_server_loads_no_textual() -> None:
    result = run_serve("--help")
    assert result.returncode == 0
    assert "--allow-remote" in result.stdout and "--port" in result.stdout
    code = (
        "import sys, briefing_tui.serve, briefing_tui.web_server\n"
        "print(any(m.split('.')[0] == 'textual' for m in sys.modules))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert loaded.stdout.strip() == "False", loaded.stderr  # the app processes need it, not this


def test_without_textual_serve_it_says_how_to_get_it_and_exits_2() -> None:
    result = run_serve(str(SAMPLE), code="import sys\nsys.modules['textual_serve'] = None")
    assert result.returncode == 2
    assert "pip install 'briefing-tui[serve]'" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_a_host_other_machines_reach_is_refused_without_the_flag() -> None:
    result = run_serve("--host", "0.0.0.0", "--port", "0")
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert "--allow-remote" in line and "change its progress" in line


def test_bad_input_is_one_line_before_any_server(tmp_path: Path) -> None:
    missing = run_serve("no-such-briefing")
    assert missing.returncode == 2 and "no briefing file or briefing id" in missing.stderr
    broken = tmp_path / "broken.yaml"
    broken.write_text(MINIMAL.replace("title: Item B", "title: no"))
    invalid = run_serve(str(broken))
    assert invalid.returncode == 2 and f"{broken}:16:16:" in invalid.stderr
    bad_run = run_serve(str(SAMPLE), "--run", " ")
    assert bad_run.returncode == 2 and "--run: a run needs a name" in bad_run.stderr
    bad_port = run_serve("--port", "70000")
    assert bad_port.returncode == 2 and "is not a port" in bad_port.stderr
    for result in (missing, invalid, bad_run, bad_port):
        assert "Traceback" not in result.stderr and "http://" not in result.stdout


def test_a_port_in_use_is_one_line() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_serve(str(SAMPLE), "--port", str(port))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"briefing-tui serve: port {port} on 127.0.0.1 is in use; choose another with --port."
    ]


def test_each_tab_runs_the_data_dir_briefing_and_run_given_quoted(tmp_path: Path) -> None:
    data = tmp_path / "it's a $(touch injected) & dir"
    target = serve.Target(SAMPLE.absolute(), "-Wednesday; rm", "t")
    words = shlex.split(serve.app_command(target, data))
    assert words == [
        "exec",
        sys.executable,
        "-m",
        "briefing_tui",
        f"--data-dir={data}",
        "--run=-Wednesday; rm",
        "--",
        str(SAMPLE.absolute()),
    ]


# ---------------------------------------------------------------------- who may connect


@pytest.mark.parametrize(
    ("access", "host", "origin", "query", "cookie", "allowed"),
    [
        (Access(None, 8000), "127.0.0.1:8000", None, None, None, True),
        (Access(None, 8000), "localhost:8000", "http://127.0.0.1:8000", None, None, True),
        (Access(None, 8000), "[::1]:8000", "http://[::1]:8000", None, None, True),
        (Access(None, 8000), "evil.example:8000", None, None, None, False),  # DNS rebinding
        (Access(None, 8000), "127.0.0.1:8000", "http://evil.example", None, None, False),
        (Access(None, 8000), "127.0.0.1:8000", "null", None, None, False),
        (Access(None, 8000), "127.0.0.1:8000", "http://localhost:9999", None, None, False),
        (Access("s3cret", 8000), "10.0.0.5:8000", None, "s3cret", None, True),
        (Access("s3cret", 8000), "10.0.0.5:8000", "http://10.0.0.5:8000", None, "s3cret", True),
        (Access("s3cret", 8000), "10.0.0.5:8000", None, None, None, False),
        (Access("s3cret", 8000), "10.0.0.5:8000", None, "s3cre", "wrong", False),
        (Access("s3cret", 8000), "10.0.0.5:8000", None, "s3cretü", None, False),
        (Access("s3cret", 8000), "10.0.0.5:8000", "http://evil.example", "s3cret", None, False),
    ],
)
def test_who_may_connect(
    access: Access, host: str, origin: str | None, query: str, cookie: str, allowed: bool
) -> None:
    assert (access.refusal(host, origin, query, cookie) is None) is allowed


async def test_the_private_name_of_textual_serve_still_builds_the_guarded_app() -> None:
    """`Server._make_app` is private (web_server.py): an upgrade that drops or changes it must
    fail here, not leave the server unguarded."""
    server = web_server.BriefingServer("true", "127.0.0.1", 0, "s3cret")
    app = await server.web_app()
    assert list(app.middlewares) == [server._guard]
    names = {resource.name for resource in app.router.resources()}
    assert {"index", "websocket", "static"} <= names


async def test_with_the_flag_every_route_needs_the_token(tmp_path: Path) -> None:
    with serving(str(SAMPLE), "--host", "0.0.0.0", "--allow-remote") as server:
        warning = " ".join(server.err)
        assert "anyone who can reach port" in warning.lower()
        assert "can read the briefing and change its progress" in warning
        assert "?token=" in server.link
        bare = aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar())
        with_token = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        async with bare, with_token:
            for path in ("/", "/static/js/textual.js", "/ws", "/download/x"):
                async with bare.get(server.base + path) as answer:
                    assert answer.status == 403, path
            async with bare.get(server.base + "/?token=not-it") as answer:
                assert answer.status == 403
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await bare.ws_connect(
                    server.base.replace("http", "ws", 1) + "/ws", headers={"Origin": server.base}
                )
            assert refused.value.status == 403
            async with with_token.get(server.link) as answer:
                assert answer.status == 200
                assert answer.headers["Referrer-Policy"] == "no-referrer"
            async with with_token.get(server.base + "/static/js/textual.js") as answer:
                assert answer.status == 200  # the page's cookie stands for the token
        async with tab(server) as opened:
            await opened.wait_for("U.S.–Japan defense briefing")


async def test_on_loopback_other_sites_are_refused() -> None:
    with serving(str(SAMPLE)) as server:
        assert "?token" not in server.link and server.link.startswith("http://127.0.0.1:")
        port = server.base.rsplit(":", 1)[1]
        async with aiohttp.ClientSession() as session:
            async with session.get(server.base, headers={"Host": f"evil.example:{port}"}) as a:
                assert a.status == 403  # a DNS-rebinding site
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await session.ws_connect(
                    server.base.replace("http", "ws", 1) + "/ws",
                    headers={"Origin": "http://evil.example"},
                )
            assert refused.value.status == 403  # another site's page
        assert server.apps() == []


# ---------------------------------------------------------------------- app processes


@pytest.mark.parametrize("group", [False, True], ids=["server", "process-group"])
async def test_ctrl_c_ends_every_app_and_keeps_the_last_check(
    group: bool, tmp_path: Path, sample: Briefing
) -> None:
    data = tmp_path / "data"
    with serving(str(SAMPLE), "--data-dir", str(data)) as server:
        async with tab(server) as first, tab(server) as second:
            await first.wait_for("0 of 45 checked")
            await second.wait_for("0 of 45 checked")
            apps = server.apps()
            assert len(apps) == 2
            await first.key(" ")
            await first.wait_for("1 of 45 checked")
            assert server.stop(group) == 0  # at once: the app's own save is still to come
    assert not [pid for pid in apps if alive(pid)]
    assert saved_checked_ids(sample, data) == {FIRST_ITEM}


async def test_a_closed_tab_ends_its_app_and_keeps_its_last_check(
    tmp_path: Path, sample: Briefing
) -> None:
    data = tmp_path / "it's a $(touch injected) & dir"
    with serving(str(SAMPLE), "--data-dir", str(data), "--run", "Wednesday") as server:
        async with tab(server) as opened:
            await opened.wait_for("run: Wednesday")
            [app] = server.apps()
            await opened.key(" ")
            await opened.wait_for("1 of 45 checked")
        wait_until(lambda: not alive(app), "the closed tab's app to end", timeout=20)
        assert server.process.poll() is None  # the server goes on
        assert saved_checked_ids(sample, data, run="Wednesday") == {FIRST_ITEM}
    assert not (tmp_path / "injected").exists()


async def test_a_browser_tab_starting_unfocused_still_takes_space(
    sample: Briefing, data_dir: Path
) -> None:
    """textual-serve starts the app blurred; Textual then skips the screen's AUTO_FOCUS."""
    app = BriefingApp(open_session(sample, data_dir))
    async with app.run_test(size=(120, 36)) as pilot:
        app.screen.set_focus(None)
        app.post_message(events.AppBlur())
        await pilot.pause()
        await pilot.press("space")  # the key that gives the app focus is not lost
        assert checked_ids(app.session) == {FIRST_ITEM}


# ---------------------------------------------------------------------- in a real browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium chromium-driver)"
)
#: Run before the page's own script: keeps each xterm.js terminal the page makes (textual-serve
#: assigns it to `this.terminal`), so the test can read what the terminal shows.
KEEP_TERMINALS = """
window.__terminals = [];
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  set(value) {
    Object.defineProperty(this, "terminal", {value, writable: true, configurable: true});
    if (value && typeof value.loadAddon === "function") window.__terminals.push(value);
  },
});
"""
#: The text on the terminal's screen, line by line, as the user sees it.
SCREEN_TEXT = """
const terminal = window.__terminals && window.__terminals[0];
if (!terminal) return "";
const buffer = terminal.buffer.active, lines = [];
for (let y = 0; y < terminal.rows; y++) {
  const line = buffer.getLine(buffer.viewportY + y);
  lines.push(line ? line.translateToString(true) : "");
}
return lines.join("\\n");
"""


class Browser:
    """Headless Chromium, driven through chromedriver; each tab is a window handle."""

    def __init__(self, profile: Path) -> None:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        assert CHROMEDRIVER, "Chromium is installed but chromedriver is not (chromium-driver)"
        options = webdriver.ChromeOptions()
        options.binary_location = str(CHROMIUM)
        for argument in (
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--window-size=1400,1000",
            f"--user-data-dir={profile}",
        ):
            options.add_argument(argument)
        # Both paths given: Selenium Manager (which would download a driver) is not used.
        self.driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
        self.opened = 0

    def open(self, url: str) -> str:
        if self.opened:
            self.driver.switch_to.new_window("tab")
        self.opened += 1
        self.driver.execute_cdp_cmd(
            "Page.addScriptToEvaluateOnNewDocument", {"source": KEEP_TERMINALS}
        )
        self.driver.get(url)
        return str(self.driver.current_window_handle)

    def screen(self, tab: str) -> str:
        self.driver.switch_to.window(tab)
        return str(self.driver.execute_script(SCREEN_TEXT))

    def wait_for(self, tab: str, text: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while text not in (screen := self.screen(tab)):
            assert time.monotonic() < deadline, f"{text!r} never appeared; the tab shows:\n{screen}"
            time.sleep(0.2)
        return screen

    def press(self, tab: str, keys: str) -> None:
        """Keys as a user types them into the page's terminal (focused first, as a click
        would, without the click reaching the app)."""
        from selenium.webdriver.common.action_chains import ActionChains

        self.driver.switch_to.window(tab)
        self.driver.execute_script("document.querySelector('.xterm-helper-textarea').focus()")
        ActionChains(self.driver).send_keys(keys).perform()

    def close(self, tab: str) -> None:
        self.driver.switch_to.window(tab)
        self.driver.close()
        self.driver.switch_to.window(self.driver.window_handles[0])


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Browser]:
    opened = Browser(tmp_path / "chromium-profile")
    try:
        yield opened
    finally:
        opened.driver.quit()


@needs_chromium
def test_in_a_browser_a_check_is_saved_and_a_second_tab_sees_it(
    browser: Browser, tmp_path: Path, sample: Briefing
) -> None:
    data = tmp_path / "data"
    with serving(str(SAMPLE), "--data-dir", str(data)) as server:
        first = browser.open(server.link)
        browser.wait_for(first, "U.S.–Japan defense briefing")
        browser.wait_for(first, "0 of 45 checked")
        second = browser.open(server.link)
        browser.wait_for(second, "0 of 45 checked")

        browser.press(first, " ")
        assert "[x] Military collaboration" in browser.wait_for(first, "1 of 45 checked")
        wait_until(lambda: saved_checked_ids(sample, data) == {FIRST_ITEM}, "the saved check")
        # The second tab's app picks up the first one's save, as two terminals do.
        assert "[x] Military collaboration" in browser.wait_for(second, "1 of 45 checked")

        assert len(server.apps()) == 2
        browser.close(first)
        wait_until(lambda: len(server.apps()) == 1, "the closed tab's app to end")


@needs_chromium
def test_in_a_browser_content_stays_text(
    browser: Browser, tmp_path: Path, write_yaml: Callable[[str, str], Path]
) -> None:
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    hostile = MINIMAL.replace("title: A small briefing", f'title: "{HOSTILE_TITLE}"').replace(
        "title: Item A", 'title: "<script>alert(2)</script>"'
    )
    path = write_yaml(hostile, "hostile.yaml")
    with serving(str(path), "--data-dir", str(tmp_path / "data")) as server:
        tab = browser.open(server.link)
        screen = browser.wait_for(tab, HOSTILE_TITLE)  # on the terminal, as text
        assert "<script>alert(2)</script>" in screen
        with pytest.raises(NoAlertPresentException):
            browser.driver.switch_to.alert  # noqa: B018 (reading it is the check)
        assert browser.driver.find_elements(By.TAG_NAME, "img") == []
        page = browser.driver.page_source
        assert "<img" not in page and "alert(" not in page and "onerror" not in page
