"""What a header or a status cell means, read from the words in domain/import_words.py.

Both are normalised the same way (`words_of`): width (NFKC), case, accents, camelCase split,
and every character that is not a letter or digit (punctuation, emoji, `_`, `-`, `/`) is a
space. A text then *contains* a vocabulary word as described in import_words.py; the longest
word found decides.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Generic, TypeVar

from pipeline_tui.domain import import_words as words
from pipeline_tui.domain.stages import ALIASES, Stage

_Value = TypeVar("_Value")

_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_NOT_WORD = re.compile(r"[\W_]+")
# A "word" of a Latin phrase this long or longer also matches the start or end of a longer
# word ("interview" in "interviewing", "datum" in "Bewerbungsdatum").
_PART = 5


def _cjk(char: str) -> bool:
    return "\u2e80" <= char <= "\u9fff" or "\uac00" <= char <= "\ud7af" or char >= "\uf900"


def words_of(text: str) -> str:
    """Return text as compared: width, case, accents, punctuation and camelCase ignored.

    "Durum / Sonuç" -> "durum sonuc"; "currentStatus" -> "current status"; "ＪＯＢ＿ＴＩＴＬＥ"
    -> "job title"; "Ghosted (no reply) 👻" -> "ghosted no reply".
    """
    text = _CAMEL.sub(" ", unicodedata.normalize("NFKC", text))
    text = text.replace("ı", "i").casefold()
    if not text.isascii():
        text = "".join(
            char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char)
        )
        text = unicodedata.normalize("NFC", text)
    return " ".join(_NOT_WORD.sub(" ", text).split())


@dataclass(frozen=True, slots=True)
class _Entry(Generic[_Value]):
    tokens: tuple[str, ...]
    compact: str
    cjk: bool
    value: _Value


@dataclass(frozen=True, slots=True)
class Match(Generic[_Value]):
    """A vocabulary word found in a text: where (in the text without spaces) and its value."""

    start: int
    end: int
    value: _Value

    @property
    def length(self) -> int:
        """How many characters the word covers; longer words are more specific."""
        return self.end - self.start


class Vocabulary(Generic[_Value]):
    """Words (already normalised by words_of) with the value each stands for."""

    def __init__(self, items: Iterable[tuple[str, _Value]]) -> None:
        self.exact: dict[str, _Value] = {}
        self._entries: list[_Entry[_Value]] = []
        for phrase, value in items:
            normal = words_of(phrase)
            if not normal:
                continue
            self.exact.setdefault(normal, value)
            compact = normal.replace(" ", "")
            cjk = any(_cjk(char) for char in compact)
            self._entries.append(_Entry(tuple(normal.split()), compact, cjk, value))

    def matches(self, normal: str) -> list[Match[_Value]]:
        """Return every word found in an already normalised text."""
        tokens = normal.split()
        starts: list[int] = []
        position = 0
        for token in tokens:
            starts.append(position)
            position += len(token)
        compact = "".join(tokens)
        found: list[Match[_Value]] = []
        for entry in self._entries:
            if entry.cjk:
                at = compact.find(entry.compact)
                while at >= 0:
                    found.append(Match(at, at + len(entry.compact), entry.value))
                    at = compact.find(entry.compact, at + 1)
                continue
            size = len(entry.tokens)
            for index in range(len(tokens) - size + 1):
                if all(
                    _token_matches(word, tokens[index + offset])
                    for offset, word in enumerate(entry.tokens)
                ):
                    first, last = tokens[index], tokens[index + size - 1]
                    head, tail = entry.tokens[0], entry.tokens[-1]
                    start = starts[index]
                    if first != head and not first.startswith(head):  # a word's end
                        start += len(first) - len(head)
                    end = starts[index + size - 1] + len(last)
                    if last != tail and last.startswith(tail):  # a word's start
                        end -= len(last) - len(tail)
                    found.append(Match(start, end, entry.value))
        return found


def _token_matches(word: str, token: str) -> bool:
    if word == token:
        return True
    return len(word) >= _PART and (token.startswith(word) or token.endswith(word))


def best(found: list[Match[_Value]]) -> list[Match[_Value]]:
    """Return the matches that do not overlap a longer one, longest first."""
    kept: list[Match[_Value]] = []
    for match in sorted(found, key=lambda item: -item.length):
        if all(match.end <= other.start or match.start >= other.end for other in kept):
            kept.append(match)
    return kept


# Headers


@dataclass(frozen=True, slots=True)
class HeaderMeaning:
    """The field a header names and how sure that is (a longer word found scores higher)."""

    field: str
    score: int
    word: str  # the words that decided, for the preview ("status" + "date")


@cache
def _header_vocabulary() -> Vocabulary[str]:
    return Vocabulary(
        (word, field)
        for field, languages in words.HEADER_WORDS.items()
        for language_words in languages.values()
        for word in language_words
    )


@cache
def _date_vocabularies() -> tuple[Vocabulary[str], Vocabulary[str]]:
    dates = Vocabulary((word, "date") for word in words.DATE_WORDS)
    subjects = Vocabulary(
        (word, field) for field, names in words.DATE_SUBJECTS.items() for word in names
    )
    return dates, subjects


_FIELD_ORDER = {name: rank for rank, name in enumerate(words.HEADER_WORDS)}


def read_header(header: str) -> HeaderMeaning | None:
    """Return the field a header names, or None when it names none we know."""
    normal = words_of(header)
    if not normal:
        return None
    vocabulary = _header_vocabulary()
    if normal in vocabulary.exact:
        return HeaderMeaning(vocabulary.exact[normal], 1000 + len(normal), normal)
    candidates: list[HeaderMeaning] = [
        HeaderMeaning(match.value, match.length, _span(normal, match))
        for match in vocabulary.matches(normal)
    ]
    date_vocabulary, subject_vocabulary = _date_vocabularies()
    dates = best(date_vocabulary.matches(normal))
    if dates:
        subjects = best(
            [m for m in subject_vocabulary.matches(normal) if not _overlaps(m, dates[0])]
        )
        date_word = _span(normal, dates[0])
        if subjects:
            subject = subjects[0]
            candidates.append(
                HeaderMeaning(
                    subject.value,
                    subject.length + dates[0].length,
                    f"{_span(normal, subject)} + {date_word}",
                )
            )
        else:
            candidates.append(HeaderMeaning("applied_on", dates[0].length, date_word))
    if not candidates:
        return None
    return max(candidates, key=lambda item: (item.score, -_FIELD_ORDER.get(item.field, 99)))


def _overlaps(one: Match[str], other: Match[str]) -> bool:
    return not (one.end <= other.start or one.start >= other.end)


def _span(normal: str, match: Match[str]) -> str:
    """Return the text a match covers (spaces put back where the text had them)."""
    out, position = [], 0
    for char in normal:
        if char == " ":
            if match.start < position < match.end:
                out.append(char)
            continue
        if match.start <= position < match.end:
            out.append(char)
        position += 1
    return "".join(out).strip()


# Statuses


@dataclass(frozen=True, slots=True)
class StatusMeaning:
    """What a status cell says: a stage (and round), or JobSync's archived / expired."""

    stage: Stage | None  # None with keeps_stage / expired: the "applied" column decides
    round: int | None = None
    keeps_stage: bool = False  # Archived: the stage the row's applied column gives, archived
    expired: bool = False  # Expired: ghosted if sent, else saved and archived
    # How far a closed application had got, when the status says ("Rejected after
    # assessment": screening; "Ghosted after final round": interview).
    via: Stage | None = None


