"""A throwaway PostgreSQL server in a temporary folder, for the tests and the benchmarks.

initdb and postgres refuse to run as root, so as root they run as the unprivileged `postgres`
account (Debian's server package creates it). The server listens on 127.0.0.1 and a private
port, with its socket in the same folder, trusts local connections, and is removed on stop.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

SERVER_ACCOUNT = "postgres"


def server_bindir() -> Path | None:
    """Return the folder holding initdb and postgres, or None when no server is installed."""
    candidates: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            found = subprocess.run(
                [pg_config, "--bindir"], capture_output=True, text=True, timeout=10, check=True
            )
            candidates.append(Path(found.stdout.strip()))
    candidates.extend(sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True))
    for initdb in ("initdb",):
        on_path = shutil.which(initdb)
        if on_path:
            candidates.append(Path(on_path).parent)
    for folder in candidates:
        if (folder / "initdb").exists() and (folder / "postgres").exists():
            return folder
    return None


def why_unavailable() -> str | None:
    """Return why no test server can be started here, or None when one can."""
    if server_bindir() is None:
        return "no PostgreSQL server binaries (initdb, postgres) are installed"
    if os.getuid() == 0:
        try:
            pwd.getpwnam(SERVER_ACCOUNT)
        except KeyError:
            return f"running as root and there is no {SERVER_ACCOUNT!r} account to run initdb"
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class TestServer:
    """A running server: connect as `postgres` to 127.0.0.1:port without a password."""

    folder: Path
    port: int
    process: subprocess.Popen[bytes]

    def url(self, database: str = "postgres") -> str:
        """The SQLAlchemy URL of one database on this server."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def admin(self, *statements: str) -> None:
        """Run statements outside a transaction (CREATE DATABASE and the like)."""
        import psycopg

        with psycopg.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname="postgres", autocommit=True
        ) as connection:
            for statement in statements:
                connection.execute(statement)  # type: ignore[arg-type]

    def stop(self) -> None:
        """Stop the server at once and remove its folder."""
        if self.process.poll() is None:
            # SIGTERM waits for clients to leave; SIGINT ("fast") disconnects them.
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


def _as_server_account() -> list[str]:
    if os.getuid() != 0:
        return []
    return [
        shutil.which("setpriv") or "setpriv",
        f"--reuid={SERVER_ACCOUNT}",
        f"--regid={SERVER_ACCOUNT}",
        "--init-groups",
        "--reset-env",
    ]


def start_server() -> TestServer:
    """Create a cluster in a new temporary folder and start a server on it (a few seconds)."""
    reason = why_unavailable()
    if reason is not None:
        raise RuntimeError(reason)
    bindir = server_bindir()
    assert bindir is not None
    folder = Path(tempfile.mkdtemp(prefix="pipeline-pg-"))
    data = folder / "data"
    prefix = _as_server_account()
    if prefix:
        account = pwd.getpwnam(SERVER_ACCOUNT)
        os.chown(folder, account.pw_uid, account.pw_gid)
    os.chmod(folder, 0o700)
    try:
        subprocess.run(
            [*prefix, str(bindir / "initdb"), "-D", str(data), "-U", "postgres",
             "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"],
            cwd=folder, check=True, capture_output=True, timeout=120,
        )  # fmt: skip
        port = _free_port()
        # Durability is not what these servers are for: without fsync they run much faster.
        settings = {
            "listen_addresses": "127.0.0.1",
            "port": str(port),
            "unix_socket_directories": str(folder),
            "fsync": "off",
            "synchronous_commit": "off",
            "full_page_writes": "off",
            "max_connections": "200",
            "shared_buffers": "128MB",
            "log_min_messages": "fatal",
        }
        options = [item for name, value in settings.items() for item in ("-c", f"{name}={value}")]
        process = subprocess.Popen(
            [*prefix, str(bindir / "postgres"), "-D", str(data), *options],
            cwd=folder,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    server = TestServer(folder, port, process)
    deadline = time.monotonic() + 60
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                pass
            server.admin("SELECT 1")
            return server
        except Exception:
            if process.poll() is not None or time.monotonic() > deadline:
                server.stop()
                raise RuntimeError("the test PostgreSQL server did not start") from None
            time.sleep(0.05)
