"""Offers and decisions through the command line: record, revise, compare, accept, reasons.

Today is pinned to Monday 2024-09-16 (tests/conftest.py).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

import dbtools
from pipeline_tui.domain.reminders import DueItem
from pipeline_tui.services.offers import due_items
from pipeline_tui.store.engine import open_store


def _json(pipeline, *args: str):
    outcome = pipeline(*args, "--format", "json")
    assert outcome.code == 0, outcome.err
    return json.loads(outcome.out)


def _ok(pipeline, *args: str) -> str:
    outcome = pipeline(*args)
    assert outcome.code == 0, outcome.err
    return outcome.out


def _count(db_path: Path, table: str) -> int:
    return dbtools.count(db_path, table)


@pytest.fixture
def offers(pipeline):
    """Four applications; three with offers (one in dollars), one in interviews."""
    _ok(pipeline, "add", "Meituan", "Search ranking", "-d", "Beidou", "--on", "2024-09-01")
    _ok(pipeline, "add", "ByteDance", "LLM engineer", "-d", "Seed", "--on", "2024-09-02")
    _ok(pipeline, "add", "Baidu", "NLP engineer", "--on", "2024-09-03")
    _ok(pipeline, "add", "Acme", "Remote developer", "--on", "2024-09-03")
    _ok(pipeline, "move", "3", "interview", "--on", "2024-09-10")
    _ok(
        pipeline,
        "offer", "1", "--base", "26k x 16", "--bonus", "20%", "--tier", "ssp",
        "--deadline", "2024-09-18", "--term", "hukou=yes", "--on", "2024-09-12",
    )  # fmt: skip
    _ok(
        pipeline,
        "offer", "2", "--base", "800k/yr", "--equity", "400k", "--vesting", "4",
        "--deadline", "2024-09-20", "--on", "2024-09-13",
    )  # fmt: skip
    _ok(pipeline, "offer", "4", "--base", "$150k/yr", "--bonus", "10%", "--on", "2024-09-14")
    return pipeline


def test_recording_an_offer_moves_the_application_to_offer(offers, db_path: Path) -> None:
    shown = _json(offers, "show", "1")
    assert shown["stage"] == "offer"
    assert shown["events"][-1]["stage"] == "offer"
    assert shown["events"][-1]["occurred_on"] == "2024-09-12"
    assert shown["events"][-1]["note"] == "26k x 16, bonus 20%, SSP"
    (offer,) = shown["offers"]
    assert offer["base"] == "26k x 16"
    assert (offer["base_annual"], offer["bonus_annual"], offer["annual_total"]) == (
        416_000,
        83_200,
        499_200,
    )
    assert offer["terms"] == {"hukou": "yes"}
    assert _count(db_path, "offer") == 3


def test_the_offer_command_prints_the_totals(pipeline) -> None:
    _ok(pipeline, "add", "Meituan", "Search ranking", "--on", "2024-09-01")
    out = _ok(pipeline, "offer", "1", "--base", "30k x 15", "--bonus", "20%", "--signing", "50k",
              "--equity", "400k", "--vesting", "4", "--other", "2k/mo")  # fmt: skip
    assert out.splitlines() == [
        "Recorded the offer of #1 Meituan — Search ranking: 30k x 15, bonus 20%, signing 50k, "
        "equity 400k over 4 years",
        "  first year 714k · steady state 664k (CNY); moved to offer",
    ]


def test_a_revision_is_kept_in_the_history_and_says_what_changed(offers) -> None:
    out = _ok(offers, "offer", "meituan", "--base", "28k x 16", "--signing", "50k")
    assert out.splitlines() == [
        "Revised the offer of #1 Meituan — Search ranking (Beidou):",
        "  base revised from 26k x 16 to 28k x 16",
        "  signing added: 50k",
        "  first year 587.6k · steady state 537.6k (CNY)",
    ]
    shown = _json(offers, "show", "1")
    assert [offer["base"] for offer in shown["offers"]] == ["26k x 16", "28k x 16"]
    assert shown["offers"][1]["bonus_bp"] == 2_000  # kept from the first revision
    assert shown["stage"] == "offer"
    assert shown["events"][-1]["kind"] == "note"
    assert "base revised from 26k x 16 to 28k x 16" in shown["events"][-1]["note"]
    text = _ok(offers, "show", "1")
    assert "revisions" in text and "28k x 16, bonus 20%, signing 50k, SSP" in text
    comparison = _json(offers, "offers")
    meituan = next(item for item in comparison if item["application_id"] == 1)
    assert (meituan["revisions"], meituan["base"]) == (2, "28k x 16")


def test_offer_json_says_what_changed(offers) -> None:
    data = _json(offers, "offer", "2", "--deadline", "2024-09-25", "--term", "remote=2d")
    assert data["changes"] == [
        "deadline revised from 2024-09-20 to 2024-09-25",
        "term remote=2d added",
    ]
    assert (data["moved"], data["stage"], data["application_id"]) == (False, "offer", 2)
    assert (data["annual_total"], data["deadline"]) == (900_000, "2024-09-25")
    first = _json(offers, "offer", "3", "--base", "20k x 14")
    assert (first["moved"], first["stage"], first["changes"]) == (True, "offer", [])


def test_undo_removes_the_newest_revision(offers, db_path: Path) -> None:
    _ok(offers, "offer", "1", "--base", "28k x 16")
    assert _count(db_path, "offer") == 4
    assert "note" in _ok(offers, "undo", "1")
    assert [offer["base"] for offer in _json(offers, "show", "1")["offers"]] == ["26k x 16"]
    _ok(offers, "undo", "1")  # the offer event: the first revision goes with it
    shown = _json(offers, "show", "1")
    assert (shown["stage"], shown["offers"]) == ("submitted", [])


def test_a_revision_that_changes_nothing_is_refused(offers, db_path: Path) -> None:
    outcome = offers("offer", "1", "--base", "26k x 16")
    assert outcome.code == 1
    assert (
        outcome.err == "error: #1 Meituan — Search ranking (Beidou): the offer already says that\n"
    )
    assert _count(db_path, "offer") == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--base", "26kk"), 'base: cannot read "26kk" as an amount; use forms like 26k,'),
        (("--base", "26k"), 'base: say how often 26k is paid: "26k x 16"'),
        (("--bonus", "15%"), "base: a first offer needs its base salary"),
        (("--base", "26k x 16", "--equity", "400k"), "equity: give the years it vests over"),
    ],
)
def test_bad_offers_are_one_error_line_and_nothing_written(
    pipeline, db_path: Path, args: tuple[str, ...], message: str
) -> None:
    _ok(pipeline, "add", "Meituan", "Search ranking")
    outcome = pipeline("offer", "1", *args)
    assert outcome.code == 1
    assert outcome.err.startswith(f"error: {message}")
    assert outcome.err.count("\n") == 1
    assert _count(db_path, "offer") == 0
    assert _count(db_path, "event") == 1


def test_an_offer_on_a_closed_application_without_one_needs_force(pipeline) -> None:
    _ok(pipeline, "add", "Baidu", "NLP", "--on", "2024-09-01")
    _ok(pipeline, "move", "1", "rejected")
    outcome = pipeline("offer", "1", "--base", "20k x 14")
    assert outcome.code == 1
    assert "never had an offer; add --force" in outcome.err
    _ok(pipeline, "offer", "1", "--base", "20k x 14", "--force")
    assert _json(pipeline, "show", "1")["stage"] == "offer"


def test_details_after_accepting_do_not_reopen(pipeline) -> None:
    _ok(pipeline, "add", "Kuaishou", "Kling", "--on", "2024-09-01")
    _ok(pipeline, "move", "1", "offer")
    _ok(pipeline, "move", "1", "accepted")
    _ok(pipeline, "offer", "1", "--base", "35k x 15")
    shown = _json(pipeline, "show", "1")
    assert shown["stage"] == "accepted"
    assert shown["events"][-1]["note"] == "offer recorded: 35k x 15"
    (item,) = _json(pipeline, "offers", "--all")
    assert item["decision"] == "accepted"


def test_offers_compares_by_steady_state_total_with_a_currency_note(offers) -> None:
    data = _json(offers, "offers")
    assert [(item["application_id"], item["currency"]) for item in data] == [
        (2, "CNY"),  # 800k + 100k equity a year
        (1, "CNY"),  # 416k + 83.2k
        (4, "USD"),  # compared on its own
    ]
    first = data[0]
    assert (first["annual_total"], first["first_year_total"], first["equity_annual"]) == (
        900_000,
        900_000,
        100_000,
    )
    assert (first["deadline"], first["days_left"], first["decision"]) == (
        "2024-09-20",
        4,
        "pending",
    )
    table = _ok(offers, "offers")
    assert "each currency is" in table and "no amount is converted" in table
    assert table.index("CNY · 2 offers") < table.index("USD · 1 offer")
    assert "              #2                   #1\n" in table  # side by side, #2 first
    assert all(len(line) <= 80 for line in table.splitlines())
    assert "2024-09-18 (2d)" in table
    markdown = _ok(offers, "offers", "--format", "markdown")
    assert "| #2 | ByteDance | Seed | LLM engineer |" in markdown
    assert "> These offers are in 2 currencies" in markdown


def test_the_comparison_fits_many_offers_in_blocks(pipeline) -> None:
    for number in range(1, 8):
        _ok(pipeline, "add", f"Company {number}", "Engineer", "--on", "2024-09-01")
        _ok(pipeline, "offer", str(number), "--base", f"{20 + number}k x 15")
    table = _ok(pipeline, "offers")
    assert all(len(line) <= 80 for line in table.splitlines())
    assert table.count("steady state") == 3  # blocks of three, two and... one
    assert len(_json(pipeline, "offers")) == 7


def test_user_text_in_offers_prints_as_typed(pipeline) -> None:
    _ok(pipeline, "add", "[bold]Acme", "Dev\x1b[31m", "--on", "2024-09-01")
    _ok(pipeline, "offer", "1", "--base", "20k x 12", "--term", "note=[red]x", "--tier", "[b]")
    table = _ok(pipeline, "offers")
    assert "[bold]Acme" in table and "\\x1b" in table and "\x1b" not in table
    assert "note=[red]x" in table
    (item,) = _json(pipeline, "offers")
    assert item["role"] == "Dev\x1b[31m"


def test_no_pending_offers(pipeline) -> None:
    outcome = pipeline("offers")
    assert (outcome.code, outcome.out) == (0, "")
    assert "No pending offers" in outcome.err
    assert _json(pipeline, "offers") == []


def test_accepting_lists_the_other_open_applications(offers) -> None:
    out = _ok(offers, "move", "1", "accepted")
    assert out.splitlines() == [
        "Moved #1 Meituan — Search ranking (Beidou): accepted on 2024-09-16",
        "Still open: 3 other applications, 2 with a pending offer:",
        "  #2 ByteDance — LLM engineer (Seed): pending offer (answer by 2024-09-20)",
        "  #3 Baidu — NLP engineer: interview 1",
        "  #4 Acme — Remote developer: pending offer",
        "To withdraw them and decline their offers in one step: "
        "pipeline move 1 accepted --close-others",
    ]
    assert [item["application_id"] for item in _json(offers, "offers")] == [2, 4]
    # The suggested command closes the others without accepting twice.
    out = _ok(offers, "move", "1", "accepted", "--close-others")
    assert out.splitlines()[0] == "#1 Meituan — Search ranking (Beidou) was already accepted"
    assert _json(offers, "offers") == []
    assert _ok(offers, "undo").count("Undid") == 3
    assert _json(offers, "show", "1")["stage"] == "accepted"


def test_accept_with_close_others_and_its_single_undo(offers, db_path: Path) -> None:
    _ok(offers, "add", "Tencent", "Qingyun", "--saved", "--closes", "2024-09-20")
    _ok(offers, "add", "JD", "Retail", "--on", "2024-09-01")
    _ok(offers, "move", "jd", "rejected")
    _ok(offers, "archive", "jd")
    before = _json(offers, "offers", "--all")
    out = _ok(offers, "move", "meituan", "accepted", "--close-others")
    assert out.splitlines() == [
        "Moved #1 Meituan — Search ranking (Beidou): accepted on 2024-09-16",
        "Declined the offer of #2 ByteDance — LLM engineer (Seed) (accepted elsewhere)",
        "Withdrew #3 Baidu — NLP engineer (accepted elsewhere)",
        "Declined the offer of #4 Acme — Remote developer (accepted elsewhere)",
        "Withdrew #5 Tencent — Qingyun (accepted elsewhere)",
        "One `pipeline undo` takes all 5 back.",
    ]
    stages = {item["id"]: item["stage"] for item in _json(offers, "list", "--archived")}
    assert stages == {6: "rejected"}  # the closed one stays as it was
    listed = {item["id"]: item["stage"] for item in _json(offers, "list")}
    assert listed == {1: "accepted", 2: "declined", 3: "withdrawn", 4: "declined", 5: "withdrawn"}
    shown = _json(offers, "show", "2")
    assert shown["events"][-1]["reason"] == "accepted elsewhere"
    assert shown["events"][-1]["reason_text"] == "Meituan — Search ranking (Beidou)"
    decisions = {
        item["application_id"]: item["decision"] for item in _json(offers, "offers", "--all")
    }
    assert decisions == {1: "accepted", 2: "declined", 4: "declined"}
    funnel = _json(offers, "funnel")
    assert funnel["outcomes"]["open"] == 0
    assert funnel["outcome_reasons"]["declined"] == {"accepted elsewhere": 2}
    assert funnel["outcome_reasons"]["withdrawn"] == {"accepted elsewhere": 1}  # 5 was never sent

    undone = _ok(offers, "undo")
    assert undone.count("\n") == 5
    assert "Undid accepted on 2024-09-16 of #1 Meituan" in undone
    assert _json(offers, "offers", "--all") == before
    listed = {item["id"]: item["stage"] for item in _json(offers, "list")}
    assert listed == {1: "offer", 2: "offer", 3: "interview", 4: "offer", 5: "saved"}
    assert _json(offers, "funnel")["outcome_reasons"]["declined"] == {}
    assert _count(db_path, "offer") == 3


def test_what_accepting_would_close_and_taking_a_batch_back_by_number(
    offers, db_path: Path
) -> None:
    """The reads and writes the UI's accept question and its undo use."""
    from pipeline_tui import services
    from pipeline_tui.domain.identity import BatchIdentity
    from pipeline_tui.services import undoing
    from pipeline_tui.services.offers import accept, open_elsewhere

    store = open_store(db_path)
    try:
        application, others = open_elsewhere(store, "meituan")
        assert application.id == 1
        assert [(item.application.id, item.pending_offer) for item in others] == [
            (2, True), (3, False), (4, True),
        ]  # fmt: skip
        deadline = others[0].offer.package.deadline if others[0].offer else None
        assert deadline == date(2024, 9, 20)
        done = accept(store, 1, close_others=True)
        assert done.accepted is not None
        batch = done.accepted.event.batch
        assert batch is not None
        # Something else is recorded after the decision: the batch still goes back whole.
        services.add_note(store, 3, "they called anyway")
        undone = undoing.remove_batch(store, BatchIdentity(batch, 4))
        assert 1 + len(undone.others) == 4
    finally:
        store.close()
    listed = {item["id"]: item["stage"] for item in _json(offers, "list")}
    assert listed == {1: "offer", 2: "offer", 3: "interview", 4: "offer"}
    assert _json(offers, "show", "3")["events"][-1]["note"] == "they called anyway"


