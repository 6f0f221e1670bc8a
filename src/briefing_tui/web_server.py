"""The web server behind `briefing-tui serve`: textual-serve, guarded, and stopped cleanly.
No Textual (the app runs in the processes this starts).

textual-serve (the Textualize package) starts one app process per browser tab and relays it to
xterm.js in the page: every tab is the whole app, drawn as text. What it leaves to us:

- access: it has none; `web_access` is put in front of every route (the page, its static
  files, the WebSocket, downloads), so a route it adds in a later release is covered too;
- its `Server.serve()` swallows a port in use into a traceback, prints a URL without the token
  and leaves the app processes to the shutdown's 60 s timeout; so the server is run here:
  bind first (a clear error), then print the link, and on Ctrl+C end every app process, each
  of which saves first.

The one private name of textual-serve in use is `Server._make_app` (in `BriefingServer.web_app`):
there is no public way to get its aiohttp application. pyproject allows only the minor version
tested, and tests/test_serve.py fails if it goes away.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import ipaddress
import os
import signal
import socket
import subprocess
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from aiohttp import web
from textual_serve.server import Server

from briefing_tui.web_access import TOKEN_PARAMETER, Access

#: How long the app processes get to quit (and save) when the server stops, before SIGTERM.
APP_QUIT_SECONDS = 10.0
#: After SIGTERM (the app saves, or writes a rescue copy, and exits), before SIGKILL.
APP_TERM_SECONDS = 5.0
#: The title textual-serve puts in the page's own HTML: fixed, never the briefing's title, so
#: nothing from a content file is ever HTML in the page (it reaches the page only as terminal
#: text, which xterm.js draws).
PAGE_TITLE = "briefing-tui"
#: On every response.
SECURITY_HEADERS = {
    # The link may hold the token: never pass it on to another site (the page loads a font).
    "Referrer-Policy": "no-referrer",
    # No other site may frame the app and steer clicks or keys into it.
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class ListenError(Exception):
    """The server cannot listen where it was asked to; the message says why."""


class BriefingServer(Server):
    """textual-serve's server, with `web_access` on every request, and a way to stop the
    tabs' app processes."""

    def __init__(self, command: str, host: str, port: int, token: str | None) -> None:
        super().__init__(command, host=host, port=port, title=PAGE_TITLE)
        self.token = token
        self.access = Access(token, port)  # the real port is set once bound
        self._requests: set[asyncio.Task[object]] = set()

    async def web_app(self) -> web.Application:
        # textual-serve's private name (see the module's docstring): its routes and templates.
        app = await self._make_app()
        app.middlewares.append(self._guard)
        return app

    async def on_startup(self, app: web.Application) -> None:
        """textual-serve prints a banner and a link without the token here; `serve.py` prints
        the link to open instead."""

    @web.middleware
    async def _guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        access = self.access
        query_token = request.query.get(TOKEN_PARAMETER)
        refusal = access.refusal(
            request.host,
            request.headers.get("Origin"),
            query_token,
            request.cookies.get(access.cookie_name),
        )
        if refusal is not None:
            return web.Response(status=403, text=f"403 Forbidden: {refusal}.\n")
        task = asyncio.current_task()
        if task is not None:
            self._requests.add(task)  # a tab's WebSocket lives as long as its app
        try:
            response = await handler(request)
        finally:
            if task is not None:
                self._requests.discard(task)
        if not response.prepared:  # a WebSocket's answer is sent already
            response.headers.update(SECURITY_HEADERS)
            if access.token_matches(query_token):
                # For the page's own requests (script, style sheet, WebSocket), which
                # textual-serve builds without our query. Strict: never sent by another site.
                response.set_cookie(
                    access.cookie_name, query_token or "", httponly=True, samesite="Strict"
                )
        return response

    async def stop_tabs(self, timeout: float) -> None:
        """End every tab's session: textual-serve then tells its app to quit, and the app
        saves on the way out."""
        tasks = [task for task in self._requests if not task.done()]
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks, timeout=timeout)


def link_host(host: str) -> str:
    """The host to put in the link: a wildcard address (0.0.0.0, ::) is reached through this
    machine's own address; an IPv6 address goes in brackets."""
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return host  # a name
    if address.is_unspecified:
        return _own_address(address.version) or socket.gethostname()
    return f"[{address}]" if address.version == 6 else str(address)


