"""Reasons counted by the SQL funnel agree with the reference maths over random histories."""

from __future__ import annotations

import random
from datetime import date

import pytest

from pipeline_tui import services
from pipeline_tui.domain.funnel import FunnelFilter, counts_from_histories, summarize
from pipeline_tui.domain.models import ApplicationFilter
from pipeline_tui.domain.reasons import DEFAULT_REASONS, STAGES_WITH_REASON
from pipeline_tui.domain.stages import Stage
from pipeline_tui.store import applications as queries
from pipeline_tui.store.engine import Store

TODAY = date(2024, 9, 16)


@pytest.fixture
def random_store(filled_store) -> Store:
    """The test's store holding _random_histories (written once per session)."""
    return filled_store("random-reasons", _random_histories)


def _random_histories(store: Store) -> Store:
    """200 applications with random forced histories, closing events often with a reason."""
    rng = random.Random(3)
    for number in range(200):
        new = services.NewApplication(
            f"Company {number}",
            "Engineer",
            source=rng.choice(["referral", "Referral", "campus", None]),
            on=date(2024, rng.randint(6, 9), rng.randint(1, 15)),
            saved=rng.random() < 0.1,
        )
        application = services.add_application(store, new).application
        for _ in range(rng.randint(0, 4)):
            stage = rng.choice(list(Stage))
            reason = None
            if stage in STAGES_WITH_REASON and rng.random() < 0.7:
                reason = rng.choice(DEFAULT_REASONS)
            services.move(store, application.id, stage, force=True, reason=reason)
    return store


@pytest.mark.parametrize(
    "spec", [FunnelFilter(), FunnelFilter(source="referral"), FunnelFilter(since=date(2024, 8, 1))]
)
def test_sql_reasons_match_the_reference(random_store: Store, spec: FunnelFilter) -> None:
    with random_store.read() as session:
        applications = queries.list_applications(session, ApplicationFilter(archived=None))
        histories = [
            queries.get_events(session, application.id)
            for application in applications
            if application.applied_on is not None
            and (spec.since is None or application.applied_on >= spec.since)
            and (spec.source is None or (application.source or "").casefold() == spec.source)
        ]
    reference = summarize(
        counts_from_histories(histories, today=TODAY, ghost_after_days=30),
        filters=spec,
        today=TODAY,
        ghost_after_days=30,
    )
    report = services.funnel(random_store, spec, today=TODAY, ghost_after_days=30)
    assert report.as_json() == reference.as_json()
    assert sum(sum(reasons.values()) for reasons in report.outcome_reasons.values()) > 10
    rejected_reasons = sum(sum(value.values()) for value in report.rejected_at_reasons.values())
    assert rejected_reasons == sum(report.outcome_reasons["rejected"].values())


def test_grouped_reasons_add_up_to_the_whole(random_store: Store) -> None:
    whole = services.funnel(random_store, FunnelFilter(), today=TODAY, ghost_after_days=30)
    grouped = services.funnel_by(
        random_store, FunnelFilter(), "source", today=TODAY, ghost_after_days=30
    )
    assert grouped.total.as_json() == whole.as_json()
    for outcome, reasons in whole.outcome_reasons.items():
        for reason, count in reasons.items():
            parts = [
                group.report.outcome_reasons[outcome].get(reason, 0) for group in grouped.groups
            ]
            assert sum(parts) == count
