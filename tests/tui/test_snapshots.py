"""SVG snapshots of every screen at 120x40 (the main views and dialogs also at 80x24 and 200x50)
on a fixed demo database (seed 7, 2024-09-16).

Update them after a deliberate change with `pytest tests/tui/test_snapshots.py
--snapshot-update`, then look at every changed SVG before committing it.
"""

from __future__ import annotations

import shutil
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from tui_helpers import (
    SIZE,
    loaded,
    mail_bytes,
    queue_mail,
    seed_offers,
    settle,
    steady_cursors,
    type_text,
)

from pipeline_tui import clock, services
from pipeline_tui.config import load_settings
from pipeline_tui.domain.contacts import Channel, ContactKind
from pipeline_tui.domain.interviews import InterviewFormat
from pipeline_tui.services import contacts, interviews, reminders
from pipeline_tui.store.engine import Store, open_store
from pipeline_tui.tui.app import PipelineApp

DEMO_SIZE = 400
DEMO_SEED = 7
DEMO_TODAY = date(2024, 9, 16)  # the date tests/conftest.py pins
# The board starts on the newest card; these keys go to the first column from anywhere.
FIRST_COLUMN = ("h",) * 5


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo database made once per module; the snapshot tests only read it."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    store = open_store(path)
    services.fill_demo(store, DEMO_SIZE, DEMO_SEED, today=DEMO_TODAY)
    store.close()
    return path


@pytest.fixture
def demo_store(demo_db: Path) -> Iterator[Store]:
    store = open_store(demo_db)
    yield store
    store.close()


