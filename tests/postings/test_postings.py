"""`pipeline add --from URL|FILE`: a job posting read into an application, its text kept.

Pages are served by a loopback http.server started in the test, or by an httpx MockTransport;
no test reaches any other address."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import httpx
import pytest

from pipeline_tui.domain.postings import board_of, read_posting
from pipeline_tui.errors import UserError
from pipeline_tui.services import postings

JSON_LD = {
    "@context": "https://schema.org/",
    "@type": "JobPosting",
    "title": "Backend Engineer, Payments",
    "hiringOrganization": {"@type": "Organization", "name": "Stripe"},
    "jobLocation": {"@type": "Place", "address": {"@type": "PostalAddress",
                    "addressLocality": "Dublin", "addressCountry": "IE"}},
    "validThrough": "2024-10-31T23:59:59Z",
    "baseSalary": {"@type": "MonetaryAmount", "currency": "EUR",
                   "value": {"@type": "QuantitativeValue", "minValue": 90000,
                             "maxValue": 120000, "unitText": "YEAR"}},
    "description": "<p>Build <b>payment rails</b> in Rust and Kafka.</p>",
    "identifier": {"@type": "PropertyValue", "name": "Stripe", "value": "4012345"},
}  # fmt: skip


def _page(data: object, extra_head: str = "", body: str = "<h1>Careers</h1>") -> str:
    script = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    return (
        f"<html><head><title>Careers</title>{extra_head}"
        f'<script type="application/ld+json">{script}</script></head><body>{body}</body></html>'
    )


@pytest.mark.parametrize(
    "shape",
    ["single", "array", "graph"],
)
def test_json_ld_in_any_shape(shape: str) -> None:
    data: object = {
        "single": JSON_LD,
        "array": [{"@type": "Organization", "name": "x"}, JSON_LD],
        "graph": {"@context": "https://schema.org", "@graph": [{"@type": "WebPage"}, JSON_LD]},
    }[shape]
    posting = read_posting(_page(data), "https://stripe.com/jobs/listing/4012345")
    assert posting.found_by == "JSON-LD JobPosting"
    assert (posting.company, posting.role) == ("Stripe", "Backend Engineer, Payments")
    assert posting.location == "Dublin, IE"
    assert posting.closes_on == date(2024, 10, 31)
    assert posting.salary == "90,000–120,000 EUR a year"
    assert "payment rails in Rust and Kafka" in posting.text
    assert posting.requisition == "4012345"
    assert posting.guessed == ()


def test_remote_postings_and_plain_salaries() -> None:
    data = {**JSON_LD, "jobLocationType": "TELECOMMUTE", "jobLocation": None,
            "baseSalary": {"currency": "CNY", "value": {"value": 30000, "unitText": "MONTH"}},
            "@type": ["JobPosting"], "hiringOrganization": "字节跳动"}  # fmt: skip
    posting = read_posting(_page(data))
    assert posting.location == "Remote"
    assert posting.salary == "30,000 CNY a month"
    assert posting.company == "字节跳动"


def test_without_json_ld_the_page_is_read_and_guesses_are_named() -> None:
    page = (
        '<html><head><meta property="og:title" content="Senior ML Engineer">'
        '<meta property="og:site_name" content="Helix Biotech">'
        '<meta name="description" content="Join our genomics team."></head>'
        "<body><nav>Home</nav><main><p>You will train models on sequencing data.</p></main>"
        "</body></html>"
    )
    posting = read_posting(page, "https://careers.helixbio.example/jobs/77")
    assert posting.found_by == "OpenGraph tags"
    assert (posting.company, posting.role) == ("Helix Biotech", "Senior ML Engineer")
    assert posting.guessed == (
        "company from the page's site name (og:site_name)",
        "role from the og:title",
    )
    assert "Join our genomics team." in posting.text
    assert "train models on sequencing data" in posting.text


@pytest.mark.parametrize(
    ("title", "url", "company", "role"),
    [
        ("Job Application for Data Engineer at Acme", "https://boards.greenhouse.io/acme/jobs/1",
         "Acme", "Data Engineer"),
        ("Acme Robotics - Perception Engineer", "https://jobs.lever.co/acme-robotics/0a1b",
         "Acme Robotics", "Perception Engineer"),
        ("Product Engineer @ Linear", "https://example.org/careers/1", "Linear",
         "Product Engineer"),
        ("Staff Engineer at Openfield | Careers", None, "Openfield", "Staff Engineer"),
    ],
)  # fmt: skip
def test_titles_give_company_and_role(title: str, url: str | None, company: str, role: str):
    posting = read_posting(f"<html><head><title>{title}</title></head><body></body></html>", url)
    assert (posting.company, posting.role) == (company, role)
    assert any(line.startswith("role from") for line in posting.guessed)


@pytest.mark.parametrize(
    ("url", "system", "slug", "job"),
    [
        ("https://boards.greenhouse.io/stripe/jobs/4012345", "greenhouse", "stripe", "4012345"),
        ("https://job-boards.greenhouse.io/figma/jobs/5551234?gh_src=x", "greenhouse", "figma",
         "5551234"),
        ("https://careers.acme.example/open-roles?gh_jid=4789012", "greenhouse", None,
         "4789012"),
        ("https://jobs.lever.co/palantir/0a1b2c3d-aaaa-bbbb", "lever", "palantir",
         "0a1b2c3d-aaaa-bbbb"),
        ("https://jobs.ashbyhq.com/notion/6f9e7d", "ashby", "notion", "6f9e7d"),
        ("https://nvidia.wd5.myworkdayjobs.com/en-US/NVIDIAExternal/job/US-CA/Engineer_JR1987654",
         "workday", "nvidia", "JR1987654"),
        ("https://example.org/jobs/1", None, None, None),
    ],
)  # fmt: skip
def test_hiring_system_addresses_are_recognised(url, system, slug, job) -> None:
    board = board_of(url)
    if system is None:
        assert board is None
        return
    assert board is not None
    assert (board.system, board.company_slug, board.job_id) == (system, slug, job)


def test_the_board_names_the_company_when_the_page_does_not() -> None:
    data = {**JSON_LD}
    del data["hiringOrganization"]
    posting = read_posting(_page(data), "https://jobs.lever.co/acme-robotics/0a1b")
    assert posting.company == "Acme Robotics"
    assert posting.guessed == ("company from the address (lever board 'acme-robotics')",)


class _Pages(BaseHTTPRequestHandler):
    pages: ClassVar[dict[str, tuple[int, str, bytes]]] = {}

    def do_GET(self) -> None:
        status, kind, body = self.pages.get(self.path, (404, "text/html", b"gone"))
        if status in (301, 302):
            self.send_response(status)
            self.send_header("Location", body.decode())
            self.end_headers()
            return
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def site() -> Iterator[str]:
    """A web server on 127.0.0.1 serving _Pages.pages; yields its base address."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        _Pages.pages = {}


