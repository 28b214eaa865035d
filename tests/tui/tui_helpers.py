"""Helpers for driving the UI with Pilot: waiting for workers, typing, reading the screen."""

from __future__ import annotations

import contextlib
import mailbox
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from textual import events
from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.worker import WorkerCancelled

from pipeline_tui import services
from pipeline_tui.domain.stages import Stage
from pipeline_tui.store.engine import Store
from pipeline_tui.tui.app import PipelineApp

SIZE = (120, 40)


async def settle(pilot: Pilot[Any], app: PipelineApp | None = None) -> None:
    """Wait until every worker finished and what they posted was handled (chains included).

    A write's worker posts a message whose handler starts a reload worker, and so on; this
    waits until two rounds in a row find no worker running.
    """
    app = app or pilot.app  # type: ignore[assignment]
    assert app is not None
    quiet_rounds = 0
    for _ in range(100):
        with contextlib.suppress(WorkerCancelled):  # a newer reload replaced an older one
            await app.workers.wait_for_complete()
        await pilot.pause()
        busy = any(worker.is_running or worker.state.name == "PENDING" for worker in app.workers)
        quiet_rounds = 0 if busy else quiet_rounds + 1
        if quiet_rounds >= 2:
            return


async def press(pilot: Pilot[Any], *keys: str) -> None:
    """Press keys, then settle: whatever they started (a write, a reload, a search) is done."""
    await pilot.press(*keys)
    await settle(pilot)


async def run_command(pilot: Pilot[Any], command: str) -> None:
    """Run a command palette command: type it, wait for the palette's search to finish (not a
    fixed sleep), choose the best match and settle."""
    await press(pilot, "ctrl+p")
    await pilot.press(*command)
    await settle(pilot)  # the search runs in a worker; its last results are then listed
    await press(pilot, "enter")


async def loaded(pilot: Pilot[Any]) -> PipelineApp:
    """Wait for the first screen and the full load; return the app."""
    app: PipelineApp = pilot.app  # type: ignore[assignment]
    for _ in range(200):
        await settle(pilot, app)
        if app.dataset.loaded and app.dataset.complete:
            return app
    raise AssertionError("the applications never finished loading")


async def type_text(pilot: Pilot[Any], text: str, *, into_input: bool = True) -> None:
    """Type text into the focused input as key events (CJK and brackets included).

    Pilot.press waits ~60 ms for idle after every key; posting the same Key events the driver
    would and waiting once keeps long strings fast.
    """
    from textual.widgets import Input

    # A dialog or bar opened by the previous key may still be mounting: wait for its input.
    for _ in range(200):
        if not into_input or isinstance(pilot.app.focused, Input):
            break
        await pilot.pause(0.01)
    else:
        raise AssertionError(f"no input has focus (focus is on {pilot.app.focused!r})")
    for char in text:
        key = char if char.isalnum() else _character_to_key(char)
        pilot.app.post_message(events.Key(key, char))
    await pilot.pause()


def add(store: Store, company: str, role: str, **fields: Any) -> int:
    """Record an application through the services and return its id."""
    change = services.add_application(store, services.NewApplication(company, role, **fields))
    return change.application.id


def stage_of(store: Store, application_id: int) -> tuple[Stage, int | None]:
    """Return an application's stage and round as the database has them."""
    application = services.detail(store, application_id).application
    return application.stage, application.round


