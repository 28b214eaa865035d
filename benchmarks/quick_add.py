"""Time `pipeline add` as a whole process against the `import sqlmodel` floor, in one run.

Usage: .venv/bin/python benchmarks/quick_add.py [--runs 30] [--size 10000]

Builds a database of --size applications with `pipeline demo`, then alternates runs of
`python -c "import sqlmodel"` (the floor) and `pipeline add ...` so both see the same machine
load, and prints the medians and their ratio. Target: quick-add median <= 1.0x the floor.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def _timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="timed runs of each command")
    parser.add_argument("--size", type=int, default=10_000, help="applications in the database")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        # A user's shell does not set these; with them, every run would recompile the
        # project's modules instead of loading cached bytecode, and write unbuffered.
        env = {
            name: value
            for name, value in os.environ.items()
            if name not in ("PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED")
        }
        env["PIPELINE_DB"] = str(Path(folder) / "bench.db")
        env["PIPELINE_CONFIG"] = str(Path(folder) / "config.toml")
        pipeline = str(BIN / "pipeline")
        started = time.perf_counter()
        subprocess.run(
            [pipeline, "demo", "--size", str(args.size), "--seed", "7"],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        print(f"database: {args.size} applications built in {time.perf_counter() - started:.1f} s")
        floor_command = [sys.executable, "-c", "import sqlmodel"]
        floor: list[float] = []
        add: list[float] = []
        for run in range(args.runs + 3):
            add_command = [pipeline, "add", f"Bench company {run}", "Engineer", "-s", "bench"]
            floor_time = _timed(floor_command, env)
            add_time = _timed(add_command, env)
            if run >= 3:  # the first runs warm the page cache and are not counted
                floor.append(floor_time)
                add.append(add_time)
    floor_median = statistics.median(floor)
    add_median = statistics.median(add)
    print(f"runs: {args.runs} of each, interleaved, after 3 warm-up runs")
    print(f"floor  python -c 'import sqlmodel'  median {floor_median * 1000:7.1f} ms")
    print(f"quick  pipeline add                 median {add_median * 1000:7.1f} ms")
    ratio = add_median / floor_median
    print(f"ratio  quick-add / floor            {ratio:7.2f}x  (target <= 1.00x)")


if __name__ == "__main__":
    main()
