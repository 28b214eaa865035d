"""The import dialog's preview: columns and statuses as read, sample rows, warnings, what blocks
the import; a column's field and a status's stage changed in the dialog; reading off the UI
thread."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from textual.widgets import Button, DataTable, Input, OptionList, Select, Static
from tui_helpers import SIZE, add, loaded, notifications, settle

from pipeline_tui import services
from pipeline_tui.domain.models import ApplicationFilter
from pipeline_tui.domain.stages import Stage
from pipeline_tui.tui.screens.choice_modal import ChoiceModal
from pipeline_tui.tui.screens.confirm_modal import ConfirmModal
from pipeline_tui.tui.screens.transfer_modal import ImportModal

CHINESE = (
    "公司,岗位,当前状态,投递时间\n"
    "字节跳动,[bold]算法[/],池子,2024-09-01\n"
    "腾讯,后端,已投递,2024-09-02\n"
    "阿里,数据,池子,2024-09-03\n"
    "米哈游,AI,等消息,2024-09-04\n"
)


def _stored(store) -> dict[str, Stage]:
    found = services.list_applications(store, ApplicationFilter(archived=None))
    return {application.company: application.stage for application in found}


async def _preview(pilot, app, path: Path) -> ImportModal:
    app.action_import_file()
    await settle(pilot)
    dialog = app.screen
    assert isinstance(dialog, ImportModal)
    dialog.query_one("#path", Input).value = str(path)
    await pilot.press("enter")  # Preview
    await settle(pilot)
    return dialog


def _text(dialog: ImportModal, selector: str) -> str:
    return str(dialog.query_one(selector, Static).render())


def _rows(dialog: ImportModal, selector: str) -> dict[str, list[str]]:
    """A preview table's rows by their first cell, as plain text."""
    table = dialog.query_one(selector, DataTable)
    rows = [[str(cell) for cell in table.get_row_at(index)] for index in range(table.row_count)]
    return {row[0]: row[1:] for row in rows}


async def _choose(pilot, dialog: ImportModal, selector: str, row: str, choice: str) -> None:
    """Enter on the row whose first cell is row, then pick choice in the list it opens."""
    table = dialog.query_one(selector, DataTable)
    table.focus()
    index = next(
        number for number in range(table.row_count) if str(table.get_row_at(number)[0]) == row
    )
    table.move_cursor(row=index, animate=False)
    await pilot.press("enter")
    await settle(pilot)
    picker = pilot.app.screen
    assert isinstance(picker, ChoiceModal)
    options = picker.query_one("#choices", OptionList)
    options.highlighted = options.get_option_index(choice)
    await pilot.press("enter")
    await settle(pilot)
    assert pilot.app.screen is dialog


def _import_button(dialog: ImportModal) -> Button:
    return dialog.query_one("#submit", Button)


