"""Files people bring from other trackers and their own sheets, written here as they write them:
each imports right without flags, or the refusal says exactly what to type."""

from __future__ import annotations

import json
import shlex
from datetime import date, datetime
from pathlib import Path

import pytest

# A Huntr/Teal-like export: its own status words, a later row for the same application, a
# row without a role, a closed row without a date, US dates, a year-less date.
HUNTR = (
    "Company Name,Role name,Application Status,Date Applied,applied_via,Job Link,Salary\n"
    "Stripe,Backend Engineer,Pending,9/25/2019,LinkedIn,https://stripe.com/jobs/1,150k\n"
    "Stripe,Backend Engineer,Rejection :(,10/2/2019,LinkedIn,https://stripe.com/jobs/1,\n"
    "Airbnb,Data Scientist,Awaiting Response,8/2/2019,Referral,,\n"
    "Lyft,ML Engineer,Final Round,8-Jul,Hired,,\n"
    "Uber,,Ghosted (no reply),,Indeed,,\n"
    "Square,SWE,Suspected Ghost Job,9/1/2019,,,\n"
    "Dropbox,SWE,Received offer,9/3/2019,,,\n"
    "Pinterest,SWE,Accepted!,9/5/2019,,,\n"
    "Reddit,SWE,Tailored,,,,\n"
    "Twitch,SWE,Rejected after assessment,9/6/2019,,,\n"
    "Stripe,Backend Engineer,Pending,9/26/2019,LinkedIn,https://stripe.com/jobs/2,\n"
)
CHINESE = (
    "公司,岗位名称,当前状态,投递渠道,岗位链接,投递时间,备注\n"
    "字节跳动,大模型算法工程师,已投递,内推,https://jobs.bytedance.com/1,2026年10月8日,无\n"
    "阿里巴巴,算法工程师,技术面,官网,,2026年9月20日,通义\n"
    "百度,搜索算法,池子,BOSS直聘,,2026年9月1日,\n"
    "腾讯,推荐算法,笔试,牛客,,2026年9月15日,\n"
    "美团,LLM,测评,,,2026年9月16日,null\n"
)
GERMAN_ROWS = [
    ("SAP", "Data Scientist", "Absage", "10.03.2026"),
    ("Siemens", "ML Engineer", "Offen", "25.02.2026"),
    ("Bosch", "Werkstudent", "Keine Antwort", "01.02.2026"),
    ("Zalando", "Analyst", "Vorstellungsgespräch", "03.03.2026"),
]
TURKISH = (
    "Şirket,Pozisyon,Durum / Sonuç,Başvuru Tarihi,Kaynak\n"
    "Trendyol,Backend Developer,Olumsuz (Red),12.01.2026,Kariyer.net\n"
    "Getir,Data Engineer,Mülakat Daveti,15.01.2026,LinkedIn\n"
    "Hepsiburada,ML Engineer,Beklemede,20.01.2026,\n"
)


@pytest.fixture(autouse=True)
def late_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """The files here run into 2026."""
    monkeypatch.setenv("PIPELINE_TODAY", "2026-12-01")


def _write(tmp_path: Path, name: str, text: str | bytes) -> str:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return str(path)


def _listed(pipeline) -> list[dict]:
    found = json.loads(pipeline("list", "--format", "json").out or "[]")
    found += json.loads(pipeline("list", "--archived", "--format", "json").out or "[]")
    return sorted(found, key=lambda item: item["id"])


def _by_company(pipeline) -> dict[str, dict]:
    found: dict[str, dict] = {}
    for item in _listed(pipeline):
        found.setdefault(item["company"], item)
    return found


def _shown(pipeline, reference: str) -> dict:
    return json.loads(pipeline("show", reference, "--format", "json").out)


