"""`pipeline serve`: an aiohttp server relaying each browser tab to a `pipeline tui` process.

textual-serve supplies the two parts that follow Textual's releases: the browser client
(static/js/textual.js, an xterm.js terminal) and `AppService`, which speaks the web driver's
framing with a child process. The HTTP side is ours, because textual-serve's `Server` has no
authentication or Origin check, builds absolute URLs from the address it listens on (broken
on 0.0.0.0), loads a font from the internet, and leaves its children in the terminal's
process group (Ctrl-C reaches them before the server can end them in order).
"""

from __future__ import annotations

import asyncio
import errno
import json
import os
import shlex
import signal
import socket
import sys
from collections.abc import Callable, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import textual_serve
from aiohttp import WSMsgType, hdrs, web
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

from pipeline_tui.domain.text import printable
from pipeline_tui.errors import UserError
from pipeline_tui.paths import ServerUrl
from pipeline_tui.web import access
from pipeline_tui.web.page import CONTENT_SECURITY_POLICY, font_size, page

STATIC = Path(textual_serve.__file__).parent / "static"
# Open tabs at once; each is a UI process of its own (~100 MB), so a reload loop stops here.
MAX_SESSIONS = 16
# How long a UI gets to quit when asked, then after SIGTERM, before it is killed.
QUIT_SECONDS = 5.0
TERMINATE_SECONDS = 2.0


class UISession(AppService):
    """One browser tab's UI: a `pipeline tui` process speaking Textual's web protocol."""

    def __init__(self, argv: Sequence[str], environment: Mapping[str, str], **kwargs: Any) -> None:
        super().__init__(shlex.join(argv), **kwargs)
        self._argv = list(argv)
        self._environment = dict(environment)

    async def _open_app_process(
        self, width: int = 80, height: int = 24
    ) -> asyncio.subprocess.Process:
        # A session of its own: Ctrl-C in the server's terminal reaches the server only, which
        # then ends every UI in order (end()), instead of racing them to the signal.
        environment = self._build_environment(width=width, height=height)
        environment.pop(access.TOKEN_VARIABLE, None)
        environment.update(self._environment)
        self._process = process = await asyncio.create_subprocess_exec(
            *self._argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=environment,
            start_new_session=True,
        )
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    @property
    def pid(self) -> int | None:
        """The UI process's id, once started."""
        return self._process.pid if self._process is not None else None

    async def end(self) -> None:
        """Ask the UI to quit; terminate it, then kill it, if it does not in time."""
        process = self._process
        if process is None:
            return

        async def quit_and_wait() -> None:
            await self.stop()
            await process.wait()

        try:
            await asyncio.wait_for(asyncio.shield(quit_and_wait()), QUIT_SECONDS)
            return
        except TimeoutError:
            pass
        for number in (signal.SIGTERM, signal.SIGKILL):
            if process.returncode is not None:
                return
            # os.killpg, not process.terminate(): Popen polls (reaps) first, racing asyncio's
            # own wait for the child. The UI leads a process group of its own.
            with suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, number)
            with suppress(TimeoutError):
                await asyncio.wait_for(process.wait(), TERMINATE_SECONDS)


@dataclass(frozen=True, slots=True)
class ServeOptions:
    """What `pipeline serve` was asked for."""

    host: str
    port: int
    token: str
    database: str  # $PIPELINE_DB for the UI processes: an absolute path or a server URL
    argv: tuple[str, ...] = (sys.executable, "-m", "pipeline_tui", "tui")


def _refusal(status: int, text: str) -> web.Response:
    response = web.Response(status=status, text=text + "\n")
    response.headers[hdrs.CACHE_CONTROL] = "no-store"
    return response


