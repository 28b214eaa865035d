"""Reading CSV rows: arbitrary cells never crash the reader, and what it keeps is exact."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline_tui.domain.import_rows import read_csv
from pipeline_tui.domain.importing import ImportOptions, implied_events, parse_mapping
from pipeline_tui.domain.stages import Stage
from pipeline_tui.errors import UserError

TODAY = date(2024, 9, 16)
_cells = st.text(max_size=40)


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_cells, _cells, _cells, _cells), max_size=8))
def test_any_cells_give_applications_or_line_numbered_problems(rows) -> None:
    text = _csv([["Company", "Role", "Status", "Date Applied"], *map(list, rows)])
    try:
        parsed = read_csv(text, ImportOptions(), today=TODAY)
    except UserError:
        return  # a file-level refusal is a clear error too
    merged = sum(len(group) - 1 for group in parsed.merged)
    assert parsed.rows == len(parsed.applications) + len(parsed.problems) + merged or any(
        not "".join(row).strip() for row in rows
    )
    for application in parsed.applications:
        assert application.company
        first = application.events[0].stage
        sent = first in (Stage.SAVED, Stage.SUBMITTED)
        assert sent or (application.stage.is_closed and application.applied_on is None)


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=60).filter(lambda text: text.strip() and "\x00" not in text))
def test_a_company_name_comes_back_as_typed(name: str) -> None:
    text = _csv([["Company", "Role", "Date Applied"], [name, "Engineer", "2024-09-01"]])
    parsed = read_csv(text, ImportOptions(), today=TODAY)
    cleaned = " ".join(name.split())
    if parsed.applications:
        # Only the apostrophe an export put before a formula character is taken off again.
        neutralised = cleaned[:1] == "'" and cleaned[1:2] in ("=", "+", "-", "@", "\t", "\r")
        assert parsed.applications[0].company == (cleaned[1:] if neutralised else cleaned)
    else:
        assert parsed.problems  # a placeholder such as "N/A" is no company


@pytest.mark.parametrize(
    ("status", "applied", "expected"),
    [
        ("Applied", True, ("submitted", None, False)),
        ("interviewing", True, ("interview", 1, False)),
        ("Interview 3", True, ("interview", 3, False)),
        ("2nd round", True, ("interview", 2, False)),
        ("二面", True, ("interview", 2, False)),
        ("已投递", True, ("submitted", None, False)),
        ("未通过", True, ("rejected", None, False)),
        ("No Response", True, ("ghosted", None, False)),
        ("Draft", False, ("saved", None, False)),
        ("Archived", True, ("submitted", None, True)),
        ("Archived", False, ("saved", None, True)),
        ("Expired", True, ("ghosted", None, False)),
        ("Expired", False, ("saved", None, True)),
        ("OA", True, ("screening", None, False)),
        ("", False, ("saved", None, False)),
    ],
)
def test_status_words(status, applied, expected) -> None:
    day = "2024-09-01" if applied else ""
    text = _csv([["Company", "Role", "Status", "Date Applied"], ["Acme", "Eng", status, day]])
    parsed = read_csv(text, ImportOptions(), today=TODAY)
    application = parsed.applications[0]
    last = application.events[-1]
    assert (last.stage.value, last.round, application.archived) == expected


def test_an_unknown_status_is_one_problem_per_row_grouped_by_value() -> None:
    rows = [["Company", "Role", "Status", "Date"]]
    rows += [[f"C{n}", "Eng", "On ice" if n % 2 else "Asleep", "2024-09-01"]
             for n in range(6)]  # fmt: skip
    parsed = read_csv(_csv(rows), ImportOptions(), today=TODAY)
    assert {problem.group for problem in parsed.problems} == {
        "status:on ice",
        "status:asleep",
    }
    unknown = [(item.value, item.count) for item in parsed.statuses if item.how == "unknown"]
    assert unknown == [("Asleep", 3), ("On ice", 3)]


def test_map_refuses_a_column_given_twice_and_a_field_given_two_columns() -> None:
    with pytest.raises(UserError, match="column 'A' is given twice"):
        parse_mapping(["A=company", "A=role"])
    with pytest.raises(UserError, match="company is given two columns"):
        parse_mapping(["A=company", "B=company"])
    assert parse_mapping(["A=status", "B=status"]) == {"A": "status", "B": "status"}


def test_events_implied_by_a_status_with_level_dates() -> None:
    dates = {
        "applied_on": date(2024, 9, 1),
        "screened_on": date(2024, 9, 5),  # the first interview's day: no screening of its own
        "interviewed_on": date(2024, 9, 5),
        "status_on": date(2024, 9, 9),
    }
    events = implied_events(Stage.REJECTED, None, dates, today=TODAY)
    assert [(e.stage.value, e.round, e.occurred_on.day) for e in events] == [
        ("submitted", None, 1),
        ("interview", 1, 5),
        ("rejected", None, 9),
    ]
    accepted = implied_events(Stage.ACCEPTED, None, {"applied_on": date(2024, 9, 1)}, today=TODAY)
    assert [e.stage.value for e in accepted] == ["submitted", "offer", "accepted"]
    with pytest.raises(UserError, match="before 2024-09-01"):
        implied_events(Stage.OFFER, None, {"applied_on": date(2024, 9, 1),
                                           "status_on": date(2024, 8, 1)}, today=TODAY)  # fmt: skip


def test_a_header_after_empty_lines_and_a_missing_header() -> None:
    text = ",,,\nCompany,,Status,\nAcme,Eng,Applied,2024-09-01\nBeta,PM,Rejected,2024-09-03\n"
    parsed = read_csv(text, ImportOptions(), today=TODAY)
    assert [a.company for a in parsed.applications] == ["Acme", "Beta"]
    assert parsed.applications[0].applied_on == date(2024, 9, 1)  # column 4: dates, guessed
    assert [column.header for column in parsed.columns] == [
        "Company",
        "column 2",
        "Status",
        "column 4",
    ]
    data = read_csv("Acme,Engineer,Applied,2024-09-01\n", ImportOptions(), today=TODAY)
    assert "the first line looks like data, not a header" in data.blocking[0]


def test_a_status_column_holding_dates_is_the_status_date() -> None:
    text = "Company,Role,Status,Status Update,Date\nAcme,Eng,Rejected,2024-09-10,2024-09-01\n"
    parsed = read_csv(text, ImportOptions(), today=TODAY)
    assert [column.field for column in parsed.columns] == [
        "company",
        "role",
        "status",
        "status_on",
        "applied_on",
    ]
    events = parsed.applications[0].events
    assert [(e.stage.value, e.occurred_on.day) for e in events] == [
        ("submitted", 1),
        ("rejected", 10),
    ]
