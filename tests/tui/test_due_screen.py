"""The due screen, key by key: what `pipeline due` lists, done, snooze, open, and their undo."""

from __future__ import annotations

from datetime import date, time

from textual.widgets import OptionList
from tui_helpers import SIZE, add, loaded, notifications, screen_text, settle, type_text

from pipeline_tui import services
from pipeline_tui.config import load_settings
from pipeline_tui.services import contacts, interviews, reminders
from pipeline_tui.tui.screens.contacts_screen import ContactsScreen
from pipeline_tui.tui.screens.detail_screen import DetailScreen
from pipeline_tui.tui.screens.due_screen import DueScreen


def _due_things(store) -> dict[str, int]:
    """A follow-up (f1), a contact to get back to (c1), a reminder (r1), an interview ahead."""
    quiet = add(store, "ByteDance", "LLM engineer", on=date(2024, 8, 20))
    reminded = add(store, "Tencent", "NLP", on=date(2024, 9, 10))
    talking = add(store, "Meituan", "Search", on=date(2024, 9, 5))
    li = contacts.add_contact(store, contacts.NewContact("Li Lei", every_days=30))
    contacts.log_interaction(store, li.id, on=date(2024, 8, 1), note="coffee")
    reminders.remind(store, "send the [b]portfolio[/b]", ref=reminded, on=date(2024, 9, 14))
    plan = interviews.InterviewPlan(at=time(10, 0), duration_minutes=45)
    interviews.move(store, talking, "interview", plan, on=date(2024, 9, 18))
    return {"quiet": quiet, "reminded": reminded, "talking": talking, "li": li.id}


def _refs(store) -> list[str | None]:
    return [item.ref for item in reminders.due(store, load_settings().settings)]


def _line(app) -> str | None:
    item = app.screen.selected_item(armed_only=False)
    return item.ref if item is not None else None


async def _open_due(pilot) -> DueScreen:
    await loaded(pilot)
    await pilot.press("d")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, DueScreen)
    return screen


async def _go_to(pilot, ref: str) -> None:
    """Move the cursor down (from the top) to the line with ref."""
    await pilot.press("home")
    for _ in range(10):
        if _line(pilot.app) == ref:
            return
        await pilot.press("j")
    raise AssertionError(f"no line {ref}")


async def test_due_lists_each_item_with_what_to_do_and_since_when(make_app, store) -> None:
    _due_things(store)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open_due(pilot)
        assert app.focused.id == "due-list"
        text = screen_text(app)
        assert "To do · 3" in text and "Interviews in the next 7 days · 1" in text
        assert "since 2024-08-27" in text and "Follow up on #1 ByteDance" in text
        assert "Get in touch with Li Lei" in text
        assert "send the [b]portfolio[/b]" in text  # user text, never markup
        assert "in 2 days 10:00" in text and "45 min" in text
        assert _line(app) == "f1"  # the oldest first


async def test_done_closes_the_line_and_a_second_press_does_not_close_the_next(
    make_app, store
) -> None:
    ids = _due_things(store)
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _open_due(pilot)
        await pilot.press("x")
        await settle(pilot)
        timeline = services.detail(store, ids["quiet"]).events
        assert timeline[-1].note == "Followed up"
        assert _refs(store) == ["c1", "r1", None]
        # The cursor rests on the next line, not highlighted: x waits until a key picks it.
        assert _line(app) == "c1"
        assert app.screen.query_one("#due-list").has_class("-parked")
        await pilot.press("x")
        await settle(pilot)
        assert ("warning", "select a line first") in notifications(app)
        assert _refs(store) == ["c1", "r1", None]
        await pilot.press("j")  # highlights the line the cursor rests on
        assert _line(app) == "c1"
        await pilot.press("x")
        await settle(pilot)
        assert contacts.contact_detail(store, ids["li"]).interactions[0].note == "Kept in touch"
        assert _refs(store) == ["r1", None]
        await pilot.press("u")  # takes back the log entry; c1 is due again
        await settle(pilot)
        assert _refs(store) == ["c1", "r1", None]
        await pilot.press("u")  # takes back the note; f1 is due again
        await settle(pilot)
        assert _refs(store) == ["f1", "c1", "r1", None]
        assert services.detail(store, ids["quiet"]).events[-1].note is None


