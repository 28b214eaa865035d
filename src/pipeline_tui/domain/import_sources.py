"""A file's text as a table of cells: CSV (any delimiter), or the flat JSON records other
trackers write. Spreadsheets (.xlsx) come from workbook.py in the same shape.

Each row keeps the number the user sees it by: its line in a CSV file (counting the header as
line 1 and every line break inside quotes), its row in a spreadsheet, its place among JSON
records.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pipeline_tui.domain.importing import MAX_COLUMNS
from pipeline_tui.errors import UserError

# The csv module's own limit, above ours so that a long cell is a bad row, not a broken file.
CSV_FIELD_LIMIT = 1_000_000
# A longer physical line is refused before the csv module reads it (memory stays bounded).
MAX_LINE = 2 * CSV_FIELD_LIMIT
# One physical line and its end, as the csv module's newline="" reading sees lines.
_LINE = re.compile(r"[^\r\n]*(?:\r\n?|\n)?")
# Stands in for NUL while the csv module reads (it refuses NUL); a cell holding it is bad.
NUL = "\uffff"
# A line git writes around the two sides of a conflict it could not merge.
_CONFLICT = re.compile(r"^(<{7}|={7}|>{7})(?:[ \t][^\r\n]*)?\r?$", re.MULTILINE)
# Where flat records sit in a JSON object, by key (case ignored).
RECORD_KEYS = ("applications", "jobs", "data")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}


@dataclass(slots=True)
class Table:
    """Headers and rows of cells, each row with the number the user sees it by."""

    headers: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    unit: str = "line"  # "line" (CSV), "row" (spreadsheet), "record" (JSON)
    delimiter: str | None = None
    sheet: str | None = None
    header_line: int = 1

    def header_name(self, index: int) -> str:
        """Return a column's header, or "column 3" when the header cell is empty."""
        header = self.headers[index].strip() if index < len(self.headers) else ""
        return header or f"column {index + 1}"


def check_conflict_markers(text: str) -> None:
    """Refuse text with git's merge-conflict markers, naming the first one's line."""
    match = _CONFLICT.search(text)
    if match is None:
        return
    line = text.count("\n", 0, match.start()) + 1
    shown = match.group().strip()[:40]
    raise UserError(
        f"line {line} is a merge-conflict marker ({shown!r}): the file is half-way through a "
        "git merge; keep one side of each conflict, delete the marker lines and import again"
    )


def detect_delimiter(first_line: str) -> str:
    """Return the delimiter of a header line: comma, semicolon, tab or pipe, most cells wins."""
    import csv

    best, cells = ",", 0
    for candidate in (",", ";", "\t", "|"):
        try:
            count = len(next(csv.reader([first_line], delimiter=candidate), []))
        except csv.Error:  # a cell past the field limit: not this delimiter
            continue
        if count > cells:
            best, cells = candidate, count
    return best


def _lines(text: str, first_number: int) -> Iterator[str]:
    """Yield text's physical lines with their ends; UserError on one longer than MAX_LINE."""
    position, end, number = 0, len(text), first_number
    while position < end:
        match = _LINE.match(text, position)
        assert match is not None  # the pattern matches the empty string
        if match.end() - position > MAX_LINE:
            raise UserError(
                f"line {number} is {match.end() - position:,} characters long (at most "
                f"{MAX_LINE:,}); nothing was imported"
            )
        yield match.group()
        position, number = match.end(), number + 1