def listen_error(error: OSError | ValueError, host: str, port: int) -> str:
    """Say in one line why the server cannot listen on host:port."""
    shown = printable(host)
    where = f"{access.url_host(shown)}:{port}"
    number = getattr(error, "errno", None)
    if isinstance(error, socket.gaierror | ValueError):
        return f"cannot listen on {shown!r}: no such host name or address"
    if number == errno.EADDRINUSE:
        return (
            f"port {port} is already in use on {shown} (another pipeline serve?): "
            "choose another with --port"
        )
    if number == errno.EACCES:
        return f"not allowed to listen on {where}: choose a port above 1023 with --port"
    if number == errno.EADDRNOTAVAIL:
        return (
            f"{shown} is not an address of this machine: use 127.0.0.1, or 0.0.0.0 for "
            "every network"
        )
    return f"cannot listen on {where}: {printable(str(getattr(error, 'strerror', '') or error))}"


class UIServer:
    """The served UI: the page, its static files and one UI process per websocket."""

    def __init__(self, options: ServeOptions, say: Callable[[str], None]) -> None:
        self.options = options
        self.loopback = access.is_loopback(options.host)
        self.port = options.port  # the real one once listening (--port 0 picks a free one)
        self.sessions: set[UISession] = set()
        self.stopping = False
        self._say = say
        self._downloads = DownloadManager()

    # -- requests ---------------------------------------------------------------------------

    def application(self) -> web.Application:
        """The aiohttp application: every route behind the same guard."""
        app = web.Application(middlewares=[self._guard], client_max_size=64 * 1024)
        app.add_routes(
            [
                web.get("/", self._index),
                web.get("/ws", self._websocket),
                web.get("/download/{key}", self._download),
                web.static("/static", STATIC),
            ]
        )
        app.on_response_prepare.append(self._common_headers)
        return app

    @web.middleware
    async def _guard(
        self, request: web.Request, handler: Callable[[web.Request], Any]
    ) -> web.StreamResponse:
        if not access.host_allowed(
            request.headers.get(hdrs.HOST), self.options.host, loopback=self.loopback
        ):
            return _refusal(403, "Forbidden: this server answers to a local address only.")
        verdict = access.judge(
            request.query.get("token"),
            request.cookies.get(access.cookie_name(self.port)),
            self.options.token,
        )
        if verdict is access.Verdict.MISSING:
            return _refusal(
                401, "Unauthorized: open the URL that `pipeline serve` printed (with its token)."
            )
        if verdict is access.Verdict.WRONG:
            return _refusal(403, "Forbidden: this token is not the one `pipeline serve` printed.")
        response: web.StreamResponse = await handler(request)
        return response

    @staticmethod
    async def _common_headers(request: web.Request, response: web.StreamResponse) -> None:
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"

    async def _index(self, request: web.Request) -> web.Response:
        response = web.Response(
            text=page(font_size(request.query.get("fontsize"))), content_type="text/html"
        )
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        response.headers[hdrs.CACHE_CONTROL] = "no-store"
        if access.same_token(request.query.get("token"), self.options.token):
            # The websocket and the static files then need no token in their URLs.
            response.set_cookie(
                access.cookie_name(self.port),
                self.options.token,
                httponly=True,
                samesite="Strict",
                path="/",
            )
        return response

    async def _download(self, request: web.Request) -> web.StreamResponse:
        """A file the UI hands to the browser (Textual's deliver_text / deliver_binary)."""
        try:
            download = await self._downloads.get_download_metadata(request.match_info["key"])
        except KeyError:
            raise web.HTTPNotFound() from None
        response = web.StreamResponse()
        content_type = download.mime_type
        if download.encoding:
            content_type += f"; charset={download.encoding}"
        response.headers[hdrs.CONTENT_TYPE] = content_type
        disposition = "inline" if download.open_method == "browser" else "attachment"
        response.headers[hdrs.CONTENT_DISPOSITION] = (
            f"{disposition}; filename*=UTF-8''{quote(download.file_name)}"
        )
        await response.prepare(request)
        async for chunk in self._downloads.download(download.delivery_key):
            await response.write(chunk)
        await response.write_eof()
        return response

    async def _websocket(self, request: web.Request) -> web.StreamResponse:
        # Browsers always send Origin with a websocket; a page of another site cannot fake it.
        if not access.origin_allowed(
            request.headers.get(hdrs.ORIGIN), request.headers.get(hdrs.HOST)
        ):
            return _refusal(403, "Forbidden: the page that opened this websocket is not ours.")
        if self.stopping:
            return _refusal(503, "Service Unavailable: the server is stopping.")
        if len(self.sessions) >= MAX_SESSIONS:
            return _refusal(503, f"Service Unavailable: {MAX_SESSIONS} sessions are open.")
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=1024 * 1024)
        await websocket.prepare(request)
        session = UISession(
            self.options.argv,
            {"PIPELINE_DB": self.options.database},
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=websocket.close,
            download_manager=self._downloads,
        )
        self.sessions.add(session)
        try:
            await session.start(
                _cells(request.query.get("width"), 80), _cells(request.query.get("height"), 24)
            )
            self._say(f"browser session opened ({len(self.sessions)} open)")
            await _relay(websocket, session)
        except OSError as error:
            self._say(f"error: cannot start the UI: {error.strerror or error}")
        finally:
            await asyncio.shield(self._close(session, websocket))
        return websocket

    async def _close(self, session: UISession, websocket: web.WebSocketResponse) -> None:
        await session.end()
        if session in self.sessions:
            self.sessions.discard(session)
            if not self.stopping:
                self._say(f"browser session closed ({len(self.sessions)} open)")
        with suppress(Exception):
            await websocket.close()

    # -- running ----------------------------------------------------------------------------

    async def run(self, started: Callable[[int], None]) -> None:
        """Listen, call started(port), serve until SIGINT or SIGTERM, then stop in order."""
        runner = web.AppRunner(
            self.application(), access_log=None, handle_signals=False, shutdown_timeout=2.0
        )
        await runner.setup()
        site = web.TCPSite(runner, self.options.host, self.options.port)
        try:
            await site.start()
        except (OSError, ValueError) as error:  # ValueError: a name IDNA cannot encode
            await runner.cleanup()
            raise UserError(listen_error(error, self.options.host, self.options.port)) from None
        self.port = int(runner.addresses[0][1])
        loop = asyncio.get_running_loop()
        stop = asyncio.Event()
        for number in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(number, stop.set)
        try:
            started(self.port)
            await stop.wait()
        finally:
            self.stopping = True
            ended = len(self.sessions)
            await asyncio.gather(*(session.end() for session in list(self.sessions)))
            await runner.cleanup()
            for number in (signal.SIGINT, signal.SIGTERM):
                loop.remove_signal_handler(number)
        self._say(f"stopped; {_sessions(ended)} ended")


