"""Counts that match what happened: an interview round counts once its day has come (until
then it is "scheduled"), and closing an application cancels its open reminders and the rounds
still ahead, until the close is undone. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

import dbtools
from pipeline_tui import services
from pipeline_tui.config import Settings
from pipeline_tui.domain.funnel import FunnelFilter, Level
from pipeline_tui.services import reminders
from pipeline_tui.services.offers import accept

TODAY = date(2024, 9, 16)  # PIPELINE_TODAY in tests/conftest.py


def _funnel(store, today: date = TODAY):
    return services.funnel(store, FunnelFilter(), today=today, ghost_after_days=30)


def _add(store, company: str, on: date = date(2024, 9, 2)) -> int:
    return services.add_application(
        store, services.NewApplication(company, "LLM engineer", on=on)
    ).application.id


def test_a_round_ahead_is_scheduled_until_its_day_comes(store) -> None:
    ahead = _add(store, "米哈游")
    services.move(store, ahead, "interview", on=TODAY + timedelta(days=5))
    held = _add(store, "ByteDance")
    services.move(store, held, "interview", on=TODAY - timedelta(days=1))
    report = _funnel(store)
    assert report.count(Level.INTERVIEWED) == 1
    assert report.count(Level.SCREENED) == 2  # the invitation is a positive answer
    assert report.scheduled == 1
    assert report.interview_rounds == ((1, 1),)
    assert report.as_json()["scheduled"] == 1
    on_the_day = _funnel(store, TODAY + timedelta(days=5))
    assert (on_the_day.count(Level.INTERVIEWED), on_the_day.scheduled) == (2, 0)
    assert on_the_day.interview_rounds == ((1, 2),)


def test_a_second_round_ahead_counts_from_its_day(store) -> None:
    application = _add(store, "ByteDance")
    services.move(store, application, "interview", on=date(2024, 9, 10))
    services.move(store, application, "interview", on=TODAY + timedelta(days=2))
    report = _funnel(store)
    assert report.interview_rounds == ((1, 1),)
    assert report.scheduled == 1
    grouped = services.funnel_by(store, FunnelFilter(), "week", today=TODAY, ghost_after_days=30)
    (week,) = grouped.groups
    assert (week.report.interview_rounds, week.report.scheduled) == (((1, 1),), 1)
    assert grouped.total.scheduled == 1


def test_a_round_that_closing_cancelled_never_counts(store) -> None:
    application = _add(store, "Tencent")
    services.move(store, application, "interview", on=TODAY + timedelta(days=3))
    services.move(store, application, "withdrawn", reason="accepted elsewhere")
    later = _funnel(store, TODAY + timedelta(days=30))
    assert later.count(Level.INTERVIEWED) == 0
    assert later.count(Level.SCREENED) == 1
    assert later.scheduled == 0
    assert later.outcomes["withdrawn"] == 1
    # Undoing the withdrawal brings the round back.
    services.undo(store)
    assert _funnel(store, TODAY + timedelta(days=30)).count(Level.INTERVIEWED) == 1


def test_rejected_after_round_one_with_round_two_ahead(store) -> None:
    application = _add(store, "Baidu")
    services.move(store, application, "interview", on=date(2024, 9, 9))
    services.move(store, application, "interview", on=TODAY + timedelta(days=2))
    services.move(store, application, "rejected")
    report = _funnel(store, TODAY + timedelta(days=10))
    assert report.rejected_at["interview_1"] == 1
    assert report.interview_rounds == ((1, 1),)


def test_a_reply_to_a_round_ahead_dates_from_when_it_was_recorded(store, db_path) -> None:
    application = _add(store, "Moonshot", on=TODAY - timedelta(days=4))
    invited = services.move(store, application, "interview", on=TODAY + timedelta(days=10))
    # The clock is pinned for "today" only: say the round was typed in at noon (UTC) today.
    dbtools.rows(
        db_path,
        "UPDATE event SET created_at = '2024-09-16 12:00:00' WHERE id = :id",
        {"id": invited.event.id},
    )
    services.add_note(store, application, "sent the slides")  # recomputes the columns
    report = _funnel(store)
    assert report.count(Level.REPLIED) == 1
    assert report.median_days_to_reply == 4  # not 14: the answer came when it was recorded


def test_the_funnel_command_shows_the_scheduled_figure(store, pipeline) -> None:
    _add(store, "米哈游")
    assert pipeline("move", "1", "interview", "--on", "in 5 days").code == 0
    text = pipeline("funnel").out
    assert "scheduled         1 with a round ahead (interviewed once its day comes)" in text
    assert "interviewed        0" in text
    data = json.loads(pipeline("funnel", "--format", "json").out)
    assert data["scheduled"] == 1
    assert "**Interviews scheduled:** 1" in pipeline("funnel", "--format", "markdown").out
    assert "// interviews scheduled: 1" in pipeline("funnel", "--format", "sankeymatic").out


def test_due_and_weekly_list_rounds_ahead_but_not_cancelled_ones(store, pipeline) -> None:
    cancelled = _add(store, "Tencent")
    services.move(store, cancelled, "interview", on=TODAY + timedelta(days=1))
    services.move(store, cancelled, "withdrawn")
    # Recorded after the withdrawal: the close is read from each application's own events.
    ahead = _add(store, "米哈游")
    services.move(store, ahead, "interview", on=TODAY + timedelta(days=2))
    due = json.loads(pipeline("due", "--format", "json").out)
    assert [(item["kind"], item["application_id"]) for item in due] == [("interview", ahead)]
    weekly = json.loads(pipeline("weekly", "--format", "json").out)
    assert [item["id"] for item in weekly["upcoming"]] == [ahead]
    assert [item["id"] for item in weekly["interviews"]] == [ahead]
    assert weekly["funnel"]["scheduled"] == 1
    shown = json.loads(pipeline("show", str(cancelled), "--format", "json").out)
    assert [item["cancelled"] for item in shown["interviews"]] == [True]
    assert "cancelled Tue 2024-09-17" in pipeline("show", str(cancelled)).out


# `pipeline ghost` never closes an application an open reminder covers or a round ahead keeps
# from being silent, so marking one ghosted by hand is the ghosting case here.
@pytest.mark.parametrize(
    "close", ["rejected", "withdrawn", "declined", "ghosted", "accepted", "close-others"]
)
def test_closing_cancels_reminders_and_rounds_ahead_and_undo_restores_them(
    store, close: str
) -> None:
    settings = Settings(follow_up_cadence=False)
    target = _add(store, "Meituan", on=date(2024, 7, 1))
    services.move(store, target, "interview", on=date(2024, 7, 10))
    services.move(store, target, "interview", on=TODAY + timedelta(days=3))
    if close in ("declined", "accepted"):
        services.move(store, target, "offer", on=date(2024, 7, 20), force=True)
    first = reminders.remind(store, "prepare the system design", ref=target)
    second = reminders.remind(store, "ask about the team", ref=target, on=TODAY + timedelta(2))
    free = reminders.remind(store, "update the CV")  # about no application: untouched
    before = reminders.due(store, settings, today=TODAY + timedelta(days=3))
    assert {item.kind for item in before} == {"reminder", "interview"}
    if close == "close-others":
        winner = _add(store, "Huawei")
        services.move(store, winner, "offer", on=date(2024, 9, 10))
        accept(store, winner, close_others=True)
    else:
        services.move(store, target, close, force=True)
    after = reminders.due(store, settings, today=TODAY + timedelta(days=3))
    assert [item.application_id for item in after] == [None]  # only the free reminder
    shown = services.detail(store, target)
    assert shown.reminders == []
    assert [item.cancelled for item in shown.interviews] == [False, True]
    services.undo(store)  # the close (with close-others: the whole acceptance)
    restored = reminders.due(store, settings, today=TODAY + timedelta(days=3))
    assert restored == before
    assert {item.id for item in services.detail(store, target).reminders} == {first.id, second.id}
    assert free.application_id is None


def test_a_reminder_set_after_the_close_stays(store) -> None:
    settings = Settings(follow_up_cadence=False)
    application = _add(store, "Baidu")
    reminders.remind(store, "before", ref=application)
    services.move(store, application, "rejected")
    after = reminders.remind(store, "ask for feedback", ref=application)
    due = reminders.due(store, settings)
    assert [item.text for item in due] == [f"{after.text} (#1 Baidu — LLM engineer)"]


def test_a_round_held_earlier_than_planned_is_recorded_again_as_done(store) -> None:
    application = _add(store, "Zhipu")
    services.move(store, application, "interview", on=TODAY + timedelta(days=6))
    services.move(store, application, "interview", round=1, on=TODAY, force=True)
    report = _funnel(store)
    assert (report.count(Level.INTERVIEWED), report.scheduled) == (1, 0)
    assert report.interview_rounds == ((1, 1),)
