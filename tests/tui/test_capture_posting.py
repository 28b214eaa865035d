"""The capture bar reads a posting: a URL (served by a web server on 127.0.0.1 started here;
no test reaches any other address) or a saved .html page, without blocking the UI."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from textual.widgets import Static
from tui_helpers import SIZE, loaded, notifications, settle, type_text, until

from pipeline_tui import services
from pipeline_tui.domain.capture import parse_posting_line
from pipeline_tui.services.postings import posting_of

POSTING = {
    "@context": "https://schema.org/",
    "@type": "JobPosting",
    "title": "Backend Engineer, Payments",
    "hiringOrganization": {"@type": "Organization", "name": "Stripe"},
    "jobLocation": {"@type": "Place", "address": {"@type": "PostalAddress",
                    "addressLocality": "Dublin", "addressCountry": "IE"}},
    "description": "<p>Build <b>payment rails</b> in Rust and Kafka.</p>",
}  # fmt: skip


def _page(data: object) -> bytes:
    script = json.dumps(data).replace("</", "<\\/")
    return (
        "<html><head><title>Careers</title>"
        f'<script type="application/ld+json">{script}</script></head>'
        "<body><h1>Careers</h1></body></html>"
    ).encode()


class _Pages(BaseHTTPRequestHandler):
    pages: ClassVar[dict[str, tuple[int, bytes]]] = {}
    # Set to hold an answer back until the test lets it go.
    hold: ClassVar[threading.Event | None] = None

    def do_GET(self) -> None:
        if self.hold is not None:
            self.hold.wait(10)
        status, body = self.pages.get(self.path, (404, b"gone"))
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def site() -> Iterator[str]:
    """A web server on 127.0.0.1; yields its base address."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        if _Pages.hold is not None:
            _Pages.hold.set()
        server.shutdown()
        server.server_close()
        _Pages.pages = {}
        _Pages.hold = None


def _bar_text(app, part: str) -> str:
    return str(app.screen.query_one(f"#capture-{part}", Static).render())


async def _capture(pilot, line: str) -> None:
    await pilot.press("a")
    await type_text(pilot, line)
    await pilot.press("enter")
    await settle(pilot)


def test_posting_lines_are_told_from_capture_lines() -> None:
    line = parse_posting_line("https://x.example/j/1 Acme / ML eng via:referral saved")
    assert line is not None and line.source == "https://x.example/j/1"
    assert (line.fields.company, line.fields.role, line.fields.source, line.fields.saved) == (
        "Acme", "ML eng", "referral", True
    )  # fmt: skip
    line = parse_posting_line("~/Downloads/Job posting.html c:autumn")
    assert line is not None and line.source == "~/Downloads/Job posting.html"
    assert line.fields.campaign == "autumn"
    assert parse_posting_line("Acme / ML engineer url:https://x.example/j/1") is None
    assert parse_posting_line("index.html / Web engineer") is None


async def test_a_pasted_url_adds_the_posting_and_says_what_was_read(make_app, store, site):
    _Pages.pages = {"/jobs/4012345": (200, _page(POSTING))}
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await loaded(pilot)
        await _capture(pilot, f"{site}/jobs/4012345 via:referral")
        await until(pilot, lambda: len(app.dataset) == 1)
        await settle(pilot)
        (application,) = services.list_applications(store, services.ApplicationFilter())
        assert (application.company, application.role) == ("Stripe", "Backend Engineer, Payments")
        assert application.source == "referral"
        assert application.url == f"{site}/jobs/4012345"
        assert application.location == "Dublin, IE"
        assert "payment rails in Rust and Kafka" in (posting_of(store, application.id)[1] or "")
        info = _bar_text(app, "info")
        assert "read from the posting (JSON-LD JobPosting): company Stripe" in info
        said = [text for _, text in notifications(app) if text.startswith("Added")]
        assert said and "JSON-LD JobPosting" in said[-1]
        # The bar is empty and open for the next one.
        assert app.focused is not None and app.focused.id == "capture-input"
        assert app.focused.value == ""


async def test_a_saved_page_says_what_was_guessed(make_app, store, tmp_path: Path) -> None:
    saved = tmp_path / "Senior ML Engineer.html"
    saved.write_text(
        "<html><head><title>Staff Engineer at Northwind | Careers</title></head>"
        "<body><h1>Staff Engineer</h1><p>Train models.</p></body></html>",
        encoding="utf-8",
    )
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await _capture(pilot, str(saved))
        await until(pilot, lambda: len(app.dataset) == 1)
        (application,) = services.list_applications(store, services.ApplicationFilter())
        assert (application.company, application.role) == ("Northwind", "Staff Engineer")
        assert "guessed: " in _bar_text(app, "info")


async def test_a_failed_fetch_is_one_line_and_keeps_the_line(make_app, store, site) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await _capture(pilot, f"{site}/taken-down")
        error = _bar_text(app, "error")
        assert "answered 404 Not Found (the posting may have been taken down)" in error
        assert "\n" not in error.strip()
        assert app.focused is not None and app.focused.value == f"{site}/taken-down"
        assert services.list_applications(store, services.ApplicationFilter()) == []


async def test_a_page_without_company_asks_for_it_after_the_address(make_app, store, site):
    _Pages.pages = {"/p": (200, b"<html><body><p>We are hiring.</p></body></html>")}
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await _capture(pilot, f"{site}/p")
        assert "type the company and role after it" in _bar_text(app, "error")
        await type_text(pilot, " Initech / Data engineer")
        await pilot.press("enter")
        await until(pilot, lambda: len(app.dataset) == 1)
        (application,) = services.list_applications(store, services.ApplicationFilter())
        assert (application.company, application.role) == ("Initech", "Data engineer")


async def test_the_ui_answers_while_a_slow_page_loads_and_escape_gives_up(make_app, store, site):
    _Pages.pages = {"/slow": (200, _page(POSTING))}
    _Pages.hold = threading.Event()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("a")
        await type_text(pilot, f"{site}/slow")
        await pilot.press("enter")
        await pilot.pause(0.1)
        assert "reading " in _bar_text(app, "info")
        await pilot.press("escape")  # keys are handled while the page is on its way
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "board"
        _Pages.hold.set()
        await settle(pilot)
        assert services.list_applications(store, services.ApplicationFilter()) == []
        assert len(app.dataset) == 0
