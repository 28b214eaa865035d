"""The offers screen, the offer form, accepting and declining, and the reason prompt, key by key.

Today is pinned to Monday 2024-09-16 (tests/conftest.py).
"""

from __future__ import annotations

from datetime import date

import pytest
from tui_helpers import (
    SIZE,
    add,
    loaded,
    notifications,
    screen_text,
    settle,
    stage_of,
    type_text,
    until,
)

from pipeline_tui import services
from pipeline_tui.domain.offers import OfferInput
from pipeline_tui.domain.stages import Stage
from pipeline_tui.errors import StoreError
from pipeline_tui.services.offers import comparison, offer_history, record_offer
from pipeline_tui.store.engine import Store
from pipeline_tui.tui.screens.accept_modal import AcceptModal
from pipeline_tui.tui.screens.detail_screen import DetailScreen
from pipeline_tui.tui.screens.move_modal import MoveModal
from pipeline_tui.tui.screens.offer_form import OfferFormModal, term_changes
from pipeline_tui.tui.screens.offers_screen import OffersScreen
from pipeline_tui.tui.screens.reason_modal import ReasonModal
from pipeline_tui.tui.widgets.offer_panel import left_text, urgency
from pipeline_tui.tui.widgets.offers_table import OffersTable
from pipeline_tui.tui.widgets.status_line import StatusLine

TODAY = date(2024, 9, 16)


def _offer(store: Store, application_id: int, **fields: object) -> None:
    record_offer(store, application_id, OfferInput(**fields), default_currency="CNY")  # type: ignore[arg-type]


def _three_offers(store: Store) -> tuple[int, int, int, int]:
    """Meituan and ByteDance with offers, Acme's in dollars, Baidu still interviewing."""
    meituan = add(store, "Meituan", "Search ranking", department="Beidou", on=date(2024, 9, 1))
    bytedance = add(store, "ByteDance", "LLM engineer", department="Seed", on=date(2024, 9, 2))
    acme = add(store, "Acme", "Remote developer", on=date(2024, 9, 3))
    baidu = add(store, "Baidu", "NLP engineer", on=date(2024, 9, 3))
    services.move(store, baidu, "interview", on=date(2024, 9, 10))
    _offer(store, meituan, base="26k x 16", bonus="20%", tier="ssp", deadline=date(2024, 9, 18),
           terms=("hukou=yes",))  # fmt: skip
    _offer(store, bytedance, base="800k/yr", equity="400k", vesting_years=4,
           deadline=date(2024, 9, 27))  # fmt: skip
    _offer(store, acme, base="$150k/yr", bonus="10%")
    return meituan, bytedance, acme, baidu


def _status(app) -> str:
    """The offers screen's status line under any notice."""
    return app.screen.query_one("#offers-status", StatusLine).status_text


def _table(app) -> OffersTable:
    return app.screen.query_one(OffersTable)


async def _open_offers(pilot, app) -> OffersTable:
    await loaded(pilot)
    await pilot.press("o")
    await settle(pilot)
    assert isinstance(app.screen, OffersScreen)
    return _table(app)


async def _select(pilot, app, application_id: int) -> None:
    table = _table(app)
    await pilot.press("home")
    while table.current is not None and table.current.application_id != application_id:
        before = table.cursor_row
        await pilot.press("j")
        assert table.cursor_row != before, f"no offer of #{application_id} in the table"


async def _select_row(pilot, app, application_id: int) -> None:
    """Put the main table's cursor on one application."""
    await pilot.press("home")
    for _ in range(20):
        if app.screen.selected_id() == application_id:
            return
        await pilot.press("j")
    raise AssertionError(f"#{application_id} is not in the table")


def test_days_left_colour_as_deadlines_near() -> None:
    assert [urgency(days, "pending") for days in (-3, 0, 2, 3, 7, 8, None)] == [
        "urgent", "urgent", "urgent", "near", "near", None, None,
    ]  # fmt: skip
    assert urgency(1, "accepted") is None
    assert [left_text(days, "pending") for days in (-2, 0, 5, None)] == [
        "2d late", "today", "5d", "",
    ]  # fmt: skip
    assert left_text(3, "declined") == "declined"


def test_terms_typed_in_the_form_become_the_cli_settings() -> None:
    assert term_changes("", "hukou=yes, remote=2d") == ["hukou=yes", "remote=2d"]
    assert term_changes("hukou=yes, remote=2d", "hukou=yes；remote=3d") == ["remote=3d"]
    assert term_changes("hukou=yes, remote=2d", "remote=2d") == ["hukou="]
    assert term_changes("", "hukou") == ["hukou"]  # refused by the service, under the field


