"""`pipeline export`, `calendar` and `worklog`: what leaves the tracker, and that it comes back."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest

from pipeline_tui.domain.exporting import spreadsheet_text


def _without_stamp(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.startswith('"exported_at"'))


def _fill(pipeline) -> None:
    """A demo search plus one of everything the demo has none of."""
    assert pipeline("demo", "--size", "300", "--seed", "3").code == 0
    pipeline("contact", "add", "Li Lei", "--company", "ByteDance", "--kind", "recruiter",
             "--email", "li@example.com", "--every", "30")  # fmt: skip
    pipeline("contact", "link", "li", "5", "--as", "referred me")
    pipeline("contact", "log", "li", "--about", "5", "--via", "call", "--note", "asked")
    pipeline("remind", "5", "send the portfolio", "--on", "2024-09-20")
    pipeline("remind", "prepare \x1b[31m questions")
    pipeline("move", "7", "interview", "--on", "2024-09-20 14:00", "--with", "li", "--force")
    pipeline("offer", "9", "--base", "26k x 16", "--tier", "SP", "--deadline", "2024-09-25",
             "--term", "hukou=yes", "--force")  # fmt: skip
    pipeline("move", "11", "rejected", "--reason", "headcount: frozen", "--force")
    pipeline("note", "12", '=HYPERLINK("http://evil") and 100%')


def test_json_round_trip_of_a_demo_database(pipeline, tmp_path: Path) -> None:
    first = tmp_path / "first.db"
    second = tmp_path / "second.db"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PIPELINE_DB", str(first))
        _fill(pipeline)
        exported = pipeline("export", "--format", "json").out
        funnel = pipeline("funnel", "--format", "json").out
        shown = pipeline("show", "9", "--format", "json").out
    dump = tmp_path / "dump.json"
    dump.write_text(exported, encoding="utf-8")
    db = ("--db", str(second))
    imported = pipeline(*db, "import", str(dump))
    assert imported.code == 0, imported.err
    assert "300 new" in imported.out
    again = pipeline(*db, "export", "--format", "json").out
    assert _without_stamp(again) == _without_stamp(exported)
    assert again != exported or '"exported_at"' in again
    assert pipeline(*db, "funnel", "--format", "json").out == funnel
    assert pipeline(*db, "show", "9", "--format", "json").out == shown
    tables = json.loads(exported)["tables"]
    assert {name for name, rows in tables.items() if rows} >= {
        "company", "application", "event", "offer", "contact", "contact_link", "interaction",
        "reminder", "interview", "event_interviewer",
    }  # fmt: skip
    # Importing it again changes nothing.
    twice = pipeline(*db, "import", str(dump))
    assert "0 new, 0 updated, 300 unchanged" in twice.out
    assert _without_stamp(pipeline(*db, "export", "--format", "json").out) == _without_stamp(
        exported
    )


def test_json_into_a_database_that_holds_data_gets_new_ids(pipeline, tmp_path: Path) -> None:
    source = tmp_path / "source.db"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PIPELINE_DB", str(source))
        _fill(pipeline)
        dump = tmp_path / "dump.json"
        assert pipeline("export", "--format", "json", "--output", str(dump)).code == 0
    pipeline("add", "ByteDance", "Own role", "--on", "2024-09-01")
    pipeline("contact", "add", "Li Lei", "--company", "ByteDance")
    merged = pipeline("import", str(dump))
    assert merged.code == 0, merged.err
    assert "300 new" in merged.out
    contacts = json.loads(pipeline("contact", "list", "--format", "json").out)
    assert [contact["name"] for contact in contacts] == ["Li Lei"]  # the same person
    assert (
        len(json.loads(pipeline("list", "--archived", "--format", "json").out))
        + len(json.loads(pipeline("list", "--format", "json").out))
        == 301
    )
    assert "0 new, 0 updated, 300 unchanged" in pipeline("import", str(dump)).out
    assert pipeline("undo").code == 0  # the whole first import, as one batch
    remaining = json.loads(pipeline("list", "--format", "json").out)
    assert [item["role"] for item in remaining] == ["Own role"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["tables"]["event"][0].update(application_id=99_999), "is not the id of any"),
        (lambda d: d.update(schema="0999"), "written by a newer pipeline-tui"),
        (lambda d: d["tables"]["event"][0].update(stage="hired"), "'hired' is not one of"),
        (lambda d: d["tables"]["application"][0].update(id=-3), "not a valid integer"),
        (lambda d: d.update(format="something else"), "not a pipeline-tui export"),
    ],
)
def test_a_forged_json_file_is_refused_and_writes_nothing(
    pipeline, tmp_path: Path, change, message: str
) -> None:
    pipeline("add", "Acme", "Eng")
    data = json.loads(pipeline("export", "--format", "json").out)
    change(data)
    path = tmp_path / "forged.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    outcome = pipeline("--db", str(tmp_path / "empty.db"), "import", str(path))
    assert outcome.code == 1
    assert message in outcome.err
    assert outcome.err.count("\n") == 1


def test_csv_export_dates_each_funnel_level(pipeline) -> None:
    pipeline("add", "Acme", "Eng", "--on", "2024-09-01")
    pipeline("move", "1", "screening", "--on", "2024-09-03")
    pipeline("move", "1", "interview", "--on", "2024-09-05")
    pipeline("move", "1", "rejected", "--on", "2024-09-09")
    rows = list(csv.DictReader(io.StringIO(pipeline("export").out)))
    assert len(rows) == 1
    row = rows[0]
    assert (row["stage"], row["submitted_on"], row["replied_on"], row["screened_on"]) == (
        "rejected", "2024-09-01", "2024-09-03", "2024-09-03",
    )  # fmt: skip
    assert (row["interviewed_on"], row["offer_on"], row["status_on"]) == (
        "2024-09-05", "", "2024-09-09",
    )  # fmt: skip
    events = list(csv.DictReader(io.StringIO(pipeline("export", "--events").out)))
    assert [event["stage"] for event in events] == ["submitted", "screening", "interview",
                                                     "rejected"]  # fmt: skip


def test_csv_export_imports_back_into_an_empty_database(pipeline, tmp_path: Path) -> None:
    pipeline("add", "Acme", "Eng", "--on", "2024-09-01", "-d", "Data")
    pipeline("move", "1", "interview", "--on", "2024-09-05", "--round", "2")
    pipeline("add", "Baidu", "Search", "--saved", "--on", "2024-09-02", "--closes", "2024-09-30")
    exported = pipeline("export").out
    path = tmp_path / "export.csv"
    path.write_text(exported, encoding="utf-8")
    db = ("--db", str(tmp_path / "other.db"))
    assert pipeline(*db, "import", str(path)).code == 0
    back = list(csv.DictReader(io.StringIO(pipeline(*db, "export").out)))
    original = list(csv.DictReader(io.StringIO(exported)))
    for row in (*back, *original):
        row.pop("id")
    assert back == original


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(1)", "'@SUM(1)"),
        ("\tindent", "'\tindent"),
        ("\rreturn", "\\u000dreturn"),
        ("a\rb", "a\\u000db"),
        ("-5.00", "-5.00"),
        ("+3%", "+3%"),
        ("+44 20 7946 0958", "+44 20 7946 0958"),
        ("+1 (555) 010-9999", "+1 (555) 010-9999"),
        ("plain = text", "plain = text"),
        ("\x1b[31mred", "\\u001b[31mred"),
    ],
)
def test_spreadsheet_cells_never_run_as_formulas(text: str, shown: str) -> None:
    assert spreadsheet_text(text) == shown


def test_formula_cells_are_neutralised_in_the_export_file(pipeline, tmp_path: Path) -> None:
    pipeline("add", "=HYPERLINK(\"http://x\")", "+44 20 7946 0958", "-s", "-5.00",
             "--note", "@everyone")  # fmt: skip
    out = tmp_path / "out.csv"
    assert pipeline("export", "--excel", "--output", str(out)).code == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # Excel reads the BOM as UTF-8
    assert b"\r\n" in data
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    row = next(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert row["company"] == '\'=HYPERLINK("http://x")'
    assert row["role"] == "+44 20 7946 0958"
    assert row["source"] == "-5.00"
    events = list(csv.DictReader(io.StringIO(pipeline("export", "--events").out)))
    assert events[0]["note"] == "'@everyone"
    json_refused = pipeline("export", "--format", "json", "--excel")
    assert json_refused.code == 1 and "apply to CSV" in json_refused.err


def test_calendar_parses_back_with_icalendar(pipeline, tmp_path: Path) -> None:
    import icalendar

    pipeline("contact", "add", "Wang Fang", "--kind", "interviewer")
    pipeline("add", "ByteDance", "LLM engineer", "--on", "2024-09-02")
    pipeline("move", "1", "interview", "--on", "2024-09-20 14:00", "--duration", "45",
             "--format", "video", "--with", "wang")  # fmt: skip
    pipeline("move", "1", "interview", "--on", "2024-09-23")
    pipeline("add", "Meituan", "Search", "--on", "2024-09-02")
    pipeline("offer", "2", "--base", "26k x 16", "--deadline", "2024-09-25", "--force")
    pipeline("remind", "1", "send thanks", "--on", "2024-09-21")
    first = pipeline("calendar")
    assert first.code == 0
    assert pipeline("calendar").out == first.out  # same data, same file
    calendar = icalendar.Calendar.from_ical(first.out)
    events = {str(item["uid"]): item for item in calendar.walk("VEVENT")}
    timed = events[next(uid for uid in events if uid.startswith("interview-") and
                        "round 1" in str(events[uid]["summary"]))]  # fmt: skip
    assert str(timed["summary"]) == "Interview round 1: ByteDance — LLM engineer"
    assert timed["dtstart"].dt.isoformat() == "2024-09-20T14:00:00"
    assert timed["dtend"].dt.isoformat() == "2024-09-20T14:45:00"
    assert "Format: video" in str(timed["description"])
    assert "Interviewers: Wang Fang" in str(timed["description"])
    all_day = next(item for item in events.values() if "round 2" in str(item["summary"]))
    assert all_day["dtstart"].dt.isoformat() == "2024-09-23"  # a date: all day
    deadline = events["offer-2@pipeline-tui"]
    assert deadline["dtstart"].dt.isoformat() == "2024-09-25"
    (todo,) = calendar.walk("VTODO")
    assert todo["due"].dt.isoformat() == "2024-09-21"
    assert str(todo["status"]) == "NEEDS-ACTION"
    assert str(todo["uid"]).startswith("reminder-1@")
    later = icalendar.Calendar.from_ical(pipeline("calendar", "--since", "2024-09-22").out)
    assert len(later.walk("VEVENT")) == 2  # round 2 and the deadline
    out = tmp_path / "search.ics"
    assert pipeline("calendar", "--output", str(out)).code == 0
    assert out.read_bytes().decode("utf-8") == first.out


def test_worklog_lists_applications_sent_and_employers_contacted(pipeline) -> None:
    pipeline("contact", "add", "Li Lei", "--company", "ByteDance")
    pipeline("add", "ByteDance", "LLM engineer", "--on", "2024-09-09", "-s", "referral")
    pipeline("contact", "link", "li", "1", "--as", "referred me")
    pipeline("move", "1", "rejected", "--on", "2024-09-12")
    pipeline("add", "Baidu", "Search", "--on", "2024-08-30")
    pipeline("contact", "log", "li", "--on", "2024-09-10", "--via", "call", "--note", "chat")
    text = pipeline("worklog", "--week", "2024-09-10").out
    assert "Work-search log 2024-09-09 to 2024-09-15" in text
    assert "1 application sent, 1 contact with employers" in text
    assert "rejected on 2024-09-12" in text
    assert "Baidu" not in text
    rows = list(csv.DictReader(io.StringIO(
        pipeline("worklog", "--since", "2024-08-01", "--until", "2024-09-30",
                 "--format", "csv").out)))  # fmt: skip
    assert [(row["date"], row["employer"], row["how"], row["contact"]) for row in rows] == [
        ("2024-08-30", "Baidu", "applied", ""),
        ("2024-09-09", "ByteDance", "referral", "Li Lei (referred me)"),
        ("2024-09-10", "ByteDance", "call", "Li Lei (other)"),
    ]
    html = pipeline("worklog", "--since", "2024-08-01", "--format", "html").out
    assert html.count('<section class="month">') == 2  # August and September
    assert "page-break-before: always" in html
    assert pipeline("worklog", "--week", "today", "--since", "2024-09-01").code == 1


@pytest.mark.sqlite_only("watches the SQLite file's descriptors")
def test_exports_open_no_file_outside_sqlite(pipeline, db_path: Path) -> None:
    pipeline("add", "Acme", "Eng")
    pipeline("export", "--format", "json")
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
