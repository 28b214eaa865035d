"""`pipeline import` of CSV files: a corpus of encodings, delimiters and broken files, each
with what a user should see; all-or-nothing writes; re-imports that change nothing."""

from __future__ import annotations

import json
import random
import sqlite3
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

HEADER = "Company,Role,Status,Date Applied,Source,Notes\n"


@dataclass(frozen=True)
class Case:
    """One fixture file and what importing it must do."""

    name: str
    data: bytes
    code: int
    # (company, role, stage) of every application afterwards, by id
    stages: tuple[tuple[str, str, str], ...] = ()
    out: str = ""  # a piece of the summary (stdout)
    err: str = ""  # a piece of the error (stderr)


def _jobsync() -> bytes:
    rows = [
        "index,createdAt,applied,appliedDate,Company,JobTitle,jobType,Location,JobSource,Status",
        "1,2024-08-01T08:12:00.000Z,false,,Acme,Data engineer,FT,Berlin,LinkedIn,Draft",
        "2,2024-08-02T09:00:00.000Z,true,2024-08-03T10:00:00.000Z,Baidu,Search,FT,Beijing,"
        "Indeed,Applied",
        "3,2024-08-02T09:00:00.000Z,true,2024-08-04,ByteDance,LLM engineer,FT,N/A,Referral,"
        "Interview",
        "4,2024-08-02T09:00:00.000Z,true,2024-08-05,Meituan,Ranking,FT,Beijing,Boss,Offer",
        "5,2024-08-02T09:00:00.000Z,true,2024-08-06,Kuaishou,Recsys,FT,Beijing,Boss,Rejected",
        "6,2024-08-02T09:00:00.000Z,true,2024-08-07,NetEase,Games AI,FT,Hangzhou,Boss,Expired",
        "7,2024-08-02T09:00:00.000Z,false,,Xiaomi,MiLM,FT,Beijing,Boss,Expired",
        "8,2024-08-02T09:00:00.000Z,true,2024-08-08,JD.com,Retail AI,FT,Beijing,Boss,Archived",
    ]
    return ("\r\n".join(rows) + "\r\n").encode("utf-8")


_CHINESE = (
    "公司,岗位,状态,投递时间,来源,备注\n"
    "字节跳动,大模型算法工程师,已投递,2024-09-01,内推,无\n"
    "阿里巴巴,算法工程师,二面,2024年9月2日,官网,通义实验室\n"
    "百度,搜索算法,未通过,2024/09/03,BOSS直聘,\n"
)
_LATIN = (
    "Company;Role;Status;Date Applied;Notes\n"
    "Société Générale;Analyste quantitatif;Applied;2024-09-01;Café à 10h – très bien\n"
    "Müller & Söhne;Ingénieur;Rejected;2024-09-02;„Schön“ naïve façade\n"
)


