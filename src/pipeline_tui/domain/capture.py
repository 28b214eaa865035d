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
- A line may start with a posting instead: a web address (then optionally "Company / Role",
  which win over the posting's) or a saved `.html` page; the posting supplies the rest
  (`parse_posting_line`).
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
# A line starting with a web address, or naming a saved page (no spaced slash in its name).
_POSTING_START = re.compile(r"https?://\S", re.IGNORECASE)
_POSTING_FILE = re.compile(
    r"(?P<source>(?:(?! / ).)+?\.html?)(?:\s+(?P<rest>.+/.+))?", re.IGNORECASE
)


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
    head, values, saved = _read_fields(text)
    company, role = _split_head(head)
    return CaptureLine(company=company, role=role, saved=saved, **values)


def _read_fields(text: str) -> tuple[str, dict[str, str], bool]:
    """Split a line into what comes before its first field, the fields, and a trailing saved."""
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
    return head.strip(), values, saved


@dataclass(frozen=True, slots=True)
class PostingLine:
    """A quick-capture line that starts with a posting (a web address or a saved .html file):
    the posting, the company and role typed after it (None: read them from the posting), and
    the line's other fields."""

    source: str
    fields: CaptureLine


def parse_posting_line(text: str) -> PostingLine | None:
    """Read a capture line that starts with a posting, or return None when it does not.

    `https://... [Company / Role] [fields]` or `~/saved posting.html [Company / Role]
    [fields]`: a web address ends at the first space, a file name at .html or .htm (spaces
    allowed in it); a company and role typed after it win over the posting's.
    """
    stripped = text.strip()
    if not _POSTING_START.match(stripped) and not _POSTING_FILE.match(stripped):
        return None
    head, values, saved = _read_fields(text)
    if _POSTING_START.match(head):
        source, _, rest = head.partition(" ")
    elif found := _POSTING_FILE.fullmatch(head):
        source, rest = found["source"], found["rest"] or ""
    else:
        return None
    company = role = ""
    if rest.strip():
        company, role = _split_head(rest.strip())
    return PostingLine(source, CaptureLine(company=company, role=role, saved=saved, **values))


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
