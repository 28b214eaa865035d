"""The UI's in-memory views: filter words and fields, sort orders, board columns, patches."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline_tui.domain.models import search_key
from pipeline_tui.domain.stages import Stage
from pipeline_tui.domain.summary import ApplicationSummary
from pipeline_tui.tui.dataset import Dataset, ViewQuery, parse_filter


def summary(
    id: int,
    company: str,
    role: str = "Engineer",
    *,
    stage: Stage = Stage.SUBMITTED,
    round: int | None = None,
    applied: str | None = "2024-09-01",
    last: str = "2024-09-01",
    department: str | None = None,
    source: str | None = None,
    campaign: str | None = None,
    notes: str | None = None,
    timeline: tuple[str, ...] = (),
) -> ApplicationSummary:
    return ApplicationSummary(
        id,
        company,
        role,
        department,
        stage,
        round,
        date.fromisoformat(applied) if applied else None,
        date.fromisoformat(last),
        source,
        campaign,
        search_key(company, role, department, source, campaign, notes, timeline),
    )


@pytest.fixture
def dataset() -> Dataset:
    data = Dataset()
    data.load(
        [
            summary(1, "ByteDance", "LLM engineer", source="Referral", campaign="2024 Autumn"),
            summary(2, "字节跳动", "算法工程师", department="Seed", last="2024-09-10"),
            summary(
                3,
                "Baidu",
                "Search",
                stage=Stage.INTERVIEW,
                round=2,
                last="2024-09-05",
                campaign="2024 Autumn",
                notes="Met the TEAM lead",
            ),
            summary(
                4,
                "[bold]Acme",
                "[/]role",
                stage=Stage.REJECTED,
                last="2024-08-01",
                source="BOSS直聘",
            ),
            summary(5, "Meituan", "Recsys", stage=Stage.SAVED, applied=None, last="2024-09-03"),
        ]
    )
    return data


def ids(rows: list[ApplicationSummary]) -> list[int]:
    return [row.id for row in rows]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", [2, 3, 5, 1, 4]),
        ("byte", [1]),
        ("字节", [2]),
        ("team", [3]),  # notes, any case
        ("2024 autumn", [3, 1]),  # every word, in any field
        ("[bold]", [4]),
        ("直聘", [4]),
        ("stage:interview", [3]),
        ("s:open", [2, 3, 5, 1]),
        ("is:closed", [4]),
        ("stage:reject,saved", [5, 4]),
        ("campaign:aut", [3, 1]),
        ("via:ref e", [1]),
        ("nothing-like-this", []),
        ("ｂｙｔｅ", [1]),  # full-width letters are the same letters
    ],
)
def test_filter_text(dataset: Dataset, text: str, expected: list[int]) -> None:
    assert ids(dataset.select(ViewQuery(text=text))) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("яндекс", [1]),  # every script folds, not only ASCII
        ("ÄRZTE köln", [2]),
        ("STRASSE", [1]),  # a timeline note, folded (ß is ss)
        ("campaign:herbst", [2]),
        ("campaign:AUTUMN", [3]),  # an exact name wins over names containing it
        ("campaign:aut", [3, 1]),
    ],
)
def test_filter_folds_every_script_and_reads_timeline_notes(text: str, expected: list[int]) -> None:
    data = Dataset()
    data.load(
        [
            summary(1, "Яндекс", "ML", timeline=("Onsite in Straße 5",), campaign="autumn 2"),
            summary(2, "Ärzte Köln GmbH", "Data", campaign="Herbst Ärzte"),
            summary(3, "Acme", "Ops", campaign="Autumn"),
        ]
    )
    assert sorted(ids(data.select(ViewQuery(text=text)))) == sorted(expected)


def test_typing_letter_by_letter_narrows_the_same_way(dataset: Dataset) -> None:
    typed = ""
    for char in "search":
        typed += char
        fresh = Dataset()
        fresh.load(list(dataset.ordered("id", False)))
        assert ids(dataset.select(ViewQuery(text=typed))) == ids(
            fresh.select(ViewQuery(text=typed))
        )
    assert ids(dataset.select(ViewQuery(text="searcx"))) == []
    assert ids(dataset.select(ViewQuery(text="sea"))) == [3]  # backspacing uses the cache


def test_unknown_stage_is_reported_not_raised() -> None:
    assert parse_filter("stage:hired x").problems == ("unknown stage 'hired'",)


@pytest.mark.parametrize(
    ("sort", "descending", "expected"),
    [
        ("company", False, [4, 3, 1, 5, 2]),
        ("company", True, [2, 5, 1, 3, 4]),
        ("stage", False, [5, 1, 2, 3, 4]),
        ("applied", True, [4, 3, 2, 1, 5]),  # ties newest id first; no date last
        ("silent", True, [4, 1, 5, 3, 2]),
        ("source", False, [2, 3, 5, 4, 1]),
    ],
)
def test_sort(dataset: Dataset, sort: str, descending: bool, expected: list[int]) -> None:
    query = ViewQuery(sort=sort, descending=descending)  # type: ignore[arg-type]
    assert ids(dataset.select(query)) == expected


def test_quick_stage_filter_and_campaign_scope(dataset: Dataset) -> None:
    assert ids(dataset.select(ViewQuery(stage="open", campaign="2024 Autumn"))) == [3, 1]
    assert ids(dataset.select(ViewQuery(stage="interview", text="stage:open"))) == [3]
    assert dataset.campaigns() == [("2024 Autumn", 2)]


def test_board_columns_and_closed_counts(dataset: Dataset) -> None:
    board = dataset.board(ViewQuery())
    assert {stage: ids(list(cards)) for stage, cards in board.columns.items()} == {
        Stage.SAVED: [5],
        Stage.SUBMITTED: [2, 1],
        Stage.SCREENING: [],
        Stage.INTERVIEW: [3],
        Stage.OFFER: [],
    }
    assert board.counts[Stage.REJECTED] == 1
    assert ids(list(dataset.board(ViewQuery(text="byte")).columns[Stage.SUBMITTED])) == [1]


def test_patches_keep_views_right(dataset: Dataset) -> None:
    assert ids(dataset.select(ViewQuery(text="search"))) == [3]
    dataset.upsert(summary(3, "Baidu", "Search", stage=Stage.OFFER, last="2024-09-12"))
    dataset.upsert(summary(6, "Kuaishou", "Search ranking", last="2024-09-11"))
    assert ids(dataset.select(ViewQuery(text="search"))) == [3, 6]
    assert ids(list(dataset.board(ViewQuery()).columns[Stage.OFFER])) == [3]
    dataset.remove(1)
    assert dataset.get(1) is None
    assert dataset.get(6) is not None
    assert len(dataset) == 5
    assert ids(dataset.select(ViewQuery(text="byte"))) == []


def test_preview_counts_until_the_full_load(dataset: Dataset) -> None:
    preview = Dataset()
    preview.load_preview([summary(9, "X")], {Stage.SUBMITTED: 700, Stage.REJECTED: 300})
    assert not preview.complete
    assert len(preview) == 1000
    assert preview.board(ViewQuery()).counts == {Stage.SUBMITTED: 700, Stage.REJECTED: 300}
    preview.load([summary(9, "X")])
    assert preview.complete and len(preview) == 1
