"""Helpers for the reliability suite: the real `pipeline` command as a process, with file
permissions enforced (root's override dropped), or under a file-size limit. (A module of its
own name: the conftest.py files of tests/ are not unique, so they are not imported by name.)"""

from __future__ import annotations

import os
import resource
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

PIPELINE = shutil.which("pipeline", path=os.path.dirname(sys.executable)) or "pipeline"
AS_ROOT = os.getuid() == 0
# Root reads and writes any file whatever its mode; without these capabilities the modes
# apply to root as to anyone (util-linux's setpriv drops them for one process).
SETPRIV = shutil.which("setpriv")
WITHOUT_OVERRIDE = [SETPRIV or "setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner"]


@dataclass
class Ran:
    """One finished `pipeline` process."""

    code: int
    out: str
    err: str


def pipeline_process(
    *args: str,
    db: Path,
    modes_enforced: bool = False,
    file_size_limit: int | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 120,
) -> Ran:
    """Run the installed command; optionally with file modes enforced even for root, or with
    RLIMIT_FSIZE (a write past it fails as on a full disk)."""

    def prepare() -> None:
        if file_size_limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_size_limit, file_size_limit))

    prefix = WITHOUT_OVERRIDE if modes_enforced and AS_ROOT else []
    environment = {**os.environ, "PIPELINE_DB": str(db), **(env or {})}
    done = subprocess.run(
        [*prefix, PIPELINE, *args],
        capture_output=True,
        text=True,
        env=environment,
        preexec_fn=prepare,
        timeout=timeout,
    )
    return Ran(done.returncode, done.stdout, done.stderr)


def count_rows(db: Path, table: str = "application") -> int:
    """Count rows through a connection of our own (reading only)."""
    with sqlite3.connect(db) as connection:
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def integrity(db: Path) -> str:
    """Return PRAGMA integrity_check's verdict ("ok" when the file is sound)."""
    with sqlite3.connect(db) as connection:
        return str(connection.execute("PRAGMA integrity_check").fetchone()[0])


OneLine = Callable[[str], bool]


def one_error_line(text: str) -> bool:
    """The stderr of a refused command: exactly one line, starting "error: ", no traceback."""
    return text.count("\n") == 1 and text.startswith("error: ") and "Traceback" not in text
