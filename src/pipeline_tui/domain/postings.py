"""A job posting's page to the fields of an application: schema.org JobPosting JSON-LD first
(one object, an array, or an @graph), then OpenGraph tags and the page's title, saying which
fields were guessed. Greenhouse (`gh_jid`), Lever and Ashby addresses are recognised: their
job id and the employer's board name come from the address itself.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qs, urlsplit

from pipeline_tui.domain.html_text import html_to_text, tidy_text

# The posting's text kept with an application; longer text is cut here.
MAX_POSTING_TEXT = 100_000
_MAX_SCRIPT = 2_000_000
_UNITS = {"HOUR": "an hour", "DAY": "a day", "WEEK": "a week", "MONTH": "a month", "YEAR": "a year"}


@dataclass(frozen=True, slots=True)
class Board:
    """What a posting's address says: the hiring system, the employer's board, the job id."""

    system: str
    company_slug: str | None
    job_id: str | None

    @property
    def requisition(self) -> str | None:
        """The job id as linking compares it ("GH4012345" for Greenhouse)."""
        if self.job_id is None:
            return None
        prefix = {"greenhouse": "GH", "lever": "LV", "ashby": "AB"}.get(self.system, "")
        return f"{prefix}{self.job_id}".upper()


@dataclass(frozen=True, slots=True)
class Posting:
    """The fields read from a posting, how they were found, and which were guessed."""

    url: str | None
    company: str | None
    role: str | None
    location: str | None
    closes_on: date | None
    salary: str | None
    text: str
    found_by: str
    guessed: tuple[str, ...] = ()
    board: Board | None = None
    requisition: str | None = None

    def found(self) -> list[str]:
        """Return what was read, as "company Acme", "role ML engineer" ... (empty fields left
        out): what `add --from` and the capture bar say."""
        closes = self.closes_on.isoformat() if self.closes_on else None
        return [
            f"{label} {value}"
            for label, value in (
                ("company", self.company),
                ("role", self.role),
                ("location", self.location),
                ("closes", closes),
                ("salary", self.salary),
            )
            if value
        ]

    def as_json(self) -> dict[str, Any]:
        """Return the posting's fields as JSON-ready data (without its whole text)."""
        return {
            "url": self.url,
            "company": self.company,
            "role": self.role,
            "location": self.location,
            "closes_on": self.closes_on.isoformat() if self.closes_on else None,
            "salary": self.salary,
            "found_by": self.found_by,
            "guessed": list(self.guessed),
            "board": self.board.system if self.board else None,
            "requisition": self.requisition,
            "text_length": len(self.text),
        }


def board_of(url: str | None) -> Board | None:
    """Return the hiring system a posting's address belongs to, or None."""
    if not url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    path = [item for item in parts.path.split("/") if item]
    query = parse_qs(parts.query)
    if "gh_jid" in query and query["gh_jid"][0].isdigit():
        slug = path[0] if host.endswith("greenhouse.io") and path else None
        return Board("greenhouse", slug, query["gh_jid"][0])
    if host.endswith("greenhouse.io") and path:
        job = path[path.index("jobs") + 1] if "jobs" in path[:-1] else None
        return Board("greenhouse", path[0], job if job and job.isdigit() else None)
    if host.endswith("lever.co") and path:
        return Board("lever", path[0], path[1] if len(path) > 1 else None)
    if host.endswith("ashbyhq.com") and path:
        return Board("ashby", path[0], path[1] if len(path) > 1 else None)
    if host.endswith("myworkdayjobs.com"):
        found = re.search(r"_((?:JR|R|REQ)[-_]?\d{4,10})$", parts.path, re.IGNORECASE)
        return Board("workday", host.split(".")[0], found[1] if found else None)
    return None