async def test_done_on_a_reminder_and_its_undo(make_app, store) -> None:
    _due_things(store)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open_due(pilot)
        await _go_to(pilot, "r1")
        await pilot.press("x")
        await settle(pilot)
        assert reminders.reminder(store, "r1").done_at is not None
        await pilot.press("u")
        await settle(pilot)
        assert reminders.reminder(store, "r1").done_at is None
        assert "r1" in _refs(store)


async def test_snooze_asks_for_the_day_and_undo_puts_it_back(make_app, store) -> None:
    _due_things(store)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open_due(pilot)
        await _go_to(pilot, "r1")
        await pilot.press("s")
        await settle(pilot)
        assert app.focused.id == "to" and app.focused.value == "tomorrow"
        await pilot.press("enter")
        await settle(pilot)
        assert reminders.reminder(store, "r1").due_on == date(2024, 9, 17)
        assert "r1" not in _refs(store)
        await pilot.press("u")
        await settle(pilot)
        assert reminders.reminder(store, "r1").due_on == date(2024, 9, 14)
        # A follow-up snoozed becomes a reminder; undo removes it again.
        await _go_to(pilot, "f1")
        await pilot.press("s")
        await type_text(pilot, "2024-09-20")
        await pilot.press("enter")
        await settle(pilot)
        assert "f1" not in _refs(store)
        assert reminders.reminder(store, "r2").text == "Follow up"
        await pilot.press("u")
        await settle(pilot)
        assert "f1" in _refs(store)


async def test_snooze_to_today_is_refused_under_the_field(make_app, store) -> None:
    _due_things(store)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open_due(pilot)
        await pilot.press("s")
        await type_text(pilot, "today")
        await pilot.press("enter")
        await settle(pilot)
        assert "snooze to a day after today" in screen_text(app)
        assert app.focused.id == "to"
        assert "f1" in _refs(store)


async def test_enter_opens_the_application_or_the_contact(make_app, store) -> None:
    ids = _due_things(store)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open_due(pilot)
        await _go_to(pilot, "r1")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        assert app.screen.application_id == ids["reminded"]
        assert "send the [b]portfolio[/b]" in screen_text(app)  # its open reminders
        await pilot.press("escape")
        await settle(pilot)
        await _go_to(pilot, "c1")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ContactsScreen)
        assert app.screen.selected_id() == ids["li"]


async def test_lines_without_a_ref_say_what_clears_them(make_app, store) -> None:
    _due_things(store)
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _open_due(pilot)
        await pilot.press("end")
        assert app.screen.selected_item().kind == "interview"
        await pilot.press("x")
        await settle(pilot)
        assert any("leaves the list once held" in text for _, text in notifications(app))
        assert _refs(store) == ["f1", "c1", "r1", None]


async def test_a_reminder_from_the_due_screen_can_name_a_contact(make_app, store) -> None:
    ids = _due_things(store)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open_due(pilot)
        await pilot.press("R")
        assert app.focused.id == "text"
        await type_text(pilot, "ask about the team")
        await pilot.press("tab", "tab", "tab")
        assert app.focused.id == "contact"
        await type_text(pilot, "li lei")
        await pilot.press("enter")
        await settle(pilot)
        added = reminders.reminder(store, "r2")
        assert (added.text, added.contact_id, added.due_on) == (
            "ask about the team",
            ids["li"],
            date(2024, 9, 16),
        )
        assert "r2" in _refs(store)
        options = app.screen.query_one("#due-list", OptionList)
        assert options.option_count > 0
        await pilot.press("u")
        await settle(pilot)
        assert "r2" not in _refs(store)