async def test_the_offers_screen_shows_what_pipeline_offers_compares(make_app, store) -> None:
    meituan, bytedance, acme, _ = _three_offers(store)
    expected = comparison(store, today=TODAY, preferred_currency="CNY")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        table = await _open_offers(pilot, app)
        assert [item.application_id for item in table.offers] == [
            item.application_id for item in expected.offers
        ]
        assert [item.application_id for item in table.offers] == [bytedance, meituan, acme]
        text = screen_text(app)
        assert "3 pending offers" in text
        assert "Steady state ▼" in text
        assert "CNY · 2 offers" in text and "USD · 1 offer" in text
        assert "no amount is converted" in text  # the currency note
        assert "2024-09-18" in text and "2d" in text
        assert "900k" in text  # ByteDance: 800k + 400k over 4 years
        # The selected offer's figures and revisions sit under the table.
        assert table.current is not None and table.current.application_id == bytedance
        assert "100k a year (400k over 4 years)" in text
        assert "Revisions (1)" in text
        assert "answer in 11 days" in text
        await pilot.press("escape")
        assert not isinstance(app.screen, OffersScreen)


async def test_record_an_offer_in_the_form_then_undo_it(make_app, store) -> None:
    baidu = add(store, "Baidu", "NLP engineer", on=date(2024, 9, 3))
    services.move(store, baidu, "interview", on=date(2024, 9, 10))
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        table = await _open_offers(pilot, app)
        assert table.offers == []
        assert "No pending offers" in screen_text(app)
        await pilot.press("A")
        assert isinstance(app.screen, OfferFormModal)
        assert app.focused.id == "application"
        await type_text(pilot, "baidu")
        await pilot.press("tab")
        await type_text(pilot, "26kk")
        await pilot.press("ctrl+s")
        await settle(pilot)
        # The money parser's refusal lands under Base, and nothing is saved.
        assert isinstance(app.screen, OfferFormModal)
        assert app.focused.id == "base"
        assert 'cannot read "26kk" as an amount' in screen_text(app)
        assert offer_history(store, baidu) == []
        await pilot.press("backspace")
        await type_text(pilot, " x 16")
        await pilot.press("tab")
        await type_text(pilot, "15%")
        for _ in range(8):  # to Terms
            await pilot.press("tab")
        assert app.focused.id == "term"
        await type_text(pilot, "hukou=yes, remote=2d")
        await pilot.press("tab")
        await type_text(pilot, "2024-09-20")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, OffersScreen)
        (offer,) = offer_history(store, baidu)
        assert offer.package.base_per_year == 16
        assert offer.package.terms == (("hukou", "yes"), ("remote", "2d"))
        assert offer.figures.annual_total.low == 416_000 + 62_400
        assert stage_of(store, baidu)[0] is Stage.OFFER
        await until(pilot, lambda: [item.application_id for item in table.offers] == [baidu])
        assert any("Recorded the offer of #1 Baidu" in text for _, text in notifications(app))
        assert "u undoes: offer of #1 Baidu — NLP engineer" in _status(app)
        await pilot.press("u")
        await settle(pilot)
        assert offer_history(store, baidu) == []
        assert stage_of(store, baidu) == (Stage.INTERVIEW, 1)
        await until(pilot, lambda: table.offers == [])
        assert any("Undid the offer of #1 Baidu" in text for _, text in notifications(app))


async def test_revise_the_selected_offer_keeps_the_history(make_app, store) -> None:
    meituan, *_ = _three_offers(store)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open_offers(pilot, app)
        await _select(pilot, app, meituan)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, OfferFormModal)
        assert app.focused.id == "base"
        assert app.focused.value == "26k x 16"
        await pilot.press("ctrl+u")  # clear the field
        await type_text(pilot, "28k x 16")
        await pilot.press("tab", "tab")
        await type_text(pilot, "50k")  # signing
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, OffersScreen)
        history = offer_history(store, meituan)
        assert len(history) == 2
        assert history[-1].package.terms == (("hukou", "yes"),)  # untouched fields are kept
        assert history[-1].package.tier == "SSP"
        await until(pilot, lambda: "Revisions (2)" in screen_text(app))
        assert "base revised from 26k x 16 to 28k x 16; signing added: 50k" in screen_text(app)
        await pilot.press("u")
        await settle(pilot)
        assert len(offer_history(store, meituan)) == 1
        await until(pilot, lambda: "Revisions (1)" in screen_text(app))


