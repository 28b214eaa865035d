"""Time `pipeline import` of a 10,000-row CSV as a whole process against the `import sqlmodel`
floor, in one run.

Usage: .venv/bin/python benchmarks/import.py [--runs 10] [--size 10000]

Makes the CSV with `pipeline demo --size N --seed 7` and `pipeline export` (24 columns: the
fields and the date of each funnel level, so every row implies several events), then
alternates runs of `python -c "import sqlmodel"` (the floor) with `pipeline import` of that
file into a fresh empty database (a copy of one made beforehand, so schema creation is not
timed), and prints the medians and their ratio. Target: import median <= 3x the floor.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def _timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(
        command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="timed runs of each command")
    parser.add_argument("--size", type=int, default=10_000, help="rows in the CSV")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        # See benchmarks/quick_add.py: a user's shell does not set these.
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in ("PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED")
        }
        env["PIPELINE_CONFIG"] = str(folder / "config.toml")
        env["PIPELINE_TODAY"] = "2024-09-16"
        pipeline = str(BIN / "pipeline")
        source = folder / "source.db"
        csv_path = folder / "applications.csv"
        quiet = {"check": True, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        subprocess.run(
            [pipeline, "--db", str(source), "demo", "--size", str(args.size), "--seed", "7"],
            env=env,
            **quiet,  # type: ignore[arg-type]
        )
        subprocess.run(
            [pipeline, "--db", str(source), "export", "--output", str(csv_path)],
            env=env,
            **quiet,  # type: ignore[arg-type]
        )
        empty = folder / "empty.db"
        subprocess.run([pipeline, "--db", str(empty), "list"], env=env, **quiet)  # type: ignore[arg-type]
        rows = csv_path.read_text(encoding="utf-8").count("\n") - 1
        print(f"file: {rows:,} rows, {csv_path.stat().st_size:,} bytes")
        floor_command = [sys.executable, "-c", "import sqlmodel"]
        floor: list[float] = []
        imports: list[float] = []
        for run in range(args.runs + 2):
            target = folder / f"run{run}.db"
            shutil.copyfile(empty, target)
            import_command = [pipeline, "--db", str(target), "import", str(csv_path)]
            floor_time = _timed(floor_command, env)
            import_time = _timed(import_command, env)
            if run >= 2:  # the first runs warm the page cache and are not counted
                floor.append(floor_time)
                imports.append(import_time)
        check = subprocess.run(
            [pipeline, "--db", str(folder / f"run{args.runs + 1}.db"), "import", str(csv_path)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        print(f"re-import of the last copy: {check.stdout.splitlines()[0]}")
    floor_median = statistics.median(floor)
    import_median = statistics.median(imports)
    print(f"runs: {args.runs} of each, interleaved, after 2 warm-up runs")
    print(f"floor   python -c 'import sqlmodel'  median {floor_median * 1000:7.1f} ms")
    print(f"import  pipeline import ({rows:,} rows) median {import_median * 1000:7.1f} ms")
    ratio = import_median / floor_median
    print(f"ratio   import / floor               {ratio:7.2f}x  (target <= 3.00x)")


if __name__ == "__main__":
    main()
