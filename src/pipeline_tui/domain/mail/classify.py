"""Name a message's kind with the rules of rules.py, and say what it is about.

`read_mail` is the one entry point: a parsed message in, a `Reading` out (kind, the rule that
fired, its confidence, the sentence that fired it, company, role, requisition id and, for an
interview, its day, time, format and round).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from pipeline_tui.domain.mail.extract import (
    Company,
    InterviewDetails,
    find_company,
    find_requisition,
    find_role,
    interview_details,
)
from pipeline_tui.domain.mail.hanzi import TABLE
from pipeline_tui.domain.mail.message import MailMessage
from pipeline_tui.domain.mail.rules import CONDITIONAL, NEGATION, RULES, MailKind, Rule

# The evidence kept with a proposal: the sentence that fired the rule, cut to this length.
EVIDENCE_LENGTH = 240
_BOUNDARY = re.compile(r"[.!?。！？\n;；]")


@dataclass(frozen=True, slots=True)
class Verdict:
    """The kind a message was given, by which rule, how sure, and the words that decided."""

    kind: MailKind
    rule: str | None
    confidence: float
    evidence: str


@dataclass(frozen=True, slots=True)
class Reading:
    """Everything the classifier says about one message."""

    message: MailMessage
    verdict: Verdict
    company: Company | None
    role: str | None
    requisition: str | None
    interview: InterviewDetails | None = None

    @property
    def kind(self) -> MailKind:
        """The message's kind."""
        return self.verdict.kind


@dataclass(frozen=True, slots=True)
class _Compiled:
    rule: Rule
    pattern: re.Pattern[str]
    near: re.Pattern[str] | None
    also: re.Pattern[str] | None
    unless: re.Pattern[str] | None


@dataclass(frozen=True, slots=True)
class _Checks:
    conditional: re.Pattern[str]
    negation: re.Pattern[str]


# What rules read: ASCII letters in lower case and Traditional characters as simplified ones,
# one character for one (so a match's position is the same in the mail as written). Rules are
# compiled in lower case too, without IGNORECASE: about twice as fast.
_FOLD = {**{code: chr(code + 32) for code in range(ord("A"), ord("Z") + 1)}, **TABLE}


def fold_for_rules(text: str) -> str:
    """Return text as rules read it (same length as text)."""
    return text.translate(_FOLD)


def _lower_pattern(pattern: str) -> str:
    """Return a pattern with its letters in lower case, escapes (\\S, \\W, \\b) kept."""
    out: list[str] = []
    escaped = False
    for char in pattern:
        out.append(char if escaped else char.lower())
        escaped = not escaped and char == "\\"
    return "".join(out)


@lru_cache(maxsize=1)
def _compiled() -> tuple[tuple[_Compiled, ...], _Checks]:
    """The rules compiled, strongest first: the first that fires is the one that wins."""
    flags = 0

    def optional(pattern: str | None) -> re.Pattern[str] | None:
        return re.compile(_lower_pattern(pattern), flags) if pattern else None

    ordered = sorted(RULES, key=lambda rule: (-rule.precedence, -rule.confidence))
    rules = tuple(
        _Compiled(
            rule,
            re.compile(
                _lower_pattern(rule.pattern), re.MULTILINE if rule.where == "subject" else 0
            ),
            optional(rule.near),
            optional(rule.also),
            optional(rule.unless),
        )
        for rule in ordered
    )
    return rules, _Checks(
        re.compile(_lower_pattern(CONDITIONAL)), re.compile(_lower_pattern(NEGATION))
    )


def check_rules() -> None:
    """Compile every rule (raising re.error for a broken pattern): what a rule test calls."""
    _compiled.cache_clear()
    _compiled()


