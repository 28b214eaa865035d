"""The Inbox screen: what mail proposes, listed with its evidence; accept, reject, accept onto
another application, and their undo and redo."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import OptionList
from tui_helpers import (
    SIZE,
    add,
    loaded,
    mail_bytes,
    notifications,
    queue_mail,
    screen_text,
    settle,
    type_text,
)

from pipeline_tui import services
from pipeline_tui.services import inbox
from pipeline_tui.tui.screens.detail_screen import DetailScreen
from pipeline_tui.tui.screens.inbox_screen import InboxScreen
from pipeline_tui.tui.screens.main_screen import MainScreen

ACME = "Acme Robotics <no-reply@us.greenhouse-mail.io>"


def _acme(store, tmp_path: Path, *, subject: str = "Thank you for applying to Acme Robotics"):
    """A confirmation (a new application) and a recruiter's reply in its thread."""
    return queue_mail(store, tmp_path, [
        mail_bytes(subject,
              "Hi Siman, we have received your application for Perception Engineer. "
              "Unfortunately we cannot reply to everyone.",
              sender=ACME, day="2024-09-02", message_id="<confirm-1@greenhouse-mail.io>"),
        mail_bytes("Re: Perception Engineer",
              "Hi Siman, I'm the recruiter for this role. I'd love to set up a 30-minute phone "
              "screen this week.",
              sender="Dana Lee <dana@acmerobotics.example>", day="2024-09-05",
              message_id="<screen-1@acmerobotics.example>",
              in_reply_to="<confirm-1@greenhouse-mail.io>"),
    ])  # fmt: skip


async def _open_inbox(pilot) -> InboxScreen:
    await loaded(pilot)
    await pilot.press("I")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, InboxScreen)
    return screen


def _pending(store) -> list[int]:
    return [item.id for item in inbox.inbox(store)]


async def test_the_inbox_lists_each_proposal_with_its_evidence(make_app, store, tmp_path) -> None:
    confirm, screen_id = _acme(store, tmp_path)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_inbox(pilot)
        assert app.focused.id == "inbox-list"
        text = screen_text(app)
        assert "2 proposals waiting" in text
        assert f"#{confirm}" in text and "confirmation" in text and "→ new" in text
        assert "Acme Robotics — Perception Engineer" in text and "submitted" in text
        assert "screening" in text and f"→ after #{confirm}" in text
        # The evidence of the highlighted (oldest) proposal.
        assert screen.selected_id() == confirm
        assert "no-reply@us.greenhouse-mail.io" in text
        assert "Thank you for applying to Acme Robotics" in text
        assert "2024-09-02" in text
        assert "confirmation.received" in text and "confidence" in text
        assert "a new application (accepting adds it)" in text
        await pilot.press("j")
        await settle(pilot)
        text = screen_text(app)
        assert screen.selected_id() == screen_id
        assert "dana@acmerobotics.example" in text and "phone screen" in text


async def test_accept_records_u_takes_it_back_and_U_records_it_again(
    make_app, store, tmp_path
) -> None:
    confirm, screen_id = _acme(store, tmp_path)
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await _open_inbox(pilot)
        await pilot.press("a")
        await settle(pilot)
        application = services.detail(store, 1)
        assert (application.application.company, application.application.role) == (
            "Acme Robotics", "Perception Engineer"
        )  # fmt: skip
        assert [(e.stage.value, e.occurred_on, e.origin) for e in application.events] == [
            ("submitted", date(2024, 9, 2), "mail")
        ]
        assert _pending(store) == [screen_id]
        assert any("Added #1 Acme Robotics" in text for _, text in notifications(app))
        # The cursor rests on the next proposal; the board has the new application.
        assert screen.selected_id() == screen_id
        assert len(app.dataset) == 1
        await pilot.press("u")
        await settle(pilot)
        assert _pending(store) == [confirm, screen_id]
        assert services.list_applications(store, services.ApplicationFilter()) == []
        assert len(app.dataset) == 0
        assert screen.selected_id() == confirm  # the proposal that came back
        await pilot.press("U")
        await settle(pilot)
        assert _pending(store) == [screen_id]
        # Redone as a new application: ids are never given out twice.
        (again,) = services.list_applications(store, services.ApplicationFilter())
        assert again.id == 2
        assert [e.stage.value for e in services.detail(store, 2).events] == ["submitted"]
        # The reply in its thread now records on the application.
        await pilot.press("a")
        await settle(pilot)
        assert [e.stage.value for e in services.detail(store, 2).events] == [
            "submitted", "screening"
        ]  # fmt: skip
        assert _pending(store) == []
        assert "Nothing waits in the inbox" in screen_text(app)
        await pilot.press("u")  # the screening event goes, its proposal waits again
        await settle(pilot)
        assert [e.stage.value for e in services.detail(store, 2).events] == ["submitted"]
        assert _pending(store) == [screen_id]
        assert screen.selected_id() == screen_id