def test_add_from_a_url_keeps_the_posting(pipeline, site) -> None:
    _Pages.pages = {
        "/old": (301, "", b"/jobs/4012345"),
        "/jobs/4012345": (200, "text/html; charset=utf-8", _page(JSON_LD).encode()),
    }
    outcome = pipeline("add", "--from", f"{site}/old", "--saved")
    assert outcome.code == 0, outcome.err
    assert outcome.out == "Added #1 Stripe — Backend Engineer, Payments: saved on 2024-09-16\n"
    assert f"Read {site}/jobs/4012345 (JSON-LD JobPosting): company Stripe;" in outcome.err
    shown = json.loads(pipeline("show", "1", "--format", "json").out)
    assert shown["url"] == f"{site}/jobs/4012345"
    assert shown["location"] == "Dublin, IE"
    assert shown["closes_on"] == "2024-10-31"
    assert shown["events"][0]["note"] == "posted salary: 90,000–120,000 EUR a year"
    kept = pipeline("posting", "1")
    assert "Build payment rails in Rust and Kafka." in kept.out
    found = json.loads(pipeline("list", "--search", "kafka", "--format", "json").out)
    assert [item["id"] for item in found] == [1]


def test_names_given_win_and_the_closing_day_needs_saved(pipeline, site) -> None:
    _Pages.pages = {"/p": (200, "text/html", _page(JSON_LD).encode())}
    outcome = pipeline("add", "--from", f"{site}/p", "Stripe Ireland", "Payments engineer")
    assert outcome.code == 0, outcome.err
    assert "Added #1 Stripe Ireland — Payments engineer: submitted" in outcome.out
    assert "a closing day is kept only for a saved application (--saved)" in outcome.err
    shown = json.loads(pipeline("show", "1", "--format", "json").out)
    assert shown["closes_on"] is None


