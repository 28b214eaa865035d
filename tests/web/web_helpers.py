"""Helpers for the browser tests: the served UI as a process, and what a tab shows."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

CHROMIUM = Path(os.environ.get("PIPELINE_TEST_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).parent / "artifacts"
PIPELINE = shutil.which("pipeline", path=os.path.dirname(sys.executable)) or "pipeline"
# Generous: two xdist workers, a browser and a UI process per tab share two cores.
WAIT_SECONDS = 60.0


def artifact(name: str) -> Path:
    """Return where to keep a test artefact (a screenshot), creating the folder."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / name


def chromium_missing() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (.ci/run installs Debian's chromium)"
    try:
        import playwright.async_api  # noqa: F401
    except ImportError:
        return "the playwright package is missing (pip install -e '.[test]')"
    return None


# -- the server -------------------------------------------------------------------------------


@dataclass
class Served:
    """A running `pipeline serve` and what it printed."""

    process: subprocess.Popen[str]
    out: list[str] = field(default_factory=list)
    err: list[str] = field(default_factory=list)
    url: str = ""
    readers: list[threading.Thread] = field(default_factory=list)

    @property
    def base(self) -> str:
        """The server's root URL without the token: http://127.0.0.1:PORT/."""
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}/"

    @property
    def port(self) -> int:
        return urlsplit(self.url).port or 80

    @property
    def token(self) -> str:
        return self.url.partition("?token=")[2]

    def wait_for_line(self, pattern: str, timeout: float = WAIT_SECONDS) -> str:
        """Wait until the server printed a line matching pattern; return it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in list(self.out):
                if re.search(pattern, line):
                    return line
            if self.process.poll() is not None and not any(r.is_alive() for r in self.readers):
                break
            time.sleep(0.02)
        raise AssertionError(
            f"the server never printed {pattern!r}:\n{''.join(self.out)}{''.join(self.err)}"
        )

    def stop(self, timeout: float = WAIT_SECONDS) -> int:
        """Stop the server as Ctrl-C would and return its exit status."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        for thread in self.readers:
            thread.join(10)
        return self.process.returncode


def _pump(stream: Any, into: list[str]) -> None:
    for line in iter(stream.readline, ""):
        into.append(line)
    stream.close()


def start_server(*args: str, env: dict[str, str] | None = None, wait: bool = True) -> Served:
    """Start `pipeline serve ARGS` (default: a free loopback port); wait for its URL."""
    process = subprocess.Popen(
        [PIPELINE, "serve", *(args or ("--port", "0"))],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env={**os.environ, **(env or {})},
    )
    served = Served(process)
    served.readers = [
        threading.Thread(target=_pump, args=(process.stdout, served.out), daemon=True),
        threading.Thread(target=_pump, args=(process.stderr, served.err), daemon=True),
    ]
    for thread in served.readers:
        thread.start()
    if wait:
        served.url = served.wait_for_line(r"http://127\.0\.0\.1:\d+/\?token=").strip()
    return served


def ui_processes(server_pid: int) -> list[int]:
    """The ids of the processes the server started (its UI sessions)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid ...: comm may hold spaces, so split after its closing paren.
        if int(stat.rpartition(")")[2].split()[1]) == server_pid:
            found.append(int(entry.name))
    return found


# -- what a tab shows ------------------------------------------------------------------------

_ESCAPES = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")


class Tab:
    """One browser tab on the served UI, with the terminal output it received as text."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.frames: list[bytes] = []
        self.errors: list[str] = []  # the console's errors: CSP refusals, failed fetches
        page.on("websocket", self._attach)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def _attach(self, websocket: Any) -> None:
        websocket.on("framereceived", self._received)

    def _received(self, payload: str | bytes) -> None:
        self.frames.append(payload if isinstance(payload, bytes) else payload.encode())

    def mark(self) -> int:
        """A point in the output, for wait_for(since=...)."""
        return len(self.frames)

    def text(self, since: int = 0) -> str:
        """The terminal output received since a mark, with escape sequences removed."""
        return _ESCAPES.sub(b"", b"".join(self.frames[since:])).decode("utf-8", "replace")

    async def wait_for(self, text: str, *, since: int = 0, timeout: float = WAIT_SECONDS) -> None:
        """Wait until the UI sent text to this tab (after the mark since)."""
        deadline = time.monotonic() + timeout
        while text not in self.text(since):
            if time.monotonic() > deadline:
                raise AssertionError(f"the tab never showed {text!r}")
            await asyncio.sleep(0.05)

    async def keys(self, *keys: str) -> None:
        """Press keys in the terminal (Playwright key names: "a", "Enter")."""
        await self.page.locator(".xterm-helper-textarea").focus()
        for key in keys:
            await self.page.keyboard.press(key)

    async def type(self, text: str) -> None:
        await self.page.locator(".xterm-helper-textarea").focus()
        await self.page.keyboard.type(text)


async def open_tab(browser: Any, url: str) -> Tab:
    """Open url in a new tab and wait until the UI's board is on screen."""
    page = await browser.new_page()
    tab = Tab(page)
    await page.goto(url)
    await page.wait_for_selector("body.-first-byte", timeout=WAIT_SECONDS * 1000)
    await tab.wait_for("submitted")  # the board's column headings
    await tab.wait_for("Tencent")  # and the card the served fixture recorded
    return tab
