"""A checked dump (store/dump.py) merged into the database, adding and never removing.

Into an empty database every row keeps its id and batch, so exporting again gives the same
file. Into one that holds data, rows get new ids: a company or contact with the same name is
the one already there; an application with the same company, role and applied date is the one
already there, and gets the file's later events when its own history is the start of the
file's (else it is left as it is); links, log entries and reminders already recorded are not
added twice; every event added shares one new batch, so one `undo` takes the import back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from pipeline_tui.domain.importing import application_key
from pipeline_tui.domain.models import Event, company_key, derive
from pipeline_tui.domain.text import fold
from pipeline_tui.store import applications as queries
from pipeline_tui.store.bulk import insert_rows, next_id
from pipeline_tui.store.dump import DERIVED, TABLES, Dump
from pipeline_tui.store.transfer import companies_by_key, events_by_application, existing_by_key

_CHUNK = 5_000
_Signature = tuple[Any, ...]


def _event_signature(values: dict[str, Any] | Event) -> _Signature:
    if isinstance(values, Event):
        return (
            values.kind, values.stage.value, values.round, values.occurred_on, values.note,
            values.reason, values.reason_text,
        )  # fmt: skip
    return tuple(
        values[name]
        for name in ("kind", "stage", "round", "occurred_on", "note", "reason", "reason_text")
    )


@dataclass(slots=True)
class MergePlan:
    """What merging a dump would do; apply_plan does it in the same session."""

    dump: Dump
    preserve_ids: bool
    companies: dict[int, int] = field(default_factory=dict)  # file id -> database id
    new_companies: list[int] = field(default_factory=list)  # file ids
    contacts: dict[int, int] = field(default_factory=dict)
    new_contacts: list[int] = field(default_factory=list)
    applications: dict[int, int] = field(default_factory=dict)
    new_applications: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)  # file ids of matched, extended ones
    unchanged: list[int] = field(default_factory=list)
    new_events: list[int] = field(default_factory=list)  # file event ids, in file order
    links: list[dict[str, Any]] = field(default_factory=list)
    interactions: list[dict[str, Any]] = field(default_factory=list)
    reminders: list[dict[str, Any]] = field(default_factory=list)

    @property
    def new_offers(self) -> list[dict[str, Any]]:
        """The offer revisions of the events this merge adds."""
        adding = set(self.new_events)
        return [row for row in self.dump.tables["offer"] if row["event_id"] in adding]


def _is_empty(session: Session) -> bool:
    for table in TABLES.values():
        if session.execute(sa.select(sa.literal(1)).select_from(table).limit(1)).first():
            return False
    return True


def plan_merge(session: Session, dump: Dump) -> MergePlan:
    """Decide, row by row, what the dump adds to this database."""
    plan = MergePlan(dump, preserve_ids=_is_empty(session))
    rows = dump.tables
    events_of: dict[int, list[dict[str, Any]]] = {}
    for event in rows["event"]:
        events_of.setdefault(event["application_id"], []).append(event)
    if plan.preserve_ids:
        plan.companies = {row["id"]: row["id"] for row in rows["company"]}
        plan.new_companies = list(plan.companies)
        plan.contacts = {row["id"]: row["id"] for row in rows["contact"]}
        plan.new_contacts = list(plan.contacts)
        plan.applications = {row["id"]: row["id"] for row in rows["application"]}
        plan.new_applications = list(plan.applications)
        plan.new_events = [row["id"] for row in rows["event"]]
        plan.links = list(rows["contact_link"])
        plan.interactions = list(rows["interaction"])
        plan.reminders = list(rows["reminder"])
        return plan
    _plan_companies(session, plan)
    _plan_contacts(session, plan)
    _plan_applications(session, plan, events_of)
    _plan_logs(session, plan)
    return plan


def _plan_companies(session: Session, plan: MergePlan) -> None:
    known = {key: company_id for key, (company_id, _) in companies_by_key(session).items()}
    next_company = next_id(session, TABLES["company"])
    for row in plan.dump.tables["company"]:
        key = company_key(row["name"])
        if key not in known:
            known[key] = next_company
            next_company += 1
            plan.new_companies.append(row["id"])
        plan.companies[row["id"]] = known[key]


def _plan_contacts(session: Session, plan: MergePlan) -> None:
    contact = TABLES["contact"]
    known: dict[tuple[str, int | None], int] = {}
    for contact_id, name_key, company_id in session.execute(
        sa.select(contact.c.id, contact.c.name_key, contact.c.company_id).order_by(contact.c.id)
    ):
        known.setdefault((name_key, company_id), contact_id)
    next_contact = next_id(session, contact)
    for row in plan.dump.tables["contact"]:
        company = plan.companies.get(row["company_id"]) if row["company_id"] else None
        key = (fold(row["name"]), company)
        if key not in known:
            known[key] = next_contact
            next_contact += 1
            plan.new_contacts.append(row["id"])
        plan.contacts[row["id"]] = known[key]


def _plan_applications(
    session: Session, plan: MergePlan, events_of: dict[int, list[dict[str, Any]]]
) -> None:
    names = {row["id"]: row["name"] for row in plan.dump.tables["company"]}
    claimable = existing_by_key(session)
    histories: dict[int, list[_Signature]] | None = None
    next_application = next_id(session, TABLES["application"])
    for row in plan.dump.tables["application"]:
        events = events_of[row["id"]]
        applied_on = derive([queries.to_event(event) for event in events]).applied_on
        key = application_key(names[row["company_id"]], row["role"], row["department"], applied_on)
        candidates = claimable.get(key)
        if not candidates:
            plan.applications[row["id"]] = next_application
            next_application += 1
            plan.new_applications.append(row["id"])
            plan.new_events.extend(event["id"] for event in events)
            continue
        existing = candidates.pop(0)
        plan.applications[row["id"]] = existing.id
        if histories is None:
            histories = {
                application_id: [_event_signature(event) for event in recorded]
                for application_id, recorded in events_by_application(session)
            }
        have = histories.get(existing.id, [])
        wanted = [_event_signature(event) for event in events]
        if len(wanted) > len(have) and wanted[: len(have)] == have:
            plan.updated.append(row["id"])
            plan.new_events.extend(event["id"] for event in events[len(have) :])
        else:
            plan.unchanged.append(row["id"])


def _plan_logs(session: Session, plan: MergePlan) -> None:
    """Links, log entries and reminders the database does not have yet, ids mapped."""
    rows = plan.dump.tables
    link, interaction, reminder = (
        TABLES["contact_link"], TABLES["interaction"], TABLES["reminder"]
    )  # fmt: skip
    have_links = {tuple(row) for row in session.execute(
        sa.select(link.c.contact_id, link.c.application_id, link.c.role))}  # fmt: skip
    for row in rows["contact_link"]:
        mapped = {**row, "contact_id": plan.contacts[row["contact_id"]],
                  "application_id": plan.applications[row["application_id"]]}  # fmt: skip
        key = (mapped["contact_id"], mapped["application_id"], mapped["role"])
        if key not in have_links:
            have_links.add(key)
            plan.links.append(mapped)
    interaction_columns = ("contact_id", "occurred_on", "channel", "note", "application_id")
    have_logs = {tuple(row) for row in session.execute(
        sa.select(*(interaction.c[name] for name in interaction_columns)))}  # fmt: skip
    for row in rows["interaction"]:
        mapped = {**row, "contact_id": plan.contacts[row["contact_id"]],
                  "application_id": _mapped(plan.applications, row["application_id"])}  # fmt: skip
        key = tuple(mapped[name] for name in interaction_columns)
        if key not in have_logs:
            have_logs.add(key)
            plan.interactions.append(mapped)
    reminder_columns = ("kind", "text", "due_on", "application_id", "contact_id")
    have_reminders = {tuple(row) for row in session.execute(
        sa.select(*(reminder.c[name] for name in reminder_columns)))}  # fmt: skip
    for row in rows["reminder"]:
        mapped = {**row, "contact_id": _mapped(plan.contacts, row["contact_id"]),
                  "application_id": _mapped(plan.applications, row["application_id"])}  # fmt: skip
        key = tuple(mapped[name] for name in reminder_columns)
        if key not in have_reminders:
            have_reminders.add(key)
            plan.reminders.append(mapped)


def _mapped(ids: dict[int, int], value: int | None) -> int | None:
    return ids[value] if value is not None else None


def apply_merge(
    session: Session,
    plan: MergePlan,
    *,
    batch: int,
    now: datetime,
    on_progress: Callable[[int], None] | None = None,
) -> None:
    """Write what plan_merge decided, in the caller's transaction."""
    rows = plan.dump.tables
    keep = plan.preserve_ids
    companies = {row["id"]: row for row in rows["company"]}
    insert_rows(session, TABLES["company"], [
        {**companies[file_id], "id": plan.companies[file_id],
         **({} if keep else {"name_key": company_key(companies[file_id]["name"])})}
        for file_id in plan.new_companies
    ])  # fmt: skip
    contacts = {row["id"]: row for row in rows["contact"]}
    insert_rows(session, TABLES["contact"], [
        {**contacts[file_id], "id": plan.contacts[file_id],
         "company_id": _mapped(plan.companies, contacts[file_id]["company_id"])}
        for file_id in plan.new_contacts
    ])  # fmt: skip
    event_ids = _sequence(session, keep, "event", plan.new_events)
    _insert_applications(session, plan, event_ids, batch, on_progress)
    if not keep:
        for file_id in plan.updated:
            queries.sync_derived(session, plan.applications[file_id], now)
    adding = set(plan.new_events)
    offers = plan.new_offers
    offer_ids = _sequence(session, keep, "offer", [row["id"] for row in offers])
    insert_rows(session, TABLES["offer"], [
        {**row, "id": offer_ids[row["id"]], "event_id": event_ids[row["event_id"]],
         "application_id": plan.applications[row["application_id"]]}
        for row in offers
    ])  # fmt: skip
    insert_rows(session, TABLES["interview"], [
        {**row, "event_id": event_ids[row["event_id"]]}
        for row in rows["interview"] if row["event_id"] in adding
    ])  # fmt: skip
    insert_rows(session, TABLES["event_interviewer"], [
        {"event_id": event_ids[row["event_id"]], "contact_id": plan.contacts[row["contact_id"]]}
        for row in rows["event_interviewer"] if row["event_id"] in adding
    ])  # fmt: skip
    for name, items in (
        ("contact_link", plan.links),
        ("interaction", plan.interactions),
        ("reminder", plan.reminders),
    ):
        ids = _sequence(session, keep, name, [row["id"] for row in items])
        insert_rows(session, TABLES[name], [{**row, "id": ids[row["id"]]} for row in items])


