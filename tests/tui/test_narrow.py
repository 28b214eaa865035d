"""At 80 columns (and at 120) nothing is cut where it matters: the footer holds whole keys, a
long notice says it goes on and is kept whole in the messages log, the status names the change
u undoes before its application, notes stay readable, the table keeps its rows' numbers and
companies when scrolled, and the help's columns keep apart."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

import pytest
from rich.cells import cell_len
from textual.command import CommandList
from textual.widgets._footer import FooterKey
from tui_helpers import add, loaded, screen_text, settle, status_text, type_text, until

from pipeline_tui import services
from pipeline_tui.tui.app import PipelineApp
from pipeline_tui.tui.screens.detail_screen import DetailScreen
from pipeline_tui.tui.screens.help_screen import HelpScreen
from pipeline_tui.tui.screens.messages_modal import MessagesModal
from pipeline_tui.tui.widgets.application_table import ApplicationTable
from pipeline_tui.tui.widgets.fitted_footer import FittedFooter, entries_to_drop

SIZES = [(80, 24), (120, 40)]
LONG_COMPANY = "北京字节跳动科技有限公司 Beijing ByteDance Technology Co Ltd " * 3
LONG_ROLE = "大模型算法工程师 Large language model algorithm engineer, Top Seed programme " * 2
NOTE = (
    "HR 王女士 called: second round next Tuesday at 3pm, prepare the system design of a feed "
    "ranking service and a deep dive on the CUDA project"
)


def _footer_entries(app: PipelineApp) -> tuple[list[FooterKey], int]:
    """The footer entries shown, and the first cell the palette key takes."""
    footer = app.screen.query_one(FittedFooter)
    keys = [key for key in footer.query(FooterKey) if key.display]
    palette = [key for key in keys if key.has_class("-command-palette")]
    limit = palette[0].region.x if palette else footer.region.right
    return [key for key in keys if not key.has_class("-command-palette")], limit


def _assert_footer_fits(app: PipelineApp, where: str) -> list[str]:
    entries, limit = _footer_entries(app)
    assert entries, f"{where}: the footer shows no key"
    last_line = screen_text(app).splitlines()[-1]
    for key in entries:
        assert key.region.right <= limit, f"{where}: {key.key_display} runs under the palette"
        assert key.region.x >= 0
        assert key.description in last_line, f"{where}: {key.description} is cut"
    return [key.description for key in entries]


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
async def test_every_footer_holds_whole_keys(make_app, store, size) -> None:
    add(store, "字节跳动", "大模型算法工程师", on=date(2024, 9, 2))
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await loaded(pilot)
        shown = _assert_footer_fits(app, "board")
        assert {"Move", "Undo", "Help"} <= set(shown)
        for key, where in (("t", "table"), ("i", "insights"), ("b", "board again")):
            await pilot.press(key)
            await settle(pilot)
            _assert_footer_fits(app, where)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        assert {"Back", "Move", "Undo", "Help"} <= set(_assert_footer_fits(app, "detail"))
        for key, where in (("p", "contacts"), ("d", "due"), ("o", "offers"), ("?", "help")):
            await pilot.press("escape")
            await settle(pilot)
            await pilot.press(key)
            await settle(pilot)
            _assert_footer_fits(app, where)


def test_entries_named_first_go_first_then_from_the_right() -> None:
    widths = [("open", 7), ("filter", 9), ("quit", 7), ("move", 7), ("help", 7)]
    assert entries_to_drop(widths, 40) == set()
    assert entries_to_drop(widths, 30) == {2}  # quit first
    assert entries_to_drop(widths, 29) == {2, 0}  # then open
    assert entries_to_drop(widths, 20) == {2, 0, 4}  # then from the right


async def _long_notice(pilot, app: PipelineApp) -> str:
    """Reject an application with a very long title; return the notice's whole text."""
    await pilot.press("x", "enter")
    await settle(pilot)
    return next(text for _, text in reversed(app.notices) if text.startswith("Moved"))


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
async def test_a_long_notice_ends_in_an_ellipsis_and_the_messages_log_keeps_it(
    make_app, store, size
) -> None:
    add(store, LONG_COMPANY.strip(), LONG_ROLE.strip(), on=date(2024, 9, 2))
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await loaded(pilot)
        whole = await _long_notice(pilot, app)
        assert len(whole) > 2 * size[0]
        lines = screen_text(app).splitlines()
        status = app.screen.query_one("#status")
        assert status.size.height == 2
        shown = lines[status.region.y : status.region.y + 2]
        assert shown[1].rstrip().endswith("…")
        assert "ranking" not in "".join(shown)  # what follows is not squeezed in
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"app: messages")

        def listed() -> bool:
            commands = app.screen.query(CommandList)
            option = commands.first().highlighted_option if commands else None
            return option is not None and "app: messages" in str(option.prompt)

        await until(pilot, listed)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MessagesModal)
        text = " ".join(screen_text(app).split())
        assert "newest first" in text
        # The whole notice, wrapped in the dialog: its last words are there.
        assert "rejected on 2024-09-16" in text
        assert "Top Seed programme" in text
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, MessagesModal)


