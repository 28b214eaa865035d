"""Time the terminal UI headless: first screen, full load, filter keystrokes, peak memory.

Usage: .venv/bin/python benchmarks/tui.py [--sizes 0,1000,10000,100000] [--runs 3] [--keys 40]

For each size it builds a database with `pipeline demo --size N --seed 7`, then starts a fresh
Python process per run (so imports, caches and peak RSS belong to that size alone) which opens
the store, runs the app headless at 120x40 with `App.run_test`, and reports:

- first screen: from process start (the parent's clock, so interpreter start-up and imports
  count) until the board has painted its cards (or, when empty, the welcome panel); also the
  same from `run_test` entry, which leaves out imports;
- full load: until every application is in memory (after the first screen, in a thread);
- filter: per keystroke typed into the table's filter box, the time from posting the key
  event to the table having repainted its new rows, median over --keys keystrokes;
- peak RSS of the process.

Ratios are to the empty database. Targets (issue "Textual UI"): first screen at 100,000 within
1.5x of empty; filter keystroke under 100 ms median; peak RSS under 150 MB at 100,000.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BIN = Path(sys.executable).parent
# Keystrokes typed into the filter, cycling: CJK, ASCII, a quick filter, then deletions.
FILTER_KEYS = [*"字节", "space", *"search", "backspace", "backspace", *" stage:open"] + [
    "backspace"
] * 12


def child(db: str, started_at: float, keys: int) -> None:
    """Run inside the measured process: open, paint, load, filter; print one JSON line."""
    import asyncio
    import resource

    entered = time.perf_counter()
    from textual import events
    from textual.keys import _character_to_key

    from pipeline_tui.config import load_settings
    from pipeline_tui.store.engine import open_store
    from pipeline_tui.tui.app import PipelineApp
    from pipeline_tui.tui.widgets.application_table import ApplicationTable

    imported = time.perf_counter()
    result: dict[str, Any] = {}

    async def measure() -> None:
        store = open_store(Path(db))
        app = PipelineApp(store, load_settings(), poll=False)
        marks: dict[str, float] = {}
        run_started = time.perf_counter()
        async with app.run_test(size=(120, 40)) as pilot:
            while app.data_generation < 1:
                await asyncio.sleep(0.0005)
            app.call_after_refresh(lambda: marks.setdefault("first", time.perf_counter()))
            while "first" not in marks:
                await asyncio.sleep(0.0005)
            while not app.dataset.complete:
                await asyncio.sleep(0.001)
            marks["loaded"] = time.perf_counter()
            await pilot.pause()
            timings: list[float] = []
            if len(app.dataset):
                await pilot.press("t", "slash")
                await pilot.pause()
                table = app.screen.query_one(ApplicationTable)
                for index in range(keys):
                    key = FILTER_KEYS[index % len(FILTER_KEYS)]
                    char = key if len(key) == 1 else {"space": " "}.get(key)
                    name = key if len(key) > 1 or key.isalnum() else _character_to_key(key)
                    before = table.generation
                    start = time.perf_counter()
                    app.post_message(events.Key(name, char))
                    while table.generation == before or table.painted_generation < before + 1:
                        await asyncio.sleep(0)
                    timings.append(time.perf_counter() - start)
                    await asyncio.sleep(0.01)  # a typist's gap, so repaints do not pile up
        store.close()
        result.update(
            applications=len(app.dataset),
            import_s=imported - entered,
            first_from_process_s=time.time() - started_at - (time.perf_counter() - marks["first"]),
            first_from_run_s=marks["first"] - run_started,
            loaded_from_run_s=marks["loaded"] - run_started,
            filter_median_ms=statistics.median(timings) * 1000 if timings else None,
            filter_max_ms=max(timings) * 1000 if timings else None,
        )

    asyncio.run(measure())
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def _run_child(db: Path, keys: int, env: dict[str, str]) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", str(db), "--keys", str(keys)]
    started = time.time()
    output = subprocess.run(
        command,
        env={**env, "BENCH_STARTED_AT": repr(started)},
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="0,1000,10000,100000")
    parser.add_argument("--runs", type=int, default=3, help="fresh processes per size")
    parser.add_argument("--keys", type=int, default=40, help="filter keystrokes per run")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, float(os.environ["BENCH_STARTED_AT"]), args.keys)
        return
    sizes = [int(size) for size in args.sizes.split(",")]
    rows: list[tuple[int, dict[str, float]]] = []
    with tempfile.TemporaryDirectory() as folder:
        env = {
            **os.environ,
            "PIPELINE_CONFIG": str(Path(folder) / "config.toml"),
            "PIPELINE_TODAY": "2024-09-16",
        }
        # Start-up is measured as a user sees it, with cached bytecode (the warm-up run writes
        # it); an environment that forbids .pyc files would add ~0.3 s of compiling per run.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        for size in sizes:
            db = Path(folder) / f"tui-{size}.db"
            started = time.perf_counter()
            if size:
                demo = ["demo", "--size", str(size), "--seed", "7"]
                subprocess.run(
                    [str(BIN / "pipeline"), "--db", str(db), *demo],
                    env=env,
                    check=True,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            else:
                subprocess.run(
                    [str(BIN / "pipeline"), "--db", str(db), "list"],
                    env=env,
                    check=True,
                    capture_output=True,
                )
            built = time.perf_counter() - started
            _run_child(db, 2, env)  # warm the page cache and bytecode; not counted
            runs = [_run_child(db, args.keys, env) for _ in range(args.runs)]
            summary = {
                name: statistics.median(run[name] for run in runs)
                for name in (
                    "first_from_process_s",
                    "first_from_run_s",
                    "loaded_from_run_s",
                    "import_s",
                )
            }
            filters = [run["filter_median_ms"] for run in runs if run["filter_median_ms"]]
            summary["filter_median_ms"] = statistics.median(filters) if filters else float("nan")
            summary["filter_max_ms"] = max(
                (run["filter_max_ms"] for run in runs if run["filter_max_ms"]),
                default=float("nan"),
            )
            summary["peak_rss_mb"] = max(run["peak_rss_mb"] for run in runs)
            rows.append((size, summary))
            print(f"{size:>7,} applications: database built in {built:.1f} s", file=sys.stderr)
    empty = rows[0][1]
    print(
        f"{'apps':>7}  {'first screen':>12} {'ratio':>6}  {'(app only)':>10} {'ratio':>6}  "
        f"{'full load':>9}  {'filter med':>10} {'max':>6}  {'peak RSS':>8} {'ratio':>6}"
    )
    for size, summary in rows:
        print(
            f"{size:>7,}  {summary['first_from_process_s'] * 1000:>9.0f} ms "
            f"{summary['first_from_process_s'] / empty['first_from_process_s']:>5.2f}x  "
            f"{summary['first_from_run_s'] * 1000:>7.0f} ms "
            f"{summary['first_from_run_s'] / empty['first_from_run_s']:>5.2f}x  "
            f"{summary['loaded_from_run_s'] * 1000:>6.0f} ms  "
            f"{summary['filter_median_ms']:>7.1f} ms {summary['filter_max_ms']:>4.0f}ms  "
            f"{summary['peak_rss_mb']:>5.0f} MB "
            f"{summary['peak_rss_mb'] / empty['peak_rss_mb']:>5.2f}x"
        )
    print(
        "first screen: process start -> board painted with its cards (welcome panel when "
        "empty); (app only): from run_test entry. Medians of "
        f"{args.runs} fresh processes per size; filter: median of {args.keys} keystrokes."
    )


if __name__ == "__main__":
    main()
