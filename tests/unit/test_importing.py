"""Reading CSV rows: arbitrary cells never crash the reader, and what it keeps is exact."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline_tui.domain.importing import ImportOptions, implied_events, read_csv, read_status
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
    assert parsed.rows == len(parsed.applications) + len(parsed.problems) + len(
        parsed.duplicates
    ) or any(not "".join(row).strip() for row in rows)
    for application in parsed.applications:
        assert application.company and application.role
        assert application.events[0].stage in (Stage.SAVED, Stage.SUBMITTED)


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
        ("Applied", True, (Stage.SUBMITTED, None, False)),
        ("interviewing", True, (Stage.INTERVIEW, None, False)),
        ("Interview 3", True, (Stage.INTERVIEW, 3, False)),
        ("2nd round", True, (Stage.INTERVIEW, 2, False)),
        ("二面", True, (Stage.INTERVIEW, 2, False)),
        ("已投递", True, (Stage.SUBMITTED, None, False)),
        ("未通过", True, (Stage.REJECTED, None, False)),
        ("No Response", True, (Stage.GHOSTED, None, False)),
        ("Draft", False, (Stage.SAVED, None, False)),
        ("Archived", True, (Stage.SUBMITTED, None, True)),
        ("Archived", False, (Stage.SAVED, None, True)),
        ("Expired", True, (Stage.GHOSTED, None, False)),
        ("Expired", False, (Stage.SAVED, None, True)),
        ("OA", True, (Stage.SCREENING, None, False)),
        (None, False, (Stage.SAVED, None, False)),
    ],
)
def test_status_words(status, applied, expected) -> None:
    assert read_status(status, applied=applied) == expected


def test_an_unknown_status_names_the_choices() -> None:
    with pytest.raises(UserError, match="unknown status 'Pending review'; use a stage"):
        read_status("Pending review", applied=True)


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