async def test_a_chinese_file_previews_a_stage_chosen_in_the_dialog_changes_the_counts_and_u_asks(
    make_app, store, tmp_path: Path
) -> None:
    source = tmp_path / "投递.csv"
    source.write_text(CHINESE, encoding="utf-8")
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await loaded(pilot)
        dialog = await _preview(pilot, app, source)
        columns = _rows(dialog, "#import-columns")
        assert columns["当前状态"][:2] == ["status", "its header"]
        assert columns["公司"][0] == "company"
        statuses = _rows(dialog, "#import-statuses")
        assert statuses["池子"] == ["2", "rejected"]
        assert statuses["等消息"] == ["1", "? unknown"]
        samples = _text(dialog, "#import-samples")
        assert "First 3 as they will be stored:" in samples
        assert "line 2: 字节跳动 — [bold]算法[/] · submitted 2024-09-01, rejected 2024-09-01" in (
            samples
        )  # user text shown as typed, never markup
        assert "Funnel of the file's 3 applications: sent 3 · replied 2 (67%)" in _text(
            dialog, "#import-summary"
        )
        assert "line 5: unknown status '等消息'" in _text(dialog, "#import-problems")
        button = _import_button(dialog)
        assert str(button.label) == "Import" and button.disabled
        assert "give '等消息' a stage" in _text(dialog, "#form-error")
        table = dialog.query_one("#import-statuses", DataTable)
        assert app.focused is table  # on the unknown one: enter gives it a stage
        assert str(table.get_row_at(table.cursor_row)[0]) == "等消息"
        assert _stored(store) == {}

        await _choose(pilot, dialog, "#import-statuses", "池子", "stage:saved")
        statuses = _rows(dialog, "#import-statuses")
        assert statuses["池子"] == ["2", "saved (chosen here)"]
        summary = _text(dialog, "#import-summary")
        assert "Funnel of the file's 3 applications: sent 1 · replied 0 (0%)" in summary
        assert button.disabled  # 等消息 still has no stage

        await _choose(pilot, dialog, "#import-statuses", "等消息", "stage:submitted")
        assert _rows(dialog, "#import-statuses")["等消息"] == ["1", "submitted (chosen here)"]
        assert "4 new" in _text(dialog, "#import-summary")
        assert not button.disabled and not _text(dialog, "#form-error")
        assert _stored(store) == {}  # nothing written before Import

        await pilot.press("ctrl+s")  # Import
        await settle(pilot)
        assert not isinstance(app.screen, ImportModal)
        assert _stored(store) == {
            "字节跳动": Stage.SAVED,
            "腾讯": Stage.SUBMITTED,
            "阿里": Stage.SAVED,
            "米哈游": Stage.SUBMITTED,
        }

        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        asked = str(app.screen.query_one("#confirm-what", Static).render())
        assert "removes the 4 applications it added" in asked
        await pilot.press("n")  # no: nothing changes
        await settle(pilot)
        assert len(_stored(store)) == 4
        await pilot.press("u")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert _stored(store) == {}
        assert any("Undid the import of" in text for _, text in notifications(app))


async def test_a_file_without_a_company_column_shows_the_blocking_line_until_one_is_chosen(
    make_app, store, tmp_path: Path
) -> None:
    source = tmp_path / "people.csv"
    source.write_text("Name,Job,Status,Date\nAcme,Engineer,Applied,2024-09-02\n", encoding="utf-8")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        dialog = await _preview(pilot, app, source)
        problems = _text(dialog, "#import-problems")
        assert "Blocking: no column gives the company (found: Name, Job, Status, Date)" in problems
        button = _import_button(dialog)
        assert str(button.label) == "Import" and button.disabled
        reason = _text(dialog, "#form-error")
        assert "Import is disabled: no column is read as the company" in reason
        assert str(button.tooltip) in reason
        assert app.focused is dialog.query_one("#import-columns")  # where to change it
        await pilot.press("ctrl+s")  # disabled: nothing happens
        await settle(pilot)
        assert app.screen is dialog and _stored(store) == {}

        await _choose(pilot, dialog, "#import-columns", "Name", "company")
        assert _rows(dialog, "#import-columns")["Name"][:2] == ["company", "chosen here"]
        assert not _text(dialog, "#import-problems")
        assert not button.disabled
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert _stored(store) == {"Acme": Stage.SUBMITTED}


async def test_an_xlsx_workbook_previews_with_its_sheet_chosen_in_the_dialog(
    make_app, store, tmp_path: Path
) -> None:
    from datetime import datetime

    from openpyxl import Workbook

    book = Workbook()
    first = book.active
    first.title = "Notes"
    first.append(["just", "notes"])
    sheet = book.create_sheet("2024")
    sheet.append(["Company", "Position", "Status", "Applied"])
    sheet.append(["Stripe", "Backend", "Interviewing", datetime(2024, 9, 2)])
    sheet.append(["Lyft", "ML", "Offer received", datetime(2024, 9, 3)])
    source = tmp_path / "tracker.xlsx"
    book.save(source)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        dialog = await _preview(pilot, app, source)
        assert "Blocking: no column gives the company" in _text(dialog, "#import-problems")
        dialog.query_one("#sheet", Input).value = "2024"
        await pilot.pause()
        assert str(_import_button(dialog).label) == "Preview"  # another sheet: preview again
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "XLSX, sheet '2024'" in _text(dialog, "#import-summary")
        columns = _rows(dialog, "#import-columns")
        assert columns["Position"][0] == "role" and columns["Applied"][0] == "applied_on"
        assert _rows(dialog, "#import-statuses")["Offer received"] == ["1", "offer"]
        samples = _text(dialog, "#import-samples")
        assert "row 2: Stripe — Backend · submitted 2024-09-02, interview 1 2024-09-02" in samples
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert _stored(store) == {"Stripe": Stage.INTERVIEW, "Lyft": Stage.OFFER}


