"""The quick-capture line: `Company / Role via:source on:date` typed in one go.

Grammar (tolerant on purpose, since it is typed fast):

- The line starts with the company and the role, split on the first " / " (slash with spaces),
  else on the first "/" at all: "A/B Labs / R/D engineer" is company "A/B Labs", role
  "R/D engineer"; "ByteDance/LLM engineer" works too. A full-width "／" counts as a slash.
- Then any of these fields, in any order, each running until the next field:
  `via:` (or `source:`), `on:` (or `date:`), `campaign:` (or `c:`), `dept:` (or `d:`,
  `department:`), `loc:` (or `location:`), `program:` (or `p:`), `url:`, `note:` (or `n:`),
  `cv:` (or `resume:`, the CV version sent) and `letter:` (the cover-letter version).
  A field name counts only after a space (so "https://x" stays whole), in any case, and a
  full-width colon "：" works as typed with a Chinese input method.
- A lone word `saved` (or `wishlist`) at the end records a saved application, not a sent one
  (except at the end of a note).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline_tui.errors import UserError

_FIELDS = {
    "via": "source",
    "source": "source",
    "on": "on",
    "date": "on",
    "campaign": "campaign",
    "c": "campaign",
    "dept": "department",
    "d": "department",
    "department": "department",
    "loc": "location",
    "location": "location",
    "program": "program",
    "p": "program",
    "url": "url",
    "note": "note",
    "n": "note",
    "cv": "cv",
    "resume": "cv",
    "letter": "letter",
}
_FIELD_NAMES = "|".join(sorted(_FIELDS, key=len, reverse=True))
# A field name starts the line or follows whitespace, and ends with an ASCII or full-width colon.
_FIELD = re.compile(rf"(?:^|(?<=\s))({_FIELD_NAMES})[:：]", re.IGNORECASE)
_SAVED = re.compile(r"\s+(saved|wishlist)\s*$", re.IGNORECASE)
EXAMPLE = "ByteDance / LLM engineer via:referral on:yesterday"


@dataclass(frozen=True, slots=True)
class CaptureLine:
    """What one quick-capture line asks to record; dates stay text for services.read_date."""

    company: str
    role: str
    source: str | None = None
    on: str | None = None
    campaign: str | None = None
    department: str | None = None
    location: str | None = None
    program: str | None = None
    url: str | None = None
    note: str | None = None
    cv: str | None = None
    letter: str | None = None
    saved: bool = False


def parse_capture(text: str) -> CaptureLine:
    """Read a quick-capture line; raise UserError saying what is missing."""
    line = " ".join(text.replace("／", "/").split())
    matches = list(_FIELD.finditer(line))
    saved = False
    # A trailing "saved" marks the line, unless it ends a note ("note: CV saved").
    last_is_note = bool(matches) and _FIELDS[matches[-1].group(1).lower()] == "note"
    if not last_is_note and (match := _SAVED.search(line)):
        saved = True
        line = line[: match.start()]
    head = line[: matches[0].start()] if matches else line
    values: dict[str, str] = {}
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(line)
        name = _FIELDS[match.group(1).lower()]
        value = line[match.end() : end].strip()
        if not value:
            raise UserError(f"{match.group(1)}: needs a value (e.g. {EXAMPLE})")
        if name in values:
            raise UserError(f"{match.group(1)}: given twice")
        values[name] = value
    company, role = _split_head(head.strip())
    return CaptureLine(company=company, role=role, saved=saved, **values)


def _split_head(head: str) -> tuple[str, str]:
    """Split "Company / Role" on the first spaced slash, else on the first slash."""
    if not head:
        raise UserError(f"type a company and a role, e.g. {EXAMPLE}")
    if " / " in head:
        company, role = head.split(" / ", 1)
    elif "/" in head:
        company, role = head.split("/", 1)
    else:
        raise UserError(f'no role: write "Company / Role", e.g. {EXAMPLE}')
    company, role = company.strip(), role.strip()
    if not company:
        raise UserError(f"no company before the slash, e.g. {EXAMPLE}")
    if not role:
        raise UserError(f"no role after the slash, e.g. {EXAMPLE}")
    return company, role