async def test_a_long_list_shows_its_first_lines_and_says_how_many_more(
    make_app, store, monkeypatch
) -> None:
    from pipeline_tui.tui.screens import due_screen

    _due_things(store)
    monkeypatch.setattr(due_screen, "SHOWN", 2)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _open_due(pilot)
        text = screen_text(app)
        assert "To do · 3" in text and "+1 more: `pipeline due` lists every one" in text
        assert "send the [b]portfolio[/b]" not in text
        await pilot.press("end")
        assert app.screen.selected_item().kind == "interview"


async def test_g_asks_then_ghosts_the_silent_ones_and_u_takes_it_all_back(make_app, store) -> None:
    """Two applications silent for 30+ days, one a reminder covers, one fresh: G asks naming
    how many, marks the one left ghosted, and one u brings it back."""
    old = add(store, "ByteDance", "LLM engineer", on=date(2024, 7, 1))
    older = add(store, "Alibaba", "Search", on=date(2024, 6, 20))
    covered = add(store, "Tencent", "NLP", on=date(2024, 7, 2))
    fresh = add(store, "Meituan", "Search", on=date(2024, 9, 10))
    reminders.remind(store, "chase them", ref=covered, on=date(2024, 9, 20))
    app = make_app()

    def stage(application_id: int) -> str:
        return services.detail(store, application_id).application.stage.value

    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _open_due(pilot)
        assert "2 open applications have heard nothing for 30+ days: G marks them" in (
            screen_text(app)
        )
        await pilot.press("G")
        await settle(pilot)
        assert "2 open applications have heard nothing" in screen_text(app)
        await pilot.press("n")  # no: nothing changes
        await settle(pilot)
        assert isinstance(app.screen, DueScreen)
        assert [stage(i) for i in (old, older, covered, fresh)] == ["submitted"] * 4
        await pilot.press("G")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert [stage(i) for i in (old, older, covered, fresh)] == [
            "ghosted", "ghosted", "submitted", "submitted"
        ]  # fmt: skip
        assert any("Marked 2 applications ghosted" in text for _, text in notifications(app))
        assert "G marks them" not in screen_text(app)  # nobody is silent any more
        await pilot.press("u")
        await settle(pilot)
        assert [stage(i) for i in (old, older, covered, fresh)] == ["submitted"] * 4
        assert any("Undid the ghosting of 2 applications" in text for _, text in notifications(app))
        await pilot.press("U")  # redo: the same ones again
        await settle(pilot)
        assert stage(old) == "ghosted" and stage(older) == "ghosted"


async def test_g_with_nobody_silent_says_so_and_writes_nothing(make_app, store) -> None:
    fresh = add(store, "Meituan", "Search", on=date(2024, 9, 10))
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _open_due(pilot)
        await pilot.press("G")
        await settle(pilot)
        assert isinstance(app.screen, DueScreen)
        assert any("No open application has heard nothing" in t for _, t in notifications(app))
        assert services.detail(store, fresh).application.stage.value == "submitted"


async def test_g_uses_the_reply_curve_with_ghost_after_auto(
    make_app, store, isolated_user_state
) -> None:
    """ghost_after = "auto": 6 answers came 2 to 4 days after sending, so an application silent
    for 10 days already counts as ghosted; G names that day and marks it."""
    config = isolated_user_state / "config" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('ghost_after = "auto"\nmin_group_size = 5\n', encoding="utf-8")
    for number, delay in enumerate((2, 2, 3, 3, 4, 4)):
        answered = add(store, f"Answered {number}", "Role", on=date(2024, 8, 20))
        services.move(store, answered, "rejected", on=date(2024, 8, 20 + delay))
    for number in range(6):
        add(store, f"Waiting {number}", "Role", on=date(2024, 8, 20))
    silent = add(store, "Quiet", "Role", on=date(2024, 9, 6))
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await _open_due(pilot)
        assert "7 open applications have heard nothing for 4+ days: G marks them" in (
            screen_text(app)
        )
        await pilot.press("G")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert services.detail(store, silent).application.stage.value == "ghosted"