async def test_a_workbook_is_read_once_for_its_previews_and_the_import(
    make_app, store, tmp_path: Path, monkeypatch: Any
) -> None:
    from openpyxl import Workbook

    from pipeline_tui.domain import workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Company", "Position", "Status", "Applied"])
    sheet.append(["Stripe", "Backend", "Waiting", "2024-09-02"])
    source = tmp_path / "tracker.xlsx"
    book.save(source)
    reads: list[str | None] = []
    real = workbook.read_xlsx

    def spy(data: bytes, name: str, sheet: str | None = None) -> Any:
        reads.append(sheet)
        return real(data, name, sheet)

    monkeypatch.setattr(workbook, "read_xlsx", spy)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        dialog = await _preview(pilot, app, source)
        await _choose(pilot, dialog, "#import-statuses", "Waiting", "stage:interview")
        await _choose(pilot, dialog, "#import-columns", "Position", "notes")
        await pilot.press("ctrl+s")  # Import
        await settle(pilot)
        assert _stored(store) == {"Stripe": Stage.INTERVIEW}
    assert reads == [None]  # three previews and the import: the workbook read once


async def test_the_date_order_and_year_chosen_in_the_dialog_read_the_dates(
    make_app, store, tmp_path: Path
) -> None:
    source = tmp_path / "dates.csv"
    source.write_text(
        "Company,Role,Status,Date\n"
        "Acme,Eng,Applied,03/04/2023\nBeta,Ops,Applied,5-Jul\nGamma,QA,Applied,04/05/2024\n",
        encoding="utf-8",
    )
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        dialog = await _preview(pilot, app, source)
        summary = _text(dialog, "#import-summary")  # warnings are notes under the counts
        assert "Note: 1 date without a year read as 2023, from the file's other dates" in summary
        assert "line 3: Beta — Ops · submitted 2023-07-05" in _text(dialog, "#import-samples")
        dialog.query_one("#year", Input).value = "1900"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "a year from 1970 to 2100" in _text(dialog, "#year-error")
        dialog.query_one("#year", Input).value = "2024"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "line 3: Beta — Ops · submitted 2024-07-05" in _text(dialog, "#import-samples")
        assert "line 2: Acme — Eng · submitted 2023-03-04" in _text(dialog, "#import-samples")
        dialog.query_one("#order", Select).value = "day"  # previews again by itself
        await settle(pilot)
        assert "line 2: Acme — Eng · submitted 2023-04-03" in _text(dialog, "#import-samples")
        assert str(_import_button(dialog).label) == "Import"


async def test_a_10000_row_file_is_read_and_previewed_in_a_worker(
    make_app, store, tmp_path: Path, monkeypatch: Any
) -> None:
    from pipeline_tui.services import transfer

    lines = ["公司,岗位,当前状态,投递时间"]
    lines += [
        f"公司{n},岗位{n % 40},池子,2024-0{1 + n % 8}-{1 + n % 27:02d}" for n in range(10_000)
    ]
    source = tmp_path / "big.csv"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    threads: list[str] = []
    release = threading.Event()
    for name in ("read_import_file", "preview_import"):
        real = getattr(transfer, name)

        def spy(*args: Any, _real: Any = real, **kwargs: Any) -> Any:
            threads.append(threading.current_thread().name)
            release.wait(timeout=20)  # held until the test has used the UI meanwhile
            return _real(*args, **kwargs)

        monkeypatch.setattr(transfer, name, spy)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        app.action_import_file()
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ImportModal)
        dialog.query_one("#path", Input).value = str(source)
        await pilot.press("enter")
        # The file is still being read, and the dialog answers keys meanwhile.
        assert "Reading" in _text(dialog, "#import-summary")
        assert _import_button(dialog).disabled
        await pilot.press("tab")
        assert app.focused is dialog.query_one("#sheet")
        assert not release.is_set() and threads
        release.set()
        await settle(pilot)
        assert "10,000 rows: 10,000 new" in _text(dialog, "#import-summary")
        assert _rows(dialog, "#import-statuses")["池子"] == ["10,000", "rejected"]
        await _choose(pilot, dialog, "#import-statuses", "池子", "stage:saved")
        assert _rows(dialog, "#import-statuses")["池子"] == ["10,000", "saved (chosen here)"]
    main = threading.main_thread().name
    assert len(threads) == 3  # the file read once; previewed twice
    assert main not in threads