def screen_text(app: PipelineApp) -> str:
    """Return what the active screen shows, as plain text lines."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


def status_text(app: PipelineApp) -> str:
    """Return the status line of the main screen (what shows once a notice has gone)."""
    from pipeline_tui.tui.widgets.status_line import StatusLine

    return app.screen.query_one("#status", StatusLine).status_text


def notifications(app: PipelineApp) -> list[tuple[str, str]]:
    """Return the (severity, message) of every notification still shown."""
    return list(app.notices)


def steady_cursors(app: PipelineApp) -> None:
    """Stop text cursors blinking so a screenshot never catches one mid-blink."""
    from textual.widgets import Input

    for screen in app.screen_stack:
        for box in screen.query(Input):
            box.cursor_blink = False


async def until(pilot: Pilot[Any], condition: Callable[[], bool], timeout: float = 5.0) -> None:
    """Poll the app (never a blind sleep) until condition holds, failing after timeout."""
    import time

    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the screen never showed what was expected")
        await pilot.pause(0.02)


def seed_offers(store: Store) -> list[int]:
    """Record structured offers through the services on a demo database (seed 7, today pinned
    2024-09-16): the two applications at `offer`, and three recent interviews (which move to
    `offer`); one offer revised, one in dollars, deadlines from overdue to two weeks away. A
    fourth interview gets an offer that is declined, with a reason.

    Returns the ids of the applications with a pending offer, in the order they were recorded.
    """
    from datetime import date

    from pipeline_tui.domain.models import ApplicationFilter
    from pipeline_tui.domain.offers import OfferInput
    from pipeline_tui.services.offers import record_offer

    open_ones = services.list_applications(store, ApplicationFilter(open_only=True))
    at_offer = [item.id for item in open_ones if item.stage is Stage.OFFER]
    interviews = sorted(
        (item for item in open_ones if item.stage is Stage.INTERVIEW),
        key=lambda item: (item.last_event_on or date.min, item.id),
        reverse=True,
    )
    ids = [*at_offer, *(item.id for item in interviews[:3])]
    day = date(2024, 9, 16)
    offers = [
        OfferInput(base="26k x 16", bonus="20%", tier="ssp", deadline=date(2024, 9, 18),
                   terms=("hukou=yes",)),
        OfferInput(base="800k/yr", equity="400k", vesting_years=4, deadline=date(2024, 9, 15),
                   location="Shanghai"),
        OfferInput(base="30k x 15", bonus="20%", signing="50k", equity="400k", vesting_years=4,
                   other="2k/mo", tier="SP", deadline=date(2024, 9, 21),
                   terms=("remote=2d", "hukou=no")),
        OfferInput(base="$150k/yr", bonus="10%", deadline=date(2024, 9, 30)),
        OfferInput(base="40-60k x 14", bonus="10%", signing="30k", tier="regular"),
    ]  # fmt: skip
    for application_id, change in zip(ids, offers, strict=True):
        record_offer(store, application_id, change, default_currency="CNY", on=day)
    # A negotiation: the first offer went up.
    record_offer(
        store, ids[0], OfferInput(base="28k x 16", signing="50k"), default_currency="CNY", on=day
    )
    declined = interviews[3].id
    record_offer(store, declined, OfferInput(base="24k x 15"), default_currency="CNY", on=day)
    services.move(
        store, declined, Stage.DECLINED, on=day, reason="salary", reason_text="20% under the ask"
    )
    return ids


def mail_bytes(
    subject: str,
    body: str,
    *,
    sender: str,
    day: str,
    message_id: str,
    in_reply_to: str | None = None,
) -> bytes:
    """One message as bytes, sent at 10:00 (UTC+8) on day (an ISO date)."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "Siman Li <siman.li@example.net>"
    message["Subject"] = subject
    sent = datetime.fromisoformat(f"{day}T10:00").replace(tzinfo=timezone(timedelta(hours=8)))
    message["Date"] = format_datetime(sent)
    message["Message-ID"] = message_id
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
        message["References"] = in_reply_to
    message.set_content(body)
    return message.as_bytes()


def queue_mail(store: Store, folder: Path, messages: list[bytes]) -> list[int]:
    """Read messages from an mbox into the review queue (as `pipeline mail` does); return the
    waiting proposals' ids, oldest mail first."""
    from pipeline_tui.services import inbox
    from pipeline_tui.services.mail import read_mail
    from pipeline_tui.services.mailboxes import open_source

    path = folder / "jobs.mbox"
    box = mailbox.mbox(path)
    try:
        for data in messages:
            box.add(data)
        box.flush()
    finally:
        box.close()
    read_mail(store, open_source(str(path)))
    return [item.id for item in inbox.inbox(store)]