def csv_table(text: str) -> Table:
    """Read CSV text into a table; UserError for what makes the whole file unreadable.

    The text is read a line at a time (no copy of it), and a header wider than MAX_COLUMNS or
    a line longer than MAX_LINE stops the read at once: a hostile file costs no more memory
    than its own text.
    """
    import csv

    csv.field_size_limit(CSV_FIELD_LIMIT)
    check_conflict_markers(text)
    if "\x00" in text:
        text = text.replace("\x00", NUL)
    stripped = text.lstrip("\r\n")
    leading_lines = text[: len(text) - len(stripped)].count("\n")
    header_end = _LINE.match(stripped)
    assert header_end is not None
    if header_end.end() > MAX_LINE:
        head = stripped[: header_end.end()]
        cells = 1 + max(head.count(delimiter) for delimiter in ",;\t|")
        if cells > MAX_COLUMNS:
            raise UserError(f"the header has about {cells:,} columns; at most {MAX_COLUMNS:,}")
        raise UserError(
            f"the header row is {header_end.end():,} characters long (at most {MAX_LINE:,}); "
            "nothing was imported"
        )
    delimiter = detect_delimiter(header_end.group().rstrip("\r\n"))
    reader = csv.reader(_lines(stripped, 1 + leading_lines), delimiter=delimiter)
    records: list[tuple[int, list[str]]] = []
    previous = 0
    try:
        for row in reader:
            if not records and len(row) > MAX_COLUMNS:
                raise UserError(f"the header has {len(row):,} columns; at most {MAX_COLUMNS:,}")
            records.append((previous + 1 + leading_lines, row))
            previous = reader.line_num
    except csv.Error as error:
        raise UserError(
            f"line {previous + 1 + leading_lines}: {error}; the file cannot be read past it, "
            "so nothing was imported"
        ) from None
    # The header is the first line with something in it (a sheet may start with empty rows).
    start = next(
        (place for place, (_, row) in enumerate(records) if any(cell.strip() for cell in row)),
        None,
    )
    if start is None:
        raise UserError("the file is empty: no header row")
    header_line, headers = records[start]
    if any(NUL in header for header in headers):
        raise UserError(f"line {header_line}: the header contains a NUL byte")
    body = [(line, row) for line, row in records[start + 1 :] if any(cell.strip() for cell in row)]
    return Table(headers, body, "line", delimiter, header_line=header_line)


def is_pipeline_dump(document: Any) -> bool:
    """True for pipeline's own JSON export (a header and "tables")."""
    return isinstance(document, dict) and "tables" in document and "format" in document


def records_table(document: Any) -> Table:
    """Return the flat records of another tracker's JSON as a table: a list of objects, or
    one under "applications", "jobs" or "data" (or the one list of objects an object holds).

    Nested objects become columns named "parent.child" ("company.name"); lists of values
    one cell joined by "; "; true/false "yes"/"no"; null an empty cell.
    """
    records = _records(document)
    headers: dict[str, None] = {}
    flat: list[dict[str, str]] = []
    for number, record in enumerate(records, 1):
        if not isinstance(record, dict):
            raise UserError(
                f"record {number} is {type(record).__name__}, not an object with fields"
            )
        cells: dict[str, str] = {}
        _flatten(record, "", cells, 0)
        for key in cells:
            if key not in headers:
                headers[key] = None
                if len(headers) > MAX_COLUMNS:
                    raise UserError(f"the records have over {MAX_COLUMNS:,} different fields")
        flat.append(cells)
    names = list(headers)
    rows = [
        (number, [cells.get(name, "") for name in names])
        for number, cells in enumerate(flat, 1)
        if any(value.strip() for value in cells.values())
    ]
    return Table(names, rows, "record", header_line=0)


def _records(document: Any) -> list[Any]:
    if isinstance(document, list):
        return document
    if isinstance(document, dict):
        by_key = {str(key).casefold(): value for key, value in document.items()}
        for key in RECORD_KEYS:
            if isinstance(by_key.get(key), list):
                return list(by_key[key])
        lists = [
            value
            for value in document.values()
            if isinstance(value, list) and value and all(isinstance(item, dict) for item in value)
        ]
        if len(lists) == 1:
            return lists[0]
    raise UserError(
        "this JSON holds no list of applications: expected a list of objects "
        '([{"company": ..., "role": ..., "status": ...}]), one under "applications", '
        '"jobs" or "data", or a pipeline export'
    )


def _flatten(value: dict[str, Any], prefix: str, out: dict[str, str], depth: int) -> None:
    for key, item in value.items():
        name = f"{prefix}{key}"
        if isinstance(item, dict) and depth < 3:
            _flatten(item, f"{name}.", out, depth + 1)
        else:
            out[name] = json_cell(item)


def json_cell(value: Any) -> str:
    """Return a JSON value as a cell's text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return "; ".join(json_cell(item) for item in value if item is not None)
    if isinstance(value, dict):
        import json

        return json.dumps(value, ensure_ascii=False)
    return str(value)
