"""`pipeline import` of hostile files: each is refused with one clear line, writes nothing, and
costs bounded memory (peak RSS measured on the real process, against a one-row import run the
same way in the same test)."""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import sqlite3
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from reliability_tools import PIPELINE, one_error_line

from pipeline_tui.cli import run

pytestmark = pytest.mark.slow

HEADER = "company,role,status,applied_on,source,notes\n"
MB = 2**20


# Runs the command and writes its peak memory to a file. The launcher is small, so the child
# it forks starts small: a child forked straight from pytest would report pytest's own peak.
_MEASURE = """
import resource, subprocess, sys
code = subprocess.run(sys.argv[2:]).returncode
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
open(sys.argv[1], "w").write(str(peak))
sys.exit(code)
"""


def _run_measured(*args: str, db: Path, stdin: int | None = None) -> tuple[int, str, int]:
    """Run `pipeline` and return its exit code, its stderr and its peak memory in bytes."""
    environment = {**os.environ, "PIPELINE_DB": str(db)}
    report = db.with_name(f"{db.name}.peak")
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(report), PIPELINE, *args],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    peak = int(report.read_text()) * 1024  # Linux reports kilobytes
    return done.returncode, done.stderr.decode("utf-8", "replace"), peak


def _contents(db: Path) -> list[str]:
    with sqlite3.connect(db) as connection:
        return list(connection.iterdump())


def _deflate_bomb(path: Path) -> None:
    """A zip archive of 512 MB of zeros (about half a megabyte on disk), named .csv."""
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("applications.csv", "w") as member,
    ):
        zeros = bytes(MB)
        for _ in range(512):
            member.write(zeros)


def _gzip_bomb(path: Path) -> None:
    with gzip.open(path, "wb", compresslevel=9) as stream:
        zeros = bytes(MB)
        for _ in range(256):
            stream.write(zeros)


def _million_columns(path: Path) -> None:
    with path.open("w", encoding="utf-8") as stream:
        stream.write(",".join(f"c{n}" for n in range(1_000_000)) + "\n")
        stream.write(",".join("x" for _ in range(1_000_000)) + "\n")


def _long_line(path: Path) -> None:
    with path.open("w", encoding="utf-8") as stream:
        stream.write(HEADER)
        stream.write("Acme,Eng,Applied,2024-09-01,board,")
        chunk = "a" * MB
        for _ in range(100):
            stream.write(chunk)
        stream.write("\n")


def _quoted_long_cell(path: Path) -> None:
    """One quoted cell of 100 MB across many short lines: no line is long, the cell is."""
    with path.open("w", encoding="utf-8") as stream:
        stream.write(HEADER)
        stream.write('Acme,Eng,Applied,2024-09-01,board,"')
        line = "b" * 1023 + "\n"
        for _ in range(100 * 1024):
            stream.write(line)
        stream.write('"\n')


def _sparse_huge(path: Path) -> None:
    """A 4 GB file that takes no disk: only its size is hostile."""
    with path.open("wb") as stream:
        stream.write(HEADER.encode())
        stream.truncate(4 * 1024 * MB)


def _nested_json(path: Path) -> None:
    head = '{"format": "pipeline-tui export", "version": 1, "schema": "0001", "tables": '
    path.write_text(head + "[" * 500_000 + "]" * 500_000 + "}", encoding="utf-8")