def _cells(text: str | None, default: int) -> int:
    """Read a terminal size in cells from the browser, within what a screen can show."""
    try:
        value = int(text) if text else default
    except ValueError:
        value = default
    return min(max(value, 10), 1000)


def _sessions(count: int) -> str:
    return "1 browser session" if count == 1 else f"{count} browser sessions"


async def _relay(websocket: web.WebSocketResponse, session: UISession) -> None:
    """Pass what the browser sends (keys, size, focus, pings) to the UI until either closes."""
    async for message in websocket:
        if message.type != WSMsgType.TEXT:
            continue
        try:
            envelope = json.loads(message.data)
        except ValueError:
            continue
        if not isinstance(envelope, list) or not envelope:
            continue
        kind = envelope[0]
        data = envelope[1] if len(envelope) > 1 else None
        if kind == "stdin" and isinstance(data, str):
            await session.send_bytes(data.encode("utf-8", "replace"))
        elif kind == "resize" and isinstance(data, dict):
            await session.set_terminal_size(
                _cells(str(data.get("width")), 80), _cells(str(data.get("height")), 24)
            )
        elif kind == "ping":
            await websocket.send_json(["pong", data])
        elif kind == "blur":
            await session.blur()
        elif kind == "focus":
            await session.focus()


def serve(
    options: ServeOptions, say: Callable[[str], None], started: Callable[[int], None]
) -> None:
    """Run the server until Ctrl-C (SIGINT) or SIGTERM; UserError when it cannot listen."""
    server = UIServer(options, say)
    asyncio.run(server.run(started))


def database_for_children(database: Path | ServerUrl) -> str:
    """$PIPELINE_DB for the UI processes: a SQLite file's absolute path, or a server's URL."""
    if isinstance(database, ServerUrl):
        return database.url
    return str(database.expanduser().resolve())