@pytest.fixture(scope="module")
def offers_db(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database with structured offers recorded through the services (the demo itself
    has offers only as stages): five pending offers, one revised, one in dollars."""
    path = tmp_path_factory.mktemp("offers") / "offers.db"
    shutil.copyfile(demo_db, path)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PIPELINE_TODAY", DEMO_TODAY.isoformat())
        store = open_store(path)
        seed_offers(store)
        store.close()
    return path


@pytest.fixture
def offers_store(offers_db: Path) -> Iterator[Store]:
    store = open_store(offers_db)
    yield store
    store.close()


def _app(store: Store) -> PipelineApp:
    return PipelineApp(store, load_settings(), poll=False)


def _after(
    *keys: str, typed: str = "", then: tuple[str, ...] = ()
) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """Wait for the data, press keys, type text, press more keys, steady the cursors."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await loaded(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        if typed:
            await type_text(pilot, typed)
        for key in then:
            await pilot.press(key)
            await settle(pilot)
        steady_cursors(pilot.app)  # type: ignore[arg-type]
        await pilot.pause()

    return run_before


# The views a small (80x24) and a large (200x50) terminal are checked at, besides 120x40.
SIZES = [SIZE, (80, 24), (200, 50)]
SIZE_IDS = ["120x40", "80x24", "200x50"]


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_board(snap_compare, demo_store: Store, size: tuple[int, int]) -> None:
    run_before = _after(*FIRST_COLUMN, "l", "j")
    assert snap_compare(_app(demo_store), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_table(snap_compare, demo_store: Store, size: tuple[int, int]) -> None:
    assert snap_compare(_app(demo_store), terminal_size=size, run_before=_after("t"))


def test_table_filtered(snap_compare, demo_store: Store) -> None:
    run_before = _after("t", "slash", typed="字节 stage:open", then=("escape",))
    assert snap_compare(_app(demo_store), terminal_size=SIZE, run_before=run_before)


def test_detail(snap_compare, demo_store: Store) -> None:
    keys = (*FIRST_COLUMN, "l", "l", "l", "enter")  # the most recent interview
    assert snap_compare(_app(demo_store), terminal_size=SIZE, run_before=_after(*keys))


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_add_modal(snap_compare, demo_store: Store, size: tuple[int, int]) -> None:
    assert snap_compare(_app(demo_store), terminal_size=size, run_before=_after("A"))


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_move_modal(snap_compare, demo_store: Store, size: tuple[int, int]) -> None:
    keys = (*FIRST_COLUMN, "l", "l", "m")
    assert snap_compare(_app(demo_store), terminal_size=size, run_before=_after(*keys))


def test_capture_bar(snap_compare, demo_store: Store) -> None:
    run_before = _after("a", typed="Moonshot AI / Kimi 算法 via:referral")
    assert snap_compare(_app(demo_store), terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_insights(snap_compare, demo_store: Store, size: tuple[int, int]) -> None:
    assert snap_compare(_app(demo_store), terminal_size=size, run_before=_after("i"))


def test_help(snap_compare, demo_store: Store) -> None:
    keys = ("question_mark",)
    assert snap_compare(_app(demo_store), terminal_size=SIZE, run_before=_after(*keys))


def test_welcome(snap_compare, store: Store) -> None:
    assert snap_compare(_app(store), terminal_size=SIZE, run_before=_after())


# People and follow-ups: the demo has no contacts or reminders, so a copy of it gets a few here.
SEEDED_AT = datetime(2024, 9, 1, 9, 0, tzinfo=UTC)


def _seed_people(store: Store) -> None:
    """Contacts, links, a log, reminders and an interview round with details, on the demo."""
    li = contacts.add_contact(
        store,
        contacts.NewContact(
            "Li Lei", company="Meituan", kind=ContactKind.HEADHUNTER, every_days=30,
            email="li.lei@example.com", handles="WeChat: lilei_hr",
        ),
    )  # fmt: skip
    han = contacts.add_contact(
        store, contacts.NewContact("韩梅梅", company="腾讯", kind=ContactKind.REFERRER)
    )
    contacts.add_contact(
        store,
        contacts.NewContact("Sarah [b]O'Neil[/b]", company="小米", kind=ContactKind.HIRING_MANAGER),
    )
    contacts.add_contact(store, contacts.NewContact("Wang Fang", kind=ContactKind.RECRUITER))
    contacts.link(store, li.id, 153, "brought me in")
    contacts.link(store, han.id, 368, "referred me")
    contacts.log_interaction(
        store, li.id, on=date(2024, 8, 10), channel=Channel.MESSAGE, note="sent the CV", about=153
    )
    contacts.log_interaction(store, han.id, on=date(2024, 9, 12), channel=Channel.MEETING,
                             note="coffee: the team is hiring two more")  # fmt: skip
    plan = interviews.InterviewPlan(
        at=time(14, 0), duration_minutes=60, format=InterviewFormat.VIDEO, interviewers=("Li Lei",)
    )
    interviews.move(store, 153, "interview", plan, on=date(2024, 9, 18))
    reminders.remind(store, "send the portfolio", ref=368, on=date(2024, 9, 13))
    reminders.remind(store, "ask about the team", contact=han.id, on=date(2024, 9, 20))


@pytest.fixture(scope="module")
def people_db(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database with people and follow-ups added (created at a fixed instant)."""
    path = tmp_path_factory.mktemp("people") / "people.db"
    path.write_bytes(demo_db.read_bytes())
    store = open_store(path)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(clock, "now", lambda: SEEDED_AT)
        _seed_people(store)
    store.close()
    return path


@pytest.fixture
def people_store(people_db: Path) -> Iterator[Store]:
    store = open_store(people_db)
    yield store
    store.close()


# Offers: the comparison, the accept question, the offer form, the detail screen's offer, and
# the reason prompt, on the demo with offers seeded (see tui_helpers.seed_offers).
SMALL_SIZES = [SIZE, (80, 24)]
SMALL_IDS = ["120x40", "80x24"]


@pytest.mark.parametrize("size", SMALL_SIZES, ids=SMALL_IDS)
def test_contacts(snap_compare, people_store: Store, size: tuple[int, int]) -> None:
    run_before = _after("p")  # Li Lei: a log, a link, an interview round
    assert snap_compare(_app(people_store), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SMALL_SIZES, ids=SMALL_IDS)
def test_due(snap_compare, people_store: Store, size: tuple[int, int]) -> None:
    assert snap_compare(_app(people_store), terminal_size=size, run_before=_after("d"))


def test_due_at_its_end(snap_compare, people_store: Store) -> None:
    run_before = _after("d", "end")  # reminders, then the interviews ahead
    assert snap_compare(_app(people_store), terminal_size=SIZE, run_before=run_before)


def test_detail_with_people(snap_compare, people_store: Store) -> None:
    run_before = _after("d", "end", "enter")  # the interview ahead: Meituan, round 2
    assert snap_compare(_app(people_store), terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("size", SMALL_SIZES, ids=SMALL_IDS)
def test_contact_form(snap_compare, people_store: Store, size: tuple[int, int]) -> None:
    run_before = _after("p", "e")
    assert snap_compare(_app(people_store), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SMALL_SIZES, ids=SMALL_IDS)
def test_offers(snap_compare, offers_store: Store, size: tuple[int, int]) -> None:
    # At 80x24: the second offer, and the columns past the steady state scrolled into view.
    keys = ("o",) if size == SIZE else ("o", "j", "l", "l")
    assert snap_compare(_app(offers_store), terminal_size=size, run_before=_after(*keys))


def test_offers_decided_too(snap_compare, offers_store: Store) -> None:
    assert snap_compare(_app(offers_store), terminal_size=SIZE, run_before=_after("o", "D"))


@pytest.mark.parametrize("size", SMALL_SIZES, ids=SMALL_IDS)
def test_accept_question(snap_compare, offers_store: Store, size: tuple[int, int]) -> None:
    assert snap_compare(_app(offers_store), terminal_size=size, run_before=_after("o", "a"))


@pytest.mark.parametrize("size", SMALL_SIZES, ids=SMALL_IDS)
def test_offer_form(snap_compare, offers_store: Store, size: tuple[int, int]) -> None:
    assert snap_compare(_app(offers_store), terminal_size=size, run_before=_after("o", "e"))


def test_detail_with_an_offer(snap_compare, offers_store: Store) -> None:
    keys = ("o", "j", "j", "j", "enter")  # MiniMax: a revised offer, answer in 2 days
    assert snap_compare(_app(offers_store), terminal_size=SIZE, run_before=_after(*keys))


@pytest.mark.parametrize("size", SMALL_SIZES, ids=SMALL_IDS)
def test_reason_prompt(snap_compare, demo_store: Store, size: tuple[int, int]) -> None:
    keys = (*FIRST_COLUMN, "l", "l", "x")  # reject the most recent interview
    assert snap_compare(_app(demo_store), terminal_size=size, run_before=_after(*keys))


# The inbox: what mail proposes on the demo database (a confirmation and its thread, a Chinese
# invitation that matches several applications, a rejection whose subject looks like markup).
@pytest.fixture(scope="module")
def mail_db(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("mail")
    path = folder / "mail.db"
    shutil.copyfile(demo_db, path)
    acme = "Acme Robotics <no-reply@us.greenhouse-mail.io>"
    messages = [
        mail_bytes("Thank you for applying to Acme Robotics",
                   "Hi Siman, we have received your application for Perception Engineer. "
                   "Unfortunately we cannot reply to everyone.",
                   sender=acme, day="2024-09-02", message_id="<confirm-1@greenhouse-mail.io>"),
        mail_bytes("Re: Perception Engineer",
                   "Hi Siman, I'm the recruiter for this role. I'd love to set up a 30-minute "
                   "phone screen this week.",
                   sender="Dana Lee <dana@acmerobotics.example>", day="2024-09-05",
                   message_id="<screen-1@acmerobotics.example>",
                   in_reply_to="<confirm-1@greenhouse-mail.io>"),
        mail_bytes("【字节跳动】二面邀请",
                   "恭喜你通过一面！现邀请你参加大模型算法工程师岗位二面。"
                   "面试时间：9月20日（周五）下午3点，视频面试。",
                   sender="字节跳动招聘 <campus@mail.bytedance.net>", day="2024-09-13",
                   message_id="<zh-1@bytedance.net>"),
        mail_bytes("Your application to Meituan [Search] [/b]",
                   "Thank you for your interest. Unfortunately, we have decided not to move "
                   "forward with your application for the Search engineer position.",
                   sender="Meituan Careers <careers@meituan.example>", day="2024-09-14",
                   message_id="<rej-1@meituan.example>"),
    ]  # fmt: skip
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PIPELINE_TODAY", DEMO_TODAY.isoformat())
        patch.setattr(clock, "now", lambda: SEEDED_AT)
        store = open_store(path)
        queue_mail(store, folder, messages)
        store.close()
    return path


@pytest.fixture
def mail_store(mail_db: Path) -> Iterator[Store]:
    store = open_store(mail_db)
    yield store
    store.close()


@pytest.mark.parametrize("size", SMALL_SIZES, ids=SMALL_IDS)
def test_inbox(snap_compare, mail_store: Store, size: tuple[int, int]) -> None:
    run_before = _after("I", "j", "j")  # the invitation: its interview's day, time and format
    assert snap_compare(_app(mail_store), terminal_size=size, run_before=run_before)