def _corpus() -> list[Case]:
    good = HEADER + "ByteDance,LLM engineer,Interviewing,2024-09-01,referral,first call\n"
    stage = (("ByteDance", "LLM engineer", "interview"),)
    noise = random.Random(7).randbytes(4000)
    archive = Path(__file__)  # any file: zipped, it is binary
    zipped = _zip(archive)
    return [
        Case("utf-8", good.encode("utf-8"), 0, stage, "UTF-8, commas"),
        Case("utf-8 with BOM", good.encode("utf-8-sig"), 0, stage, "UTF-8 (byte-order mark)"),
        Case(
            "utf-16 with BOM, tabs",
            good.replace(",", "\t").encode("utf-16"),
            0,
            stage,
            "UTF-16 (byte-order mark), tabs",
        ),
        Case(
            "GB18030 with Chinese headers",
            _CHINESE.encode("gb18030"),
            0,
            (
                ("字节跳动", "大模型算法工程师", "submitted"),
                ("阿里巴巴", "算法工程师", "interview"),
                ("百度", "搜索算法", "rejected"),
            ),
            "GB18030 (detected)",
        ),
        Case(
            "cp1252 with semicolons",
            _LATIN.encode("cp1252"),
            0,
            (
                ("Société Générale", "Analyste quantitatif", "submitted"),
                ("Müller & Söhne", "Ingénieur", "rejected"),
            ),
            "CP1252 (detected), semicolons",
        ),
        Case("semicolons", good.replace(",", ";").encode(), 0, stage, "semicolons"),
        Case(
            "quoted newlines",
            (
                HEADER + 'ByteDance,LLM engineer,Interviewing,2024-09-01,referral,"line one\n'
                'line two, with a comma"\nAcme,Eng,Sleeping,2024-09-02,,\n'
            ).encode(),
            1,
            err="line 4: unknown status 'Sleeping'",
        ),
        Case(
            "ragged rows",
            (
                HEADER + "Acme,Eng,Applied,2024-09-02,board\nBaidu,Search,Applied,2024-09-01,,\n"
            ).encode(),
            1,
            err="line 2: 5 cells where the header has 6",
        ),
        Case(
            "a NUL byte",
            (HEADER + "Acme,Eng,Applied,2024-09-02,board,nul\x00here\n").encode(),
            1,
            err="line 2: the notes cell contains a NUL byte",
        ),
        Case(
            "a 200 KB field",
            (HEADER + f"Acme,Eng,Applied,2024-09-02,board,{'x' * 204_800}\n").encode(),
            1,
            err="line 2: the notes cell is 204,800 characters long (at most 100,000)",
        ),
        Case(
            "formula triggers",
            (HEADER + 'Acme,=1+2,Applied,2024-09-02,@board,"=HYPERLINK(""http://x"")"\n').encode(),
            0,
            (("Acme", "=1+2", "submitted"),),
        ),
        Case(
            "JobSync export",
            _jobsync(),
            0,
            (
                ("Acme", "Data engineer", "saved"),
                ("Baidu", "Search", "submitted"),
                ("ByteDance", "LLM engineer", "interview"),
                ("Meituan", "Ranking", "offer"),
                ("Kuaishou", "Recsys", "rejected"),
                ("NetEase", "Games AI", "ghosted"),
                ("Xiaomi", "MiLM", "saved"),
                ("JD.com", "Retail AI", "submitted"),
            ),
            "JobTitle → role",
        ),
        Case("undecodable bytes", noise, 1, err="tried a byte-order mark (UTF-8, UTF-16"),
        Case("a zip archive named .csv", zipped, 1, err="is a zip archive"),
        Case("empty", b"", 1, err="the file is empty"),
        Case(
            "no company column",
            b"Role,Status,Date\nEng,Applied,2024-09-01\n",
            1,
            err="no column gives the company",
        ),
        Case(
            "a date in the future",
            (HEADER + "Acme,Eng,Applied,2025-01-01,,\n").encode(),
            1,
            err="line 2: submitted on 2025-01-01 is after today (2024-09-16)",
        ),
    ]


def _zip(path: Path) -> bytes:
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.write(path, "a.csv")
    return buffer.getvalue()


def _stages(pipeline) -> list[tuple[str, str, str]]:
    listed = json.loads(pipeline("list", "--archived", "--format", "json").out or "[]")
    listed += json.loads(pipeline("list", "--format", "json").out or "[]")
    return [(a["company"], a["role"], a["stage"]) for a in sorted(listed, key=lambda a: a["id"])]


@pytest.mark.parametrize("case", _corpus(), ids=lambda case: case.name)
def test_corpus(pipeline, tmp_path: Path, case: Case) -> None:
    path = tmp_path / "input.csv"
    path.write_bytes(case.data)
    outcome = pipeline("import", str(path))
    assert outcome.code == case.code, outcome.err
    assert case.out in outcome.out
    assert case.err in outcome.err
    assert "Traceback" not in outcome.err
    if case.code:
        assert outcome.err.startswith("error: ")
        assert _stages(pipeline) == []
    else:
        assert tuple(_stages(pipeline)) == case.stages