def test_accept_json_names_what_it_closed(offers) -> None:
    data = _json(offers, "move", "1", "accepted", "--close-others")
    assert data["stage"] == "accepted"
    assert data["closed"] == [
        {"id": 2, "stage": "declined"},
        {"id": 3, "stage": "withdrawn"},
        {"id": 4, "stage": "declined"},
    ]


def test_close_others_is_only_for_accepting(offers) -> None:
    outcome = offers("move", "3", "rejected", "--close-others")
    assert outcome.code == 2
    assert "only accepted closes the others" in outcome.err
    outcome = offers("move", "1", "accepted", "--reason", "salary")
    assert outcome.code == 1
    assert "only rejected, withdrawn and declined take a reason, not accepted" in outcome.err
    outcome = offers("move", "1", "accepted", "--round", "2")
    assert outcome.code == 1
    assert outcome.err == "error: a round applies only to the interview stage\n"
    assert _json(offers, "show", "1")["stage"] == "offer"


def test_reasons_on_closing_moves(pipeline) -> None:
    _ok(pipeline, "add", "Baidu", "NLP", "--on", "2024-09-01")
    out = _ok(pipeline, "move", "1", "rejected", "--reason", "tech: CUDA in round 2")
    assert (
        out == "Moved #1 Baidu — NLP: rejected on 2024-09-16 (failed technical: CUDA in round 2)\n"
    )
    event = _json(pipeline, "show", "1")["events"][-1]
    assert (event["reason"], event["reason_text"]) == ("failed technical", "CUDA in round 2")
    assert "failed technical: CUDA in round 2" in _ok(pipeline, "show", "1")
    assert [app["id"] for app in _json(pipeline, "list", "--search", "cuda")] == [1]
    undone = _ok(pipeline, "undo", "1")
    assert "(failed technical: CUDA in round 2)" in undone


