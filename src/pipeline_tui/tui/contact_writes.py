"""What the UI writes about contacts, as plain functions over services.contacts (run in workers).

The same shape as tui/writes.py: `write(store, force)` returns a `Written` whose `Change`
undoes it. Adding a contact is undone by removing it (asking first when it has a log, links or
reminders by then), an edit by restoring the old fields, a link by unlinking, a log entry by
removing it. A link that was already there changes nothing and goes on no stack.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any

from pipeline_tui.domain.contacts import Channel, Contact
from pipeline_tui.domain.identity import ContactIdentity, InteractionIdentity, LinkIdentity
from pipeline_tui.domain.text import printable
from pipeline_tui.services import contacts
from pipeline_tui.services.contacts import describe_contact, describe_link
from pipeline_tui.services.database import Database
from pipeline_tui.tui.writes import Change, Written, _forced, relabelled


def _contact_written(contact: Contact, text: str, change: Change | None = None) -> Written:
    return Written(None, None, text, change, select=False, contact_id=contact.id)


def add_contact(store: Database, force: bool = False, *, new: contacts.NewContact) -> Written:
    """Record a contact (the same name at the same company again needs force)."""
    contact = contacts.add_contact(store, new, force=force)
    change = Change(
        f"add of contact {describe_contact(contact)}",
        partial(remove_contact, expect=ContactIdentity.of(contact)),
        partial(_forced, partial(add_contact, new=new)),
    )
    return _contact_written(contact, f"Added contact {describe_contact(contact)}", change)


def remove_contact(store: Database, force: bool = False, *, expect: ContactIdentity) -> Written:
    """Take back an added contact; one that has a log, links or reminders by now needs force."""
    contact = contacts.remove_contact(store, expect, force=force)
    return _contact_written(contact, f"Undid the add of contact {describe_contact(contact)}")


def edit_contact(
    store: Database,
    force: bool = False,
    *,
    contact_id: int,
    changes: dict[str, Any],
    company: str | None = None,
) -> Written:
    """Change a contact's fields (company "" clears the company)."""
    before = contacts.contact_detail(store, contact_id).contact
    contact = contacts.edit_contact(store, contact_id, changes, company=company)
    earlier: dict[str, Any] = {name: getattr(before, name) for name in changes}
    what = f"edit of contact {describe_contact(contact)}"
    fields = [*changes, *(["company"] if company is not None else [])]
    change = Change(
        what,
        partial(
            relabelled,
            write=partial(
                edit_contact,
                contact_id=contact_id,
                changes=earlier,
                company=(before.company or "") if company is not None else None,
            ),
            text=f"Undid the {what}: {', '.join(fields)} as before",
        ),
        partial(edit_contact, contact_id=contact_id, changes=changes, company=company),
    )
    return _contact_written(contact, f"Saved contact {describe_contact(contact)}", change)


def link(
    store: Database,
    force: bool = False,
    *,
    contact: str | int,
    application: str | int,
    role: str | None = None,
) -> Written:
    """Link a contact to an application in a role; an existing link is left as it is."""
    linked = contacts.link(store, contact, application, role)
    words = describe_link(linked)
    if not linked.created:
        return _contact_written(linked.contact, f"Already linked: {words}")
    found = linked.link
    change = Change(
        f"link of {words}",
        partial(unlink, expect=LinkIdentity.of(found), words=words),
        partial(link, contact=found.contact_id, application=found.application_id, role=found.role),
    )
    return _contact_written(linked.contact, f"Linked {words}", change)


def unlink(store: Database, force: bool = False, *, expect: LinkIdentity, words: str) -> Written:
    """Remove a link made in this session (words: how it was described)."""
    contacts.unlink(store, expect)
    text = f"Undid the link of {words}: unlinked"
    return Written(None, None, text, select=False, contact_id=expect.contact_id)


def log(
    store: Database,
    force: bool = False,
    *,
    contact: str | int,
    on: date | None = None,
    channel: Channel | None = None,
    note: str | None = None,
    about: str | int | None = None,
) -> Written:
    """Add an entry to a contact's log (after today only with force)."""
    person, entry = contacts.log_interaction(
        store, contact, on=on, channel=channel, note=note, about=about, force=force
    )
    what = f"{entry.occurred_on.isoformat()}" + (f" by {entry.channel}" if entry.channel else "")
    if entry.application_id is not None:
        what += f" about #{entry.application_id} {printable(entry.application_title or '')}"
    again = partial(
        log,
        contact=person.id,
        on=entry.occurred_on,
        channel=entry.channel,
        note=entry.note,
        about=entry.application_id,
    )
    change = Change(
        f"log entry of {describe_contact(person)} on {entry.occurred_on.isoformat()}",
        partial(remove_log, expect=InteractionIdentity.of(entry)),
        partial(_forced, again),
    )
    return _contact_written(person, f"Logged for {describe_contact(person)}: {what}", change)


def remove_log(store: Database, force: bool = False, *, expect: InteractionIdentity) -> Written:
    """Take back one entry of a contact's log."""
    contact = contacts.remove_interaction(store, expect)
    day = expect.occurred_on.isoformat()
    text = f"Undid the log entry of {describe_contact(contact)} on {day}: removed"
    return _contact_written(contact, text)