def _export(db: Path) -> dict:
    out = db.with_name(f"{db.name}.json")
    assert run(["--db", str(db), "export", "--format", "json", "-o", str(out)]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


def _forged(change: Callable[[dict], None]) -> Callable[[Path, Path], None]:
    def write(path: Path, source: Path) -> None:
        data = _export(source)
        change(data)
        path.write_text(json.dumps(data), encoding="utf-8")

    return write


def _newer_and_huge(path: Path, source: Path) -> None:
    """A newer schema's export with 60 MB of rows after the header."""
    data = _export(source)
    data["schema"] = "0999"
    row = data["tables"]["event"][0]
    data["tables"]["event"] = [{**row, "id": n, "note": "x" * 1000} for n in range(60_000)]
    path.write_text(json.dumps(data), encoding="utf-8")


# (name, file name, how to write it, what the error says)
CSV_CASES: list[tuple[str, str, Callable[[Path], None], str]] = [
    ("1,000,000 columns", "wide.csv", _million_columns, "1,000,000 columns; at most 1,000"),
    ("a 100 MB line", "long.csv", _long_line, "line 2 is 104,857,"),
    ("a 100 MB quoted cell", "cell.csv", _quoted_long_cell, "field larger than field limit"),
    ("a zip bomb named .csv", "bomb.csv", _deflate_bomb, "is a zip archive"),
    ("a gzip bomb named .csv", "bomb2.csv", _gzip_bomb, "is a gzip archive"),
    ("a 4 GB file", "huge.csv", _sparse_huge, "larger than 256 MB"),
    ("JSON nested 500,000 deep", "deep.json", _nested_json, "nests too deeply"),
]
JSON_CASES: list[tuple[str, Callable[[Path, Path], None], str]] = [
    (
        "an event pointing at no application",
        _forged(lambda d: d["tables"]["event"][0].update(application_id=424_242)),
        "is not the id of any",
    ),
    (
        "an id past 64 bits",
        _forged(lambda d: d["tables"]["application"][0].update(id=2**70)),
        "not a valid integer",
    ),
    (
        "two rows with one id",
        _forged(lambda d: d["tables"]["event"].append(dict(d["tables"]["event"][0]))),
        "twice",
    ),
    (
        "a negative company id",
        _forged(lambda d: d["tables"]["application"][0].update(company_id=-1)),
        "not a valid integer",
    ),
    ("a newer schema with 60 MB of rows", _newer_and_huge, "written by a newer pipeline-tui"),
]


@pytest.fixture
def target(tmp_path: Path) -> Path:
    """A database with one application in it, which no hostile import may change."""
    db = tmp_path / "target.db"
    assert run(["--db", str(db), "add", "Kept", "Eng"]) == 0  # in-process: set-up only
    return db


def _baseline(tmp_path: Path) -> int:
    """Peak memory of importing a one-row file: what any import costs."""
    small = tmp_path / "small.csv"
    small.write_text(HEADER + "Small,Eng,Applied,2024-09-01,board,\n", encoding="utf-8")
    code, err, peak = _run_measured("import", str(small), db=tmp_path / "baseline.db")
    assert code == 0, err
    return peak


def _check_refused(db: Path, path: Path, message: str, before: list[str], base: int) -> None:
    code, err, peak = _run_measured("import", str(path), db=db)
    assert code == 1, err
    assert one_error_line(err), err
    assert message in err, err
    assert _contents(db) == before
    # Bounded: never more than the one-row import plus twice the bytes the import may read.
    read = min(path.stat().st_size, 256 * MB)
    assert peak <= base + 2 * read + 64 * MB, (peak // MB, base // MB, read // MB)
    print(f"\n{path.name}: refused, peak {peak / MB:.0f} MB (one-row import {base / MB:.0f} MB)")


@pytest.mark.parametrize(
    ("name", "file_name", "write", "message"), CSV_CASES, ids=[case[0] for case in CSV_CASES]
)
def test_a_hostile_file_is_refused_in_bounded_memory(
    tmp_path: Path, target: Path, name: str, file_name: str, write, message: str
) -> None:
    path = tmp_path / file_name
    write(path)
    _check_refused(target, path, message, _contents(target), _baseline(tmp_path))


@pytest.mark.parametrize(("name", "write", "message"), JSON_CASES, ids=[c[0] for c in JSON_CASES])
def test_a_forged_export_is_refused_and_writes_nothing(
    tmp_path: Path, target: Path, name: str, write, message: str
) -> None:
    source = tmp_path / "source.db"
    for args in (["add", "Acme", "Eng", "--on", "2024-09-01"], ["move", "1", "screening"]):
        assert run(["--db", str(source), *args]) == 0
    path = tmp_path / "forged.json"
    write(path, source)
    _check_refused(target, path, message, _contents(target), _baseline(tmp_path))


def test_an_oversized_standard_input_is_refused_without_reading_it_all(
    tmp_path: Path, target: Path
) -> None:
    """300 MB on a pipe: no size to look at, so at most the limit is read, then refused."""
    environment = {**os.environ, "PIPELINE_DB": str(target)}
    before = _contents(target)
    # Through the small measuring parent, as _run_measured does: a child started straight from
    # this test process would report this process's own peak (a full suite's worker) as its own.
    report = tmp_path / "stdin.peak"
    process = subprocess.Popen(
        [sys.executable, "-c", _MEASURE, str(report), PIPELINE, "import", "-"],
        env=environment,
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert process.stdin is not None and process.stderr is not None
    chunk = (HEADER * 30_000).encode()[:MB]
    with contextlib.suppress(BrokenPipeError):  # it may stop reading at the limit
        for _ in range(300):
            process.stdin.write(chunk)
    with contextlib.suppress(BrokenPipeError):
        process.stdin.close()
    err = process.stderr.read().decode()
    assert process.wait() == 1
    assert one_error_line(err) and "larger than 256 MB" in err, err
    peak = int(report.read_text()) * 1024  # Linux reports kilobytes
    assert peak <= 256 * MB + _baseline(tmp_path) + 64 * MB, peak // MB
    assert _contents(target) == before