@pytest.mark.parametrize(
    ("stage", "reason", "message"),
    [
        ("rejected", "visa", 'reason: "visa" is not a reason; name one of no headcount'),
        ("rejected", "failed", 'reason: "failed" matches several reasons'),
        ("interview", "salary", "reason: only rejected, withdrawn and declined take a reason"),
    ],
)
def test_bad_reasons_are_refused(pipeline, db_path: Path, stage: str, reason: str, message: str):
    _ok(pipeline, "add", "Baidu", "NLP", "--on", "2024-09-01")
    outcome = pipeline("move", "1", stage, "--reason", reason)
    assert outcome.code == 1
    assert outcome.err.startswith(f"error: {message}")
    assert _count(db_path, "event") == 1


def test_the_reason_list_comes_from_config(pipeline, isolated_user_state: Path) -> None:
    config = isolated_user_state / "config" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('close_reasons = ["visa", "other"]\n', encoding="utf-8")
    _ok(pipeline, "add", "Baidu", "NLP", "--on", "2024-09-01")
    assert pipeline("move", "1", "rejected", "--reason", "salary").code == 1
    _ok(pipeline, "move", "1", "rejected", "--reason", "visa")
    settings = _json(pipeline, "config")["settings"]
    assert settings["close_reasons"]["value"] == ["visa", "other"]
    config.write_text("close_reasons = []\n", encoding="utf-8")
    outcome = pipeline("list")
    assert outcome.code == 1 and "close_reasons" in outcome.err


