"""Fitting user text into terminal cells: wide (CJK) characters, ellipses, control characters."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Protocol

from rich.cells import cell_len
from rich.text import Text

from pipeline_tui.domain.stages import Stage
from pipeline_tui.domain.summary import days_ahead
from pipeline_tui.domain.text import fit as fit_cells
from pipeline_tui.domain.text import printable

# Which colour family a stage's label uses; widgets name component classes "stage--<family>".
STAGE_FAMILY: dict[Stage, str] = {
    Stage.SAVED: "saved",
    Stage.SUBMITTED: "submitted",
    Stage.SCREENING: "progress",
    Stage.INTERVIEW: "progress",
    Stage.OFFER: "offer",
    Stage.ACCEPTED: "offer",
    Stage.DECLINED: "closed",
    Stage.REJECTED: "rejected",
    Stage.WITHDRAWN: "closed",
    Stage.GHOSTED: "closed",
}
STAGE_FAMILIES: tuple[str, ...] = ("saved", "submitted", "progress", "offer", "rejected", "closed")
# The Rich style of each family where text is drawn as Rich renderables (detail, contacts).
STAGE_STYLES: dict[str, str] = {
    "saved": "dim",
    "submitted": "",
    "progress": "bold yellow",
    "offer": "bold green",
    "rejected": "red",
    "closed": "dim",
}


def fit(text: str, width: int, *, align_right: bool = False) -> str:
    """Return text padded or cut to exactly width cells, measured as Textual measures them."""
    return fit_cells(text, width, align_right=align_right, measure=cell_len)


def safe(text: str | None) -> str:
    """Return user text on one line with control characters shown as escapes."""
    return printable(text) if text else ""


def literal(text: str | None, style: str = "") -> Text:
    """Return user text as a Text that is never parsed as markup."""
    return Text(safe(text), style=style, no_wrap=False)


def day_text(day: date | None) -> str:
    """Return an ISO date, or an em dash when there is none."""
    return day.isoformat() if day else "—"


def days_text(days: int | None) -> str:
    """Return "12d" for a number of days, or an empty string."""
    return "" if days is None else f"{days}d"


def ahead_text(stage: Stage, round: int | None, day: date | None, today: date) -> str | None:
    """Return "R1 in 5d" for an interview round still ahead ("screening in 2d" for a booked
    screening), or None once its day has come: from then on it shows as reached."""
    ahead = days_ahead(day, today)
    if ahead is None:
        return None
    what = f"R{round}" if stage is Stage.INTERVIEW and round else stage.value
    return f"{what} in {ahead}d"


class Flexible(Protocol):
    """A table column as share_width sees it: a minimum width and a share of spare width."""

    @property
    def width(self) -> int: ...

    @property
    def flex(self) -> int: ...


def share_width(columns: Sequence[Flexible], total: int, gap: int) -> list[int]:
    """Share total cells between columns (a gap between each, a one-cell left margin):
    minimums first, then spare width by flex. Below the minimums each keeps its minimum."""
    widths = [column.width for column in columns]
    spare = total - sum(widths) - gap * (len(columns) - 1) - 1
    flex_total = sum(column.flex for column in columns)
    if spare > 0:
        given = 0
        for index, column in enumerate(columns):
            extra = spare * column.flex // flex_total
            widths[index] += extra
            given += extra
        flexible = [index for index, column in enumerate(columns) if column.flex]
        for index in flexible[: spare - given]:
            widths[index] += 1
    return widths
