"""Time `pipeline add` as a whole process against the `import sqlmodel` floor, in one run.

Usage: .venv/bin/python benchmarks/quick_add.py [--runs 30] [--size 10000]

Builds a database of --size applications with `pipeline demo`, then alternates runs of
`python -c "import sqlmodel"` (the floor) and `pipeline add ...` so both see the same machine
load, and prints the medians and their ratio. Target: quick-add median <= 1.0x the floor.

With --postgres it also starts a throwaway local PostgreSQL server (tests/pgserver.py), builds
the same database on it, and alternates `pipeline add` on SQLite with the same command on the
server. Target: the server's median within 1.2x of SQLite's.
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


def _user_env() -> dict[str, str]:
    """This process's environment without what a user's shell does not set: with those, every
    run would recompile the project's modules instead of loading cached bytecode, and write
    unbuffered."""
    return {
        name: value
        for name, value in os.environ.items()
        if name not in ("PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED")
    }


def _timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="timed runs of each command")
    parser.add_argument("--size", type=int, default=10_000, help="applications in the database")
    parser.add_argument(
        "--postgres", action="store_true", help="compare quick-add on SQLite and a local server"
    )
    args = parser.parse_args()
    if args.postgres:
        _engines(args.runs, args.size)
        return
    with tempfile.TemporaryDirectory() as folder:
        env = _user_env()
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


def _engines(runs: int, size: int) -> None:
    """Alternate `pipeline add` on a SQLite file and on a local PostgreSQL server."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    import pgserver

    server = pgserver.start_server()
    try:
        server.admin("CREATE DATABASE bench")
        with tempfile.TemporaryDirectory() as folder:
            env = _user_env()
            env["PIPELINE_CONFIG"] = str(Path(folder) / "config.toml")
            places = {"sqlite": str(Path(folder) / "bench.db"), "postgresql": server.url("bench")}
            pipeline = str(BIN / "pipeline")
            for place in places.values():
                subprocess.run(
                    [pipeline, "demo", "--size", str(size), "--seed", "7"],
                    env={**env, "PIPELINE_DB": place},
                    check=True,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            times: dict[str, list[float]] = {name: [] for name in places}
            for run in range(runs + 3):
                for name, place in places.items():
                    command = [pipeline, "add", f"Bench company {run}", "Engineer", "-s", "bench"]
                    elapsed = _timed(command, {**env, "PIPELINE_DB": place})
                    if run >= 3:
                        times[name].append(elapsed)
    finally:
        server.stop()
    lite = statistics.median(times["sqlite"])
    remote = statistics.median(times["postgresql"])
    print(f"runs: {runs} of each, interleaved, after 3 warm-up runs, {size} applications")
    print(f"sqlite      pipeline add  median {lite * 1000:7.1f} ms")
    print(f"postgresql  pipeline add  median {remote * 1000:7.1f} ms  (local server)")
    print(f"ratio       server / file         {remote / lite:7.2f}x  (target <= 1.20x)")


if __name__ == "__main__":
    main()