def test_a_huntr_like_export_imports_as_meant(pipeline, tmp_path: Path) -> None:
    path = _write(tmp_path, "huntr.csv", HUNTR)
    outcome = pipeline("import", path)
    assert outcome.code == 0, outcome.err
    assert "11 rows: 10 new, 0 updated, 0 unchanged, 1 merged, 0 skipped" in outcome.out
    assert "Merged, one application each: lines 2+3" in outcome.out
    apps = _listed(pipeline)
    stages = [(item["company"], item["role"], item["stage"]) for item in apps]
    assert stages == [
        ("Stripe", "Backend Engineer", "rejected"),
        ("Airbnb", "Data Scientist", "submitted"),
        ("Lyft", "ML Engineer", "interview"),
        ("Uber", "", "ghosted"),
        ("Square", "SWE", "ghosted"),
        ("Dropbox", "SWE", "offer"),
        ("Pinterest", "SWE", "accepted"),
        ("Reddit", "SWE", "saved"),
        ("Twitch", "SWE", "rejected"),
        ("Stripe", "Backend Engineer", "submitted"),  # another posting: another application
    ]
    stripe = _shown(pipeline, "1")
    assert [(e["stage"], e["occurred_on"]) for e in stripe["events"]] == [
        ("submitted", "2019-09-25"),
        ("rejected", "2019-10-02"),  # the later row's status, with its date
    ]
    assert (stripe["source"], stripe["url"]) == ("LinkedIn", "https://stripe.com/jobs/1")
    assert _shown(pipeline, "3")["applied_on"] == "2019-07-08"  # 8-Jul in a 2019 file
    twitch = _shown(pipeline, "9")
    assert [e["stage"] for e in twitch["events"]] == ["submitted", "screening", "rejected"]
    uber = _shown(pipeline, "4")
    assert uber["applied_on"] is None and uber["role"] == ""
    assert "Uber — —" in pipeline("show", "4").out
    assert "applied   not recorded" in pipeline("show", "4").out
    table = pipeline("list").out
    assert any(line.split()[1:3] == ["Uber", "—"] for line in table.splitlines()[2:])


def test_the_summary_shows_the_funnel_the_file_makes(pipeline, tmp_path: Path) -> None:
    rows = ["Company,Role,Status,Date Applied"]
    rows += [f"Sent {n},Eng,Asleep,2024-08-{n + 1:02d}" for n in range(20)]
    rows += [f"Answer {n},Eng,Rejected,2024-08-{n + 1:02d}" for n in range(3)]
    path = _write(tmp_path, "skewed.csv", "\n".join(rows) + "\n")
    outcome = pipeline("import", path, "--skip-bad")
    assert outcome.code == 0
    # Skipping the unknown statuses leaves only answered rows: a 100% reply rate, shown at once.
    assert "Funnel of the file's 3 applications: sent 3 · replied 3 (100%)" in outcome.out
    assert "23 rows: 3 new, 0 updated, 0 unchanged, 0 merged, 20 skipped" in outcome.out
    # Unknown values are reported once per value, not once per row.
    assert outcome.err.count("unknown status 'Asleep'") == 1
    assert "lines 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 and 10 more (20 rows)" in outcome.err


def test_unknown_statuses_are_refused_once_each_with_a_command_to_paste(
    pipeline, tmp_path: Path
) -> None:
    rows = ["Company,Role,Status,Date Applied"]
    rows += [f"C{n},Eng,Zzz later,2024-08-01" for n in range(35)]
    rows += ["D1,Eng,On ice,2024-08-02", "D2,Eng,On ice,2024-08-03", "E,Eng,Rejcted,2024-08-04"]
    path = _write(tmp_path, "mine.csv", "\n".join(rows) + "\n")
    refused = pipeline("import", path)
    assert refused.code == 1
    assert refused.err.startswith(f"error: 38 rows of {path} cannot be imported")
    assert refused.err.count("Zzz later") == 3  # the problem, the list, the command
    assert "Zzz later  35 rows" in refused.err
    assert "On ice     2 rows" in refused.err
    assert "Rejcted    1 row  maybe rejected?" in refused.err
    command = refused.err.strip().splitlines()[-1].strip()
    words = shlex.split(command)
    assert words[:3] == ["pipeline", "import", path]
    assert words.count("--status") == 3
    assert "Zzz later=STAGE" in words and "Rejcted=rejected" in words
    pasted = pipeline(*words[1:])
    assert pasted.code == 1 and "replace 'STAGE' with a stage" in pasted.err
    filled = [word.replace("STAGE", "ghosted") for word in words[1:]]
    assert pipeline(*filled).code == 0
    assert {item["stage"] for item in _listed(pipeline)} == {"ghosted", "rejected"}


