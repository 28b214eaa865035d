"""People and follow-ups on an application: its contacts, interview rounds and reminders in the
detail screen; interview details in the move dialog; a reminder and a link from the board."""

from __future__ import annotations

from datetime import date, time

from tui_helpers import add, notifications, screen_text, settle, type_text

from pipeline_tui import services
from pipeline_tui.domain.contacts import ContactKind
from pipeline_tui.domain.interviews import InterviewFormat
from pipeline_tui.domain.stages import Stage
from pipeline_tui.services import contacts, interviews, reminders
from pipeline_tui.tui.screens.detail_screen import DetailScreen
from pipeline_tui.tui.screens.move_modal import MoveModal


def _interviewing(store) -> int:
    application_id = add(store, "Tencent", "NLP", on=date(2024, 9, 1))
    services.move(store, application_id, "interview", on=date(2024, 9, 9))
    return application_id


async def test_the_detail_shows_contacts_interviews_and_reminders(running_app, store) -> None:
    application_id = _interviewing(store)
    han = contacts.add_contact(
        store, contacts.NewContact("韩梅梅", company="Tencent", kind=ContactKind.REFERRER)
    )
    contacts.link(store, han.id, application_id, "referred [b]me[/b]")
    plan = interviews.InterviewPlan(
        at=time(14, 30),
        duration_minutes=60,
        format=InterviewFormat.VIDEO,
        place="https://meet.example/[x]",
        interviewers=("Li Lei",),
    )
    interviews.move(store, application_id, "interview", plan, on=date(2024, 9, 19))
    reminders.remind(store, "thank the team", ref=application_id, on=date(2024, 9, 20))
    async with running_app() as (app, pilot):
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        text = screen_text(app)
        assert "Interviews · 2" in text
        assert "past     Mon 2024-09-09" in text
        assert "upcoming Thu 2024-09-19 14:30" in text
        assert "1 h, video," in text and "https://meet.example/" in text and "[x]" in text
        assert "with Li Lei" in text
        assert "Contacts · 1" in text and "referred [b]me[/b]" in text and "referrer" in text
        assert "Reminders · 1" in text and "r1" in text and "thank the team" in text


async def test_the_move_dialog_records_an_interview_with_its_details(running_app, store) -> None:
    application_id = _interviewing(store)
    contacts.add_contact(store, contacts.NewContact("Li Lei", company="Tencent"))
    async with running_app(notifications=True) as (app, pilot):
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, MoveModal)
        assert app.screen.query_one("#interview-fields").display  # interview is highlighted
        await pilot.press("tab")
        assert app.focused.id == "on"
        await type_text(pilot, "2024-09-20")
        await pilot.press("tab", "tab")
        assert app.focused.id == "at"
        await type_text(pilot, "2pm")
        await pilot.press("tab")
        await type_text(pilot, "1h30")
        await pilot.press("tab")
        await type_text(pilot, "zoom")
        await pilot.press("tab")
        await type_text(pilot, "Room [3]")
        await pilot.press("tab")
        await type_text(pilot, "li lei, Wang Fang")
        await pilot.press("ctrl+s")
        await settle(pilot)
        rounds = services.detail(store, application_id).interviews
        newest = rounds[-1]
        assert (newest.round, newest.occurred_on, newest.starts_at) == (
            2,
            date(2024, 9, 20),
            time(14, 0),
        )
        assert (newest.duration_minutes, newest.format, newest.place) == (
            90,
            InterviewFormat.VIDEO,
            "Room [3]",
        )
        assert [person.name for person in newest.interviewers] == ["Li Lei", "Wang Fang"]
        assert any(
            "new contact #2 Wang Fang (interviewer" in text for _, text in notifications(app)
        )
        await pilot.press("u")  # the round goes, with its details
        await settle(pilot)
        assert len(services.detail(store, application_id).interviews) == 1
        assert services.detail(store, application_id).application.round == 1


async def test_interview_details_are_checked_beside_their_fields(running_app, store) -> None:
    application_id = _interviewing(store)
    async with running_app() as (app, pilot):
        await pilot.press("m")
        await settle(pilot)
        app.screen.query_one("#duration").focus()
        await type_text(pilot, "forever")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert 'duration "forever" is not one I can read' in screen_text(app)
        assert app.focused.id == "duration"
        await pilot.press("ctrl+a", "ctrl+k")
        app.screen.query_one("#at").focus()
        await type_text(pilot, "tomorrow")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "a time of day (14:00, 2pm)" in screen_text(app)
        assert services.detail(store, application_id).application.round == 1
        # Another stage hides the interview fields.
        app.screen.query_one("#stage").focus()
        await pilot.press("up")
        assert not app.screen.query_one("#interview-fields").display


async def test_remind_and_link_on_the_selected_application(running_app, store) -> None:
    application_id = _interviewing(store)
    li = contacts.add_contact(store, contacts.NewContact("Li Lei", company="Tencent"))
    async with running_app() as (app, pilot):
        await pilot.press("R")
        assert app.focused.id == "text"
        await type_text(pilot, "send the portfolio")
        await pilot.press("tab")
        await type_text(pilot, "next fri")
        await pilot.press("enter")
        await settle(pilot)
        (added,) = services.detail(store, application_id).reminders
        assert (added.text, added.due_on) == ("send the portfolio", date(2024, 9, 20))
        await pilot.press("L")
        assert app.focused.id == "contact"
        await type_text(pilot, "li")
        await pilot.press("tab")
        await type_text(pilot, "recruiter")
        await pilot.press("enter")
        await settle(pilot)
        (link,) = services.detail(store, application_id).contacts
        assert (link.contact_id, link.role) == (li.id, "recruiter")
        # The detail screen shows both, and u there takes back the link first.
        await pilot.press("enter")
        await settle(pilot)
        assert "send the portfolio" in screen_text(app) and "recruiter" in screen_text(app)
        await pilot.press("u")
        await settle(pilot)
        assert services.detail(store, application_id).contacts == []
        assert "Contacts ·" not in screen_text(app)
        await pilot.press("u")
        await settle(pilot)
        assert services.detail(store, application_id).reminders == []
        assert services.detail(store, application_id).application.stage is Stage.INTERVIEW