class _PageParser(HTMLParser):
    """Collects JSON-LD scripts, meta tags, the title and the first heading."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self.meta: dict[str, str] = {}
        self.title = ""
        self.heading = ""
        self._in: str | None = None
        self._buffer: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): value or "" for name, value in attrs}
        if tag == "script" and "ld+json" in values.get("type", "").lower():
            self._start("script")
        elif tag == "title" and not self.title:
            self._start("title")
        elif tag == "h1" and not self.heading:
            self._start("h1")
        elif tag == "meta":
            key = (values.get("property") or values.get("name") or "").lower()
            if key and "content" in values and key not in self.meta:
                self.meta[key] = values["content"]

    def _start(self, what: str) -> None:
        self._in = what
        self._buffer = []

    def handle_data(self, data: str) -> None:
        if self._in is not None and sum(map(len, self._buffer)) < _MAX_SCRIPT:
            self._buffer.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._in is None or tag != {"script": "script", "title": "title", "h1": "h1"}[self._in]:
            return
        text = "".join(self._buffer)
        if self._in == "script":
            self.scripts.append(text)
        elif self._in == "title":
            self.title = " ".join(text.split())
        else:
            self.heading = " ".join(text.split())
        self._in = None


def read_posting(page: str, url: str | None = None) -> Posting:
    """Return what a posting's HTML says, preferring its JobPosting JSON-LD."""
    parser = _PageParser()
    try:
        parser.feed(page)
        parser.close()
    except (AssertionError, ValueError):
        pass
    board = board_of(url)
    for data in _json_ld(parser.scripts):
        posting = _from_json_ld(data, url, board, page)
        if posting is not None:
            return posting
    return _from_page(parser, url, board, page)


def _json_ld(scripts: list[str]) -> Iterator[dict[str, Any]]:
    """Yield every JobPosting object in the page's JSON-LD (arrays and @graph walked)."""
    for script in scripts:
        text = script.strip().removeprefix("<!--").removesuffix("-->").strip()
        try:
            data = json.loads(text, strict=False)
        except ValueError:
            continue
        yield from _job_postings(data, depth=0)


def _job_postings(data: Any, depth: int) -> Iterator[dict[str, Any]]:
    if depth > 6:
        return
    if isinstance(data, list):
        for item in data:
            yield from _job_postings(item, depth + 1)
    elif isinstance(data, dict):
        kinds = data.get("@type")
        names = kinds if isinstance(kinds, list) else [kinds]
        if any(isinstance(name, str) and name.rsplit("/", 1)[-1].rsplit(":", 1)[-1].lower()
               == "jobposting" for name in names):  # fmt: skip
            yield data
        if "@graph" in data:
            yield from _job_postings(data["@graph"], depth + 1)


def _from_json_ld(
    data: dict[str, Any], url: str | None, board: Board | None, page: str
) -> Posting | None:
    role = _text(data.get("title"))
    company = _name(data.get("hiringOrganization"))
    guessed: list[str] = []
    if not company and board and board.company_slug:
        company = _slug_name(board.company_slug)
        guessed.append(f"company from the address ({board.system} board {board.company_slug!r})")
    if not role and not company:
        return None
    description = _text(data.get("description"), keep_lines=True)
    text = html_to_text(html.unescape(description)) if description else html_to_text(page)
    identifier = data.get("identifier")
    if isinstance(identifier, dict):
        requisition = _text(identifier.get("value")) or _text(identifier.get("name"))
    else:
        requisition = _text(identifier)
    return Posting(
        url=url,
        company=company,
        role=role,
        location=_location(data),
        closes_on=_day(data.get("validThrough")),
        salary=_salary(data.get("baseSalary")),
        text=text[:MAX_POSTING_TEXT],
        found_by="JSON-LD JobPosting",
        guessed=tuple(guessed),
        board=board,
        requisition=requisition or (board.requisition if board else None),
    )


def _from_page(parser: _PageParser, url: str | None, board: Board | None, page: str) -> Posting:
    meta = parser.meta
    guessed: list[str] = []
    site = html.unescape(meta.get("og:site_name", "")).strip() or None
    slug_company = _slug_name(board.company_slug) if board and board.company_slug else None
    company = site or slug_company
    title_source = "og:title" if meta.get("og:title") else "page title"
    title = html.unescape(meta.get("og:title") or parser.title or parser.heading).strip()
    role, from_title = _split_title(title, company)
    if company is None and from_title:
        company = from_title
        guessed.append(f"company from the {title_source}")
    elif company == site:
        guessed.append("company from the page's site name (og:site_name)")
    elif company is not None:
        guessed.append(f"company from the address ({board.system if board else ''} board)")
    if role:
        guessed.append(f"role from the {title_source}")
    elif parser.heading:
        role = parser.heading
        guessed.append("role from the page's first heading")
    text = html_to_text(page)
    description = html.unescape(meta.get("og:description") or meta.get("description") or "")
    if description and description not in text:
        text = tidy_text(description) + "\n\n" + text
    return Posting(
        url=url,
        company=company,
        role=role or None,
        location=None,
        closes_on=None,
        salary=None,
        text=text[:MAX_POSTING_TEXT],
        found_by="OpenGraph tags" if meta.get("og:title") else "page title",
        guessed=tuple(guessed),
        board=board,
        requisition=board.requisition if board else None,
    )


