"""The contacts screen, key by key: list, filter, detail, add, edit, log, link, and their undo."""

from __future__ import annotations

from datetime import date

from textual.widgets import Input, OptionList
from tui_helpers import add, notifications, screen_text, settle, type_text

from pipeline_tui.domain.contacts import Channel, ContactKind
from pipeline_tui.services import contacts
from pipeline_tui.tui.screens.confirm_modal import ConfirmModal
from pipeline_tui.tui.screens.contacts_screen import ContactsScreen
from pipeline_tui.tui.screens.detail_screen import DetailScreen
from pipeline_tui.tui.screens.main_screen import MainScreen


def _people(store) -> tuple[int, int, int]:
    """ByteDance (with Li Lei, headhunter) and Tencent (with 韩梅梅, referrer)."""
    bytedance = add(store, "ByteDance", "LLM engineer", on=date(2024, 9, 2))
    li = contacts.add_contact(
        store, contacts.NewContact("Li Lei", company="ByteDance", kind=ContactKind.HEADHUNTER)
    )
    han = contacts.add_contact(
        store,
        contacts.NewContact("韩梅梅 [red]x[/red]", company="Tencent", kind=ContactKind.REFERRER),
    )
    contacts.link(store, li.id, bytedance, "referred me")
    contacts.log_interaction(
        store, li.id, on=date(2024, 9, 10), channel=Channel.MESSAGE, note="sent the CV"
    )
    return bytedance, li.id, han.id


def _names(store) -> list[str]:
    return [contact.name for contact in contacts.list_contacts(store)]


def _warnings(app) -> list[str]:
    return [text for severity, text in notifications(app) if severity == "warning"]


async def test_the_list_filters_as_you_type_and_shows_the_selected_contact(
    running_app, store
) -> None:
    _people(store)
    async with running_app() as (app, pilot):
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, ContactsScreen)
        assert app.focused.id == "contacts-list"
        text = screen_text(app)
        assert "Li Lei" in text and "韩梅梅 [red]x[/red]" in text  # user text, never markup
        # The first contact's applications and log are beside the list.
        assert "referred me" in text and "sent the CV" in text and "message" in text
        await pilot.press("slash")
        await type_text(pilot, "referrer")
        await settle(pilot)
        assert app.screen.shown[0].name == "韩梅梅 [red]x[/red]" and len(app.screen.shown) == 1
        assert "none linked yet" in screen_text(app)
        await pilot.press("enter")  # back on the list, the filter kept
        assert app.focused.id == "contacts-list"
        await pilot.press("escape")  # clears the filter
        await settle(pilot)
        assert len(app.screen.shown) == 2
        await pilot.press("escape")  # back to the board
        assert isinstance(app.screen, MainScreen)


async def test_enter_goes_to_the_linked_applications_and_opens_one(running_app, store) -> None:
    bytedance, _, _ = _people(store)
    async with running_app() as (app, pilot):
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("enter")
        assert app.focused.id == "contact-applications"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        assert app.screen.application_id == bytedance
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("escape")  # from the applications back to the list
        assert app.focused.id == "contacts-list"


async def test_add_then_edit_a_contact_and_undo_both(running_app, store) -> None:
    async with running_app(notifications=True) as (app, pilot):
        await pilot.press("p")
        await settle(pilot)
        assert "No contacts yet" in screen_text(app)
        await pilot.press("e")
        assert "select a contact first" in _warnings(app)
        await pilot.press("A")
        assert app.focused.id == "name"
        await type_text(pilot, "Li Lei")
        await pilot.press("tab")
        await type_text(pilot, "hunter")  # an alias, as on the command line
        await pilot.press("tab")
        await type_text(pilot, "字节跳动")
        await pilot.press("tab", "tab", "tab", "tab", "tab")
        assert app.focused.id == "every"
        await type_text(pilot, "0")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "1 to 3650 days" in screen_text(app)  # under the field; nothing saved
        assert app.focused.id == "every" and _names(store) == []
        await pilot.press("backspace")
        await type_text(pilot, "30")
        await pilot.press("enter")
        await settle(pilot)
        (added,) = contacts.list_contacts(store)
        assert (added.kind, added.company, added.every_days) == (
            ContactKind.HEADHUNTER,
            "字节跳动",
            30,
        )
        assert isinstance(app.screen, ContactsScreen) and app.screen.selected_id() == added.id
        assert app.focused.id == "contacts-list"
        await pilot.press("e")
        await settle(pilot)
        assert app.focused.id == "name" and app.focused.value == "Li Lei"
        await pilot.press("tab", "tab")
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "ByteDance")
        await pilot.press("enter")
        await settle(pilot)
        assert contacts.list_contacts(store)[0].company == "ByteDance"
        await pilot.press("u")
        await settle(pilot)
        assert contacts.list_contacts(store)[0].company == "字节跳动"
        await pilot.press("u")
        await settle(pilot)
        assert _names(store) == []
        await pilot.press("U")  # redo: the contact is back
        await settle(pilot)
        assert _names(store) == ["Li Lei"]


