"""Files the tool creates are readable by their owner only, whatever the umask says."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from reliability_tools import PIPELINE

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


def test_files_written_for_the_user_are_private_under_umask_022(tmp_path: Path) -> None:
    """Exports, backups, vCards, calendars and the work-search log hold the same private data
    as the database: 0600 whatever the umask, and a backup folder it creates is 0700."""
    db = tmp_path / "data" / "pipeline.db"
    out = tmp_path / "out"
    out.mkdir()
    env = {**os.environ, "PIPELINE_DB": str(db)}

    def umask_022() -> None:
        os.umask(0o022)

    writes = [
        ["add", "Acme", "Eng", "--on", "2024-09-02"],
        ["move", "1", "interview", "--on", "2024-09-10 14:00"],
        ["contact", "add", "Li Lei", "--company", "Acme", "--email", "li@example.com"],
        ["export", "-o", str(out / "applications.csv")],
        ["export", "--format", "json", "-o", str(out / "all.json")],
        ["contact", "export", "-o", str(out / "contacts.vcf")],
        ["calendar", "-o", str(out / "search.ics")],
        ["worklog", "--since", "2024-09-01", "--format", "html", "-o", str(out / "log.html")],
        ["backup", str(out / "copy.db")],
        ["backup", f"{out / 'new-backups'}/"],
        ["backup"],
    ]
    for args in writes:
        done = subprocess.run(
            [PIPELINE, *args], env=env, preexec_fn=umask_022, capture_output=True, text=True
        )
        assert done.returncode == 0, (args, done.stderr)
    written = sorted(out.rglob("*")) + sorted(db.parent.glob("*-backup-*.db"))
    names = {path.name for path in written}
    for expected in ("applications.csv", "all.json", "contacts.vcf", "search.ics", "log.html"):
        assert expected in names
    assert len([path for path in written if "-backup-" in path.name]) == 2
    for path in written:
        wanted = 0o700 if path.is_dir() else 0o600
        assert _mode(path) == wanted, (path, oct(_mode(path)))