def replace_all(session: Session, dump: Dump, *, now: datetime) -> None:
    """Replace every row with the dump's, in the caller's transaction: delete the rows of every
    table (children before the rows they point at), then merge into the empty database, where
    every id is kept (a server database's restore)."""
    for table in reversed(TABLES.values()):
        session.execute(table.delete())
    plan = plan_merge(session, dump)
    apply_merge(session, plan, batch=queries.next_batch(session), now=now)


def _sequence(session: Session, keep: bool, name: str, file_ids: list[int]) -> dict[int, int]:
    """Ids for new rows: the file's own into an empty database, else the next free ones."""
    if keep:
        return {file_id: file_id for file_id in file_ids}
    start = next_id(session, TABLES[name])
    return {file_id: start + offset for offset, file_id in enumerate(file_ids)}


def _insert_applications(
    session: Session,
    plan: MergePlan,
    event_ids: dict[int, int],
    batch: int,
    on_progress: Callable[[int], None] | None,
) -> None:
    rows = plan.dump.tables
    keep = plan.preserve_ids
    company = TABLES["company"]
    company_names = {
        row.id: row.name for row in session.execute(sa.select(company.c.id, company.c.name))
    }
    by_id = {row["id"]: row for row in rows["event"]}
    new_events = [by_id[file_id] for file_id in plan.new_events]
    events_of: dict[int, list[Event]] = {}
    event_rows: list[dict[str, Any]] = []
    changes = {} if keep else {"batch": batch}
    for row in new_events:
        application_id = plan.applications[row["application_id"]]
        values = {**row, **changes, "id": event_ids[row["id"]], "application_id": application_id}
        events_of.setdefault(row["application_id"], []).append(queries.to_event(values))
        event_rows.append(values)
    applications = {row["id"]: row for row in rows["application"]}
    pending: list[dict[str, Any]] = []
    for done, file_id in enumerate(plan.new_applications, 1):
        row = applications[file_id]
        company_id = plan.companies[row["company_id"]]
        derived = queries.derived_values(
            company_names[company_id],
            row["role"],
            row["department"],
            row["source"],
            row["campaign"],
            row["notes"],
            events_of[file_id],
            row.get("posting"),
        )
        pending.append(
            {**{name: value for name, value in row.items() if name not in DERIVED},
             "id": plan.applications[file_id], "company_id": company_id, **derived}
        )  # fmt: skip
        if len(pending) >= _CHUNK:
            insert_rows(session, TABLES["application"], pending)
            pending.clear()
            if on_progress:
                on_progress(done)
    insert_rows(session, TABLES["application"], pending)
    for start in range(0, len(event_rows), _CHUNK * 4):
        insert_rows(session, TABLES["event"], event_rows[start : start + _CHUNK * 4])
    if on_progress:
        on_progress(len(plan.new_applications))
