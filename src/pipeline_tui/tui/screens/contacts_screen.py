"""Contacts: the people of the search, their applications and their log.

The list (name, kind, company, last contacted, a mark when something about them is due) narrows
as the filter box is typed in; the pane beside it shows the selected contact's fields, the
applications they are linked to (enter opens one), their log, interview rounds and reminders.
Reads are services.contacts and services.reminders.due, in thread workers.
"""

from __future__ import annotations

from functools import partial
from typing import ClassVar

from rich.console import Group, RenderableType
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from pipeline_tui import clock
from pipeline_tui.config import Settings
from pipeline_tui.domain.contacts import Contact
from pipeline_tui.domain.text import fold, search_words
from pipeline_tui.services import contacts, reminders
from pipeline_tui.services.contacts import ContactDetail
from pipeline_tui.services.database import Database
from pipeline_tui.tui.actions import ScopedScreen, bindings_for
from pipeline_tui.tui.app_access import pipeline_app
from pipeline_tui.tui.cells import safe
from pipeline_tui.tui.people_tables import (
    DUE_MARK,
    contact_fields,
    contact_heading,
    contact_rounds,
    contact_row,
    interactions_table,
    link_words,
    reminders_table,
    section_title,
)
from pipeline_tui.tui.reads import follow_data, run_read
from pipeline_tui.tui.screens.contact_form_modal import ContactFormModal
from pipeline_tui.tui.screens.detail_screen import DetailScreen
from pipeline_tui.tui.screens.link_modal import LinkModal
from pipeline_tui.tui.screens.log_modal import LogModal
from pipeline_tui.tui.screens.reminder_modal import ReminderModal
from pipeline_tui.tui.widgets.fitted_footer import FittedFooter
from pipeline_tui.tui.widgets.status_line import StatusLine, append_app_state
from pipeline_tui.tui.writes import Written

FILTER_HINT = "filter: words of a name, kind, company, email or notes"


def matches(contact: Contact, words: list[str]) -> bool:
    """Whether every (folded) word appears in the contact's name, kind, company, email,
    handles or notes: the filter box's rule, folded as everywhere else (domain.text.fold)."""
    haystack = fold(
        "\n".join(
            value or ""
            for value in (
                contact.name,
                contact.kind.value,
                contact.company,
                contact.email,
                contact.handles,
                contact.notes,
            )
        )
    )
    return all(word in haystack for word in words)


def _contacts_and_due(store: Database, settings: Settings) -> tuple[list[Contact], set[int]]:
    """Every contact, and the ids of those something is due about."""
    found = contacts.list_contacts(store)
    items = reminders.due(store, settings)
    return found, {item.contact_id for item in items if item.contact_id is not None}


class VimOptionList(OptionList):
    """An option list that also moves with j and k."""

    BINDINGS: ClassVar[list[BindingType]] = bindings_for("list")


