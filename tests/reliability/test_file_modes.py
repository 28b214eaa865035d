"""Files the tool creates are readable by their owner only, whatever the umask says."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from conftest import PIPELINE

_HOLD_OPEN = """
import sys, time
from pathlib import Path
from pipeline_tui import services
from pipeline_tui.store.engine import open_store
store = open_store(Path(sys.argv[1]))
services.add_application(store, services.NewApplication("Beta", "Eng"))
with store.read() as session:  # a read keeps -shm mapped and -wal in place
    print("open", flush=True)
    time.sleep(30)
time.sleep(30)
"""


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_database_files_and_folder_are_private_under_umask_022(tmp_path: Path) -> None:
    folder = tmp_path / "new-folder" / "deeper"
    db = folder / "pipeline.db"
    env = {**os.environ, "PIPELINE_DB": str(db)}

    def umask_022() -> None:
        os.umask(0o022)

    done = subprocess.run(
        [PIPELINE, "add", "Acme", "Eng"], env=env, preexec_fn=umask_022, capture_output=True
    )
    assert done.returncode == 0, done.stderr
    # Keep a connection open so the -wal and -shm files exist while we look at them.
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD_OPEN, str(db)],
        stdout=subprocess.PIPE,
        text=True,
        preexec_fn=umask_022,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        for path in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
            assert path.exists(), path
            assert _mode(path) == 0o600, (path, oct(_mode(path)))
    finally:
        holder.kill()
        holder.wait()
    assert _mode(folder) == 0o700
    assert _mode(folder.parent) == 0o700
