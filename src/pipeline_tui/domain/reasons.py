"""Why an application ended: a reason from a short configurable list, plus optional free text."""

from __future__ import annotations

from collections.abc import Sequence

from pipeline_tui.domain.stages import Stage
from pipeline_tui.domain.text import fold
from pipeline_tui.errors import InvalidValue

DEFAULT_REASONS: tuple[str, ...] = (
    "no headcount",
    "failed technical",
    "failed behavioural",
    "salary",
    "location",
    "role fit",
    "accepted elsewhere",
    "other",
)
# The reason recorded on the applications an acceptance closes.
ACCEPTED_ELSEWHERE = "accepted elsewhere"
# Stages that may say why: the employer's rejection, and your own withdrawal or decline.
STAGES_WITH_REASON: frozenset[Stage] = frozenset({Stage.REJECTED, Stage.WITHDRAWN, Stage.DECLINED})
MAX_REASON_TEXT = 500


def _words_match(typed: list[str], reason: str) -> bool:
    """True when every typed word starts a word of reason, in order ("tech" is failed technical)."""
    words = fold(reason).split()
    position = 0
    for word in typed:
        while position < len(words) and not words[position].startswith(word):
            position += 1
        if position == len(words):
            return False
        position += 1
    return True


def parse_reason(text: str, reasons: Sequence[str]) -> tuple[str, str | None]:
    """Return (reason, free text) from "failed technical" or "salary: 20% under the ask".

    The reason is one of reasons, named in full or by the starts of its words ("tech",
    "fail beh"), ignoring case; what follows the first colon is free text.
    """
    head, _, tail = text.partition(":")
    free = " ".join(tail.split()) or None
    typed = fold(head).split()
    listed = ", ".join(reasons)
    if not typed:
        raise InvalidValue("reason", f"reason: name one of {listed}")
    exact = [reason for reason in reasons if fold(reason).split() == typed]
    found = exact or [reason for reason in reasons if _words_match(typed, reason)]
    if len(found) != 1:
        which = "matches several reasons" if found else "is not a reason"
        raise InvalidValue(
            "reason",
            f'reason: "{head.strip()}" {which}; name one of {listed} (free text may follow a '
            'colon: "salary: 20% under the ask")',
        )
    if free is not None and len(free) > MAX_REASON_TEXT:
        raise InvalidValue(
            "reason", f"reason: the text is longer than {MAX_REASON_TEXT} characters"
        )
    return found[0], free


def check_reason(stage: Stage, reason: str | None, text: str | None) -> None:
    """Raise InvalidValue when a reason is given for a stage that takes none."""
    if text is not None and reason is None:
        raise InvalidValue("reason", "reason: free text needs a reason from the list")
    if reason is not None and stage not in STAGES_WITH_REASON:
        raise InvalidValue(
            "reason", f"reason: only rejected, withdrawn and declined take a reason, not {stage}"
        )


def describe_reason(reason: str | None, text: str | None) -> str | None:
    """Return "failed technical: asked about CUDA", "salary", or None."""
    if reason is None:
        return None
    return f"{reason}: {text}" if text else reason