def test_jobsync_statuses_map_as_documented(pipeline, tmp_path: Path) -> None:
    path = tmp_path / "jobsync.csv"
    path.write_bytes(_jobsync())
    assert pipeline("import", str(path)).code == 0
    archived = {
        a["company"] for a in json.loads(pipeline("list", "--archived", "--format", "json").out)
    }
    assert archived == {"JD.com", "Xiaomi"}  # Archived keeps its stage; Expired unsent
    draft = json.loads(pipeline("show", "1", "--format", "json").out)
    assert draft["events"][0]["occurred_on"] == "2024-08-01"  # createdAt
    assert draft["location"] == "Berlin"
    bytedance = json.loads(pipeline("show", "3", "--format", "json").out)
    assert bytedance["location"] is None  # N/A is empty
    assert bytedance["source"] == "Referral"
    assert [e["stage"] for e in bytedance["events"]] == ["saved", "submitted", "interview"]
    assert all(event["imported"] for event in bytedance["events"])


def test_importing_twice_changes_nothing(pipeline, tmp_path: Path, db_path: Path) -> None:
    path = tmp_path / "twice.csv"
    path.write_text(_CHINESE + "Acme,Eng,Applied,2024-09-04,,\n", encoding="utf-8")
    first = pipeline("import", str(path))
    assert "4 new" in first.out
    before = pipeline("export", "--events").out
    second = pipeline("import", str(path))
    assert second.code == 0
    assert "0 new, 0 updated, 4 unchanged" in second.out
    assert pipeline("export", "--events").out == before


def test_a_bad_row_commits_nothing_and_every_bad_line_is_listed(pipeline, tmp_path: Path) -> None:
    rows = [f"Company {n},Eng,Applied,2024-09-0{n % 9 + 1},," for n in range(1, 9)]
    rows[4] = "Company 5,Eng,Maybe,2024-09-02,,"  # line 6
    rows[6] = ",Eng,Applied,2024-09-02,,"  # line 8
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    outcome = pipeline("import", str(path))
    assert outcome.code == 1
    lines = outcome.err.splitlines()
    assert lines[0] == (
        f"error: 2 rows of {path} cannot be imported, so nothing was imported "
        "(--skip-bad imports the others)"
    )
    assert lines[1].startswith("  line 6: unknown status 'Maybe'")
    assert lines[2] == "  line 8: no company"
    assert _stages(pipeline) == []
    skipped = pipeline("import", str(path), "--skip-bad")
    assert skipped.code == 0
    assert "6 new" in skipped.out and "2 skipped" in skipped.out
    assert "  line 6: unknown status" in skipped.err
    assert len(_stages(pipeline)) == 6


def test_dry_run_counts_and_writes_nothing(pipeline, tmp_path: Path) -> None:
    pipeline("add", "Acme", "Eng", "--on", "2024-09-02")
    path = tmp_path / "dry.csv"
    path.write_text(
        HEADER
        + "Acme,Eng,Interviewing,2024-09-02,,\n"  # moves #1 forward: updated
        + "Acme,Eng,Interviewing,2024-09-02,,\n"  # the same row again: merged
        + "Baidu,Search,Applied,2024-09-03,,\n"  # new
        + "Baidu,Search,Applied,2024-09-05,,\n"  # the same application: merged
        + "Zhipu,GLM,Nope,2024-09-05,,\n",  # bad
        encoding="utf-8",
    )
    dry = pipeline("import", str(path), "--dry-run", "--skip-bad")
    assert dry.code == 0
    assert "Would import" in dry.out
    assert "5 rows: 1 new, 1 updated, 0 unchanged, 2 merged, 1 skipped" in dry.out
    assert "Merged, one application each: lines 2+3, 4+5" in dry.out
    assert _stages(pipeline) == [("Acme", "Eng", "submitted")]
    refused = pipeline("import", str(path), "--dry-run")
    assert refused.code == 1 and "nothing would be imported" in refused.err
    done = pipeline("import", str(path), "--skip-bad")
    assert "1 new, 1 updated, 0 unchanged, 2 merged, 1 skipped" in done.out
    shown = pipeline("show", "1").out
    assert "interview round 1" in shown and "(imported)" in shown