def test_reasons_in_funnel_json_and_every_renderer(pipeline) -> None:
    moves = [
        ("A", [("interview", "09-03"), ("interview", "09-05"), ("rejected", "09-06", "tech")]),
        ("B", [("interview", "09-03"), ("interview", "09-05"), ("rejected", "09-06", "tech")]),
        ("C", [("interview", "09-03"), ("interview", "09-05"), ("rejected", "09-06", None)]),
        ("D", [("rejected", "09-04", "headcount")]),
        ("E", [("offer", "09-04"), ("declined", "09-05", "salary: too low")]),
        ("F", [("withdrawn", "09-04", "location")]),
    ]
    for number, (company, steps) in enumerate(moves, start=1):
        _ok(pipeline, "add", company, "Engineer", "--on", "2024-09-02")
        for stage, day, *why in steps:
            reason = ["--reason", why[0]] if why and why[0] else []
            _ok(pipeline, "move", str(number), stage, "--on", f"2024-{day}", *reason)
    data = _json(pipeline, "funnel")
    assert data["rejected_at"] == {
        "submitted": 1,
        "screened": 0,
        "interview_1": 0,
        "interview_2": 3,
        "offer": 0,
    }
    assert data["rejected_at_reasons"] == {
        "submitted": {"no headcount": 1},
        "screened": {},
        "interview_1": {},
        "interview_2": {"failed technical": 2},
        "offer": {},
    }
    assert data["outcome_reasons"] == {
        "rejected": {"failed technical": 2, "no headcount": 1},
        "withdrawn": {"location": 1},
        "declined": {"salary": 1},
    }
    text = _ok(pipeline, "funnel")
    assert "round 2: 3 (failed technical 2)" in text
    assert "declined 1 (salary 1)" in text
    markdown = _ok(pipeline, "funnel", "--format", "markdown")
    assert "interview round 2: 3 (failed technical 2)" in markdown
    sankey = _ok(pipeline, "funnel", "--format", "sankeymatic")
    assert "// rejected at interview round 2: failed technical 2" in sankey
    assert "// withdrawn: location 1" in sankey
    grouped = _json(pipeline, "funnel", "--by", "source")
    assert grouped["groups"][0]["outcome_reasons"]["declined"] == {"salary": 1}
    assert "(failed technical 2)" in _ok(pipeline, "weekly", "--format", "html")


