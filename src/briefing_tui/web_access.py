"""Who may use `briefing-tui serve`: the check made on every request. Pure: no aiohttp, no
Textual.

textual-serve has no access control of its own, and a server on 127.0.0.1 is not private on
its own either:

- any web page open in the user's browser may open a WebSocket to 127.0.0.1 (browsers allow
  cross-origin WebSockets; the server is told the page's Origin and must refuse it itself), and
  the WebSocket is the app: it reads the screen and sends keys;
- a site that points its own name at 127.0.0.1 (DNS rebinding) reaches the server as that name,
  so only a Host that is a loopback name is answered.

On another address, anyone who can reach the port could do the same, so every request must also
carry the server's secret token: in the link's query (`?token=...`), or in the cookie the page
sets when it is opened with it (the page's script, style sheet and WebSocket URLs are
textual-serve's, and carry no query of ours). Tokens are compared in constant time.
"""

from __future__ import annotations

import hmac
import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit

#: The name of the query parameter that carries the token in the link.
TOKEN_PARAMETER = "token"


def is_loopback(host: str) -> bool:
    """Whether `host` (a name or an address, IPv6 with or without brackets) is this machine
    only."""
    name = host.strip("[]").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def _host_and_port(authority: str, default_port: int = 80) -> tuple[str, int] | None:
    """`example.org:8000` → ("example.org", 8000); None if it is not a host[:port]."""
    try:
        parts = urlsplit(f"//{authority}")
        host, port = parts.hostname, parts.port
    except ValueError:
        return None
    if not host or parts.username is not None or parts.path or parts.query or parts.fragment:
        return None
    return host, port if port is not None else default_port


@dataclass(frozen=True)
class Access:
    """The server's rule for requests. `token` None: loopback only, no token needed."""

    token: str | None
    #: The port the server listens on: it names the cookie, so two servers on one machine
    #: (different ports) do not overwrite each other's.
    port: int

    @property
    def cookie_name(self) -> str:
        return f"briefing_tui_token_{self.port}"

    def refusal(
        self,
        host: str,
        origin: str | None,
        query_token: str | None,
        cookie_token: str | None,
    ) -> str | None:
        """Why a request is refused (None: it may go on). `host` is its Host header, `origin`
        its Origin header (browsers send it with WebSockets and scripted requests)."""
        own = _host_and_port(host)
        if own is None:
            return "the request's Host is not a host name"
        if self.token is None and not is_loopback(own[0]):
            # Only loopback is listened on: another name is a DNS-rebinding site.
            return "this server answers only to localhost and 127.0.0.1"
        if origin is not None and not self._same_site(origin, own):
            return "a request from another site"
        if self.token is not None and not (
            self.token_matches(query_token) or self.token_matches(cookie_token)
        ):
            return "open the link the server printed: it holds the server's token"
        return None

    def token_matches(self, given: str | None) -> bool:
        if self.token is None or given is None:
            return False
        expected = self.token.encode()
        return hmac.compare_digest(given.encode("utf-8", "surrogatepass"), expected)

    def _same_site(self, origin: str, own: tuple[str, int]) -> bool:
        """Whether a request's Origin is the server's own page. On loopback the page may be
        opened as localhost and talk to 127.0.0.1 (or the reverse): both are this machine."""
        if not origin.startswith("http://"):
            return False  # also "null" (a sandboxed frame, a file) and https (not ours)
        page = _host_and_port(origin.removeprefix("http://"))
        if page is None:
            return False
        if page == own:
            return True
        return self.token is None and page[1] == own[1] and is_loopback(page[0])
