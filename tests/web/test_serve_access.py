"""`pipeline serve` over plain HTTP: what is refused without the token, and how it starts and
fails (no browser needed)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from web_helpers import PIPELINE, Served, start_server

pytestmark = pytest.mark.slow


@pytest.fixture
async def client() -> AsyncIterator[aiohttp.ClientSession]:
    """An HTTP client that keeps no cookies: each request carries only what a test gives it."""
    async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as session:
        yield session


async def _status(client: aiohttp.ClientSession, url: str, **headers: str) -> int:
    async with client.get(url, headers=headers, allow_redirects=False) as response:
        return response.status


async def _websocket_status(
    client: aiohttp.ClientSession, served: Served, *, origin: str | None, cookie: str | None
) -> int:
    headers = {}
    if origin is not None:
        headers["Origin"] = origin
    if cookie is not None:
        headers["Cookie"] = cookie
    try:
        websocket = await client.ws_connect(f"{served.base}ws?width=80&height=24", headers=headers)
    except aiohttp.WSServerHandshakeError as error:
        return error.status
    await websocket.close()
    return 101


async def test_the_page_static_files_and_websocket_need_the_token(
    served: Served, client: aiohttp.ClientSession
) -> None:
    cookie = f"pipeline_serve_{served.port}={served.token}"
    static = f"{served.base}static/js/textual.js"
    # Nothing without the token or the cookie.
    assert await _status(client, served.base) == 401
    assert await _status(client, static) == 401
    assert await _status(client, f"{served.base}download/x") == 401
    assert await _websocket_status(client, served, origin=served.base[:-1], cookie=None) == 401
    # A wrong token, or a wrong cookie, is refused too.
    assert await _status(client, f"{served.base}?token=wrong-{served.token}") == 403
    assert await _status(client, static, Cookie=f"pipeline_serve_{served.port}=x") == 403
    # The token opens the page and sets a cookie scripts cannot read, sent to this site only.
    async with client.get(served.url) as response:
        assert response.status == 200
        assert "textual.js" in await response.text()
        set_cookie = response.headers["Set-Cookie"]
        assert set_cookie.startswith(f"pipeline_serve_{served.port}={served.token};")
        assert "HttpOnly" in set_cookie and "SameSite=Strict" in set_cookie
        assert "default-src 'none'" in response.headers["Content-Security-Policy"]
        assert response.headers["Cache-Control"] == "no-store"
    # The cookie alone opens the static files.
    assert await _status(client, static, Cookie=cookie) == 200


async def test_the_websocket_refuses_pages_of_other_origins(
    served: Served, client: aiohttp.ClientSession
) -> None:
    cookie = f"pipeline_serve_{served.port}={served.token}"
    here = f"http://127.0.0.1:{served.port}"
    for origin in (
        None,
        "null",
        "http://evil.example",
        f"http://evil.example:{served.port}",
        f"http://127.0.0.1:{served.port + 1}",
        f"http://localhost:{served.port}",  # another name than the one the request used
    ):
        status = await _websocket_status(client, served, origin=origin, cookie=cookie)
        assert status == 403, origin
    assert not any("session opened" in line for line in served.out)
    # The page's own origin, with the cookie, starts a UI session.
    assert await _websocket_status(client, served, origin=here, cookie=cookie) == 101
    served.wait_for_line("browser session opened")


async def test_a_request_naming_another_host_is_refused_even_with_the_token(
    served: Served, client: aiohttp.ClientSession
) -> None:
    # A site whose name is made to resolve to 127.0.0.1 (DNS rebinding) sends its own Host.
    assert await _status(client, served.url, Host=f"evil.example:{served.port}") == 403
    assert await _status(client, served.url, Host=f"localhost:{served.port}") == 200


def test_a_fixed_token_comes_from_the_environment(serve_process: Any) -> None:
    token = "bookmark-token-0123456789"
    served = serve_process(env={"PIPELINE_SERVE_TOKEN": token})
    assert served.token == token


@pytest.mark.parametrize(
    ("token", "message"),
    [("short", "is too short"), ("with space and more than 16", "may hold only letters")],
)
def test_a_weak_fixed_token_is_refused(token: str, message: str) -> None:
    result = subprocess.run(
        [PIPELINE, "serve", "--port", "0"],
        capture_output=True,
        text=True,
        env={**os.environ, "PIPELINE_SERVE_TOKEN": token},
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("error: $PIPELINE_SERVE_TOKEN ")
    assert message in result.stderr
    assert result.stderr.count("\n") == 1


def test_a_port_in_use_is_one_clear_line() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        served = start_server("--port", str(port), wait=False)
        assert served.process.wait(60) == 1
        served.stop()
    err = "".join(served.err)
    assert err == (
        f"error: port {port} is already in use on 127.0.0.1 (another pipeline serve?): "
        "choose another with --port\n"
    )


def test_a_database_that_cannot_be_opened_fails_before_listening(tmp_path: Any) -> None:
    not_a_database = tmp_path / "notes.txt"
    not_a_database.write_text("not SQLite\n" * 100)
    result = subprocess.run(
        [PIPELINE, "--db", str(not_a_database), "serve", "--port", "0"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("error: ")
    assert result.stderr.count("\n") == 1
    assert "http://" not in result.stdout


def test_the_server_never_loads_textual_and_other_commands_never_load_the_server() -> None:
    script = (
        "import sys\n"
        "import pipeline_tui.web.server\n"
        "print('textual' in sys.modules)\n"
        "from pipeline_tui.cli import run\n"
        "run(['serve', '--help'])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert result.stdout.startswith("False\n"), result.stderr
    assert "--host" in result.stdout
    script = (
        "import sys\n"
        "from pipeline_tui.cli import run\n"
        "run(['add', 'ByteDance', 'LLM engineer'])\n"
        "print(sorted({'aiohttp', 'textual_serve'} & set(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert result.stdout.splitlines()[-1] == "[]", result.stderr


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--host", ""], 2, "invalid value for --host: give an address"),
        (["--host", "bad host"], 2, "invalid value for --host"),
        (["--host", "evil\x1b[31m"], 2, "invalid value for --host"),
        (["--host", "192.0.2.1", "--port", "0"], 1, "192.0.2.1 is not an address of this"),
        (["--host", "a" * 300, "--port", "0"], 1, "no such host name or address"),
        (["--port", "70000"], 2, "invalid value for '--port'"),
        (["--port", "-1"], 2, "invalid value for '--port'"),
        (["--port", "http"], 2, "invalid value for '--port'"),
    ],
)
def test_bad_arguments_are_one_line_errors_before_anything_listens(
    pipeline: Any, args: list[str], code: int, message: str
) -> None:
    outcome = pipeline("serve", *args)
    assert outcome.code == code
    assert outcome.err.startswith("error: ") and message in outcome.err, outcome.err
    assert outcome.err.count("\n") == 1
    assert "\x1b" not in outcome.err
    assert "http://" not in outcome.out