def test_a_chinese_sheet(pipeline, tmp_path: Path) -> None:
    path = _write(tmp_path, "zh.csv", CHINESE)
    outcome = pipeline("import", path)
    assert outcome.code == 0, outcome.err
    found = _by_company(pipeline)
    assert found["字节跳动"]["applied_on"] == "2026-10-08"
    assert found["字节跳动"]["source"] == "内推"
    assert found["字节跳动"]["url"] == "https://jobs.bytedance.com/1"
    assert {name: item["stage"] for name, item in found.items()} == {
        "字节跳动": "submitted",
        "阿里巴巴": "interview",
        "百度": "rejected",  # 池子: held in the talent pool, in effect rejected
        "腾讯": "screening",
        "美团": "screening",
    }
    assert found["美团"]["notes"] is None  # null is empty


def test_a_german_sheet_with_bom_crlf_semicolons_and_null_cells(pipeline, tmp_path: Path) -> None:
    lines = ["Firma;Stelle;Status;Bewerbungsdatum;Quelle"]
    lines += [";".join(row) + ";null" for row in GERMAN_ROWS]
    path = _write(tmp_path, "de.csv", ("\r\n".join(lines) + "\r\n").encode("utf-8-sig"))
    outcome = pipeline("import", path)
    assert outcome.code == 0, outcome.err
    assert "UTF-8 (byte-order mark), semicolons" in outcome.out
    found = _by_company(pipeline)
    assert found["SAP"]["applied_on"] == "2026-03-10"  # 10.03.2026 is 10 March
    assert found["SAP"]["stage"] == "rejected"
    assert found["Siemens"]["stage"] == "submitted"
    assert found["Bosch"]["stage"] == "ghosted"
    assert found["Zalando"]["stage"] == "interview"
    assert all(item["source"] is None for item in found.values())


def test_a_turkish_sheet(pipeline, tmp_path: Path) -> None:
    path = _write(tmp_path, "tr.csv", TURKISH)
    assert pipeline("import", path).code == 0
    found = _by_company(pipeline)
    assert (found["Trendyol"]["stage"], found["Trendyol"]["applied_on"]) == (
        "rejected",
        "2026-01-12",
    )
    assert found["Getir"]["stage"] == "interview"
    assert found["Hepsiburada"]["stage"] == "submitted"


def test_day_and_month_are_read_per_column(pipeline, tmp_path: Path) -> None:
    config = tmp_path / "config" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("dayfirst = true\n")
    text = (
        "Company,Role,Date Applied,Status,Updated\n"
        "A,Eng,8/2/2019,Rejected,14.08.2019\n"  # month first: the column holds 9/25/2019
        "B,Eng,9/25/2019,Applied,\n"
    )
    path = _write(tmp_path, "us.csv", text)
    outcome = pipeline("import", path)
    assert outcome.code == 0, outcome.err
    first = _shown(pipeline, "1")
    assert [(e["stage"], e["occurred_on"]) for e in first["events"]] == [
        ("submitted", "2019-08-02"),  # 2 August, though dayfirst = true
        ("rejected", "2019-08-14"),  # dotted: day first
    ]


