"""Imported applications without a role or an applied date, in the store and the funnel."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from pipeline_tui import clock, services
from pipeline_tui.domain.funnel import FunnelFilter, counts_from_histories, summarize
from pipeline_tui.services.transfer import import_data, preview_import
from pipeline_tui.store import applications as queries
from pipeline_tui.store.engine import Store
from pipeline_tui.store.tables import application_table

TODAY = date(2024, 9, 16)
CSV = (
    "Company,Status,Date Applied,Status Date,Source\n"
    "Acme,Applied,2024-09-01,,board\n"
    "Beta,Rejected,,2024-08-20,board\n"  # closed, no applied date
    "Gamma,Ghosted,,,referral\n"  # closed, no date at all
    "Delta,Interviewing,2024-08-01,2024-08-11,referral\n"
    "Eps,Offer declined,,2024-07-30,\n"
    "Zeta,Withdrawn,,2024-07-01,\n"  # withdrawn without being sent: not in the funnel
)


def _histories(store: Store) -> list[list]:
    with store.read() as session:
        ids = session.execute(sa.select(application_table.c.id)).scalars().all()
        return [queries.get_events(session, number) for number in sorted(ids)]


def test_undated_closed_applications_count_in_outcomes_not_in_reply_times(store: Store) -> None:
    report = import_data(store, CSV.encode(), "t.csv")
    assert report.new == 6
    funnel = services.funnel(store, FunnelFilter(), today=TODAY, ghost_after_days=30)
    reference = summarize(
        counts_from_histories(_histories(store), today=TODAY, ghost_after_days=30),
        filters=FunnelFilter(),
        today=TODAY,
        ghost_after_days=30,
    )
    assert funnel.as_json() == reference.as_json()
    assert funnel.submitted == 5
    assert funnel.outcomes == {
        "open": 2,
        "rejected": 1,
        "withdrawn": 0,
        "ghosted": 1,
        "declined": 1,
        "accepted": 0,
    }
    assert funnel.replies_timed == 1  # Delta only: the others have no applied date
    assert funnel.median_days_to_reply == 10
    ranged = services.funnel(
        store, FunnelFilter(since=date(2024, 8, 1)), today=TODAY, ghost_after_days=30
    )
    assert ranged.submitted == 2  # a date range needs an applied date
    grouped = services.funnel_by(store, FunnelFilter(), "source", today=TODAY, ghost_after_days=30)
    assert sum(group.report.submitted for group in grouped.groups) == 5


def test_imported_rows_carry_what_sync_derived_computes(store: Store) -> None:
    import_data(store, CSV.encode(), "t.csv")
    columns = [application_table.c[name] for name in ("stage", "applied_on", "reached", "role")]
    with store.read() as session:
        before = session.execute(sa.select(application_table.c.id, *columns)).all()
    with store.write() as session:
        for row in before:
            queries.sync_derived(session, row.id, clock.now())
    with store.read() as session:
        after = session.execute(sa.select(application_table.c.id, *columns)).all()
    assert sorted(before) == sorted(after)
    applied = {row.id: row.applied_on for row in after}
    assert applied[2] is None and applied[1] == date(2024, 9, 1)
    assert {row.role for row in after} == {""}
    again = import_data(store, CSV.encode(), "t.csv")
    assert (again.new, again.unchanged) == (0, 6)


def test_the_preview_lists_what_a_dialog_shows_without_raising(store: Store) -> None:
    data = (
        b"Firma,Stelle,Status,Datum,Gehalt\n"
        b"SAP,Data Scientist,Absage,10.03.2024,90k\n"
        b"SAP,Data Scientist,Absage,12.03.2024,90k\n"
        b"Bosch,Werkstudent,Warteschleife,01.02.2024,\n"
        b"Zalando,Analyst,Offen,03.03.2024,\n"
    )
    report = preview_import(store, data, "de.csv")
    preview = report.preview
    assert preview is not None
    assert [(c.header, c.field) for c in preview.columns] == [
        ("Firma", "company"),
        ("Stelle", "role"),
        ("Status", "status"),
        ("Datum", "applied_on"),
        ("Gehalt", None),
    ]
    assert "day first (dotted dates)" in preview.columns[3].note
    assert [(s.value, s.count, s.stage) for s in preview.statuses] == [
        ("Absage", 2, "rejected"),
        ("Warteschleife", 1, None),
        ("Offen", 1, "submitted"),
    ]
    assert [s.value for s in preview.unknown_statuses] == ["Warteschleife"]
    assert [sample.company for sample in preview.samples] == ["SAP", "Zalando"]
    assert report.merged_lines == ((2, 3),)
    assert [str(problem) for problem in report.problems] == [
        "line 4: unknown status 'Warteschleife'"
    ]
    assert (report.new, report.bad) == (2, 1)
    assert preview.funnel.submitted == 2 and preview.funnel.replied == 1
    blocked = preview_import(store, b"Stelle,Datum\nAnalyst,2024-01-01\n", "x.csv").preview
    assert blocked is not None and blocked.blocking
    assert "no column gives the company" in blocked.blocking[0]
    with store.read() as session:
        assert (
            session.execute(sa.select(sa.func.count()).select_from(application_table)).scalar() == 0
        )


def test_the_reply_curve_leaves_out_applications_without_an_applied_date(store: Store) -> None:
    from pipeline_tui.services import insights

    import_data(store, CSV.encode(), "t.csv")
    curves = insights.replies(store, FunnelFilter(), today=TODAY, by="source")
    # Acme (waiting 15 days) and Delta (answered after 10): the others have no applied date.
    assert (curves.total.at_risk, curves.total.replied) == (2, 1)
    assert sum(group.at_risk for group in curves.groups) == 2
