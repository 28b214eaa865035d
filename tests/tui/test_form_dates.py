"""Dates in forms: the offer form's On field is a hint until typed, and a date the rules find
wrong is asked about ("Record anyway?"), never answered by ticking Force behind the user's back."""

from __future__ import annotations

from datetime import date

from textual.widgets import Checkbox, Input
from tui_helpers import SIZE, add, loaded, screen_text, settle, stage_of, type_text

from pipeline_tui import services
from pipeline_tui.domain.offers import OfferInput
from pipeline_tui.domain.stages import Stage
from pipeline_tui.services.offers import offer_history, record_offer
from pipeline_tui.tui.screens.confirm_modal import ConfirmModal
from pipeline_tui.tui.screens.move_modal import MoveModal
from pipeline_tui.tui.screens.offer_form import OfferFormModal


def _interviewing(store) -> int:
    baidu = add(store, "百度", "NLP engineer", on=date(2024, 9, 3))
    services.move(store, baidu, "interview", on=date(2024, 9, 10))
    return baidu


async def _offer_form(pilot, app) -> OfferFormModal:
    await loaded(pilot)
    await pilot.press("O")
    await settle(pilot)
    assert isinstance(app.screen, OfferFormModal)
    return app.screen


async def test_the_on_field_shows_a_hint_and_empty_means_today(make_app, store) -> None:
    baidu = _interviewing(store)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _offer_form(pilot, app)
        on = form.query_one("#on", Input)
        assert on.value == ""
        assert "today" in on.placeholder
        await type_text(pilot, "26k x 16")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, OfferFormModal)
        (offer,) = offer_history(store, baidu)
        assert stage_of(store, baidu)[0] is Stage.OFFER
        assert services.detail(store, baidu).events[-1].occurred_on == date(2024, 9, 16)
        assert offer.package.base_per_year == 16


async def test_a_revision_starts_with_the_hint_not_today(make_app, store) -> None:
    baidu = _interviewing(store)
    record_offer(store, baidu, OfferInput(base="26k x 16"), default_currency="CNY")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        form = await _offer_form(pilot, app)
        assert form.query_one("#base", Input).value == "26k x 16"
        assert form.query_one("#on", Input).value == ""


async def test_a_future_date_in_the_offer_form_is_asked_and_force_stays_unticked(
    make_app, store
) -> None:
    baidu = _interviewing(store)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _offer_form(pilot, app)
        await type_text(pilot, "26k x 16")
        form.query_one("#on", Input).focus()
        await type_text(pilot, "tomorrow")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        assert "after today" in screen_text(app)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is form
        assert form.query_one("#force", Checkbox).value is False
        assert "not recorded" in screen_text(app)
        assert offer_history(store, baidu) == []
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await settle(pilot)
        assert not isinstance(app.screen, (OfferFormModal, ConfirmModal))
        assert len(offer_history(store, baidu)) == 1
        assert services.detail(store, baidu).events[-1].occurred_on == date(2024, 9, 17)


async def test_a_move_dated_before_the_submission_is_asked(make_app, store) -> None:
    baidu = add(store, "百度", "NLP engineer", on=date(2024, 9, 3))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, MoveModal)
        dialog = app.screen
        await pilot.press("tab", "ctrl+a", "ctrl+k")
        assert app.focused.id == "on"
        await type_text(pilot, "2024-09-01")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        assert "before" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is dialog
        assert dialog.query_one("#force", Checkbox).value is False
        assert stage_of(store, baidu) == (Stage.SUBMITTED, None)