async def test_the_messages_log_lists_the_newest_first(make_app, store) -> None:
    add(store, "AlphaCo", "Eng", on=date(2024, 9, 2))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("h", "m")  # the saved column is empty: "select an application first"
        await settle(pilot)
        app.action_messages()
        await settle(pilot)
        text = screen_text(app)
        assert text.index("select an application first") < text.index("Moved #1 AlphaCo")


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
async def test_the_status_names_what_u_undoes_before_the_application(make_app, store, size) -> None:
    add(store, "字节跳动", LONG_ROLE.strip(), on=date(2024, 9, 2))
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await loaded(pilot)
        for view in ("b", "t"):
            await pilot.press(view)
            await pilot.press("n")
            await type_text(pilot, "called back")
            await pilot.press("enter")
            await settle(pilot)
            app.screen.query_one("#status").clear_notice()
            await settle(pilot)
            assert "u undoes: note on 2024-09-16 of #1 字节跳动" in status_text(app)
            line = screen_text(app).splitlines()[app.screen.query_one("#status").region.y]
            assert "u undoes: note on 2024-09-16" in line


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
async def test_timeline_notes_wrap_at_30_cells_or_more(make_app, store, size) -> None:
    application_id = add(store, "米哈游", "AI算法", on=date(2024, 9, 2))
    services.add_note(store, application_id, NOTE, on=date(2024, 9, 10))
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await loaded(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        timeline = app.screen.query_one("#timeline").region
        strips = app.screen._compositor.render_strips()[timeline.y : timeline.bottom]
        lines = [strip.crop(timeline.x, timeline.right).text for strip in strips]
        # The note wraps at 30 cells or more: a line breaks only where the next word would
        # have taken it past 30.
        words = [word for word in NOTE.split() if len(word) > 4]
        noted = [line for line in lines if any(word in line for word in words)]
        parts = [line.rstrip().split("  ")[-1].strip() for line in noted]
        assert len(parts) >= 2
        for part, after in pairwise(parts):
            assert cell_len(part) + 1 + cell_len(after.split()[0]) > 30, parts
        assert "deep dive on the CUDA project" in " ".join(parts)


async def test_the_table_keeps_numbers_and_companies_when_scrolled(make_app, store) -> None:
    for name in ("字节跳动", "米哈游", "vivo"):
        add(store, name, "算法工程师", on=date(2024, 9, 2), source="内推", campaign="2024 秋招")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("t")
        await settle(pilot)
        table = app.screen.query_one(ApplicationTable)
        for _ in range(4):
            await pilot.press("l")
        await settle(pilot)
        assert table.scroll_x > 0
        lines = screen_text(app).splitlines()
        heading = next(line for line in lines if "Company" in line)
        assert "#" in heading and "Campaign" in heading
        for name, number in (("字节跳动", "1"), ("米哈游", "2"), ("vivo", "3")):
            row = next(line for line in lines if name in line)
            assert row.split()[0] == number and "2024 秋招" in row
        assert "showing 3" in status_text(app)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
async def test_the_help_columns_never_run_together(make_app, store, size) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await loaded(pilot)
        await pilot.press("?")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        keys = app.screen.query_one("#help-keys")
        grammar = app.screen.query_one("#help-grammar")
        if grammar.region.x == keys.region.x:
            return  # stacked (narrow): nothing beside the keys
        lines = screen_text(app).splitlines()
        for y in range(grammar.region.y, min(grammar.region.bottom, len(lines))):
            line = lines[y]
            assert line[grammar.region.x - 2 : grammar.region.x] == "  ", line


async def test_the_due_status_names_what_u_undoes_before_its_keys(make_app, store) -> None:
    from pipeline_tui.services import reminders

    application_id = add(store, "米哈游", "AI算法", on=date(2024, 9, 2))
    for text in ("发作品集给 HR", "问二面时间"):
        reminders.remind(store, text, ref=application_id, on=date(2024, 9, 10))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        status = app.screen.query_one("#due-status")
        status.clear_notice()
        await settle(pilot)
        line = screen_text(app).splitlines()[status.region.y]
        assert "u undoes: done of r1" in line


async def test_the_detail_people_read_at_80_columns(make_app, store) -> None:
    from pipeline_tui.domain.contacts import ContactKind
    from pipeline_tui.services import contacts, reminders

    application_id = add(store, "米哈游", "AI算法", on=date(2024, 9, 2))
    person = contacts.add_contact(
        store, contacts.NewContact("王女士", company="米哈游", kind=ContactKind.HEADHUNTER)
    )
    contacts.link(store, person.id, application_id, "推荐人 (内推)")
    reminders.remind(
        store, "准备一面：项目深挖和系统设计，带上作品集和 GitHub 链接", ref=application_id,
        on=date(2024, 9, 17),
    )  # fmt: skip
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        text = screen_text(app)
        assert "#1 王女士 · headhunter · 推荐人 (内推)" in text
        assert "准备一面：项目深挖和系统设计" in text  # under its reminder, not in 12 cells
