"""Which application a message is about, and what accepting it would record.

A message links, in this order, by thread (In-Reply-To / References naming a message already
linked), by requisition id, then by company (aliases, width and case folded) and role. A
confirmation that matches nothing proposes a new application; any other kind that matches
nothing, or matches several applications equally, links to none and says so: a reply linked
to the wrong application is worse than one the user links by hand.

Messages are linked oldest first, and each one changes what the next sees: a confirmation
read in the same run (or still waiting in the review queue) is where a later reply goes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from pipeline_tui.domain.mail.classify import Reading
from pipeline_tui.domain.mail.companies import Aliases
from pipeline_tui.domain.mail.rules import MailKind
from pipeline_tui.domain.stages import Stage

# How much a link's own certainty weighs on the rule's confidence.
LINK_WEIGHT = {
    "thread": 1.0,
    "requisition": 1.0,
    "company and role": 1.0,
    "new": 1.0,
    "company": 0.93,
    "company, other role": 0.6,
    "ambiguous": 0.5,
    "none": 0.5,
}
_WORD = re.compile(r"[a-z0-9]+|[\u4e00-\u9fff]")


@dataclass
class Tracked:
    """An application as linking sees it: recorded (application_id), or still to be recorded
    by a pending confirmation (proposal: its id in the review queue; message_index: its place
    among the messages of this run)."""

    company: str
    role: str | None
    stage: Stage
    application_id: int | None = None
    proposal: int | None = None
    message_index: int | None = None
    rounds: int = 0
    had_offer: bool = False
    archived: bool = False
    requisitions: set[str] = field(default_factory=set)
    message_ids: set[str] = field(default_factory=set)


@dataclass(frozen=True, slots=True)
class Link:
    """Where a message goes and what accepting it records.

    application_id: the recorded application it links to. after_proposal / after_message: the
    queued proposal, or the message of this run (by its index), whose acceptance records the
    application first.
    how: thread, requisition, company and role, company, "company, other role" (the one
    application there names another role), new (a new application), ambiguous, none. stage
    is None when accepting would record nothing (reason says why).
    """

    how: str
    stage: Stage | None
    application_id: int | None = None
    after_proposal: int | None = None
    after_message: int | None = None
    round: int | None = None
    reason: str | None = None
    # The linked application's company and role (None for a new or unlinked message).
    company: str | None = None
    role: str | None = None

    @property
    def weight(self) -> float:
        """How much the link's certainty multiplies the rule's confidence by."""
        return LINK_WEIGHT.get(self.how, 0.5)


class Linker:
    """Links messages, oldest first, against what is recorded and what is queued."""

    def __init__(self, tracked: Iterable[Tracked], aliases: Aliases) -> None:
        self.tracked = list(tracked)
        self.aliases = aliases
        self._by_message: dict[str, Tracked] = {}
        self._by_requisition: dict[str, list[Tracked]] = {}
        self._by_company: dict[str, list[Tracked]] = {}
        for item in self.tracked:
            self._index(item)
            self._add_company(item)

    def _add_company(self, item: Tracked) -> None:
        self._by_company.setdefault(self.aliases.key(item.company), []).append(item)

    def _index(self, item: Tracked) -> None:
        for message_id in item.message_ids:
            self._by_message[message_id] = item
        for requisition in item.requisitions:
            bucket = self._by_requisition.setdefault(requisition, [])
            if item not in bucket:
                bucket.append(item)

    def known_companies(self) -> tuple[str, ...]:
        """Company names recorded or queued, for the classifier to prefer."""
        return tuple(dict.fromkeys(item.company for item in self.tracked))

    def link(self, reading: Reading, index: int) -> Link:
        """Link one message (index: its place in this run) and remember it for the next."""
        kind = reading.kind
        if kind is MailKind.OTHER:
            return Link("none", None, reason="not about an application")
        target, how, candidates = self._find(reading)
        if target is None and kind is MailKind.CONFIRMATION and reading.company is not None:
            target = Tracked(
                company=reading.company.name,
                role=reading.role,
                stage=Stage.SAVED,
                message_index=index,
            )
            self.tracked.append(target)
            self._add_company(target)
            self._remember(target, reading, Stage.SUBMITTED, None)
            return Link("new", Stage.SUBMITTED)
        if target is None:
            why = (
                f"matches {len(candidates)} applications"
                if candidates
                else "no application matches"
            )
            stage, round_number, _ = proposed_stage(kind, None, _stated_round(reading))
            return Link(how, stage, round=round_number, reason=why)
        stage, round_number, reason = proposed_stage(kind, target, _stated_round(reading))
        self._remember(target, reading, stage, round_number)
        return Link(
            how,
            stage,
            application_id=target.application_id,
            after_proposal=target.proposal if target.application_id is None else None,
            after_message=target.message_index if target.application_id is None else None,
            round=round_number,
            reason=reason,
            company=target.company,
            role=target.role,
        )

    def _find(self, reading: Reading) -> tuple[Tracked | None, str, tuple[int, ...]]:
        message = reading.message
        for message_id in message.thread:
            found = self._by_message.get(message_id)
            if found is not None:
                return found, "thread", ()
        if reading.requisition:
            bucket = self._by_requisition.get(reading.requisition, [])
            if len(bucket) == 1:
                return bucket[0], "requisition", ()
        if reading.company is None:
            return None, "none", ()
        same = [
            item
            for item in self._companies(reading.company.name)
            if not item.archived and not _other_requisition(item, reading.requisition)
        ]
        if not same:
            return None, "none", ()
        other_role = False
        if reading.role:
            fitting = [item for item in same if role_matches(item.role, reading.role)]
            if len(fitting) == 1:
                return fitting[0], "company and role", ()
            if fitting:
                same = fitting
            else:
                other_role = all(item.role for item in same)
        if other_role and reading.kind is MailKind.CONFIRMATION:
            return None, "none", ()  # a confirmation for another role is another application
        how = "company, other role" if other_role else "company"
        open_ones = [item for item in same if item.stage.is_open]
        if len(same) == 1:
            return same[0], how, ()
        if len(open_ones) == 1:
            return open_ones[0], how, ()
        ids = tuple(item.application_id for item in same if item.application_id is not None)
        return None, "ambiguous", ids

    def _companies(self, named: str) -> list[Tracked]:
        """Applications to the company named: the same key (aliases, width and case folded),
        else one key starting with the other ("Acme" and "Acme Robotics")."""
        key = self.aliases.key(named)
        if not key:
            return []
        found = self._by_company.get(key)
        if found:
            return found
        if len(key) < 4:
            return []
        return [
            item
            for other, items in self._by_company.items()
            if len(other) >= 4 and (other.startswith(key) or key.startswith(other))
            for item in items
        ]

    def _remember(
        self, target: Tracked, reading: Reading, stage: Stage | None, round_number: int | None
    ) -> None:
        if reading.message.message_id:
            target.message_ids.add(reading.message.message_id)
            self._by_message[reading.message.message_id] = target
        if reading.requisition:
            target.requisitions.add(reading.requisition)
            self._index(target)
        if target.role is None and reading.role:
            target.role = reading.role
        if stage is None:
            return
        if stage is Stage.INTERVIEW:
            target.rounds = max(target.rounds, round_number or target.rounds + 1)
        if stage is Stage.OFFER:
            target.had_offer = True
        target.stage = stage


def proposed_stage(
    kind: MailKind, target: Tracked | None, stated: int | None
) -> tuple[Stage | None, int | None, str | None]:
    """Return the stage (and interview round) accepting would record, or None and why not;
    stated: the interview round the message names."""
    current = target.stage if target is not None else None
    if kind is MailKind.CONFIRMATION:
        if current in (None, Stage.SAVED):
            return Stage.SUBMITTED, None, None
        return None, None, "already submitted"
    if kind in (MailKind.SCREENING, MailKind.ASSESSMENT):
        if current is None or current in (Stage.SAVED, Stage.SUBMITTED) or current.is_closed:
            return Stage.SCREENING, None, None
        return None, None, f"already at {current}"
    if kind is MailKind.INTERVIEW:
        if target is None:
            return Stage.INTERVIEW, stated, None
        if current is Stage.OFFER:
            return None, None, "already at offer"
        if stated is not None and stated <= target.rounds:
            return None, None, f"interview round {stated} is already recorded"
        return Stage.INTERVIEW, stated or target.rounds + 1, None
    if kind is MailKind.OFFER:
        if target is not None and target.had_offer:
            return None, None, "an offer is already recorded"
        return Stage.OFFER, None, None
    if kind is MailKind.REJECTION:
        if current is not None and current.is_closed:
            return None, None, f"already closed ({current})"
        return Stage.REJECTED, None, None
    return None, None, "not about an application"


def _other_requisition(item: Tracked, requisition: str | None) -> bool:
    """True when both name a requisition id and they differ: two openings."""
    return bool(requisition and item.requisitions and requisition not in item.requisitions)


def _stated_round(reading: Reading) -> int | None:
    return reading.interview.round if reading.interview else None


def role_matches(recorded: str | None, named: str) -> bool:
    """True when two role names plausibly mean the same opening (most words shared)."""
    if not recorded:
        return False
    one, two = _words(recorded), _words(named)
    if not one or not two:
        return False
    shared = len(one & two)
    return shared / min(len(one), len(two)) >= 0.6


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.casefold()))


def sort_key(reading: Reading, index: int) -> tuple[date, int]:
    """Oldest first; messages without a date keep their place after the dated ones."""
    return (reading.message.sent_on or date.max, index)


def by_date(readings: Sequence[Reading]) -> list[int]:
    """Return the indexes of readings, oldest message first."""
    return sorted(range(len(readings)), key=lambda index: sort_key(readings[index], index))