def test_closing_dates_of_saved_postings(pipeline) -> None:
    _ok(pipeline, "add", "Tencent", "Qingyun", "--saved", "--closes", "in 3 days")
    assert _json(pipeline, "show", "1")["closes_on"] == "2024-09-19"
    assert "closes    2024-09-19" in _ok(pipeline, "show", "1")
    outcome = pipeline("add", "Baidu", "NLP", "--closes", "2024-09-20")
    assert outcome.code == 1
    assert "a closing date applies only to a saved application" in outcome.err


def test_offer_deadlines_in_the_weekly_summary(offers) -> None:
    _ok(offers, "offer", "4", "--deadline", "2024-09-15")  # overdue, still pending
    text = _ok(offers, "weekly")
    section = text[text.index("Offers to answer") :]
    assert section.splitlines() == [
        "Offers to answer in the next 7 days: 3",
        "  Sun 2024-09-15  #4 Acme offer: deadline passed yesterday · Remote developer",
        "  Wed 2024-09-18  #1 Meituan offer: answer in 2 days · Search ranking (Beidou)",
        "  Fri 2024-09-20  #2 ByteDance offer: answer in 4 days · LLM engineer (Seed)",
    ]
    data = _json(offers, "weekly")
    assert [(item["id"], item["days_left"]) for item in data["offer_deadlines"]] == [
        (4, -1),
        (1, 2),
        (2, 4),
    ]
    assert "Meituan offer: answer in 2 days" in _ok(offers, "weekly", "--format", "markdown")
    assert "Meituan offer: answer in 2 days" in _ok(offers, "weekly", "--format", "html")
    _ok(offers, "move", "1", "declined")
    assert "Meituan offer" not in _ok(offers, "weekly")