class ContactsScreen(ScopedScreen, Screen[None]):
    """The contact list and the selected contact; escape goes back."""

    SCOPE = "contacts"
    NO_SELECTION_TEXT = "select a contact first"
    SAYS_SELECT_FIRST = True
    BINDINGS: ClassVar[list[BindingType]] = bindings_for("contacts")

    def __init__(self, select: int | None = None) -> None:
        super().__init__()
        self.found: list[Contact] = []
        self.due: set[int] = set()
        self.shown: list[Contact] = []
        self.detail: ContactDetail | None = None
        self.query_text = ""
        self.loaded = False
        # The contact the next list should select (one just added, or asked for by the caller).
        self._want = select

    def compose(self) -> ComposeResult:
        yield Static(Text("Contacts", style="bold"), id="contacts-title")
        yield StatusLine(id="contacts-status", classes="notices")
        yield Input(placeholder=FILTER_HINT, id="contacts-filter", compact=True)
        with Horizontal(id="contacts-body"):
            with Vertical(id="contacts-list-pane"):
                yield Static(contact_heading(), id="contacts-heading")
                yield VimOptionList(id="contacts-list", compact=True)
            with VerticalScroll(id="contact-pane", can_focus=True):
                yield Static("", id="contact-fields")
                yield Static("", id="contact-applications-title")
                yield VimOptionList(id="contact-applications", compact=True)
                yield Static("", id="contact-more")
        yield FittedFooter()

    def on_mount(self) -> None:
        self.query_one("#contacts-list", OptionList).focus()
        self.query_one("#contact-applications", OptionList).display = False
        self.watch(self.app, "read_problem", self._render_status, init=False)
        self._render_status()
        follow_data(self, self.load)

    # Reading (thread workers; they never touch widgets)

    def load(self) -> None:
        """Read every contact, and which of them something is due about."""
        read = partial(_contacts_and_due, settings=pipeline_app(self).settings)
        run_read(self, read, self._listed, group="contacts")

    def load_detail(self, contact_id: int) -> None:
        """Read one contact with their links, log, interview rounds and reminders."""
        read = partial(contacts.contact_detail, ref=contact_id)
        run_read(
            self,
            read,
            partial(self._shown, contact_id),
            group="contact-detail",
            # Removed meanwhile (an undo, another terminal): nothing to show.
            refused=lambda _: self._shown(contact_id, None),
        )

    def _listed(self, listed: tuple[list[Contact], set[int]]) -> None:
        self.found, self.due = listed
        self.loaded = True
        want = self._want
        back = pipeline_app(self).take_came_back(self)
        if back is not None and back.contact_id is not None:
            want = back.contact_id  # what u or U brought back
        words = self._words()
        hidden = want is not None and not any(
            contact.id == want for contact in self.found if matches(contact, words)
        )
        if hidden and self.query_text:
            # A contact just added that the filter would hide: show everyone instead.
            self.query_one("#contacts-filter", Input).value = ""
            self.query_text = ""
        self._show_list(keep=want if want is not None else self.selected_id())
        self._want = None

    def _words(self) -> list[str]:
        return search_words(self.query_text)

    def _show_list(self, keep: int | None) -> None:
        """Show the contacts the filter lets through, the selection on keep if it is there."""
        words = self._words()
        self.shown = [contact for contact in self.found if matches(contact, words)]
        options = self.query_one("#contacts-list", OptionList)
        old_index = options.highlighted
        options.set_options(
            Option(contact_row(contact, contact.id in self.due), id=str(contact.id))
            for contact in self.shown
        )
        if self.shown:
            ids = [contact.id for contact in self.shown]
            # Gone or filtered out: a neighbour.
            index = ids.index(keep) if keep in ids else min(old_index or 0, len(ids) - 1)
            options.highlighted = index
            self._select(self.shown[index].id)
        else:
            self._select(None)
        self._render_status()

    def _select(self, contact_id: int | None) -> None:
        """Show contact_id's detail (read again: a write may have changed it), or none."""
        if contact_id is None:
            self.detail = None
            self._show_detail(None)
        else:
            self.load_detail(contact_id)
        self.sync_bindings()

    @on(OptionList.OptionHighlighted, "#contacts-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option.id is not None and (
            self.detail is None or self.detail.contact.id != int(event.option.id)
        ):
            self.load_detail(int(event.option.id))
        self.sync_bindings()

    def _shown(self, contact_id: int, detail: ContactDetail | None) -> None:
        if contact_id != self.selected_id():
            return  # the cursor moved on meanwhile
        self.detail = detail
        self._show_detail(detail)

    def _show_detail(self, detail: ContactDetail | None) -> None:
        fields = self.query_one("#contact-fields", Static)
        title = self.query_one("#contact-applications-title", Static)
        applications = self.query_one("#contact-applications", OptionList)
        more = self.query_one("#contact-more", Static)
        if detail is None:
            fields.update(Text(self._empty_text(), style="dim"))
            title.update("")
            applications.clear_options()
            applications.display = False
            more.update("")
            return
        today = clock.today()
        fields.update(contact_fields(detail.contact, today))
        title.update(section_title("Applications", len(detail.links)))
        applications.set_options(
            Option(link_words(link), id=str(link.application_id)) for link in detail.links
        )
        applications.display = bool(detail.links)
        if not detail.links:
            title.update(Group(section_title("Applications"),
                               Text("none linked yet: L links one", style="dim")))  # fmt: skip
        more.update(self._more(detail))

    def _empty_text(self) -> str:
        if not self.loaded:
            return "loading…"
        if not self.found:
            return "No contacts yet: A adds one (or `pipeline contact add` in a shell)."
        return "No contact matches the filter: escape clears it."

    def _more(self, detail: ContactDetail) -> RenderableType:
        today = clock.today()
        parts: list[RenderableType] = [Text(""), section_title("Log", len(detail.interactions))]
        if detail.interactions:
            parts.append(interactions_table(detail.interactions))
        else:
            parts.append(Text("nothing logged yet: n logs an interaction", style="dim"))
        if detail.interviews:
            parts += [Text(""), section_title("Interview rounds", len(detail.interviews))]
            parts.append(contact_rounds(detail.interviews, today))
        if detail.reminders:
            parts += [Text(""), section_title("Reminders", len(detail.reminders))]
            parts.append(reminders_table(detail.reminders, today))
        return Group(*parts)

    # What is selected, and the status line

    def selected_id(self) -> int | None:
        options = self.query_one("#contacts-list", OptionList)
        if options.highlighted is None or not self.shown:
            return None
        option = options.get_option_at_index(options.highlighted)
        return int(option.id) if option.id is not None else None

    def selected_contact(self) -> Contact | None:
        contact_id = self.selected_id()
        return next((item for item in self.shown if item.id == contact_id), None)

    def _render_status(self) -> None:
        text = Text(" ")
        if not self.loaded:
            text.append("loading…", style="dim")
        else:
            total = len(self.found)
            text.append(f"{total:,} contact{'' if total == 1 else 's'}")
            due = len(self.due & {contact.id for contact in self.found})
            if due:
                text.append(f"   {DUE_MARK} {due} with something due", style="yellow")
            if self.query_text:
                text.append(f"   showing {len(self.shown):,}   filter: ", style="dim")
                text.append(safe(self.query_text), style="bold")
        self.query_one(StatusLine).show(append_app_state(text, pipeline_app(self)))

    # Filter and navigation

    def action_filter(self) -> None:
        self.query_one("#contacts-filter", Input).focus()

    @on(Input.Changed, "#contacts-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.query_text = event.value
        self._show_list(keep=self.selected_id())

    @on(Input.Submitted, "#contacts-filter")
    def _filter_submitted(self) -> None:
        self._focus_list()

    def _focus_list(self) -> None:
        self.query_one("#contacts-list", OptionList).focus()

    def action_back(self) -> None:
        """Leave the filter box or the applications list; clear the filter; go back."""
        box = self.query_one("#contacts-filter", Input)
        applications = self.query_one("#contact-applications", OptionList)
        pane = self.query_one("#contact-pane")
        if box.has_focus or applications.has_focus or pane.has_focus:
            self._focus_list()
        elif box.value:
            box.value = ""
        else:
            self.dismiss()

    @on(OptionList.OptionSelected, "#contacts-list")
    def _contact_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        applications = self.query_one("#contact-applications", OptionList)
        if applications.display and applications.option_count:
            applications.highlighted = applications.highlighted or 0
            applications.focus()
        else:
            self.app.notify("no application is linked to this contact: L links one", markup=False)

    @on(OptionList.OptionSelected, "#contact-applications")
    def _application_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.app.push_screen(DetailScreen(int(event.option.id)))

    # Writing

    def _written(self, written: Written | None) -> None:
        """A dialog saved: report it to the app (undo stack, notice) and follow the contact."""
        if written is None:
            return
        if written.contact_id is not None:
            self._want = written.contact_id
        pipeline_app(self).report_written(written)

    def _words_of(self, contact: Contact) -> Text:
        return Text(safe(contact.label), style="bold")

    def action_add_contact(self) -> None:
        self.app.push_screen(ContactFormModal(), self._written)

    def action_edit_contact(self) -> None:
        contact = self.selected_contact()
        if contact is not None:
            self.app.push_screen(ContactFormModal(contact.id), self._written)

    def action_log(self) -> None:
        contact = self.selected_contact()
        if contact is not None:
            modal = LogModal(contact.id, title=self._words_of(contact))
            self.app.push_screen(modal, self._written)

    def action_link_contact(self) -> None:
        contact = self.selected_contact()
        if contact is not None:
            title = Text("Link ")
            title.append_text(self._words_of(contact))
            title.append(" to an application")
            self.app.push_screen(LinkModal(contact_id=contact.id, title=title), self._written)

    def action_remind_contact(self) -> None:
        contact = self.selected_contact()
        if contact is not None:
            modal = ReminderModal(contact_id=contact.id, about=self._words_of(contact))
            self.app.push_screen(modal, self._written)

    def on_screen_resume(self) -> None:
        self._render_status()
