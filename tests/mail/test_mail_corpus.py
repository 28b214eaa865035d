"""The labelled corpus (tests/mail/corpus: hand-written mail in English and Chinese, every ATS
family, campus mail, traps): per-kind precision and recall, and how often the employer is
right. docs/mail.md shows the table this prints."""

from __future__ import annotations

from collections import Counter

import pytest
from mailtools import CORPUS, labels

from pipeline_tui.domain.mail.classify import read_mail
from pipeline_tui.domain.mail.companies import Aliases, company_fold
from pipeline_tui.domain.mail.message import MailMessage, parse_message
from pipeline_tui.domain.mail.rules import MailKind

pytestmark = pytest.mark.sqlite_only(reason="no database involved")


def _read(file: str) -> MailMessage:
    parsed = parse_message((CORPUS / file).read_bytes(), file)
    assert isinstance(parsed, MailMessage), parsed
    return parsed


def _same_employer(found: str | None, labelled: str, aliases: Aliases) -> bool:
    """The employer is right when it is the labelled one, an alias of it, or contains it
    ("NIO 蔚来" for 蔚来)."""
    if not found:
        return False
    one, two = company_fold(found), company_fold(labelled)
    return aliases.same(found, labelled) or (bool(one) and bool(two) and (one in two or two in one))


def test_the_corpus_is_big_and_varied_enough() -> None:
    rows = labels()
    assert len(rows) >= 150
    kinds = Counter(row.kind for row in rows)
    assert set(kinds) == {kind.value for kind in MailKind}
    assert all(count >= 10 for count in kinds.values()), kinds
    chinese = [row for row in rows if any("\u4e00" <= char <= "\u9fff" for char in row.company)]
    assert len(chinese) >= 40
    senders = " ".join((CORPUS / row.file).read_text("utf-8", "replace")[:400] for row in rows)
    for family in ("greenhouse-mail.io", "hire.lever.co", "ashbyhq.com", "myworkday.com",
                   "smartrecruiters.com", "icims.com", "hackerrank", "codility.com"):  # fmt: skip
        assert family in senders, family


def test_per_kind_precision_and_recall_and_employers(capsys: pytest.CaptureFixture[str]) -> None:
    aliases = Aliases()
    right: Counter[str] = Counter()
    said: Counter[str] = Counter()
    truth: Counter[str] = Counter()
    employers_right = employers = 0
    wrong: list[str] = []
    for row in labels():
        reading = read_mail(_read(row.file))
        got = reading.kind.value
        said[got] += 1
        truth[row.kind] += 1
        if got == row.kind:
            right[got] += 1
        else:
            wrong.append(f"{row.file}: labelled {row.kind}, read {got} ({reading.verdict.rule})")
        if row.kind != MailKind.OTHER.value:
            employers += 1
            found = reading.company.name if reading.company else None
            if _same_employer(found, row.company, aliases):
                employers_right += 1
            else:
                wrong.append(f"{row.file}: employer {row.company!r}, read {found!r}")
    lines = ["| kind | messages | precision | recall |", "| --- | ---: | ---: | ---: |"]
    scores = {}
    for kind in MailKind:
        name = kind.value
        precision = right[name] / said[name] if said[name] else 1.0
        recall = right[name] / truth[name] if truth[name] else 1.0
        scores[name] = (precision, recall)
        lines.append(f"| {name} | {truth[name]} | {precision:.2f} | {recall:.2f} |")
    accuracy = employers_right / employers
    lines.append(f"employer right: {employers_right} of {employers} ({accuracy:.2f})")
    with capsys.disabled():
        print("\n" + "\n".join(lines + wrong))
    assert scores["rejection"][0] == 1.0, "a message was wrongly read as a rejection"
    assert all(recall >= 0.9 for _, recall in scores.values()), scores
    assert accuracy >= 0.9
