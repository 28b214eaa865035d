"""Stage names, aliases and the rules for moving between stages."""

import pytest

from pipeline_tui.domain.stages import Stage, StageError, check_move, parse_stage
from pipeline_tui.errors import ForceReason, NeedsForce


@pytest.mark.parametrize(
    ("text", "stage"),
    [
        ("submitted", Stage.SUBMITTED),
        ("Applied", Stage.SUBMITTED),
        (" OA ", Stage.SCREENING),
        ("hr", Stage.SCREENING),
        ("replied", Stage.SCREENING),
        ("assessment", Stage.SCREENING),
        ("reject", Stage.REJECTED),
        ("GHOSTED", Stage.GHOSTED),
    ],
)
def test_stage_names_and_aliases(text: str, stage: Stage) -> None:
    assert parse_stage(text) is stage


def test_unknown_stage_lists_the_valid_ones() -> None:
    with pytest.raises(StageError) as caught:
        parse_stage("hired")
    message = str(caught.value)
    assert "'hired'" in message
    assert "saved, submitted, screening, interview, offer" in message


@pytest.mark.parametrize(
    ("current", "target", "had_offer"),
    [
        (Stage.SUBMITTED, Stage.INTERVIEW, False),  # skipping stages forward is fine
        (Stage.SAVED, Stage.OFFER, False),
        (Stage.INTERVIEW, Stage.INTERVIEW, False),  # the next round
        (Stage.SCREENING, Stage.SCREENING, False),  # a second assessment
        (Stage.INTERVIEW, Stage.REJECTED, False),
        (Stage.SAVED, Stage.WITHDRAWN, False),
        (Stage.OFFER, Stage.ACCEPTED, True),
        (Stage.OFFER, Stage.DECLINED, True),
    ],
)
def test_allowed_moves(current: Stage, target: Stage, had_offer: bool) -> None:
    check_move(current, target, had_offer=had_offer, force=False)


@pytest.mark.parametrize(
    ("current", "target", "had_offer", "reason", "words"),
    [
        (Stage.INTERVIEW, Stage.SCREENING, False, ForceReason.BACKWARDS, "backwards"),
        (Stage.REJECTED, Stage.INTERVIEW, False, ForceReason.REOPEN, "closed"),
        (Stage.ACCEPTED, Stage.DECLINED, True, ForceReason.REOPEN, "closed"),
        (Stage.INTERVIEW, Stage.ACCEPTED, False, ForceReason.NEEDS_OFFER, "needs an offer"),
        (Stage.SCREENING, Stage.DECLINED, False, ForceReason.NEEDS_OFFER, "needs an offer"),
        (Stage.SAVED, Stage.REJECTED, False, ForceReason.NOT_SUBMITTED, "never submitted"),
        (Stage.SUBMITTED, Stage.SUBMITTED, False, ForceReason.REPEAT, "already"),
    ],
)
def test_refused_moves_unless_forced(
    current: Stage, target: Stage, had_offer: bool, reason: ForceReason, words: str
) -> None:
    with pytest.raises(NeedsForce, match=words) as refused:
        check_move(current, target, had_offer=had_offer, force=False)
    assert refused.value.reason is reason
    assert "--force" not in str(refused.value)
    check_move(current, target, had_offer=had_offer, force=True)