def test_a_contradicting_date_column_is_refused_naming_two_rows(pipeline, tmp_path: Path) -> None:
    text = "Company,Role,Date\nA,E,25/09/2019\nB,E,01/02/2019\nC,E,09/26/2019\n"
    path = _write(tmp_path, "mixed.csv", text)
    refused = pipeline("import", path)
    assert refused.code == 1
    assert "line 2 has '25/09/2019' (day first) and line 4 has '09/26/2019'" in refused.err
    assert _listed(pipeline) == []
    chosen = pipeline("import", path, "--dayfirst", "--skip-bad")
    assert chosen.code == 0
    assert [item["applied_on"] for item in _listed(pipeline)] == ["2019-09-25", "2019-02-01"]
    assert "line 4: applied_on: '09/26/2019' is not a real date read day first" in chosen.err


def test_year_less_dates_take_the_files_year_or_are_refused(pipeline, tmp_path: Path) -> None:
    dated = "Company,Role,Date\nA,E,2019-07-01\nB,E,8-Jul\n"
    assert pipeline("import", _write(tmp_path, "a.csv", dated)).code == 0
    assert _by_company(pipeline)["B"]["applied_on"] == "2019-07-08"
    bare = "Company,Role,Date\nC,E,8-Jul\nD,E,9-Jul\n"
    path = _write(tmp_path, "b.csv", bare)
    refused = pipeline("import", path)
    assert refused.code == 1
    assert "lines 2, 3 (2 rows): applied_on: '8-Jul' has no year" in refused.err
    assert "add --year YEAR" in refused.err
    assert pipeline("import", path, "--year", "2018").code == 0
    assert _by_company(pipeline)["D"]["applied_on"] == "2018-07-09"


def test_flat_json_from_other_trackers(pipeline, tmp_path: Path) -> None:
    listed = [
        {"company": "Acme", "role": "Engineer", "status": "Applied", "date": "2026-01-05"},
        {"company": "Beta", "role": None, "status": "Rejected", "date": "2026-01-07"},
    ]
    assert pipeline("import", _write(tmp_path, "list.json", json.dumps(listed))).code == 0
    wrapped = {
        "applications": [
            {"id": 1, "company": {"name": "Gamma"}, "jobTitle": "SRE", "currentStatus": "Pending",
             "appliedDate": "01/15/2026", "tags": ["remote", "senior"]},
            {"id": 2, "company": {"name": "Delta"}, "jobTitle": "PM",
             "currentStatus": "Offer Accepted", "appliedDate": "01/20/2026", "active": False},
        ]
    }  # fmt: skip
    outcome = pipeline("import", _write(tmp_path, "apps.json", json.dumps(wrapped)))
    assert outcome.code == 0, outcome.err
    assert "(JSON, UTF-8): 2 records" in outcome.out
    found = _by_company(pipeline)
    assert (found["Beta"]["role"], found["Beta"]["stage"]) == ("", "rejected")
    assert (found["Gamma"]["applied_on"], found["Gamma"]["stage"]) == ("2026-01-15", "submitted")
    assert found["Delta"]["stage"] == "accepted"
    record = '[{"company": "%s", "status": "Applied", "date": "2026-02-01"}]'
    for data in ('{"jobs": %s}' % (record % "Eps"), '{"data": %s}' % (record % "Zeta")):
        assert pipeline("import", _write(tmp_path, "x.json", data)).code == 0
    assert {"Eps", "Zeta"} <= set(_by_company(pipeline))
    bad = pipeline("import", _write(tmp_path, "bad.json", '{"settings": {"theme": "dark"}}'))
    assert bad.code == 1 and "holds no list of applications" in bad.err


