"""The Insights screen tells the truth about uncertainty and time: each conversion with its 95%
interval, conversion by a chosen group with its verdict, the reply-time curve with its plain
words, and the forecast; an empty database gets a hint. Every figure is checked against the
services that compute it, so the screen cannot drift from `pipeline funnel`, `replies` and
`forecast`."""

from __future__ import annotations

from datetime import date, timedelta

from rich.cells import cell_len
from textual.widgets import Select, Static
from tui_helpers import SIZE, add, loaded, screen_text, settle

from pipeline_tui import services
from pipeline_tui.domain.funnel import FunnelFilter
from pipeline_tui.domain.replies import reply_curve
from pipeline_tui.domain.stats import Need
from pipeline_tui.reports.insights import reply_sentences, time_span
from pipeline_tui.reports.layout import rate, verdict
from pipeline_tui.services import insights, reports
from pipeline_tui.store.engine import Store
from pipeline_tui.tui.widgets.drawn import Drawn
from pipeline_tui.tui.widgets.insights import InsightsView
from pipeline_tui.tui.widgets.insights_groups import groups_content
from pipeline_tui.tui.widgets.reply_chart import axis_floor, survival_chart

TODAY = date(2024, 9, 16)  # tests/conftest.py pins it
SENT = date(2024, 8, 1)


def _seed(store: Store) -> None:
    """Forty applications sent on one day: CV v1 answered 18 times in 20 (after 1..18 days),
    CV v2 answered twice in 20; a difference the two-proportion test calls real."""
    for index in range(20):
        first = add(store, f"Alpha {index}", "Eng", on=SENT, cv="v1", source="referral")
        if index < 18:
            services.move(store, first, "screening", on=SENT + timedelta(days=index + 1))
        second = add(store, f"Beta {index}", "Eng", on=SENT, cv="v2", source="job board")
        if index < 2:
            services.move(store, second, "rejected", on=SENT + timedelta(days=3))


def _drawn(app, selector: str) -> str:
    return app.screen.query_one(selector, Drawn).text


def _static(app, selector: str) -> str:
    """The plain text a Static shows (a Text or a Content)."""
    content = app.screen.query_one(selector, Static).content
    return content if isinstance(content, str) else content.plain


async def _open_insights(pilot) -> None:
    await loaded(pilot)
    await pilot.press("i")
    await settle(pilot)


async def test_each_conversion_shows_its_wilson_interval_as_services_compute_it(
    make_app, store
) -> None:
    _seed(store)
    funnel = services.funnel(store, FunnelFilter(), today=TODAY, ghost_after_days=30)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open_insights(pilot)
        text = _drawn(app, "#funnel")
        for level in funnel.levels[1:]:
            line = next(row for row in text.splitlines() if row.startswith(level.level))
            assert rate(level.of_previous, level.of_previous_ci) in line
            assert rate(level.of_submitted, level.of_submitted_ci) in line
        replied = funnel.levels[1]
        assert replied.count == 20
        assert "50.0% (35.2–64.8)" in text  # 20 of 40, Wilson 95%
        assert "in brackets: the 95% interval" in text


async def test_choosing_cv_shows_the_groups_with_intervals_and_a_verdict(make_app, store) -> None:
    _seed(store)
    grouped = reports.funnel_by(store, FunnelFilter(), "cv", today=TODAY, ghost_after_days=30)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open_insights(pilot)
        assert "referral" in _drawn(app, "#groups")  # by source at first
        # The keyboard way: tab from the follow-ups list to the choice, open it, go up to CV.
        assert app.focused is app.screen.query_one("#follow-ups")
        await pilot.press("tab", "enter", "home", "enter")
        await settle(pilot)
        assert app.screen.query_one("#by-choice", Select).value == "cv"
        text = _drawn(app, "#groups")
        assert "referral" not in text
        for group in grouped.groups:
            replied = group.report.levels[1]
            row = next(line for line in text.splitlines() if line.startswith(group.key or "-"))
            assert f"{group.report.submitted:,}" in row
            assert rate(replied.of_submitted, replied.of_submitted_ci) in row
            said = verdict(group.comparisons[0], group.report.submitted, grouped.min_group_size)
            assert said in text
        assert "real: higher than the others (10.0%)" in text
        assert "real: lower than the others (90.0%)" in text


async def test_the_level_choice_reads_the_groups_at_another_level(make_app, store) -> None:
    _seed(store)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open_insights(pilot)
        app.screen.query_one("#by-choice", Select).value = "cv"
        app.screen.query_one("#level-choice", Select).value = "offer"
        await settle(pilot)
        text = _drawn(app, "#groups")
        assert "offer" in text.splitlines()[0]
        assert "Too few offer to compare (0 in all)." in text