class _Sentences:
    """A text cut into sentences once, to find the one around a match.

    Rules match `text` (Traditional characters read as simplified: the same length, so
    positions agree); the evidence is cut from `original`, as the mail wrote it.
    """

    def __init__(self, original: str) -> None:
        self.original = original
        self.text = fold_for_rules(original)
        self.starts = [0] + [found.end() for found in _BOUNDARY.finditer(self.text)]

    def around(self, start: int) -> tuple[int, str, str]:
        """Return where the sentence holding position start begins, the sentence as rules
        read it, and as the mail wrote it."""
        index = bisect_right(self.starts, start) - 1
        begin = self.starts[index]
        finish = self.starts[index + 1] if index + 1 < len(self.starts) else len(self.text)
        return begin, self.text[begin:finish], self.original[begin:finish]


def classify(message: MailMessage) -> Verdict:
    """Return the kind the strongest matching rule gives the message (other when none does)."""
    rules, checks = _compiled()
    text = fold_for_rules(f"{message.subject}\n{message.body}")
    # A rule on the whole text looks in the body first: its sentence is the better evidence.
    places = {
        "subject": (message.subject,),
        "body": (message.body,),
        "text": (message.body, message.subject),
        "sender": (f"{message.sender_name} <{message.sender_address}>",),
    }
    cut: dict[str, _Sentences] = {}
    for compiled in rules:
        rule = compiled.rule
        if compiled.unless is not None and compiled.unless.search(text):
            continue
        if compiled.also is not None and not compiled.also.search(text):
            continue
        evidence = None
        for place in places[rule.where]:
            if place not in cut:
                cut[place] = _Sentences(place)
            evidence = _find(compiled, cut[place], checks)
            if evidence is not None:
                break
        if evidence is None:
            continue
        if rule.where == "sender":
            evidence = _first_sentence(message)
        return Verdict(rule.kind, rule.name, rule.confidence, evidence)
    return Verdict(MailKind.OTHER, None, 0.6, _first_sentence(message))


def _find(compiled: _Compiled, sentences: _Sentences, checks: _Checks) -> str | None:
    """Return the sentence of the first match that counts, or None."""
    rule = compiled.rule
    for match in compiled.pattern.finditer(sentences.text):
        begin, sentence, written = sentences.around(match.start())
        if rule.where != "sender":
            if rule.stated and checks.conditional.search(sentence):
                continue
            if rule.affirmative and checks.negation.search(sentence):
                continue
            if compiled.near is not None and not compiled.near.search(sentence):
                continue
        return _excerpt(written, match.start() - begin)
    return None


def _excerpt(sentence: str, offset: int) -> str:
    """Return the sentence in one line, cut around offset to EVIDENCE_LENGTH characters."""
    flat = " ".join(sentence.split())
    if len(flat) <= EVIDENCE_LENGTH:
        return flat
    start = max(0, min(offset - EVIDENCE_LENGTH // 3, len(flat) - EVIDENCE_LENGTH))
    cut = flat[start : start + EVIDENCE_LENGTH]
    return ("…" if start else "") + cut + ("…" if start + EVIDENCE_LENGTH < len(flat) else "")


def _first_sentence(message: MailMessage) -> str:
    for line in message.body.split("\n"):
        if len(line.strip()) > 20:
            return _excerpt(line.strip(), 0)
    return _excerpt(message.subject, 0)


def read_mail(message: MailMessage, *, known: tuple[str, ...] = ()) -> Reading:
    """Classify a message and pull out its company, role, requisition id and interview details
    (none of them for `other` mail).

    known: company names already recorded (and their aliases), preferred when the message
    names one of them.
    """
    verdict = classify(message)
    if verdict.kind is MailKind.OTHER:  # about no application: nothing more to find
        return Reading(message, verdict, None, None, None)
    company = find_company(message, known=known)
    role = find_role(message, company.name if company else None)
    interview = interview_details(message) if verdict.kind is MailKind.INTERVIEW else None
    return Reading(
        message=message,
        verdict=verdict,
        company=company,
        role=role,
        requisition=find_requisition(message),
        interview=interview,
    )
