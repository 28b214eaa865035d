"""Contacts as vCard 3.0, the version address books (Apple, Google, Outlook, Android) all read.

Escaping of commas, semicolons, backslashes and newlines, and line folding, are vobject's: a
maintained library rather than hand-written rules.
"""

from __future__ import annotations

from collections.abc import Iterable

from pipeline_tui.domain.contacts import Contact


def vcards(contacts: Iterable[Contact]) -> str:
    """Return one VCARD per contact, CRLF line ends as RFC 2426 asks."""
    import vobject  # ~30 ms; only this export needs it

    cards = []
    for contact in contacts:
        card = vobject.vCard()
        card.add("uid").value = f"pipeline-tui-contact-{contact.id}"
        card.add("fn").value = contact.name
        # Which part of a name is the family name differs by culture ("Li Lei", "Lei Li"); the
        # whole name goes in the family field rather than a guess, and FN is what is shown.
        card.add("n").value = vobject.vcard.Name(family=contact.name)
        if contact.company:
            card.add("org").value = [contact.company]
        card.add("title").value = contact.kind.value
        card.add("categories").value = ["job search", contact.kind.value]
        if contact.email:
            email = card.add("email")
            email.value = contact.email
            email.type_param = "INTERNET"
        if contact.phone:
            card.add("tel").value = contact.phone
        note = "\n".join(
            part
            for part in (contact.notes, f"Handles: {contact.handles}" if contact.handles else None)
            if part
        )
        if note:
            card.add("note").value = note
        cards.append(card.serialize())
    return "".join(cards)
