"""The rules `pipeline serve` applies to every request, as plain functions."""

from __future__ import annotations

import pytest

from pipeline_tui.errors import UserError
from pipeline_tui.web import access
from pipeline_tui.web.page import CONTENT_SECURITY_POLICY, font_size, page

TOKEN = "Zq3-x_8AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"


def test_the_token_or_the_cookie_must_match_exactly() -> None:
    assert access.judge(TOKEN, None, TOKEN) is access.Verdict.ALLOWED
    assert access.judge(None, TOKEN, TOKEN) is access.Verdict.ALLOWED
    assert access.judge("stale", TOKEN, TOKEN) is access.Verdict.ALLOWED  # an old bookmark
    assert access.judge(None, None, TOKEN) is access.Verdict.MISSING
    for wrong in ("", TOKEN[:-1], TOKEN + "x", TOKEN.upper(), "字节" * 20):
        assert access.judge(wrong, None, TOKEN) is access.Verdict.WRONG, wrong
        assert access.judge(None, wrong, TOKEN) is access.Verdict.WRONG, wrong


def test_new_tokens_are_long_random_and_url_safe() -> None:
    tokens = {access.new_token() for _ in range(50)}
    assert len(tokens) == 50
    assert all(len(token) >= 43 for token in tokens)
    assert all(access.token_from_environment({access.TOKEN_VARIABLE: t}) == t for t in tokens)


def test_a_fixed_token_must_be_long_and_fit_in_a_url() -> None:
    assert access.token_from_environment({}) is None
    assert access.token_from_environment({access.TOKEN_VARIABLE: ""}) is None
    with pytest.raises(UserError, match="too short"):
        access.token_from_environment({access.TOKEN_VARIABLE: "secret"})
    with pytest.raises(UserError, match="only letters"):
        access.token_from_environment({access.TOKEN_VARIABLE: "a&b=c#d" * 4})


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("0.0.0.0", False),
        ("::", False),
        ("", False),
        ("192.168.1.20", False),
        ("10.0.0.1", False),
    ],
)
def test_what_counts_as_this_machine_only(host: str, loopback: bool) -> None:
    assert access.is_loopback(host) is loopback


@pytest.mark.parametrize(
    ("origin", "host", "allowed"),
    [
        ("http://127.0.0.1:8000", "127.0.0.1:8000", True),
        ("http://LOCALHOST:8000", "localhost:8000", True),
        ("http://[::1]:8000", "[::1]:8000", True),
        ("http://192.168.1.20:8000", "192.168.1.20:8000", True),
        ("https://tracker.example", "tracker.example", True),  # behind a TLS proxy
        ("https://tracker.example:443", "tracker.example", True),
        ("http://127.0.0.1:8001", "127.0.0.1:8000", False),
        ("http://localhost:8000", "127.0.0.1:8000", False),
        ("http://evil.example:8000", "127.0.0.1:8000", False),
        ("https://tracker.example", "tracker.example:80", False),
        ("null", "127.0.0.1:8000", False),
        ("file://", "127.0.0.1:8000", False),
        ("ftp://127.0.0.1:8000", "127.0.0.1:8000", False),
        ("http://127.0.0.1:99999", "127.0.0.1:8000", False),
        (None, "127.0.0.1:8000", False),
        ("http://127.0.0.1:8000", None, False),
    ],
)
def test_the_websocket_origin_must_be_the_page_it_came_from(
    origin: str | None, host: str | None, allowed: bool
) -> None:
    assert access.origin_allowed(origin, host) is allowed


def test_on_loopback_only_local_host_names_are_answered() -> None:
    def allowed(host: str | None, bound: str = "127.0.0.1", loopback: bool = True) -> bool:
        return access.host_allowed(host, bound, loopback=loopback)

    assert allowed("127.0.0.1:8000")
    assert allowed("localhost:8000")
    assert allowed("[::1]:8000")
    assert allowed("app.localhost:8000")
    assert not allowed("evil.example:8000")  # DNS rebinding
    assert not allowed("192.168.1.20:8000")
    assert not allowed(None)
    assert not allowed("127.0.0.1:notaport")
    # Beyond loopback the browser may use any name of the machine.
    assert allowed("my-laptop.lan:8000", "0.0.0.0", loopback=False)
    assert allowed("192.168.1.20:8000", "0.0.0.0", loopback=False)


def test_the_printed_urls_name_reachable_addresses() -> None:
    assert access.urls_to_open("127.0.0.1", 8000, TOKEN) == [
        f"http://127.0.0.1:8000/?token={TOKEN}"
    ]
    assert access.urls_to_open("::1", 8000, TOKEN) == [f"http://[::1]:8000/?token={TOKEN}"]
    urls = access.urls_to_open("0.0.0.0", 8000, TOKEN)
    assert urls[0] == f"http://127.0.0.1:8000/?token={TOKEN}"
    assert len(urls) == 2 and "0.0.0.0" not in urls[1]


def test_the_page_fetches_nothing_from_elsewhere_and_allows_only_its_own_script() -> None:
    html = page(font_size("20"))
    assert "//" not in html  # every URL is relative: it works under any address
    assert "data-font-size='20'" in html
    assert "onclick" not in html.lower()  # no inline handlers: the CSP would block them
    assert "'unsafe-inline'" not in CONTENT_SECURITY_POLICY.split("style-src")[0]
    assert font_size("999") == 48 and font_size("x") == 16 and font_size(None) == 16