def _own_address(version: int) -> str | None:
    """The address this machine would use to reach a network: connecting a UDP socket sends
    nothing, it only picks the route (the targets are documentation addresses)."""
    family, target = (
        (socket.AF_INET, "192.0.2.1") if version == 4 else (socket.AF_INET6, "2001:db8::1")
    )
    try:
        with socket.socket(family, socket.SOCK_DGRAM) as probe:
            probe.connect((target, 9))
            found = str(probe.getsockname()[0])
    except OSError:
        return None
    return None if ipaddress.ip_address(found).is_unspecified else link_host(found)


def run(
    command: str,
    host: str,
    port: int,
    token: str | None,
    announce: Callable[[str], None],
) -> None:
    """Serve until SIGINT, SIGTERM or SIGHUP; `announce(link)` once listening. Raises
    ListenError if it cannot listen."""
    server = BriefingServer(command, host, port, token)
    asyncio.run(_serve(server, announce))


async def _serve(server: BriefingServer, announce: Callable[[str], None]) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        loop.add_signal_handler(number, stop.set)
    # Access logs would print every request: the terminal keeps the link and the warnings.
    runner = web.AppRunner(await server.web_app(), access_log=None, shutdown_timeout=2.0)
    await runner.setup()
    try:
        site = web.TCPSite(runner, server.host, server.port)
        try:
            await site.start()
        except OSError as error:
            raise ListenError(_listen_problem(error, server.host, server.port)) from None
        bound_port = int(runner.addresses[0][1])
        server.port = bound_port
        server.access = Access(server.token, bound_port)
        # textual-serve builds the page's script and WebSocket URLs from `public_url`.
        server.public_url = f"http://{link_host(server.host)}:{bound_port}"
        query = f"?{TOKEN_PARAMETER}={server.token}" if server.token else ""
        announce(f"{server.public_url}/{query}")
        await stop.wait()
        await site.stop()  # no new tabs while the open ones end
        await server.stop_tabs(APP_QUIT_SECONDS)
    finally:
        await runner.cleanup()
        stop_children(APP_TERM_SECONDS)


def _listen_problem(error: OSError, host: str, port: int) -> str:
    if isinstance(error, socket.gaierror):  # before errno: its numbers are not errno's
        return f"cannot find the host {host}; check --host"
    if error.errno == errno.EADDRINUSE:
        return f"port {port} on {host} is in use; choose another with --port"
    if error.errno == errno.EADDRNOTAVAIL:
        return f"{host} is not an address of this machine; choose another with --host"
    if error.errno == errno.EACCES:
        return f"not allowed to listen on port {port}; choose one above 1023 with --port"
    return f"cannot listen on {host}:{port}: {error.strerror or error}"


def child_pids(parent: int | None = None) -> list[int]:
    """The live (not zombie) child processes of `parent` (default: this process)."""
    parent = os.getpid() if parent is None else parent
    proc = Path("/proc")
    if proc.is_dir():
        found = []
        for entry in proc.iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue  # gone meanwhile
            # "pid (name) state ppid ...": the name may hold spaces and parentheses.
            state, ppid = stat.rsplit(")", 1)[1].split()[:2]
            if int(ppid) == parent and state != "Z":
                found.append(int(entry.name))
        return found
    listing = subprocess.run(
        ["ps", "-A", "-o", "pid=,ppid=,stat="], capture_output=True, text=True, check=False
    ).stdout
    rows = (line.split() for line in listing.splitlines())
    return [int(r[0]) for r in rows if len(r) >= 3 and int(r[1]) == parent and "Z" not in r[2]]


def stop_children(grace: float) -> None:
    """End the app processes still running: SIGTERM (the app saves and exits, see app.py),
    then SIGKILL after `grace` seconds. Ctrl+C leaves no orphans."""
    for number, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 1.0)):
        left = child_pids()
        if not left:
            return
        for pid in left:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, number)
        deadline = time.monotonic() + wait
        while child_pids() and time.monotonic() < deadline:
            time.sleep(0.05)
