"""Two shell commands writing at once must both succeed, with nothing lost, on either engine."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import dbtools

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

# Applications whose stored stage is not the stage of their newest stage event.
_OUT_OF_STEP = """
SELECT count(*) FROM application AS a
WHERE a.stage <> (
    SELECT e.stage FROM event AS e
    WHERE e.application_id = a.id AND e.kind = 'stage'
    ORDER BY e.id DESC LIMIT 1
)
"""


@pytest.mark.slow
@pytest.mark.both_engines
@pytest.mark.parametrize("fresh", [True, False], ids=["new-database", "existing-database"])
def test_two_processes_adding_at_once_lose_nothing(
    fresh: bool, pipeline, request: pytest.FixtureRequest
) -> None:
    db = request.getfixturevalue("empty_database" if fresh else "database")
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
    assert dbtools.scalar(db, _OUT_OF_STEP) == 0
    assert dbtools.count(db, "event") == 400 + 40 + (0 if fresh else 1)
