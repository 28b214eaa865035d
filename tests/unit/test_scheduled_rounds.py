"""Interview rounds ahead and rounds cancelled by a close, in the funnel maths and the export."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from pipeline_tui.domain.exporting import level_dates
from pipeline_tui.domain.funnel import Level, as_of, interview_rounds_reached, progress
from pipeline_tui.domain.models import Event, derive
from pipeline_tui.domain.stages import Stage

TODAY = date(2024, 9, 16)
RECORDED = datetime(2024, 9, 16, 12, tzinfo=UTC)  # typed in at noon (UTC) today


def _history(*steps: tuple[Stage, date, int | None]) -> list[Event]:
    return [
        Event(number, 1, "stage", stage, round_, day, None, RECORDED)
        for number, (stage, day, round_) in enumerate(steps, 1)
    ]


SENT = (Stage.SUBMITTED, date(2024, 9, 2), None)


def test_a_round_ahead_is_an_answer_now_and_an_interview_on_its_day() -> None:
    events = _history(SENT, (Stage.INTERVIEW, date(2024, 9, 20), 1))
    now = progress(events, today=TODAY)
    assert (now.reached, now.round, now.scheduled) == (Level.SCREENED, None, True)
    assert now.replied_on == TODAY  # when it was recorded, not the round's day
    then = progress(events, today=date(2024, 9, 20))
    assert (then.reached, then.round, then.scheduled) == (Level.INTERVIEWED, 1, False)
    stored = progress(events)  # what the columns hold: no day, every round counts
    assert (stored.reached, stored.round) == (Level.INTERVIEWED, 1)


def test_a_round_after_the_close_never_happened() -> None:
    events = _history(
        SENT,
        (Stage.INTERVIEW, date(2024, 9, 9), 1),
        (Stage.INTERVIEW, date(2024, 9, 20), 2),
        (Stage.WITHDRAWN, date(2024, 9, 12), None),
    )
    made = progress(events, today=date(2024, 10, 1))
    assert (made.reached, made.round, made.scheduled) == (Level.INTERVIEWED, 1, False)
    assert derive(events).round == 1
    only_ahead = _history(
        SENT, (Stage.INTERVIEW, date(2024, 9, 20), 1), (Stage.REJECTED, TODAY, None)
    )
    assert progress(only_ahead, today=date(2024, 10, 1)).reached == Level.SCREENED
    dates = level_dates(only_ahead)
    assert (dates["screened_on"], dates["interviewed_on"]) == (TODAY, None)


def test_a_round_recorded_again_as_held_is_done() -> None:
    events = _history(SENT, (Stage.INTERVIEW, date(2024, 9, 25), 1), (Stage.INTERVIEW, TODAY, 1))
    made = progress(events, today=TODAY)
    assert (made.reached, made.round, made.scheduled) == (Level.INTERVIEWED, 1, False)


OPEN_STAGES_AFTER = [Stage.SCREENING, Stage.INTERVIEW, Stage.OFFER]


@given(
    st.lists(
        st.tuples(
            st.sampled_from(OPEN_STAGES_AFTER),
            st.integers(-20, 20),
            st.one_of(st.none(), st.integers(1, 4)),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_the_report_shortcut_agrees_with_the_events(steps) -> None:
    """store/scheduled.py moves an open application with domain.funnel.as_of from its stored
    columns and its highest rounds held and ahead; the events say the same."""
    events = _history(
        SENT,
        *(
            (stage, TODAY + timedelta(days=offset), round_ if stage is Stage.INTERVIEW else None)
            for stage, offset, round_ in steps
        ),
    )
    if derive(events).stage.is_closed:
        return
    rounds = [
        (event.round or 1, event.occurred_on) for event in events if event.stage is Stage.INTERVIEW
    ]
    held = max((number for number, day in rounds if day <= TODAY), default=0)
    ahead = max((number for number, day in rounds if day > TODAY), default=0)
    stored = progress(events)
    level, reached_rounds, scheduled = (
        as_of(stored.reached, held, ahead)
        if rounds
        else (stored.reached, interview_rounds_reached(stored.reached, None), False)
    )
    expected = progress(events, today=TODAY)
    assert level == expected.reached
    assert reached_rounds == interview_rounds_reached(expected.reached, expected.round)
    assert scheduled == expected.scheduled