def test_due_items_from_offers_and_closing_postings(offers, db_path: Path) -> None:
    _ok(offers, "add", "Tencent", "Qingyun", "--saved", "--closes", "2024-09-18")
    _ok(offers, "add", "Huawei", "Noah", "--saved", "--closes", "2024-09-30")  # too far off
    _ok(offers, "add", "JD", "Retail", "--saved", "--closes", "2024-09-10")  # already closed
    store = open_store(db_path)
    try:
        items = due_items(store, today=date(2024, 9, 16))
        soon = due_items(store, today=date(2024, 9, 16), within_days=2)
    finally:
        store.close()
    assert items == [
        DueItem(
            "offer deadline",
            date(2024, 9, 18),
            "Meituan offer: answer in 2 days · Search ranking (Beidou)",
            application_id=1,
        ),
        DueItem(
            "closing",
            date(2024, 9, 18),
            "Tencent — Qingyun: the posting closes in 2 days; apply or let it go",
            application_id=5,
        ),
        DueItem(
            "offer deadline",
            date(2024, 9, 20),
            "ByteDance offer: answer in 4 days · LLM engineer (Seed)",
            application_id=2,
        ),
    ]
    assert [item.application_id for item in soon] == [1, 5]
    assert items[0].as_json() == {
        "kind": "offer deadline",
        "ref": None,
        "due_on": "2024-09-18",
        "at": None,
        "text": "Meituan offer: answer in 2 days · Search ranking (Beidou)",
        "application_id": 1,
        "contact_id": None,
        "reminder_id": None,
    }
    due = json.loads(_ok(offers, "due", "--format", "json"))
    assert [
        (item["kind"], item["application_id"])
        for item in due
        if item["kind"] in ("offer deadline", "closing")
    ] == [("offer deadline", 1), ("closing", 5), ("offer deadline", 2)]
    text = _ok(offers, "due")
    assert "      in 2 days        Meituan offer: answer in 2 days" in text