def _workbook(path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "2024"
    sheet.append(["Company", "Position", "Stage", "Applied"])
    sheet.append(["Acme", "Engineer", "Applied", datetime(2024, 9, 3)])
    sheet.append(["Beta", None, "Rejected", date(2024, 9, 5)])
    sheet.append([None, None, None, None])
    sheet.append(["Gamma", "PM", "Interview 2", datetime(2024, 9, 7, 10, 30)])
    other = book.create_sheet("Archive")
    other.append(["Firma", "Stelle", "Status", "Datum"])
    other.append(["Delta", "Ops", "Absage", datetime(2023, 3, 10)])
    book.save(path)


def test_an_xlsx_workbook(pipeline, tmp_path: Path) -> None:
    path = tmp_path / "tracker.xlsx"
    _workbook(path)
    outcome = pipeline("import", str(path))
    assert outcome.code == 0, outcome.err
    assert "(XLSX, sheet '2024'): 3 rows" in outcome.out
    assert [(i["company"], i["stage"], i["applied_on"]) for i in _listed(pipeline)] == [
        ("Acme", "submitted", "2024-09-03"),
        ("Beta", "rejected", "2024-09-05"),
        ("Gamma", "interview", "2024-09-07"),
    ]
    assert _shown(pipeline, "gamma")["round"] == 2
    assert pipeline("import", str(path), "--sheet", "archive").code == 0
    assert _by_company(pipeline)["Delta"]["applied_on"] == "2023-03-10"
    missing = pipeline("import", str(path), "--sheet", "2019")
    assert missing.code == 1 and "no sheet '2019' (sheets: 2024, Archive)" in missing.err


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("old.xls", b"\xd0\xcf\x11\xe0" + b"\0" * 100, "save it as .xlsx or CSV"),
        ("sheet.ods", b"PK\x03\x04", "File > Save As > CSV"),
        ("sheet.numbers", b"PK\x03\x04", "File > Export To > CSV"),
    ],
)
def test_other_spreadsheets_are_refused_with_how_to_export(
    pipeline, tmp_path: Path, name: str, data: bytes, says: str
) -> None:
    refused = pipeline("import", _write(tmp_path, name, data))
    assert refused.code == 1
    assert says in refused.err and "then import the CSV file" in refused.err


def test_merge_conflict_markers_are_refused_naming_the_line(pipeline, tmp_path: Path) -> None:
    text = (
        "Company,Role,Status,Date\n"
        "A,Eng,Applied,2024-01-01\n"
        "<<<<<<< HEAD\n"
        "B,Eng,Applied,2024-01-02\n"
        "=======\n"
        "B,Eng,Rejected,2024-01-02\n"
        ">>>>>>> other\n"
    )
    refused = pipeline("import", _write(tmp_path, "conflict.csv", text))
    assert refused.code == 1
    assert "line 3 is a merge-conflict marker ('<<<<<<< HEAD')" in refused.err
    at_top = pipeline("import", _write(tmp_path, "top.csv", "<<<<<<< HEAD\n" + text))
    assert "line 1 is a merge-conflict marker" in at_top.err
    assert _listed(pipeline) == []


def test_map_conflicts_are_errors_not_last_wins(pipeline, tmp_path: Path) -> None:
    path = _write(tmp_path, "a.csv", "A,B,Date\nAcme,Eng,2024-01-01\n")
    twice = pipeline("import", path, "--map", "A=company", "--map", "A=role")
    assert twice.code == 1
    assert "--map: column 'A' is given twice (company and role)" in twice.err
    both = pipeline("import", path, "--map", "A=company", "--map", "B=company")
    assert both.code == 1 and "company is given two columns ('A' and 'B')" in both.err
    assert pipeline("import", path, "--map", "A=company", "--map", "B=role").code == 0