@cache
def _status_vocabulary() -> Vocabulary[Stage]:
    items: list[tuple[str, Stage]] = [(stage.value, stage) for stage in Stage]
    items += list(ALIASES.items())
    items += [
        (word, stage)
        for stage, languages in words.STATUS_WORDS.items()
        for language_words in languages.values()
        for word in language_words
    ]
    return Vocabulary(items)


# Closing stages outrank open ones (the furthest news wins: "Rejected after assessment" is a
# rejection); then the later stage wins ("Applied, interview booked" is an interview).
STATUS_RANK: dict[Stage, int] = {
    Stage.SAVED: 0,
    Stage.SUBMITTED: 1,
    Stage.SCREENING: 2,
    Stage.INTERVIEW: 3,
    Stage.OFFER: 4,
    Stage.WITHDRAWN: 5,
    Stage.GHOSTED: 6,
    Stage.REJECTED: 7,
    Stage.DECLINED: 8,
    Stage.ACCEPTED: 9,
}
_ROUND_NUMBER = re.compile(
    rf"(?a)\b(?:{'|'.join(words.ROUND_WORDS)})\s*(?:no\s*)?(\d{{1,2}})\b"
    rf"|\b(\d{{1,2}})(?:st|nd|rd|th|e|er|eme|\.|)?\s*(?:{'|'.join(words.ROUND_WORDS)})\b"
)
_CHINESE_ROUND = re.compile(r"([一二三四五六终])面")