def _previewed(store, text: str, **options: Any):
    from pipeline_tui.domain.importing import ImportOptions
    from pipeline_tui.services.transfer import preview_import

    report = preview_import(store, text.encode(), "file.csv", options=ImportOptions(**options))
    assert report.preview is not None
    return report.preview


def test_a_field_chosen_for_one_column_leaves_the_column_that_had_it(store) -> None:
    from pipeline_tui.tui.import_preview import AUTOMATIC, choose_column, column_key

    preview = _previewed(store, "Company,Employer,Status,Date\nAcme,Beta,Applied,2024-09-02\n")
    columns = preview.columns
    employer = next(reading for reading in columns if reading.header == "Employer")
    mapping = choose_column(
        {"Company": "company"}, columns, column_key(columns, employer), "company"
    )
    assert mapping == {"Employer": "company"}  # one company column at a time
    mapping = choose_column(mapping, columns, "Company", "status")
    assert mapping == {"Employer": "company", "Company": "status"}  # statuses may be several
    assert choose_column(mapping, columns, "Employer", AUTOMATIC) == {"Company": "status"}


def test_columns_with_the_same_header_are_chosen_by_their_number(store) -> None:
    from pipeline_tui.tui.import_preview import choose_column, column_key

    text = "Company,Title,Title,Status,Date\nAcme,Eng,Senior Eng,Applied,2024-09-02\n"
    preview = _previewed(store, text)
    second = preview.columns[2]
    assert column_key(preview.columns, second) == "column 3"
    mapping = choose_column({}, preview.columns, "column 3", "role")
    preview = _previewed(store, text, mapping=mapping)
    assert preview.columns[2].field == "role"
    assert "Senior Eng" in str(preview.samples[0].role)


def test_headers_and_values_are_never_markup(store) -> None:
    from pipeline_tui.tui.import_preview import column_rows, status_rows

    preview = _previewed(
        store, "Company,[b]Role[/b],Status,Date\nAcme,Eng,[red]Pending[/],2024-09-02\n"
    )
    assert [str(row[1]) for row in column_rows(preview)][1] == "[b]Role[/b]"
    assert str(status_rows(preview)[0][1]) == "[red]Pending[/]"


async def test_pipelines_own_export_previews_and_into_an_empty_database_keeps_its_batches(
    make_app, store, tmp_path: Path
) -> None:
    """No columns to choose; its events keep the batches they had, so there is no one batch for
    u to take back (pipeline undo takes back the file's newest change, as where it came from)."""
    from pipeline_tui.services.database import open_database
    from pipeline_tui.services.transfer import export_json

    other = open_database(tmp_path / "other.db")
    add(other, "Acme", "Engineer")
    add(other, "Beta", "Ops")
    source = tmp_path / "search.json"
    source.write_text(export_json(other), encoding="utf-8")
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await loaded(pilot)
        dialog = await _preview(pilot, app, source)
        assert "(JSON, UTF-8): 2 rows: 2 new" in _text(dialog, "#import-summary")
        assert not dialog.query_one("#import-columns").display
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert set(_stored(store)) == {"Acme", "Beta"}
        assert not any("(u undoes it)" in text for _, text in notifications(app))
        await pilot.press("u")
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmModal)
        assert set(_stored(store)) == {"Acme", "Beta"}
