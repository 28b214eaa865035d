"""Two shell commands writing at once must both succeed, with nothing lost."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

# Each writer runs the real command-line code path (parse, open, insert, commit) in a loop.
_WRITER = """
import sys
from pipeline_tui.cli import run
db, label, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
failures = 0
for number in range(count):
    status = run(["--db", db, "add", f"{label} company {number}", "Engineer", "--on", "2024-09-01"])
    failures += status != 0
    if number % 10 == 5:
        status = run(["--db", db, "move", f"{label} company {number}", "screening"])
        failures += status != 0
sys.exit(1 if failures else 0)
"""


@pytest.mark.slow
@pytest.mark.parametrize("fresh", [True, False], ids=["new-file", "existing-file"])
def test_two_processes_adding_at_once_lose_nothing(tmp_path: Path, fresh: bool, pipeline) -> None:
    db = tmp_path / "shared.db"
    if not fresh:
        assert pipeline("--db", str(db), "add", "Seed", "Role").code == 0
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(db), label, "200"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for label in ("alpha", "beta")
    ]
    errors = [writer.communicate(timeout=300)[1] for writer in writers]
    assert [writer.returncode for writer in writers] == [0, 0], errors
    assert all("locked" not in text and "error" not in text for text in errors), errors
    listed = json.loads(pipeline("--db", str(db), "list", "--format", "json").out)
    names = {item["company"] for item in listed}
    for label in ("alpha", "beta"):
        assert {f"{label} company {number}" for number in range(200)} <= names
    assert len(listed) == 400 + (0 if fresh else 1)
    assert sum(item["stage"] == "screening" for item in listed) == 40
