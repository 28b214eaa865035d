"""The work-search log as text, CSV or a printable HTML page per month.

Entries come in order (services.records.worklog sorts them with domain.worklog.in_order).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date
from html import escape
from itertools import groupby

from pipeline_tui.domain.exporting import cell
from pipeline_tui.domain.text import fit, printable
from pipeline_tui.domain.worklog import COLUMNS, HEADINGS, WorklogEntry, month_key

_WIDTHS = (10, 18, 24, 18, 18, 24)


def _range(first_day: date, last_day: date) -> str:
    return f"{first_day.isoformat()} to {last_day.isoformat()}"


def _counts(entries: Sequence[WorklogEntry]) -> str:
    sent = sum(entry.kind == "application" for entry in entries)
    contacted = len(entries) - sent
    return (
        f"{sent} application{'s' if sent != 1 else ''} sent, "
        f"{contacted} contact{'s' if contacted != 1 else ''} with employers"
    )


def worklog_text(entries: Sequence[WorklogEntry], first_day: date, last_day: date) -> str:
    """Return the log as aligned text lines (user text escaped, wide characters measured)."""
    lines = [
        f"Work-search log {_range(first_day, last_day)}: {_counts(entries)}",
        "",
        "  ".join(fit(heading, width) for heading, width in zip(HEADINGS, _WIDTHS, strict=True)),
    ]
    for entry in entries:
        cells = (printable(text) for text in entry.cells())
        lines.append(
            "  ".join(fit(text, width) for text, width in zip(cells, _WIDTHS, strict=True)).rstrip()
        )
    if not entries:
        lines.append("(nothing recorded in this range)")
    return "\n".join(lines) + "\n"


def worklog_csv(entries: Sequence[WorklogEntry]) -> str:
    """Return the log as CSV with one header row (cells safe for spreadsheets)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for entry in entries:
        writer.writerow(cell(text) for text in entry.cells())
    return out.getvalue()


_STYLE = """
body { font-family: -apple-system, "Segoe UI", Helvetica, Arial, "PingFang SC",
  "Microsoft YaHei", sans-serif; color: #1f2328; margin: 24px; line-height: 1.4; }
h1 { font-size: 20px; margin: 0 0 4px; }
h2 { font-size: 16px; margin: 20px 0 8px; }
p.meta { color: #59636e; margin: 0 0 12px; }
table { border-collapse: collapse; width: 100%; font-size: 12px; }
th, td { border: 1px solid #d0d7de; padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
section.month + section.month { break-before: page; page-break-before: always; }
@media print { body { margin: 0; } tr { break-inside: avoid; page-break-inside: avoid; } }
"""


def worklog_html(entries: Sequence[WorklogEntry], first_day: date, last_day: date) -> str:
    """Return one self-contained page; printed, each month starts on a new page."""
    title = f"Work-search log {_range(first_day, last_day)}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>",
    ]
    if not entries:
        parts.append(f"<h1>{escape(title)}</h1><p class='meta'>Nothing recorded in this range.</p>")
    for (year, month), group in groupby(entries, key=lambda entry: month_key(entry.on)):
        rows = list(group)
        heading = date(year, month, 1).strftime("%B %Y")
        parts.append('<section class="month">')
        parts.append(f"<h1>{escape(title)}</h1>")
        parts.append(f"<h2>{escape(heading)}</h2><p class='meta'>{escape(_counts(rows))}</p>")
        parts.append("<table><thead><tr>")
        parts.extend(f"<th>{escape(heading)}</th>" for heading in HEADINGS)
        parts.append("</tr></thead><tbody>")
        for entry in rows:
            cells = "".join(f"<td>{escape(printable(text))}</td>" for text in entry.cells())
            parts.append(f"<tr>{cells}</tr>")
        parts.append("</tbody></table></section>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