def test_role_is_optional_and_closed_rows_need_no_applied_date(pipeline, tmp_path: Path) -> None:
    text = (
        "Company,Status,Date Applied,Status Date\n"
        "Acme,Applied,2024-08-01,\n"
        "Beta,Rejected,,2024-08-20\n"
        "Gamma,Ghosted,,\n"
        "Delta,Interviewing,,\n"
    )
    path = _write(tmp_path, "norole.csv", text)
    refused = pipeline("import", path)
    assert refused.code == 1
    assert "line 5: the status says it was sent, but the row gives no date applied" in refused.err
    dry = pipeline("import", path, "--dry-run", "--skip-bad")
    assert "1 closed application with no date at all (line 4): the outcome is dated today" in (
        dry.out
    )
    assert pipeline("import", path, "--default-date", "2024-08-05").code == 0
    found = _by_company(pipeline)
    assert {name: (item["role"], item["applied_on"]) for name, item in found.items()} == {
        "Acme": ("", "2024-08-01"),
        "Beta": ("", None),
        "Gamma": ("", None),
        "Delta": ("", "2024-08-05"),
    }
    beta = _shown(pipeline, "beta")
    assert [(e["stage"], e["occurred_on"]) for e in beta["events"]] == [("rejected", "2024-08-20")]
    funnel = json.loads(pipeline("funnel", "--format", "json").out)
    levels = {level["level"]: level["count"] for level in funnel["levels"]}
    assert levels["submitted"] == 4 and levels["replied"] == 2  # Beta's rejection, Delta
    assert funnel["outcomes"]["rejected"] == 1
    assert funnel["outcomes"]["ghosted"] == 2  # Gamma, and Acme by age
    assert funnel["replies_timed"] == 1  # Delta's interview; Beta has no applied date
    for command in (["weekly"], ["list"], ["show", "beta"], ["export"], ["due"], ["offers"]):
        assert pipeline(*command).code == 0, command
    exported = pipeline("export").out
    assert "Beta,,," in exported
    dump = pipeline("export", "--format", "json").out
    assert pipeline("import", _write(tmp_path, "again.json", dump)).code == 0
    assert len(_listed(pipeline)) == 4


def test_headers_that_say_nothing_are_guessed_from_values(pipeline, tmp_path: Path) -> None:
    text = (
        "Company,Role,Column 3,X,Y\n"
        "Acme,Eng,2024-08-01,Rejected,https://acme.io/jobs/1\n"
        "Beta,Eng,2024-08-02,Applied,https://beta.io/jobs/9\n"
        "Gamma,Eng,2024-08-03,Applied,https://gamma.io/jobs/2\n"
    )
    path = _write(tmp_path, "plain.csv", text)
    dry = pipeline("import", path, "--dry-run")
    assert dry.code == 0
    assert "Column 3  → applied_on (a guess from its values)" in dry.out
    assert "X         → status (a guess from its values)" in dry.out
    assert "Y         → url (a guess from its values)" in dry.out
    assert pipeline("import", path).code == 0
    assert _by_company(pipeline)["Acme"]["stage"] == "rejected"


def test_dry_run_previews_columns_statuses_and_rows(pipeline, tmp_path: Path) -> None:
    path = _write(tmp_path, "huntr.csv", HUNTR)
    dry = pipeline("import", path, "--dry-run")
    assert dry.code == 0
    out = dry.out
    assert "Columns:\n  Company Name" in out
    assert "Salary              → not imported" in out
    assert "Date Applied        → applied_on  (from 'applied + date'; dates, month first" in out
    assert "Suspected Ghost Job" in out and "→ ghosted" in out
    assert "Rejected after assessment       1  → rejected, after screening" in out
    assert "First 3 as they will be stored:" in out
    assert "line 2: Stripe — Backend Engineer · submitted 2019-09-25, rejected 2019-10-02" in out
    assert _listed(pipeline) == []


def test_the_same_bad_value_on_many_rows_is_one_line(pipeline, tmp_path: Path) -> None:
    rows = ["Company,Role,Date Applied,Applied"]
    rows += [f"C{n},Eng,ASAP 2024,yes" for n in range(12)]
    rows += ["D,Eng,2024-01-01,maybe", "E,Eng,2024-01-02,maybe"]
    refused = pipeline("import", _write(tmp_path, "bad.csv", "\n".join(rows) + "\n"))
    assert refused.code == 1
    problems = refused.err.splitlines()[1:]
    assert len(problems) == 2
    assert problems[0].startswith("  lines 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 and 2 more (12 rows):")
    assert problems[0].endswith('applied_on: "ASAP 2024" is not a date I can read')
    assert problems[1] == "  lines 14, 15 (2 rows): applied: 'maybe' is not yes or no"
