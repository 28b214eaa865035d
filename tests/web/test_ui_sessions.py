"""Each tab's UI process is ended whatever state it is in."""

from __future__ import annotations

import signal
import sys
import time

import pytest
from textual_serve.download_manager import DownloadManager

from pipeline_tui.web import server
from pipeline_tui.web.server import UISession

# A UI that has hung: it starts like Textual's web driver, then ignores quit and SIGTERM.
_HUNG_UI = (
    "import signal, sys, time\n"
    "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
    "sys.stdout.write('__GANGLION__\\n'); sys.stdout.flush()\n"
    "time.sleep(120)\n"
)


async def _nothing(*args: object) -> None:
    return None


def _session(script: str) -> UISession:
    return UISession(
        [sys.executable, "-c", script],
        {},
        write_bytes=_nothing,
        write_str=_nothing,
        close=_nothing,
        download_manager=DownloadManager(),
    )


async def test_a_hung_ui_is_terminated_then_killed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(server, "QUIT_SECONDS", 0.5)
    monkeypatch.setattr(server, "TERMINATE_SECONDS", 0.5)
    session = _session(_HUNG_UI)
    await session.start(80, 24)
    started = time.monotonic()
    await session.end()
    assert session._process is not None
    assert session._process.returncode == -signal.SIGKILL
    assert time.monotonic() - started < 10


async def test_a_ui_that_ignores_quit_but_not_sigterm_is_terminated(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(server, "QUIT_SECONDS", 0.5)
    session = _session(_HUNG_UI.replace("signal.SIG_IGN", "signal.SIG_DFL"))
    await session.start(80, 24)
    await session.end()
    assert session._process is not None
    assert session._process.returncode == -signal.SIGTERM


async def test_the_ui_gets_the_database_but_not_the_token(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PIPELINE_SERVE_TOKEN", "a-secret-bookmark-token")
    written: list[bytes] = []
    script = (
        "import os, sys\n"
        "sys.stdout.write('__GANGLION__\\n')\n"
        "text = repr((os.environ.get('PIPELINE_DB'), os.environ.get('PIPELINE_SERVE_TOKEN')))\n"
        "data = text.encode()\n"
        "sys.stdout.buffer.write(b'D' + len(data).to_bytes(4, 'big') + data)\n"
        "sys.stdout.flush()\n"
    )

    async def write_bytes(data: bytes) -> None:
        written.append(data)

    session = UISession(
        [sys.executable, "-c", script],
        {"PIPELINE_DB": "/data/pipeline.db"},
        write_bytes=write_bytes,
        write_str=_nothing,
        close=_nothing,
        download_manager=DownloadManager(),
    )
    await session.start(80, 24)
    await session.end()
    assert written == [b"('/data/pipeline.db', None)"]