def test_one_undo_takes_an_import_back(pipeline, tmp_path: Path) -> None:
    pipeline("add", "Acme", "Eng", "--on", "2024-09-02")
    path = tmp_path / "undo.csv"
    path.write_text(
        HEADER + "Acme,Eng,Rejected,2024-09-02,,\nBaidu,Search,Offer,2024-09-03,,\n",
        encoding="utf-8",
    )
    assert pipeline("import", str(path)).code == 0
    assert _stages(pipeline) == [("Acme", "Eng", "rejected"), ("Baidu", "Search", "offer")]
    undone = pipeline("undo")
    assert undone.code == 0
    assert _stages(pipeline) == [("Acme", "Eng", "submitted")]


def test_map_and_defaults(pipeline, tmp_path: Path) -> None:
    path = tmp_path / "german.csv"
    path.write_text("Firma,Stelle,Datum,Kanal\nSAP,Data Scientist,2024-09-02,\n", encoding="utf-8")
    outcome = pipeline(
        "import",
        str(path),
        "--map",
        "Firma=company",
        "--map",
        "stelle=role",
        "--map",
        "Kanal=ignore",
        "--map",
        "Datum=date",
        "--default-source",
        "job board",
        "--campaign",
        "2024 autumn",
    )
    assert outcome.code == 0, outcome.err
    shown = json.loads(pipeline("show", "1", "--format", "json").out)
    assert (shown["company"], shown["role"], shown["source"], shown["campaign"]) == (
        "SAP",
        "Data Scientist",
        "job board",
        "2024 autumn",
    )
    assert shown["applied_on"] == "2024-09-02"
    no_date = pipeline("import", str(path), "--map", "Datum=ignore")
    assert no_date.code == 1 and "no column gives the date applied" in no_date.err
    unknown = pipeline("import", str(path), "--map", "Firma=employer_name")
    assert unknown.code == 1 and "--map: unknown field 'employer_name'" in unknown.err
    missing = pipeline("import", str(path), "--map", "Company=company")
    assert missing.code == 1 and "--map: the file has no column 'Company'" in missing.err


def test_standard_input_and_json_detection(pipeline, tmp_path: Path, monkeypatch) -> None:
    import io
    import sys

    data = (HEADER + "Acme,Eng,Applied,2024-09-02,,\n").encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    outcome = pipeline("import", "-")
    assert outcome.code == 0, outcome.err
    assert "Imported standard input (CSV" in outcome.out


@pytest.mark.slow
def test_a_killed_import_leaves_nothing_behind(tmp_path: Path) -> None:
    """kill -9 while the import writes: the database holds nothing of it and is sound."""
    import os
    import shutil
    import signal
    import subprocess
    import sys
    import time

    pipeline = shutil.which("pipeline", path=os.path.dirname(sys.executable)) or "pipeline"
    db = tmp_path / "killed.db"
    env = {**os.environ, "PIPELINE_DB": str(db)}
    subprocess.run([pipeline, "add", "Warm", "Up"], env=env, check=True, capture_output=True)
    rows = [f"Company {n},Role {n},Interviewing,2024-0{n % 8 + 1}-1{n % 9},board,note {n}"
            for n in range(150_000)]  # fmt: skip
    source = tmp_path / "big.csv"
    source.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    wal = Path(f"{db}-wal")
    before = wal.stat().st_size if wal.exists() else 0
    process = subprocess.Popen(
        [pipeline, "import", str(source)], env=env, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if wal.exists() and wal.stat().st_size > before + 1_000_000:
            break  # the import is writing its transaction
        time.sleep(0.005)
    assert process.poll() is None, "the import finished before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute("SELECT count(*) FROM application").fetchone() == (1,)
        assert connection.execute("SELECT count(*) FROM event").fetchone() == (1,)
