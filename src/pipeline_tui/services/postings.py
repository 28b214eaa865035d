"""Reading a job posting (a web address or a saved .html file) into a new application.

`read_posting_from` is what the command line's `add --from` and the UI's capture bar call;
`application_from` turns the posting into the NewApplication that `add_application` records,
keeping the posting's text with it.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline_tui.domain.models import Application, NewApplication
from pipeline_tui.domain.postings import Posting, read_posting
from pipeline_tui.domain.text import printable
from pipeline_tui.errors import UserError
from pipeline_tui.paths import user_path
from pipeline_tui.store.engine import Store

if TYPE_CHECKING:
    import httpx

# A page bigger than this is refused; a posting is a few hundred kilobytes at most.
MAX_PAGE_BYTES = 5 * 1024 * 1024
TIMEOUT_SECONDS = 15
_HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/ld+json")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.IGNORECASE)


def is_web_address(text: str) -> bool:
    """True for an http(s) address rather than a file name."""
    return text.strip().lower().startswith(("http://", "https://"))


def read_posting_from(source: str, *, transport: httpx.BaseTransport | None = None) -> Posting:
    """Fetch a posting's page (http or https) or read a saved .html file, and read it.

    transport: an httpx transport to use instead of the network (tests use one).
    """
    text = source.strip()
    if not text:
        raise UserError("no posting given: a web address or an .html file")
    if is_web_address(text):
        page, final_url = fetch_page(text, transport=transport)
        return read_posting(page, final_url)
    if re.match(r"^[a-z][a-z0-9+.-]*://", text, re.IGNORECASE):
        raise UserError(f"{text!r} is neither an http(s) address nor a file")
    path = user_path(text)
    return read_posting(_decode(_read_file(path), str(path)), None)


def _read_file(path: Path) -> bytes:
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_PAGE_BYTES + 1)
    except FileNotFoundError:
        raise UserError(f"{printable(str(path))} does not exist") from None
    except IsADirectoryError:
        raise UserError(f"{path} is a folder, not a saved page") from None
    except OSError as error:
        raise UserError(f"cannot read {path}: {error.strerror or error}") from None
    except ValueError:  # a NUL byte in the name
        raise UserError(f"{str(path)!r} is not a file name") from None
    if len(data) > MAX_PAGE_BYTES:
        raise UserError(f"{path} is larger than {MAX_PAGE_BYTES // 2**20} MB; not a posting")
    return data


def fetch_page(url: str, *, transport: httpx.BaseTransport | None = None) -> tuple[str, str]:
    """Return a page's text and its final address (after redirects); UserError says what
    went wrong in one line (no answer, refused, not found, too big, not a web page)."""
    import httpx  # ~60 ms; only when a posting is fetched

    shown = printable(url)
    headers = {"User-Agent": "pipeline-tui (reads one job posting for its user)"}
    host = printable(httpx.URL(url).host) if _valid(url) else shown
    try:
        with (
            httpx.Client(
                timeout=TIMEOUT_SECONDS,
                follow_redirects=True,
                max_redirects=5,
                headers=headers,
                transport=transport,
            ) as client,
            client.stream("GET", url) as response,
        ):
            if response.status_code >= 400:
                phrase = response.reason_phrase or "error"
                gone = " (the posting may have been taken down)" if response.status_code in (
                    404, 410) else ""  # fmt: skip
                raise UserError(f"{shown} answered {response.status_code} {phrase}{gone}")
            kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
            if kind and not kind.startswith(_HTML_TYPES):
                raise UserError(f"{shown} is {printable(kind)}, not a web page")
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > MAX_PAGE_BYTES:
                raise UserError(_too_big(shown))
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > MAX_PAGE_BYTES:
                    raise UserError(_too_big(shown))
                chunks.append(chunk)
            final = str(response.url)
            charset = response.charset_encoding
    except httpx.TimeoutException:
        raise UserError(f"{host} did not answer within {TIMEOUT_SECONDS} s") from None
    except httpx.TooManyRedirects:
        raise UserError(f"{shown} redirects too many times") from None
    except (httpx.InvalidURL, httpx.UnsupportedProtocol) as error:
        raise UserError(f"{shown!r} is not a web address I can fetch: {error}") from None
    except httpx.ConnectError as error:
        raise UserError(f"cannot connect to {host}: {_reason(error)}") from None
    except httpx.HTTPError as error:
        raise UserError(f"fetching {shown} failed: {_reason(error)}") from None
    return _decode(b"".join(chunks), url, charset), final


def _valid(url: str) -> bool:
    import httpx

    try:
        httpx.URL(url)
    except (httpx.InvalidURL, ValueError):
        return False
    return True


def _too_big(url: str) -> str:
    return f"{url} is larger than {MAX_PAGE_BYTES // 2**20} MB; not a posting"


def _reason(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[-1] if text else type(error).__name__


def _decode(data: bytes, name: str, charset: str | None = None) -> str:
    """The page's text: its declared charset (header, then <meta>), else UTF-8, else GB18030."""
    declared = charset
    if declared is None:
        found = _META_CHARSET.search(data[:4096])
        declared = found[1].decode("ascii", "replace") if found else None
    for encoding in (declared, "utf-8", "gb18030"):
        if not encoding:
            continue
        name_of = {"gb2312": "gb18030", "gbk": "gb18030"}.get(encoding.lower(), encoding)
        try:
            return data.decode(name_of)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("utf-8", "replace")


def application_from(
    posting: Posting,
    *,
    company: str | None = None,
    role: str | None = None,
    **fields: Any,
) -> NewApplication:
    """Return the application a posting describes; company and role given here win over the
    posting's, and fields (source, on, saved, note ...) are passed on. The posting's
    closing day is kept for a saved application; its salary goes into the first note."""
    name = company or posting.company
    title = role or posting.role
    where = posting.url or "the posting"
    if not name:
        raise UserError(f"cannot tell the company from {where}; give it after the posting")
    if not title:
        raise UserError(f"cannot tell the role from {where}; give it after the company")
    saved = bool(fields.get("saved"))
    note = fields.pop("note", None)
    if posting.salary:
        posted = f"posted salary: {posting.salary}"
        note = f"{note}; {posted}" if note else posted
    return NewApplication(
        company=name,
        role=title,
        location=fields.pop("location", None) or posting.location,
        url=fields.pop("url", None) or posting.url,
        closes_on=fields.pop("closes_on", None) or (posting.closes_on if saved else None),
        note=note,
        posting=posting.text or None,
        **fields,
    )


def posting_of(store: Store, ref: str | int) -> tuple[Application, str | None]:
    """Return an application and the posting text kept with it (None when none was)."""
    from pipeline_tui.services.refs import resolve
    from pipeline_tui.store.postings import posting_text

    with store.read() as session:
        application = resolve(session, ref, open_only=False)
        return application, posting_text(session, application.id)


def closing_note(posting: Posting, saved: bool, today: date) -> str | None:
    """A line saying the posting's closing day was not kept (it is for saved ones only)."""
    if posting.closes_on is None or saved:
        return None
    when = "closed" if posting.closes_on < today else "closes"
    return (
        f"the posting {when} on {posting.closes_on.isoformat()}; a closing day is kept only "
        "for a saved application (--saved)"
    )
