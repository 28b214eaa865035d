"""The quick-capture grammar: `Company / Role via:source on:date ...` typed in one line."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from pipeline_tui.domain.capture import CaptureLine, PostingLine, parse_capture, parse_posting_line
from pipeline_tui.errors import UserError


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("ByteDance / LLM engineer", CaptureLine("ByteDance", "LLM engineer")),
        (
            "ByteDance / LLM engineer via:referral on:yesterday",
            CaptureLine("ByteDance", "LLM engineer", source="referral", on="yesterday"),
        ),
        # The first spaced slash splits; slashes inside names stay.
        ("A/B Labs / R/D engineer", CaptureLine("A/B Labs", "R/D engineer")),
        ("AT&T/R&D", CaptureLine("AT&T", "R&D")),
        # Values run to the next field, spaces and all; names any case, any order.
        (
            "Baidu / Search  ON: 3d ago  Via: job board  c:2024 autumn campus d:Apollo",
            CaptureLine(
                "Baidu",
                "Search",
                source="job board",
                on="3d ago",
                campaign="2024 autumn campus",
                department="Apollo",
            ),
        ),
        # Chinese input methods type full-width colons and slashes.
        ("字节跳动／大模型算法 via：内推", CaptureLine("字节跳动", "大模型算法", source="内推")),
        ("Meituan / Search saved", CaptureLine("Meituan", "Search", saved=True)),
        # The CV and cover-letter versions sent, as `add --cv v3 --letter L2` records them.
        (
            "Baidu / ERNIE cv:v3 letter:L2 via:referral",
            CaptureLine("Baidu", "ERNIE", source="referral", cv="v3", letter="L2"),
        ),
        (
            "字节跳动 / 算法 CV：简历 v4 (工程向)",
            CaptureLine("字节跳动", "算法", cv="简历 v4 (工程向)"),
        ),
        ("Kuaishou / Kling resume:v2", CaptureLine("Kuaishou", "Kling", cv="v2")),
        ("Meituan / Search note: CV saved", CaptureLine("Meituan", "Search", note="CV saved")),
        # A field name counts only after a space: a URL keeps its colon.
        (
            "X / Y url:https://jobs.example.com/a?b=c:d loc:Remote",
            CaptureLine("X", "Y", url="https://jobs.example.com/a?b=c:d", location="Remote"),
        ),
        ("[bold] / [/] p:Top Seed", CaptureLine("[bold]", "[/]", program="Top Seed")),
    ],
)
def test_lines(line: str, expected: CaptureLine) -> None:
    assert parse_capture(line) == expected


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("", "type a company and a role"),
        ("ByteDance LLM", "no role"),
        (" / LLM", "no company"),
        ("ByteDance / ", "no role after the slash"),
        ("ByteDance / LLM via:", "via: needs a value"),
        ("ByteDance / LLM via:a via:b", "given twice"),
        ("via:referral", "type a company and a role"),
    ],
)
def test_mistakes_say_what_is_missing(line: str, message: str) -> None:
    with pytest.raises(UserError, match=message):
        parse_capture(line)


names = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zs", "Zl", "Zp")).filter(
        lambda char: char not in "/／:："
    ),
    min_size=1,
    max_size=12,
)


@given(company=names, role=names)
def test_any_company_and_role_round_trip(company: str, role: str) -> None:
    assume(role.casefold() not in ("saved", "wishlist"))  # a trailing "saved" is the flag
    line = parse_capture(f"{company} / {role}")
    assert (line.company, line.role, line.saved) == (company, role, False)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "https://jobs.lever.co/acme/0a1b via:referral",
            PostingLine("https://jobs.lever.co/acme/0a1b", CaptureLine("", "", source="referral")),
        ),
        # Names typed after the address win over the posting's; saved works as anywhere.
        (
            "https://x.example/j?id=1 Acme / ML engineer c:autumn saved",
            PostingLine(
                "https://x.example/j?id=1",
                CaptureLine("Acme", "ML engineer", campaign="autumn", saved=True),
            ),
        ),
        # A saved page: spaces in its name, and names after it.
        ("~/Downloads/ML engineer.html", PostingLine("~/Downloads/ML engineer.html",
                                                     CaptureLine("", ""))),
        ("/tmp/p.HTM Acme / Eng on:yesterday", PostingLine("/tmp/p.HTM",
                                                            CaptureLine("Acme", "Eng",
                                                                        on="yesterday"))),
    ],
)  # fmt: skip
def test_posting_lines(line: str, expected: PostingLine) -> None:
    assert parse_posting_line(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "Acme / ML engineer url:https://x.example/j/1",
        "index.html / Web engineer",  # a company named like a file, then its role
        "http:// / x",
        "Vercel / Next.js engineer",
    ],
)
def test_lines_that_are_not_postings(line: str) -> None:
    assert parse_posting_line(line) is None


@given(company=names, role=names)
def test_a_company_and_role_is_never_read_as_a_posting(company: str, role: str) -> None:
    assume(not company.casefold().startswith(("http", "https")))
    assert parse_posting_line(f"{company} / {role} via:referral") is None