async def test_small_groups_show_counts_only(make_app, store) -> None:
    for index in range(25):
        add(store, f"Big {index}", "Eng", on=SENT, cv="v1")
    for index in range(3):
        add(store, f"Small {index}", "Eng", on=SENT, cv="v9")
    for application_id in range(1, 7):
        services.move(store, application_id, "screening", on=SENT + timedelta(days=2))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open_insights(pilot)
        app.screen.query_one("#by-choice", Select).value = "cv"
        await settle(pilot)
        text = _drawn(app, "#groups")
        assert "counts only (3 sent, under 20)" in text


async def test_the_reply_curve_is_drawn_and_its_median_line_matches_the_services(
    make_app, store
) -> None:
    _seed(store)
    curve = insights.reply_curve_of(store, today=TODAY)
    assert curve.median_days is not None
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open_insights(pilot)
        chart = _drawn(app, "#reply-chart")
        assert "100%┤" in chart and "█" in chart and "days" in chart
        assert len(chart.splitlines()) >= 8
        median_line = reply_sentences(curve)[0]
        assert median_line.startswith("Half of the applications got an answer within")
        assert f"{curve.median_days:g} days" in median_line
        lines = _static(app, "#reply-lines")
        assert median_line in lines.splitlines()
        assert "never hear back" in lines
        assert "40 sent · 20 answered" in _static(app, "#replies-title")


async def test_the_forecast_shows_each_goal_with_its_range_and_this_week(make_app, store) -> None:
    _seed(store)
    forecast = insights.forecast(store, today=TODAY)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open_insights(pilot)
        text = _static(app, "#forecast")
        interview = forecast.goal("interview")
        assert f"rate {rate(interview.rate, interview.rate_ci)}" in text
        assert "one more offer" in text
        assert "This week (2024-W38): 0 sent" in text


async def test_an_empty_database_shows_a_hint_not_a_crash(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await _open_insights(pilot)
        assert app.is_running
        assert "No submitted applications yet" in screen_text(app)
        assert "No submitted applications to group yet." in _drawn(app, "#groups")
        assert not app.screen.query_one("#reply-chart").display
        assert "no rate to go by" in _static(app, "#forecast")
        assert not [notice for notice in app.notices if notice[0] == "error"]


async def test_at_80x24_the_groups_are_reached_by_scrolling(make_app, store) -> None:
    _seed(store)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_insights(pilot)
        view = app.screen.query_one(InsightsView)
        assert view.max_scroll_y > 0
        choice = app.screen.query_one("#by-choice", Select)
        choice.focus()
        await settle(pilot)
        assert view.scroll_y > 0
        assert choice.region.y < 24


# The drawing itself, without an app.


def test_the_share_axis_starts_at_a_round_share_under_the_curve() -> None:
    assert axis_floor(0.924) == 0.9  # steps of 2%, a little room under the lowest point
    assert axis_floor(0.4) == 0.2
    assert axis_floor(1.0) == 0.0  # a curve that never moves is drawn from 0
    assert axis_floor(0.0) == 0.0


def test_the_chart_fits_its_width_and_mutes_the_days_after_the_silent_day() -> None:
    answered = [(day, True, 1) for day in range(1, 26)]
    curve = reply_curve(None, [*answered, (60, False, 25)], min_group_size=20)
    facts = curve.facts()
    assert facts is not None
    chart = survival_chart(curve, 50)
    lines = chart.plain.splitlines()
    assert lines[0] == "share still waiting, by days since sent"  # the long one is 58 cells
    assert lines[1].startswith("100%┤") and lines[6].startswith(" 40%┤")
    assert all(cell_len(line) <= 50 for line in lines)
    assert lines[7].startswith("    └┬") and lines[8].split()[0] == "0"
    assert f"after day {facts.silent_day}" in lines[9]
    muted = [span for span in chart.spans if str(span.style) == "$primary-muted"]
    assert muted  # the flat silence after the answers


def test_no_applications_draw_no_chart() -> None:
    curve = reply_curve(None, [])
    assert survival_chart(curve, 60).plain == "No submitted applications yet: no curve to draw."


def test_verdicts_sit_on_the_row_when_it_is_wide_enough(store) -> None:
    _seed(store)
    grouped = reports.funnel_by(store, FunnelFilter(), "cv", today=TODAY, ghost_after_days=30)
    wide = groups_content(grouped, "replied", 116).plain.splitlines()
    assert wide[0].endswith("against the other groups")
    assert wide[1].startswith("v1") and "real: higher than the others (10.0%)" in wide[1]
    narrow = groups_content(grouped, "replied", 46).plain.splitlines()
    assert narrow[1].startswith("v1") and "real" not in narrow[1]
    assert narrow[2] == "  real: higher than the others (10.0%)"
    assert all(cell_len(line.rstrip()) <= 46 for line in narrow[:5])


def test_a_fast_pace_reads_in_days_not_zero_weeks() -> None:
    assert time_span(Need(2.0, 1.5, 3.0)) == "about 2.0 weeks (1.5–3.0)"
    assert time_span(Need(0.5, 0.4, 0.6)) == "about 3.5 days (2.8–4.2)"
    assert time_span(Need(None, 0.2, None)) == "at least 0.2 weeks (none so far)"
