"""Time `pipeline mail` classifying 10,000 messages from an mbox, against the floor of only
parsing them with the standard library, in one run.

Usage: .venv/bin/python benchmarks/mail.py [--size 10000] [--runs 3]

The mbox is made from the labelled corpus (tests/mail/corpus), each message repeated with a
Message-ID and date of its own, so every one is classified, linked and (on the queueing run)
recorded as read. Timed, as whole processes, alternating:
- the floor: `python -c` reading the mbox with `mailbox` and parsing every message with
  `email.message_from_bytes`;
- `pipeline mail FILE --dry-run --format json` (read, classify, link, print every message);
- `pipeline mail FILE` into a fresh database (also writes the seen list and the queue).
Target: 10,000 messages classified in at most 10 s.
"""

from __future__ import annotations

import argparse
import email.utils
import mailbox
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

BIN = Path(sys.executable).parent
CORPUS = Path(__file__).resolve().parents[1] / "tests" / "mail" / "corpus"
FLOOR = (
    "import email, mailbox, sys\n"
    "box = mailbox.mbox(sys.argv[1], create=False)\n"
    "for key in box.keys():\n"
    "    with box.get_file(key) as stream:\n"
    "        message = email.message_from_bytes(stream.read())\n"
    "        [part.get_payload(decode=True) for part in message.walk()]\n"
)


def build_mbox(path: Path, size: int) -> None:
    """Write size messages cycled from the corpus, each with its own id and date."""
    sources = sorted(CORPUS.rglob("*.eml"))
    messages = [item.read_bytes() for item in sources]
    start = datetime(2024, 1, 1, 9, 0, tzinfo=UTC)
    box = mailbox.mbox(path)
    box.lock()
    try:
        for number in range(size):
            data = messages[number % len(messages)]
            stamp = email.utils.format_datetime(start + timedelta(minutes=37 * number)).encode()
            data = re.sub(rb"(?m)^Message-ID: <", b"Message-ID: <n%d." % number, data, count=1)
            data = re.sub(rb"(?m)^Date: .*$", b"Date: " + stamp, data, count=1)
            box.add(data)
        box.flush()
    finally:
        box.unlock()
        box.close()


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Return the wall-clock and CPU seconds of one run of command (the CPU time holds on a
    machine shared with other work, where the wall clock waits for a core)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)  # fmt: skip
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000, help="messages in the mbox")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each command")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in ("PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED")
        }
        env["PIPELINE_CONFIG"] = str(folder / "config.toml")
        env["PIPELINE_TODAY"] = "2024-12-31"
        mbox = folder / "mail.mbox"
        build_mbox(mbox, args.size)
        pipeline = str(BIN / "pipeline")
        empty = folder / "empty.db"
        subprocess.run([pipeline, "--db", str(empty), "list"], env=env, check=True,
                       capture_output=True)  # fmt: skip
        floors, dry_runs, queued = [], [], []
        for run in range(args.runs):
            floors.append(timed([sys.executable, "-c", FLOOR, str(mbox)], env))
            db = folder / f"run{run}.db"
            shutil.copy(empty, db)
            dry_runs.append(timed(
                [pipeline, "--db", str(db), "mail", str(mbox), "--dry-run", "--format", "json"],
                env))  # fmt: skip
            queued.append(timed([pipeline, "--db", str(db), "mail", str(mbox)], env))
        size_mb = mbox.stat().st_size / 2**20
        print(f"{args.size:,} messages ({size_mb:.1f} MB mbox), median of {args.runs} runs")
        print("                                   wall s    CPU s   wall vs floor")
        floor = statistics.median(wall for wall, _ in floors)
        for label, runs in (("stdlib parse only (floor)", floors),
                            ("pipeline mail --dry-run (json)", dry_runs),
                            ("pipeline mail (queue)", queued)):  # fmt: skip
            wall = statistics.median(item[0] for item in runs)
            cpu = statistics.median(item[1] for item in runs)
            print(f"  {label:<31} {wall:7.2f} {cpu:8.2f}   {wall / floor:5.1f}x")
        dry = statistics.median(wall for wall, _ in dry_runs)
        verdict = "met" if dry <= 10 else "NOT met"
        print(f"target: 10,000 classified in <= 10 s (wall, --dry-run): {verdict} ({dry:.2f} s)")


if __name__ == "__main__":
    main()