_TITLE_FORMS = (
    re.compile(r"^job application for (?P<role>.+?) at (?P<company>.+)$", re.IGNORECASE),
    re.compile(r"^(?P<role>.+?) (?:at|@) (?P<company>[^|–—-]+)(?:\s*[|–—-].*)?$", re.IGNORECASE),
    re.compile(r"^(?P<role>.+?)\s*[|–—]\s*(?P<company>[^|–—]+?)(?:\s*[|–—].*)?$"),
    re.compile(r"^(?P<company>[^-]+?) - (?P<role>.+)$"),
)


def _split_title(title: str, company: str | None) -> tuple[str | None, str | None]:
    """Return (role, company) from a title like "Backend Engineer at Stripe | Careers"."""
    if not title:
        return None, None
    if company:
        pattern = re.compile(
            rf"\s*(?:[|–—:-]|\bat\b|@)?\s*{re.escape(company)}\s*(?:careers|jobs)?\s*"
            rf"(?:[|–—:-]|\bat\b|@)?\s*",
            re.IGNORECASE,
        )
        rest = " ".join(pattern.sub(" ", title).split()).strip(" |–—:-")
        rest = re.sub(r"^job application for\s+", "", rest, flags=re.IGNORECASE)
        rest = re.sub(r"\s*[|–—]\s*(?:careers|jobs).*$", "", rest, flags=re.IGNORECASE)
        return (rest or None), None
    for form in _TITLE_FORMS:
        match = form.match(title)
        if match:
            found = re.sub(r"\s*(?:careers|jobs)$", "", match["company"].strip(), flags=re.I)
            return match["role"].strip(), found.strip() or None
    return title, None


def _text(value: Any, *, keep_lines: bool = False) -> str:
    if isinstance(value, list):
        value = next((item for item in value if isinstance(item, str)), "")
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        return ""
    text = html.unescape(str(value))
    return text.strip() if keep_lines else " ".join(text.split())


def _name(value: Any) -> str:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        return _text(value.get("name"))
    return _text(value)


def _slug_name(slug: str) -> str:
    return " ".join(part.capitalize() for part in re.split(r"[-_]+", slug) if part)


def _location(data: dict[str, Any]) -> str | None:
    places = data.get("jobLocation")
    items = places if isinstance(places, list) else [places] if places else []
    names: list[str] = []
    for place in items[:5]:
        address = place.get("address") if isinstance(place, dict) else place
        if isinstance(address, dict):
            country = address.get("addressCountry")
            parts = [
                _text(address.get("addressLocality")),
                _text(address.get("addressRegion")),
                _name(country) if isinstance(country, dict) else _text(country),
            ]
            name = ", ".join(dict.fromkeys(part for part in parts if part))
        else:
            name = _text(address) or (_name(place) if isinstance(place, dict) else "")
        if name and name not in names:
            names.append(name)
    kind = _text(data.get("jobLocationType")).upper()
    if kind == "TELECOMMUTE":
        names.append("Remote")
    return "; ".join(names) or None


def _day(value: Any) -> date | None:
    text = _text(value)
    try:
        return date.fromisoformat(text[:10]) if len(text) >= 10 else None
    except ValueError:
        return None


def _salary(value: Any) -> str | None:
    """Return "30,000–50,000 CNY a month" from a MonetaryAmount (or a plain figure)."""
    if value is None:
        return None
    if not isinstance(value, dict):
        return _text(value) or None
    currency = _text(value.get("currency"))
    amount = value.get("value")
    unit = ""
    if isinstance(amount, dict):
        unit = _UNITS.get(_text(amount.get("unitText")).upper(), _text(amount.get("unitText")))
        low, high = amount.get("minValue"), amount.get("maxValue")
        exact = amount.get("value")
    else:
        low = high = None
        exact = amount
    numbers = [number for number in (_number(low), _number(high)) if number is not None]
    if numbers:
        figure = "–".join(dict.fromkeys(numbers))
    elif _number(exact) is not None:
        figure = str(_number(exact))
    else:
        return None
    return " ".join(part for part in (figure, currency, unit) if part)


def _number(value: Any) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        try:
            value = float(value.replace(",", ""))
        except ValueError:
            return None
    if isinstance(value, int | float):
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
    return None