async def test_accept_and_close_the_others_is_one_undo(make_app, store) -> None:
    meituan, bytedance, acme, baidu = _three_offers(store)
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _open_offers(pilot, app)
        await _select(pilot, app, meituan)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, AcceptModal)
        await pilot.press("escape")  # nothing changes
        await settle(pilot)
        assert stage_of(store, meituan)[0] is Stage.OFFER
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, AcceptModal)
        text = screen_text(app)
        assert "declines the offer of 2" in text and "withdraws 1" in text
        assert "#4 Baidu — NLP engineer" in text and "answer by 2024-09-27" in text
        await pilot.press("y")
        await settle(pilot)
        assert stage_of(store, meituan)[0] is Stage.ACCEPTED
        assert stage_of(store, bytedance)[0] is Stage.DECLINED
        assert stage_of(store, acme)[0] is Stage.DECLINED
        assert stage_of(store, baidu)[0] is Stage.WITHDRAWN
        closing = services.detail(store, baidu).events[-1]
        assert (closing.reason, closing.reason_text) == (
            "accepted elsewhere",
            "Meituan — Search ranking (Beidou)",
        )
        # The views read the other applications again.
        await until(pilot, lambda: app.dataset.get(baidu).stage is Stage.WITHDRAWN)
        await until(pilot, lambda: _table(app).offers == [])
        assert "u undoes: acceptance of #1 Meituan" in _status(app)
        await pilot.press("u")
        await settle(pilot)
        for application_id in (meituan, bytedance, acme):
            assert stage_of(store, application_id)[0] is Stage.OFFER
        assert stage_of(store, baidu) == (Stage.INTERVIEW, 1)
        assert any("Undid the acceptance of #1" in text for _, text in notifications(app))
        await until(pilot, lambda: app.dataset.get(baidu).stage is Stage.INTERVIEW)
        await until(pilot, lambda: len(_table(app).offers) == 3)
        await pilot.press("U")  # redo: the same decision again
        await settle(pilot)
        assert stage_of(store, meituan)[0] is Stage.ACCEPTED
        assert stage_of(store, baidu)[0] is Stage.WITHDRAWN
        # Decided offers show on request.
        await pilot.press("D")
        await settle(pilot)
        await until(pilot, lambda: len(_table(app).offers) == 3)
        assert {item.decision for item in _table(app).offers} == {"accepted", "declined"}


async def test_accept_only_leaves_the_others_open(make_app, store) -> None:
    meituan, bytedance, _, baidu = _three_offers(store)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open_offers(pilot, app)
        await _select(pilot, app, meituan)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert stage_of(store, meituan)[0] is Stage.ACCEPTED
        assert stage_of(store, bytedance)[0] is Stage.OFFER
        assert stage_of(store, baidu)[0] is Stage.INTERVIEW
        await pilot.press("u")
        await settle(pilot)
        assert stage_of(store, meituan)[0] is Stage.OFFER


async def test_decline_with_a_reason_and_undo(make_app, store) -> None:
    meituan, *_ = _three_offers(store)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open_offers(pilot, app)
        await _select(pilot, app, meituan)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ReasonModal)
        assert "Decline #1 Meituan" in screen_text(app)
        await pilot.press("tab")
        await type_text(pilot, "20% under the ask")
        await pilot.press("shift+tab", "4")  # salary
        await settle(pilot)
        event = services.detail(store, meituan).events[-1]
        assert (event.stage, event.reason, event.reason_text) == (
            Stage.DECLINED,
            "salary",
            "20% under the ask",
        )
        await until(pilot, lambda: meituan not in [o.application_id for o in _table(app).offers])
        await pilot.press("u")
        await settle(pilot)
        assert stage_of(store, meituan)[0] is Stage.OFFER


async def test_reject_asks_why_and_escape_records_nothing(running_app, store) -> None:
    application_id = add(store, "Baidu", "Search")
    async with running_app() as (app, pilot):
        await pilot.press("x")
        assert isinstance(app.screen, ReasonModal)
        await pilot.press("escape")
        await settle(pilot)
        assert stage_of(store, application_id)[0] is Stage.SUBMITTED
        # Free text needs a reason from the list.
        await pilot.press("x", "tab")
        await type_text(pilot, "asked about CUDA")
        await pilot.press("enter")
        assert isinstance(app.screen, ReasonModal)
        assert "needs a reason from the list" in screen_text(app)
        await pilot.press("down", "down", "enter")  # failed technical
        await settle(pilot)
        event = services.detail(store, application_id).events[-1]
        assert (event.stage, event.reason, event.reason_text) == (
            Stage.REJECTED,
            "failed technical",
            "asked about CUDA",
        )
        # Insights counts it with its reason.
        await pilot.press("i")
        await settle(pilot)
        await until(pilot, lambda: "rejected: 1 (failed technical 1)" in screen_text(app))