def test_add_from_a_saved_file(pipeline, tmp_path: Path) -> None:
    saved = tmp_path / "posting.html"
    saved.write_bytes(_page({**JSON_LD, "title": "算法工程师", "hiringOrganization":
                             {"name": "美团"}}).encode("gb18030"))  # fmt: skip
    # A page in GB18030 that says so in a <meta> tag.
    saved.write_bytes(saved.read_bytes().replace(b"<head>", b'<head><meta charset="gbk">'))
    outcome = pipeline("add", "--from", str(saved))
    assert outcome.code == 0, outcome.err
    assert outcome.out.startswith("Added #1 美团 — 算法工程师")


@pytest.mark.parametrize(
    ("page", "message"),
    [
        ((404, "text/html", b"gone"), "answered 404 Not Found (the posting may have been taken"),
        ((200, "application/pdf", b"%PDF"), "is application/pdf, not a web page"),
        ((500, "text/html", b"oops"), "answered 500"),
    ],
)
def test_fetch_failures_are_one_line(pipeline, site, page, message: str) -> None:
    _Pages.pages = {"/x": page}
    outcome = pipeline("add", "--from", f"{site}/x")
    assert outcome.code == 1
    assert message in outcome.err
    assert outcome.err.count("\n") == 1
    assert json.loads(pipeline("list", "--format", "json").out) == []


def test_a_page_too_big_is_refused_while_reading(site, monkeypatch) -> None:
    monkeypatch.setattr(postings, "MAX_PAGE_BYTES", 10_000)
    _Pages.pages = {"/big": (200, "text/html", b"<p>" + b"x" * 50_000)}
    with pytest.raises(UserError, match="larger than"):
        postings.read_posting_from(f"{site}/big")


def test_a_slow_server_times_out_with_a_clear_line() -> None:
    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    with pytest.raises(UserError, match=r"^jobs\.example\.com did not answer within 15 s$"):
        postings.read_posting_from(
            "https://jobs.example.com/1", transport=httpx.MockTransport(slow)
        )


def test_a_page_without_company_or_role_asks_for_them(pipeline, site) -> None:
    _Pages.pages = {"/blank": (200, "text/html", b"<html><body><p>Apply!</p></body></html>")}
    outcome = pipeline("add", "--from", f"{site}/blank")
    assert outcome.code == 1
    assert "cannot tell the company from" in outcome.err
    assert pipeline("add", "--from", f"{site}/blank", "Acme", "Engineer").code == 0


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("ftp://example.com/job", "is neither an http(s) address nor a file"),
        ("missing.html", "missing.html does not exist"),
        ("http://", "is not a web address I can fetch"),
    ],
)
def test_bad_sources(pipeline, source: str, message: str) -> None:
    outcome = pipeline("add", "--from", source)
    assert outcome.code == 1
    assert message in outcome.err


def test_add_still_needs_company_and_role_without_from(pipeline) -> None:
    outcome = pipeline("add", "Acme")
    assert outcome.code == 2
    assert "missing argument 'ROLE'" in outcome.err


def test_the_kept_posting_survives_export_and_import(pipeline, tmp_path: Path) -> None:
    saved = tmp_path / "posting.html"
    saved.write_text(_page(JSON_LD), encoding="utf-8")
    assert pipeline("add", "--from", str(saved), "--saved").code == 0
    exported = pipeline("export", "--format", "json").out
    other = tmp_path / "other.db"
    dump = tmp_path / "dump.json"
    dump.write_text(exported, encoding="utf-8")
    assert pipeline("--db", str(other), "import", str(dump)).code == 0
    again = pipeline("--db", str(other), "posting", "1")
    assert "Build payment rails in Rust and Kafka." in again.out
    found = pipeline("--db", str(other), "list", "--search", "kafka", "--format", "json")
    assert [item["id"] for item in json.loads(found.out)] == [1]
