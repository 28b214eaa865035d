"""What the UI's undo asks before and puts back: undoing an import names the applications it
removes; `z` on another terminal's event keeps it whole (offer figures, interview details,
interviewers) so `U` records it again under a new id. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, time

import pytest

from pipeline_tui import services
from pipeline_tui.domain.identity import BatchIdentity, EventIdentity
from pipeline_tui.domain.offers import OfferInput
from pipeline_tui.domain.stages import Stage
from pipeline_tui.errors import ChangedElsewhere, ForceReason, NeedsForce
from pipeline_tui.services import interviews, offers, restoring, undoing
from pipeline_tui.services.transfer import import_data


def _add(store, company: str, on: date = date(2024, 9, 2)) -> int:
    new = services.NewApplication(company, "大模型算法", on=on)
    return services.add_application(store, new).application.id


def test_undoing_an_import_asks_naming_the_applications_it_removes(store) -> None:
    kept = _add(store, "百度")
    rows = "".join(f"公司{number},算法,Applied,2024-09-0{number}\n" for number in range(1, 6))
    data = f"Company,Role,Status,Date\n{rows}百度,大模型算法,Interviewing,2024-09-02\n"
    report = import_data(store, data.encode(), "jobs.csv")
    assert report.batch is not None
    expect = BatchIdentity(report.batch, report.events)
    with pytest.raises(NeedsForce) as asked:
        undoing.remove_batch(store, expect, what="the import of jobs.csv")
    assert asked.value.reason is ForceReason.REMOVES_APPLICATIONS
    assert str(asked.value) == (
        "undoing the import of jobs.csv removes the 5 applications it added (#2 公司1 — 算法, "
        "#3 公司2 — 算法, #4 公司3 — 算法 and 2 more) and 1 event it added to others"
    )
    assert len(services.list_applications(store, services.ApplicationFilter())) == 6
    undoing.remove_batch(store, expect, force=True)
    left = services.list_applications(store, services.ApplicationFilter())
    assert [(item.id, item.stage) for item in left] == [(kept, Stage.SUBMITTED)]


def test_an_acceptance_removes_no_application_and_does_not_ask(store) -> None:
    meituan, baidu = _add(store, "美团"), _add(store, "百度")
    services.move(store, baidu, "interview", on=date(2024, 9, 5))
    offers.record_offer(store, meituan, OfferInput(base="30k x 15"), default_currency="CNY")
    done = offers.accept(store, meituan, close_others=True)
    assert done.accepted is not None and done.accepted.event.batch is not None
    undoing.remove_batch(store, BatchIdentity(done.accepted.event.batch, 2))
    assert services.detail(store, baidu).application.stage is Stage.INTERVIEW


def test_an_event_taken_out_is_put_back_whole_under_a_new_id(store) -> None:
    application = _add(store, "字节跳动")
    plan = interviews.InterviewPlan(
        at=time(14, 30), duration_minutes=45, place="望京 T3", interviewers=("李雷", "韩梅梅")
    )
    scheduled = interviews.move(store, application, "interview", plan, on=date(2024, 9, 10))
    offers.record_offer(
        store, application, OfferInput(base="26k x 16", bonus="20%"), default_currency="CNY"
    )
    offered = services.detail(store, application)
    offer_event = offered.events[-1]
    undone, kept = restoring.remove_keeping(store, EventIdentity.of(offer_event))
    assert kept is not None and undone.application is not None
    assert undone.application.stage is Stage.INTERVIEW
    assert services.detail(store, application).offers == []
    with pytest.raises(ChangedElsewhere):  # already taken out
        restoring.remove_keeping(store, EventIdentity.of(offer_event))
    _, back = restoring.put_back(store, kept)
    assert back.id > offer_event.id  # ids are never reused
    after = services.detail(store, application)
    assert after.application.stage is Stage.OFFER
    assert [offer.package for offer in after.offers] == [offer.package for offer in offered.offers]
    # An interview round comes back with its time, place and interviewers.
    round_event = scheduled.event
    undone, kept = restoring.remove_keeping(store, EventIdentity.of(round_event))
    assert kept is not None and kept.interviewers
    assert services.detail(store, application).interviews == []
    _, back = restoring.put_back(store, kept)
    (interview,) = services.detail(store, application).interviews
    assert (interview.starts_at, interview.duration_minutes, interview.place) == (
        time(14, 30),
        45,
        "望京 T3",
    )
    assert sorted(person.name for person in interview.interviewers) == ["李雷", "韩梅梅"]


def test_the_only_event_asks_and_cannot_be_put_back(store) -> None:
    application = _add(store, "米哈游")
    services.add_note(store, application, "内推")
    first = services.detail(store, application).events[0]
    with pytest.raises(NeedsForce) as asked:
        restoring.remove_keeping(store, EventIdentity.of(first))
    assert str(asked.value) == (
        "removing its only event removes #1 米哈游 — 大模型算法 and its note; "
        "U cannot bring it back"
    )
    undone, kept = restoring.remove_keeping(store, EventIdentity.of(first), force=True)
    assert kept is None and undone.application is None
    assert services.list_applications(store, services.ApplicationFilter(archived=None)) == []