async def test_move_dialog_asks_why_and_whether_to_close_the_others(running_app, store) -> None:
    meituan, bytedance, _, baidu = _three_offers(store)
    async with running_app() as (app, pilot):
        await pilot.press("t")
        await _select_row(pilot, app, baidu)
        await pilot.press("m")
        assert isinstance(app.screen, MoveModal)
        rejected = list(Stage).index(Stage.REJECTED)
        await pilot.press("home", *["down"] * rejected, "enter")
        await settle(pilot)
        assert isinstance(app.screen, ReasonModal)
        await pilot.press("1")  # no headcount
        await settle(pilot)
        event = services.detail(store, baidu).events[-1]
        assert (event.stage, event.reason) == (Stage.REJECTED, "no headcount")
        await pilot.press("u")
        await settle(pilot)
        # Accepting from the move dialog asks about the others too.
        await _select_row(pilot, app, bytedance)
        await pilot.press("m")
        assert isinstance(app.screen, MoveModal)
        await pilot.press("enter")  # at offer, the suggested stage is accepted
        await settle(pilot)
        assert isinstance(app.screen, AcceptModal)
        await pilot.press("y")
        await settle(pilot)
        assert stage_of(store, bytedance)[0] is Stage.ACCEPTED
        assert stage_of(store, meituan)[0] is Stage.DECLINED
        assert stage_of(store, baidu)[0] is Stage.WITHDRAWN
        await pilot.press("u")
        await settle(pilot)
        assert stage_of(store, meituan)[0] is Stage.OFFER
        assert stage_of(store, baidu)[0] is Stage.INTERVIEW


async def test_the_detail_screen_shows_the_offer_and_O_revises_it(running_app, store) -> None:
    meituan, *_ = _three_offers(store)
    _offer(store, meituan, base="28k x 16")
    async with running_app() as (app, pilot):
        app.screen.open_detail(meituan)
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        text = screen_text(app)
        assert "448k a year (28k x 16)" in text
        assert "2 revisions" in text
        assert "answer in 2 days" in text
        assert "base revised from 26k x 16" in text
        await pilot.press("O")
        await settle(pilot)
        assert isinstance(app.screen, OfferFormModal)
        for _ in range(6):  # to Tier
            await pilot.press("tab")
        assert app.focused.id == "tier"
        await pilot.press("ctrl+u")
        await type_text(pilot, "SP")
        await pilot.press("enter")
        await settle(pilot)
        assert offer_history(store, meituan)[-1].package.tier == "SP"
        await until(pilot, lambda: "3 revisions" in screen_text(app))


async def test_offer_keys_without_a_selection_say_why(make_app, store) -> None:
    add(store, "Baidu", "Search")
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _open_offers(pilot, app)
        screen = app.screen
        assert screen.check_action("accept_offer", ()) is None  # dimmed in the footer
        await pilot.press("a", "e", "d")
        await settle(pilot)
        warnings = [text for severity, text in notifications(app) if severity == "warning"]
        assert warnings.count("select an offer first") == 3
        assert isinstance(app.screen, OffersScreen)
        assert isinstance(app.focused, OffersTable)


async def test_offers_that_cannot_be_read_keep_what_is_shown(
    make_app, store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline_tui.services import offers

    _three_offers(store)
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        table = await _open_offers(pilot, app)
        assert len(table.offers) == 3

        def broken(*args: object, **kwargs: object) -> None:
            raise StoreError("disk I/O error")

        monkeypatch.setattr(offers, "comparison_with_history", broken)
        app.screen.load()
        await settle(pilot)
        assert app.is_running
        assert app.read_problem is not None
        assert len(table.offers) == 3
        assert "cannot read the database" in _status(app)


async def test_a_refused_read_of_the_offers_is_told_not_swallowed(
    make_app, store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline_tui.errors import NotFound
    from pipeline_tui.services import offers

    _three_offers(store)
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        table = await _open_offers(pilot, app)

        def refused(*args: object, **kwargs: object) -> None:
            raise NotFound("no application #3")

        monkeypatch.setattr(offers, "comparison_with_history", refused)
        app.screen.load()
        await settle(pilot)
        assert app.is_running
        assert ("warning", "no application #3") in notifications(app)
        assert app.read_problem is None  # not a database failure
        assert len(table.offers) == 3


async def test_an_unknown_application_is_refused_under_its_field(make_app, store) -> None:
    add(store, "Baidu", "NLP engineer")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open_offers(pilot, app)
        await pilot.press("A")
        await type_text(pilot, "#99")
        await pilot.press("tab")
        await type_text(pilot, "400k/yr")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, OfferFormModal)
        assert app.focused.id == "application"
        assert "no application #99" in screen_text(app)
        await pilot.press("escape")
        assert isinstance(app.screen, OffersScreen)
        assert isinstance(app.focused, OffersTable)
