"""Who may use a served UI: the token, the cookie it sets, and the Host and Origin checks.

Plain functions over strings, so the rules are tested without a server. The server applies
them to every request: the page, the static files, downloads and the websocket.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
import socket
import string
from collections.abc import Mapping
from enum import Enum
from urllib.parse import urlsplit

from pipeline_tui.errors import UserError

TOKEN_VARIABLE = "PIPELINE_SERVE_TOKEN"
MIN_TOKEN_LENGTH = 16
# Characters that pass through a URL's query unchanged, so the printed URL is the token.
_TOKEN_CHARACTERS = frozenset(string.ascii_letters + string.digits + "-_.~")
_WILDCARDS = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}


class Verdict(Enum):
    """What a request's credentials are worth."""

    ALLOWED = "allowed"
    MISSING = "missing"  # neither a token nor the cookie: 401
    WRONG = "wrong"  # a token or cookie that does not match: 403


def new_token() -> str:
    """Return a fresh random token (256 bits, URL-safe)."""
    return secrets.token_urlsafe(32)


def token_from_environment(environ: Mapping[str, str]) -> str | None:
    """Return the fixed token of $PIPELINE_SERVE_TOKEN, None when unset; refuse a weak one."""
    value = environ.get(TOKEN_VARIABLE, "")
    if not value:
        return None
    if len(value) < MIN_TOKEN_LENGTH:
        raise UserError(
            f"${TOKEN_VARIABLE} is too short ({len(value)} characters): use at least "
            f"{MIN_TOKEN_LENGTH}, for example the output of "
            "python3 -c 'import secrets; print(secrets.token_urlsafe())'"
        )
    if not set(value) <= _TOKEN_CHARACTERS:
        raise UserError(
            f"${TOKEN_VARIABLE} may hold only letters, digits and - _ . ~ (it goes into a URL)"
        )
    return value


def same_token(given: str | None, token: str) -> bool:
    """Compare in constant time, so response times say nothing about how much matched."""
    if given is None:
        return False
    return hmac.compare_digest(given.encode("utf-8", "replace"), token.encode("utf-8"))


def judge(query_token: str | None, cookie_token: str | None, token: str) -> Verdict:
    """Judge a request by the token in its URL and the cookie it carries."""
    if same_token(query_token, token) or same_token(cookie_token, token):
        return Verdict.ALLOWED
    if query_token is None and cookie_token is None:
        return Verdict.MISSING
    return Verdict.WRONG


def cookie_name(port: int) -> str:
    """The cookie's name; browsers share cookies between ports, so each port has its own."""
    return f"pipeline_serve_{port}"


def is_loopback(host: str) -> bool:
    """Whether listening on host keeps the server reachable from this machine only."""
    name = host.strip("[]").lower()
    if name in _WILDCARDS:
        return False
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        pass
    try:
        found = socket.getaddrinfo(name, None, proto=socket.IPPROTO_TCP)
    except (OSError, ValueError):
        return False  # listening fails later, with its own message
    addresses = {str(entry[4][0]) for entry in found}
    return bool(addresses) and all(ipaddress.ip_address(a).is_loopback for a in addresses)


def _hostname(host_header: str) -> tuple[str, int | None] | None:
    """Split a Host header into a lower-case name and a port; None when it is malformed."""
    try:
        parts = urlsplit(f"//{host_header}")
        return (parts.hostname, parts.port) if parts.hostname else None
    except ValueError:
        return None


def host_allowed(host_header: str | None, bound_host: str, *, loopback: bool) -> bool:
    """Whether a request's Host header names this server.

    On loopback only a local name is accepted, so a web page whose domain is made to resolve
    to 127.0.0.1 (DNS rebinding) cannot reach the server under its own name.
    """
    if not host_header:
        return False
    parsed = _hostname(host_header)
    if parsed is None:
        return False
    if not loopback:
        return True
    name = parsed[0]
    if name == bound_host.strip("[]").lower() or name == "localhost":
        return True
    if name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def origin_allowed(origin: str | None, host_header: str | None) -> bool:
    """Whether a websocket's Origin is the page this server sent: same host and port as the
    Host the browser asked for (http, or https behind a proxy)."""
    if not origin or not host_header:
        return False
    try:
        parts = urlsplit(origin)
        scheme = parts.scheme.lower()
        origin_port = parts.port
    except ValueError:
        return False
    host = _hostname(host_header)
    if scheme not in ("http", "https") or not parts.hostname or host is None:
        return False
    default = 443 if scheme == "https" else 80
    return (parts.hostname, origin_port or default) == (host[0], host[1] or default)


def url_host(host: str) -> str:
    """Return host as it is written in a URL (IPv6 addresses in brackets)."""
    host = host.strip("[]")
    return f"[{host}]" if ":" in host else host


def urls_to_open(host: str, port: int, token: str) -> list[str]:
    """The URLs to print: the address listened on, or for a wildcard this machine's loopback
    address and its host name."""
    bare = host.strip("[]")
    hosts = [_WILDCARDS[bare], socket.gethostname()] if bare in _WILDCARDS else [bare]
    return [f"http://{url_host(name)}:{port}/?token={token}" for name in hosts]