def status_key(text: str) -> str:
    """Return the form status values are compared in ("Ghosted (no reply)" -> "ghosted no
    reply"); --status VALUE uses it too."""
    return words_of(text)


def read_status_words(text: str) -> StatusMeaning | None:
    """Return what a status says, or None when no word of it is known."""
    normal = words_of(text)
    if not normal:
        return None
    keeps = {words_of(word) for word in words.KEEPS_STAGE_WORDS}
    if normal in keeps:
        return StatusMeaning(None, keeps_stage=True)
    if normal in {words_of(word) for word in words.EXPIRED_WORDS}:
        return StatusMeaning(None, expired=True)
    vocabulary = _status_vocabulary()
    round_number = _round_of(text, normal)
    if normal in vocabulary.exact:
        stage = vocabulary.exact[normal]
        return StatusMeaning(stage, round_number if stage is Stage.INTERVIEW else None)
    found = best(vocabulary.matches(normal))
    if not found:
        if round_number is not None:
            return StatusMeaning(Stage.INTERVIEW, round_number)
        return None
    stage = max((match.value for match in found), key=STATUS_RANK.__getitem__)
    if round_number is not None and STATUS_RANK[stage] < STATUS_RANK[Stage.INTERVIEW]:
        stage = Stage.INTERVIEW
    via = None
    if stage in _CLOSED_AFTER_STEPS:
        steps = [match.value for match in found if match.value in _STEPS]
        if round_number is not None:
            steps.append(Stage.INTERVIEW)
        via = max(steps, key=STATUS_RANK.__getitem__, default=None)
    return StatusMeaning(stage, round_number if stage is Stage.INTERVIEW else None, via=via)


# Closing stages a status may say came after a step, and the steps it may name.
_CLOSED_AFTER_STEPS = frozenset({Stage.REJECTED, Stage.GHOSTED, Stage.WITHDRAWN})
_STEPS = frozenset({Stage.SCREENING, Stage.INTERVIEW, Stage.OFFER})


def _round_of(text: str, normal: str) -> int | None:
    if match := _ROUND_NUMBER.search(normal):
        number = int(match[1] or match[2])
        return number if 0 < number < 100 else None
    if match := _CHINESE_ROUND.search(text):
        return words.CHINESE_ROUNDS[match[0]]
    return None


def close_status(text: str) -> Stage | None:
    """Return the stage of the known status word nearest to text (a typo, a plural), or None:
    a suggestion for the refusal, never used to import."""
    import difflib

    normal = words_of(text)
    vocabulary = _status_vocabulary()
    near = difflib.get_close_matches(normal, list(vocabulary.exact), n=1, cutoff=0.8)
    return vocabulary.exact[near[0]] if near else None