async def test_reject_records_nothing_and_u_puts_it_back(make_app, store, tmp_path) -> None:
    confirm, screen_id = _acme(store, tmp_path)
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await _open_inbox(pilot)
        await pilot.press("j", "x")
        await settle(pilot)
        assert _pending(store) == [confirm]
        assert [item.status for item in inbox.proposals(store, [screen_id])] == ["rejected"]
        assert services.list_applications(store, services.ApplicationFilter()) == []
        assert screen.selected_id() == confirm
        assert any(f"Rejected proposal #{screen_id}" in text for _, text in notifications(app))
        await pilot.press("u")
        await settle(pilot)
        assert _pending(store) == [confirm, screen_id]
        assert screen.selected_id() == screen_id
        await pilot.press("U")
        await settle(pilot)
        assert _pending(store) == [confirm]


async def test_a_reply_to_no_application_says_how_and_t_records_it_on_one(
    make_app, store, tmp_path
) -> None:
    application_id = add(store, "Initech", "Data Engineer", on=date(2024, 9, 1))
    (reply,) = queue_mail(store, tmp_path, [
        mail_bytes("Your application", "We'd like to schedule a phone screen with you next week.",
              sender="Bob <bob@recruiters.example>", day="2024-09-10", message_id="<r@x>"),
    ])  # fmt: skip
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _open_inbox(pilot)
        await pilot.press("a")
        await settle(pilot)
        said = [text for severity, text in notifications(app) if severity == "error"]
        assert said and "t records it on the application you name" in said[-1]
        assert "--to" not in said[-1]
        assert _pending(store) == [reply]
        await pilot.press("t")
        await settle(pilot)
        await type_text(pilot, "initech")
        await pilot.press("enter")
        await settle(pilot)
        assert _pending(store) == []
        events = services.detail(store, application_id).events
        assert [(e.stage.value, e.origin) for e in events] == [
            ("submitted", None), ("screening", "mail")
        ]  # fmt: skip
        await pilot.press("u")
        await settle(pilot)
        assert len(services.detail(store, application_id).events) == 1
        assert _pending(store) == [reply]


async def test_a_rule_the_move_breaks_asks_first(make_app, store, tmp_path) -> None:
    application_id = add(store, "Acme Robotics", "Perception Engineer", on=date(2024, 9, 1))
    services.move(store, application_id, "rejected", on=date(2024, 9, 3))
    queue_mail(store, tmp_path, [
        mail_bytes("Re: Perception Engineer", "I'd love to set up a 30-minute phone screen.",
              sender="Dana Lee <dana@acmerobotics.example>", day="2024-09-05",
              message_id="<late@x>"),
    ])  # fmt: skip
    proposal = inbox.inbox(store)[0]
    assert proposal.application_id == application_id
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open_inbox(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert not isinstance(app.screen, InboxScreen)  # reopening it: "Record anyway?"
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, InboxScreen)
        assert _pending(store) == [proposal.id]
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert _pending(store) == []
        stages = [e.stage.value for e in services.detail(store, application_id).events]
        assert stages[-1] == "screening"


async def test_an_empty_inbox_says_how_to_read_mail(make_app, store) -> None:
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await _open_inbox(pilot)
        text = screen_text(app)
        assert "Nothing waits in the inbox" in text
        assert "pipeline mail ~/Mail/jobs.mbox" in text
        assert "0 proposals waiting" in text
        await pilot.press("a")
        await settle(pilot)
        assert ("warning", "select a proposal first") in notifications(app)
        assert screen.selected_id() is None
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


async def test_markup_in_a_subject_and_a_company_shows_as_typed(make_app, store, tmp_path) -> None:
    subject = "Thank you for applying to [bold]Acme[/] [0] [/red]"
    queue_mail(store, tmp_path, [
        mail_bytes(subject,
              "We have received your application for [b]Perception[/b] Engineer.",
              sender="[red]Acme[/red] Robotics <no-reply@us.greenhouse-mail.io>",
              day="2024-09-02", message_id="<markup@x>"),
    ])  # fmt: skip
    proposal = inbox.inbox(store)[0]
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _open_inbox(pilot)
        text = screen_text(app)
        assert subject in text
        assert "[red]Acme[/red] Robotics" in text
        if proposal.company:
            assert proposal.company in text
        await pilot.press("x")
        await settle(pilot)
        assert not [item for item in notifications(app) if item[0] == "error"]


async def test_enter_opens_the_linked_application(make_app, store, tmp_path) -> None:
    application_id = add(store, "Acme Robotics", "Perception Engineer", on=date(2024, 9, 1))
    queue_mail(store, tmp_path, [
        mail_bytes("Interview invitation - Perception Engineer",
              "We would like to invite you to a technical interview on September 20, 2024 at "
              "14:00 via Zoom.", sender=ACME, day="2024-09-12", message_id="<i@x>"),
    ])  # fmt: skip
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open_inbox(pilot)
        assert f"#{application_id} Acme Robotics — Perception Engineer" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, InboxScreen)
        options = app.screen.query_one("#inbox-list", OptionList)
        assert options.highlighted == 0


async def test_the_palette_opens_the_inbox(make_app, store, tmp_path) -> None:
    _acme(store, tmp_path)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert "2 in the inbox" in screen_text(app)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "inbox: show")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, InboxScreen)
