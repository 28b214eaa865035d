"""The offers screen reads the comparison and every offer's revisions in one snapshot."""

from __future__ import annotations

from datetime import date

from pipeline_tui import services
from pipeline_tui.domain.offers import OfferInput
from pipeline_tui.services.offers import (
    comparison,
    comparison_with_history,
    offer_history,
    record_offer,
)
from pipeline_tui.store.engine import Store


def test_the_comparison_comes_with_each_offers_revisions(store: Store) -> None:
    day = date(2024, 9, 16)
    ids = []
    for company in ("Baidu", "Tencent"):
        new = services.NewApplication(company, "Engineer", on=date(2024, 8, 1))
        ids.append(services.add_application(store, new).application.id)
    record_offer(store, ids[0], OfferInput(base="26k x 16"), default_currency="CNY", on=day)
    record_offer(store, ids[0], OfferInput(base="28k x 16"), default_currency="CNY", on=day)
    record_offer(store, ids[1], OfferInput(base="400k/yr"), default_currency="CNY", on=day)

    compared, history = comparison_with_history(store, today=day, preferred_currency="CNY")

    assert compared == comparison(store, today=day, preferred_currency="CNY")
    assert sorted(history) == sorted(ids)
    assert history == {number: offer_history(store, number) for number in ids}
    assert len(history[ids[0]]) == 2