async def test_log_and_link_from_the_contact_and_undo_them(running_app, store) -> None:
    bytedance, li, _ = _people(store)
    tencent = add(store, "Tencent", "NLP")
    async with running_app(notifications=True) as (app, pilot):
        await pilot.press("p")
        await settle(pilot)
        assert app.screen.selected_id() == li
        await pilot.press("n")
        assert app.focused.id == "via"
        await type_text(pilot, "wechat")
        await pilot.press("tab")
        await type_text(pilot, "asked about [b]the team[/b]")
        await pilot.press("tab", "tab")
        await type_text(pilot, "tencent")
        await pilot.press("enter")
        await settle(pilot)
        log = contacts.contact_detail(store, li).interactions
        assert (log[0].channel, log[0].note, log[0].application_id) == (
            Channel.MESSAGE,
            "asked about [b]the team[/b]",
            tencent,
        )
        assert "asked about [b]the team[/b]" in screen_text(app)
        await pilot.press("L")
        await type_text(pilot, f"#{tencent}")
        await pilot.press("tab")
        await type_text(pilot, "hiring manager's friend")
        await pilot.press("enter")
        await settle(pilot)
        links = contacts.contact_detail(store, li).links
        assert [(link.application_id, link.role) for link in links] == [
            (bytedance, "referred me"),
            (tencent, "hiring manager's friend"),
        ]
        await pilot.press("u")
        await settle(pilot)
        assert [link.application_id for link in contacts.contact_detail(store, li).links] == [
            bytedance
        ]
        await pilot.press("u")
        await settle(pilot)
        assert [entry.note for entry in contacts.contact_detail(store, li).interactions] == [
            "sent the CV"
        ]
        assert any("Undid the log entry of" in text for _, text in notifications(app))


async def test_a_reference_that_matches_nothing_or_several_stays_in_the_form(
    running_app, store
) -> None:
    _, li, _ = _people(store)
    add(store, "Tencent", "NLP")
    add(store, "Tencent", "Search")
    async with running_app() as (app, pilot):
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("L")
        await type_text(pilot, "tencent")
        await pilot.press("enter")
        await settle(pilot)
        text = screen_text(app)
        assert "matches 2 applications" in text and "Tencent — Search" in text
        assert app.focused.id == "application"
        assert len(contacts.contact_detail(store, li).links) == 1


async def test_a_log_entry_dated_after_today_is_asked_about(running_app, store) -> None:
    _, li, _ = _people(store)
    async with running_app() as (app, pilot):
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("n")
        await pilot.press("tab", "tab")
        assert app.focused.id == "on"
        await type_text(pilot, "tomorrow")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        assert "after today" in screen_text(app)
        await pilot.press("n")
        await settle(pilot)
        assert "not recorded" in screen_text(app)
        assert app.screen.query_one("#force").value is False
        assert len(contacts.contact_detail(store, li).interactions) == 1
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert contacts.contact_detail(store, li).interactions[0].occurred_on == date(2024, 9, 17)


async def test_undoing_an_add_asks_before_removing_a_contact_with_a_log(running_app, store) -> None:
    async with running_app() as (app, pilot):
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("A")
        await type_text(pilot, "Li Lei")
        await pilot.press("enter")
        await settle(pilot)
        (added,) = contacts.list_contacts(store)
        # Another terminal logs a call with them meanwhile.
        contacts.log_interaction(store, added.id, channel=Channel.CALL, note="phone screen")
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        assert "removes #1 Li Lei (other) and their 1 log entry" in app.screen.what.plain
        assert "Remove them?" in screen_text(app)
        await pilot.press("n")
        await settle(pilot)
        assert _names(store) == ["Li Lei"]
        await pilot.press("u")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert _names(store) == []
        assert isinstance(app.screen, ContactsScreen)
        assert app.screen.query_one("#contacts-list", OptionList).option_count == 0


async def test_a_new_contact_the_filter_would_hide_is_shown_and_selected(
    running_app, store
) -> None:
    _people(store)
    async with running_app() as (app, pilot):
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "tencent")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("A")
        await type_text(pilot, "Wang Fang")
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ContactsScreen)
        assert screen.query_one("#contacts-filter", Input).value == ""
        assert screen.selected_contact().name == "Wang Fang"
        assert app.focused.id == "contacts-list"


async def test_the_contact_form_names_a_wrong_email_or_phone(running_app, store) -> None:
    async with running_app() as (app, pilot):
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("A")
        await type_text(pilot, "王芳")
        await pilot.press("tab")
        await type_text(pilot, "猎头")
        await pilot.press("tab", "tab")
        assert app.focused.id == "email"
        await type_text(pilot, "wang at example")
        await pilot.press("tab")
        await type_text(pilot, "138 0013 8000")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "is not an email address" in screen_text(app)
        assert app.focused.id == "email" and _names(store) == []
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "wang@example.com")
        await pilot.press("tab", "ctrl+a", "ctrl+k")
        await type_text(pilot, "call me")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "is not a phone number" in screen_text(app)
        assert app.focused.id == "phone" and _names(store) == []
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "+86 138 0013 8000")
        await pilot.press("ctrl+s")
        await settle(pilot)
        (added,) = contacts.list_contacts(store)
        assert (added.kind, added.email, added.phone) == (
            ContactKind.HEADHUNTER,
            "wang@example.com",
            "+86 138 0013 8000",
        )
