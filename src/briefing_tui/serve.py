"""`briefing-tui serve`: the app in a browser, for a room or a staff. No Textual here.

Every browser tab gets its own app process (textual-serve's model), started with the data
directory, briefing and run given here, so tabs and terminal apps on that data directory share
progress through the store (a merge under the lock on every save; each open app picks up the
others' saves within a second or two).

Safe by default: only 127.0.0.1 is listened on. Another address needs --allow-remote, prints a
warning, and puts a secret token in the link (`web_access`). Everything the command line can
get wrong (the host, the briefing, the run, the port) is reported here, once, before any tab
opens. textual-serve is an optional extra; without it this says how to get it.
"""

from __future__ import annotations

import argparse
import secrets
import shlex
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from briefing_tui.exit_status import EXIT_OK, EXIT_USAGE
from briefing_tui.web_access import is_loopback

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
#: Packages of the `serve` extra: missing, one of them means the extra is not installed.
SERVER_PACKAGES = {"textual_serve", "aiohttp", "aiohttp_jinja2", "jinja2"}
INSTALL_HINT = (
    "briefing-tui serve: serving to a browser needs the optional package textual-serve. "
    "Install it with: pip install 'briefing-tui[serve]' (from a checkout: pip install "
    "'.[serve]'; with pipx: pipx inject briefing-tui 'textual-serve>=1.1,<1.2')."
)

_DESCRIPTION = """\
Serve the app to web browsers. Every tab gets the whole app; tabs, and terminal apps on the
same data directory, share their checks (each sees the others' within a second or two).
Ctrl+C stops the server and every app it started."""

_EPILOG = """\
a room (one laptop, a projector): briefing-tui serve BRIEFING, then open the link it prints
  in the laptop's browser, full screen.
a staff on one machine: each person opens the same link (over ssh: ssh -L 8000:127.0.0.1:8000).
another machine's browser: --host 0.0.0.0 --allow-remote. Anyone who can reach the port and
  has the link (it holds a secret token) can read the briefing and change its progress."""


@dataclass(frozen=True)
class Target:
    """What every tab opens."""

    #: The briefing file; None: each tab starts at the picker of all briefings.
    path: Path | None
    #: The run; None only with the picker (the run is then the one each briefing used last).
    run: str | None
    title: str | None


def serve_command(
    argv: list[str],
    make_parser: Callable[[str, str, str], argparse.ArgumentParser],
    data_dir: str | None,
) -> int:
    parser = make_parser("briefing-tui serve", _DESCRIPTION, _EPILOG)
    parser.add_argument(
        "briefing",
        nargs="?",
        metavar="BRIEFING",
        help="a briefing file, or an id or name from 'list'; default: the bundled one, or "
        "the picker when you have briefings of your own",
    )
    parser.add_argument(
        "--run", metavar="RUN", help="the run every tab opens (default: the run used last)"
    )
    parser.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"the address to listen on (default: {DEFAULT_HOST}, this machine only)",
    )
    parser.add_argument(
        "--port", type=_port, default=DEFAULT_PORT, help=f"default: {DEFAULT_PORT}; 0: any free"
    )
    parser.add_argument(
        "--allow-remote",
        action="store_true",
        help="allow a --host other machines can reach; the link then needs a secret token",
    )
    options = parser.parse_args(argv)
    remote = not is_loopback(options.host)
    if remote and not options.allow_remote:
        _fail(
            f"{options.host} can be reached from other machines, and anyone who reaches the "
            "server can read the briefing and change its progress. To serve it there all the "
            "same, add --allow-remote (the link then holds a secret token)"
        )
        return EXIT_USAGE
    try:
        from briefing_tui import web_server
    except ModuleNotFoundError as error:
        if (error.name or "").partition(".")[0] not in SERVER_PACKAGES:
            raise
        print(INSTALL_HINT, file=sys.stderr)
        return EXIT_USAGE

    from briefing_tui import paths

    data = paths.data_dir(data_dir or options.data_dir).absolute()
    target = _target(options.briefing, options.run, data)
    if target is None:
        return EXIT_USAGE
    token = secrets.token_urlsafe(32) if remote else None

    def announce(link: str) -> None:
        _announce(link, target, data, options.host if remote else None)

    try:
        web_server.run(app_command(target, data), options.host, options.port, token, announce)
    except web_server.ListenError as error:
        _fail(str(error))
        return EXIT_USAGE
    print("Stopped: the server and every app it started have ended.", flush=True)
    return EXIT_OK


def app_command(target: Target, data: Path) -> str:
    """The command textual-serve runs for each tab. It runs it through /bin/sh: every word is
    quoted, and `exec` makes the app the tab's process itself (no shell in between that a
    signal would reach instead, or that would outlive it)."""
    words = [sys.executable, "-m", "briefing_tui", f"--data-dir={data}"]
    if target.run is not None:
        words.append(f"--run={target.run}")  # `=`: a run named "-x" is not an option
    if target.path is not None:
        words += ["--", str(target.path)]
    return "exec " + shlex.join(words)


def _target(name: str | None, run: str | None, data: Path) -> Target | None:
    """What the tabs open, checked now: an error belongs on this command line, not in every
    tab. None: the problem is reported."""
    from briefing_tui import cache, catalog, files
    from briefing_tui.errors import ContentError
    from briefing_tui.progress import runs
    from briefing_tui.text import first_line

    source: Path | None = None
    try:
        if name:
            source = catalog.resolve(name, data)
        elif run is not None or len(catalog.briefing_paths(data)) == 1:
            source = files.default_briefing_path()  # as the terminal app opens it
        if source is None:
            return Target(None, None, None)
        briefing = cache.load(source)
        # No run named: the one used last, fixed now, so every tab opens the same run.
        run = runs.check_name(run) if run is not None else runs.last_run(data, briefing.id)
    except catalog.NotFound as error:
        for issue in error.issues:
            print(first_line(str(issue), 500), file=sys.stderr)
        return None
    except ContentError as error:
        for issue in error.issues:
            print(first_line(str(issue), 500), file=sys.stderr)
        _fail(
            f"{source} cannot be opened; fix the problems above (check with: briefing-tui "
            f"validate {source})"
        )
        return None
    except runs.RunError as error:
        _fail(f"--run: {error}")
        return None
    return Target(source.absolute(), run, briefing.title)


def _announce(link: str, target: Target, data: Path, remote_host: str | None) -> None:
    from briefing_tui.text import first_line

    if remote_host is not None:
        port = urlsplit(link).port
        print(
            f"Warning: listening on {remote_host}, not only on this machine. Anyone who can "
            f"reach port {port} and has the link below can read the briefing and change its "
            "progress: the token in the link is the only key, and the connection is not "
            "encrypted (http). Share the link only with the people it is for.\n",
            file=sys.stderr,
            flush=True,
        )
    if target.title is not None:
        what = f'"{first_line(target.title, 100)}" (run "{target.run}")'
    else:
        what = "the briefings (each tab starts at the picker)"
    print(
        f"Serving {what}; progress is saved in {data}.\n"
        f"Open this link in a browser:\n\n    {link}\n\n"
        "Every tab gets the whole app. Tabs, and terminal apps on the same data directory, "
        "share their checks.\nCtrl+C stops the server and every app it started.",
        flush=True,
    )


def _port(text: str) -> int:
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port: 0 to 65535 (0: any free one)")
    return int(text)


def _fail(message: str) -> None:
    print(f"briefing-tui serve: {message}.", file=sys.stderr)
