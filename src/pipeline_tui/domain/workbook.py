"""An .xlsx workbook's sheet as a table of cells, read with openpyxl.

Dates come from the cells' own types (written as ISO dates, so no day-month question arises),
whole numbers without a trailing ".0", true/false as yes/no. Rows keep the numbers the
spreadsheet shows. Other spreadsheet formats are refused with the way to export CSV.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime, time
from pathlib import PurePath
from typing import Any

from pipeline_tui.domain.import_sources import Table
from pipeline_tui.domain.importing import MAX_COLUMNS
from pipeline_tui.errors import UserError

# Formats openpyxl does not read, and how to get a CSV out of each.
_OTHER_FORMATS = {
    ".xls": "an old Excel workbook (.xls): open it and save it as .xlsx or CSV",
    ".ods": "an OpenDocument spreadsheet (.ods): in LibreOffice, File > Save As > CSV",
    ".numbers": "a Numbers spreadsheet: in Numbers, File > Export To > CSV",
}
_OLE = b"\xd0\xcf\x11\xe0"


def spreadsheet_kind(name: str, data: bytes) -> str | None:
    """Return "xlsx" for a workbook openpyxl reads; UserError for another spreadsheet; None
    for anything else (text)."""
    suffix = PurePath(name).suffix.casefold()
    if suffix in _OTHER_FORMATS:
        raise UserError(f"{name} is {_OTHER_FORMATS[suffix]}, then import the CSV file")
    if data.startswith(_OLE):
        raise UserError(f"{name} is {_OTHER_FORMATS['.xls']}, then import the CSV file")
    if not data.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    if b"opendocument.spreadsheet" in mimetype:
        raise UserError(f"{name} is {_OTHER_FORMATS['.ods']}, then import the CSV file")
    if "Index/Document.iwa" in names:
        raise UserError(f"{name} is {_OTHER_FORMATS['.numbers']}, then import the CSV file")
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


def read_xlsx(data: bytes, name: str, sheet: str | None = None) -> Table:
    """Return a sheet (the first, or the one named) as a table; UserError when it cannot be
    read or has no such sheet."""
    # ~150 ms to import; only a workbook needs it.
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise UserError(f"cannot read {name} as an .xlsx workbook: {error}") from None
    try:
        names = workbook.sheetnames
        if sheet is None:
            chosen = names[0]
        else:
            found = [item for item in names if item.casefold() == sheet.strip().casefold()]
            if not found:
                raise UserError(f"{name} has no sheet {sheet!r} (sheets: {', '.join(names)})")
            chosen = found[0]
        return _sheet_table(workbook[chosen], chosen)
    finally:
        workbook.close()


def _sheet_table(worksheet: Any, title: str) -> Table:
    headers: list[str] | None = None
    header_row = 0
    rows: list[tuple[int, list[str]]] = []
    for number, values in enumerate(worksheet.iter_rows(values_only=True), 1):
        cells = [_cell(value) for value in values]
        while cells and not cells[-1].strip():
            cells.pop()
        if not any(cell.strip() for cell in cells):
            continue
        if headers is None:
            if len(cells) > MAX_COLUMNS:
                raise UserError(f"the header has {len(cells):,} columns; at most {MAX_COLUMNS:,}")
            headers, header_row = cells, number
            continue
        width = max(len(headers), len(cells))
        if width > len(headers):
            headers.extend("" for _ in range(width - len(headers)))
        rows.append((number, cells + [""] * (len(headers) - len(cells))))
    if headers is None:
        raise UserError(f"the sheet {title!r} is empty: no header row")
    for index, (number, cells) in enumerate(rows):
        if len(cells) < len(headers):
            rows[index] = (number, cells + [""] * (len(headers) - len(cells)))
    return Table(headers, rows, "row", sheet=title, header_line=header_row)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