def test_a_company_name_means_its_one_application_at_interview_or_offer(pipeline) -> None:
    """Huawei has four applications; only one got to interviews: `offer huawei` is that one,
    and once two are at interviews the name is ambiguous again."""
    for role in ("Eng", "NLP", "Search", "Data"):
        _ok(pipeline, "add", "Huawei", role, "--on", "2024-09-02")
    _ok(pipeline, "move", "3", "interview", "--on", "2024-09-10")
    out = _ok(pipeline, "offer", "huawei", "--base", "30k x 15")
    assert "#3 Huawei — Search" in out
    out = _ok(pipeline, "offer", "huawei", "--bonus", "10%")  # the one at offer now
    assert "Revised the offer of #3 Huawei — Search" in out
    _ok(pipeline, "move", "1", "interview", "--on", "2024-09-11")
    _ok(pipeline, "move", "2", "interview", "--on", "2024-09-11")
    # One at offer still wins over two at interviews.
    assert "#3 Huawei — Search" in _ok(pipeline, "offer", "huawei", "--bonus", "12%")
    outcome = pipeline("move", "huawei", "screening", "--force")  # move is not offer: ambiguous
    assert outcome.code == 1 and "matches 4 applications" in outcome.err


def test_two_applications_at_interviews_leave_the_name_ambiguous(pipeline) -> None:
    for role in ("Eng", "NLP", "Search"):
        _ok(pipeline, "add", "Baidu", role, "--on", "2024-09-02")
    _ok(pipeline, "move", "1", "interview", "--on", "2024-09-10")
    _ok(pipeline, "move", "2", "interview", "--on", "2024-09-10")
    outcome = pipeline("offer", "baidu", "--base", "30k x 15")
    assert outcome.code == 1
    assert "matches 3 applications; give the #id" in outcome.err
    assert "#1 Baidu — Eng [interview]" in outcome.err
