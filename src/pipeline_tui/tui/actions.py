"""The one table of what a user can do in the UI: keys, names, and where each applies.

Screen, widget and dialog bindings, command-palette entries, the help screen and the footer
are all generated from ACTIONS, so a key cannot exist without its help line and palette
command (tests check it, and that docs/tui.md has a row for every key). Whether an action is
usable right now is decided in one place, `availability`, from the row's `needs_selection` and
`when` and what the screen shows. A screen action's key can be changed in config.toml's
`[keys]` table, by the name `remap_name` gives it (tui/keymap.py checks the table).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, ClassVar, Literal

from textual import events
from textual.actions import parse
from textual.binding import Binding, BindingType

from pipeline_tui.tui.app_access import pipeline_app
from pipeline_tui.tui.dataset import SORT_KEYS, SORT_LABELS, SortKey

if TYPE_CHECKING:
    from collections.abc import Mapping

    from textual.app import App

# Where an action applies. Screens: the main screen's views, the detail screen, the contacts,
# due, offers and inbox screens, or everywhere ("app"). Widgets and dialogs: the board, the
# applications table, the offers table, the lists of the contacts and due screens, the
# quick-capture bar, every dialog, the campaign chooser, yes/no questions, the accept question
# and the help screen.
Scope = Literal[
    "main", "detail", "contacts", "due", "offers", "inbox", "app",
    "board", "table", "offer_table", "list", "capture", "dialog", "campaign", "confirm",
    "accept", "help", "messages",
]  # fmt: skip
SCREENS: tuple[Scope, ...] = ("main", "detail", "contacts", "due", "offers", "inbox")
# The widgets each screen holds, whose keys work there while they have focus.
WIDGETS: dict[Scope, tuple[Scope, ...]] = {
    "main": ("board", "table", "capture"),
    "detail": (),
    "contacts": ("list",),
    "due": ("list",),
    "offers": ("offer_table",),
    "inbox": ("list",),
}
# When an action is offered, besides needing a selection: always, only while the table is the
# view, or only while there are applications to show.
When = Literal["always", "table", "data"]
NO_SELECTION = "select an application first"
NO_OFFER = "select an offer first"
# Help-screen sections, in the order they are shown.
SECTIONS = (
    "Everywhere", "Undo", "Views", "Board", "Table", "Selected application", "Detail",
    "Contacts", "Due", "Inbox", "Offers", "Dialogs",
)  # fmt: skip
# (keys, Textual action, label): one binding a navigation row stands for.
Step = tuple[str, str, str]


@dataclass(frozen=True, slots=True)
class Action:
    """One thing a user can do: its key, its Textual action, its name in the palette."""

    key: str  # Textual key names, comma-separated ("n,escape"); "" for palette-only and
    # navigation rows
    action: str  # the Textual action string ("move", "view('board')"); "" for navigation
    label: str  # short footer label
    command: str  # "area: action" in the command palette; "" keeps it out of the palette
    description: str  # the help screen's line and the palette's help text
    section: str  # help-screen section
    scopes: frozenset[Scope]
    footer: frozenset[Scope] = frozenset()  # scopes whose footer shows the key
    needs_selection: bool = False  # acts on the selected application
    key_display: str | None = None  # how the help and the footer write the key
    priority: bool = False  # checked before the focused widget sees the key
    when: When = "always"  # see `availability`
    name: str = ""  # the name [keys] remaps it by, when not the action's own name
    steps: tuple[Step, ...] = ()  # a navigation row's bindings (never in the footer)
    listed: bool = True  # in the help screen, and offered by the palette as you type

    @property
    def shown_key(self) -> str:
        """The key as the help screen writes it ("m", "/", "← → / h l")."""
        if self.key_display is not None:
            return self.key_display
        return key_words(self.key)

    @property
    def remap_name(self) -> str | None:
        """The name config.toml's [keys] changes this action's key by; None: not remappable
        (navigation, palette-only, widget and dialog keys)."""
        if not (self.key and self.action) or not self.scopes & {*SCREENS, "app"}:
            return None
        return self.name or parse(self.action)[1]


_KEY_NAMES = {"question_mark": "?", "slash": "/", "delete": "delete", "escape": "escape"}


def key_words(keys: str) -> str:
    """Return Textual key names as the help writes them ("n,escape" -> "n escape")."""
    return " ".join(_KEY_NAMES.get(key, key) for key in keys.split(","))


_MAIN: frozenset[Scope] = frozenset({"main"})
_BOTH: frozenset[Scope] = frozenset({"main", "detail"})
_DETAIL: frozenset[Scope] = frozenset({"detail"})
_APP: frozenset[Scope] = frozenset({"app"})
_ALL: frozenset[Scope] = frozenset({"main", "detail", "contacts", "due", "offers", "inbox", "app"})
_CONTACTS: frozenset[Scope] = frozenset({"contacts"})
_DUE: frozenset[Scope] = frozenset({"due"})
_OFFERS: frozenset[Scope] = frozenset({"offers"})
_INBOX: frozenset[Scope] = frozenset({"inbox"})
# Where undo and redo work: every screen where a change can be made.
_CHANGES: frozenset[Scope] = frozenset({"main", "detail", "contacts", "due", "offers", "inbox"})
_BOARD: frozenset[Scope] = frozenset({"board"})
_TABLE: frozenset[Scope] = frozenset({"table"})
_OFFER_TABLE: frozenset[Scope] = frozenset({"offer_table"})
_LIST: frozenset[Scope] = frozenset({"list"})
_DIALOG: frozenset[Scope] = frozenset({"dialog"})
_CONFIRM: frozenset[Scope] = frozenset({"confirm"})
_ACCEPT: frozenset[Scope] = frozenset({"accept"})
# The cursor keys of the applications and offers tables (Line API tables).
_ROWS: tuple[Step, ...] = (
    ("up,k", "cursor(-1)", "Up"), ("down,j", "cursor(1)", "Down"),
    ("pageup", "page(-1)", "Page up"), ("pagedown", "page(1)", "Page down"),
    ("home,g", "jump(0)", "First"), ("end,G", "jump(-1)", "Last"),
)  # fmt: skip
_SIDEWAYS: tuple[Step, ...] = (
    ("left,h", "columns(-1)", "Left"),
    ("right,l", "columns(1)", "Right"),
)
# j and k in the contacts and due lists (the arrows, pgup, pgdn, home and end are the list's own).
_LIST_KEYS: tuple[Step, ...] = (("j", "cursor_down", "Down"), ("k", "cursor_up", "Up"))
_CURSOR = "pgup pgdn home end (g G: first, last)"


def _select(
    key: str, action: str, label: str, command: str, description: str, *, main_footer: bool
) -> Action:
    """An action on the selected application, on the main views and the detail screen."""
    return Action(
        key, action, label, command, description, "Selected application", _BOTH,
        footer=_BOTH if main_footer else _DETAIL, needs_selection=True,
    )  # fmt: skip


def _nav(
    section: str,
    key_display: str,
    description: str,
    scopes: frozenset[Scope],
    steps: tuple[Step, ...] = (),
) -> Action:
    """A key a widget handles (moving the cursor): listed in help, not in the palette; steps
    are the bindings it stands for, if the widget does not have them itself."""
    return Action(
        "", "", "", "", description, section, scopes, key_display=key_display, steps=steps
    )


def _on(
    scope: frozenset[Scope],
    key: str,
    action: str,
    label: str,
    command: str,
    description: str,
    *,
    footer: bool = True,
    selection: bool = True,
    key_display: str | None = None,
) -> Action:
    """An action of the contacts, due or inbox screen (most act on the selected contact, line
    or proposal)."""
    section = {_CONTACTS: "Contacts", _DUE: "Due", _INBOX: "Inbox"}[scope]
    return Action(
        key, action, label, command, description, section, scope,
        footer=scope if footer else frozenset(), needs_selection=selection,
        key_display=key_display,
    )  # fmt: skip


def _offers(
    key: str, action: str, label: str, command: str, description: str, *, selection: bool = True
) -> Action:
    """An action of the offers screen; most act on the selected offer."""
    return Action(
        key, action, label, command, description, "Offers", _OFFERS, footer=_OFFERS,
        needs_selection=selection, key_display=key if key.isupper() else None,
    )  # fmt: skip


def _sort_by(key: SortKey) -> Action:
    """A palette command sorting the table by one column (found by typing, not listed)."""
    return Action(
        "", f"sort_by('{key}')", "", f"table: sort by {SORT_LABELS[key]}", "Sort the table",
        "Table", _MAIN, key_display="ctrl+p", listed=False,
    )  # fmt: skip


ACTIONS: tuple[Action, ...] = (
    Action("question_mark", "help", "Help", "app: help", "this help", "Everywhere", _APP,
           footer=_ALL, key_display="?"),
    Action("escape,q,question_mark", "app.pop_screen", "Back", "", "leave this help",
           "Everywhere", frozenset({"help"}), footer=frozenset({"help"})),
    _nav("Everywhere", "ctrl+p", "command palette (area: action)", _APP),
    Action("ctrl+q", "quit", "Quit", "app: quit", "quit", "Everywhere", _APP, priority=True),
    Action("", "import_file", "", "data: import", "import from a CSV, .xlsx or JSON file (palette)",
           "Everywhere", _APP, key_display="ctrl+p"),
    Action("", "export_file", "", "data: export", "export to CSV or JSON (palette)",
           "Everywhere", _APP, key_display="ctrl+p"),
    Action("", "messages", "", "app: messages", "this session's messages, whole (palette)",
           "Everywhere", _APP, key_display="ctrl+p"),
    Action("q", "quit", "Quit", "", "quit (board, table, insights)", "Views", _MAIN, footer=_ALL),
    Action("b", "view('board')", "Board", "board: show", "show the board", "Views", _MAIN,
           name="board"),
    Action("t", "view('table')", "Table", "table: show", "show the table", "Views", _MAIN,
           name="table"),
    Action("i", "view('insights')", "Insights", "insights: show",
           "show insights: funnel, sources, follow-ups", "Views", _MAIN, name="insights"),
    Action("slash", "filter", "Filter", "filter: focus", "filter (type to narrow)", "Views", _MAIN,
           footer=_ALL, key_display="/", when="data"),
    Action("escape", "clear", "Clear filter", "filter: clear", "leave the filter; again: clear it",
           "Views", _MAIN, when="data"),
    Action("a", "capture", "Capture", "application: quick capture",
           "quick capture bar: Company / Role via:... on:...", "Views", _MAIN, footer=_ALL),
    Action("escape", "close", "Close", "", "close the quick capture bar", "Views",
           frozenset({"capture"}), footer=frozenset({"capture"})),
    Action("A", "add", "Add", "application: add", "add form", "Views", _MAIN, footer=_ALL,
           key_display="A"),
    Action("c", "campaign", "Campaign", "campaign: choose", "campaign: scope every view", "Views",
           _MAIN, footer=_ALL, when="data"),
    Action("o", "offers", "Offers", "offers: show",
           "offers side by side: compare, accept, decline", "Views", _MAIN),
    _nav("Board", "← → / h l", "column", _BOARD,
         (("left,h", "column(-1)", "Left"), ("right,l", "column(1)", "Right"))),
    _nav("Board", "↑ ↓ / k j", f"card; {_CURSOR}", _BOARD, (
        ("up,k", "card(-1)", "Up"), ("down,j", "card(1)", "Down"),
        ("pageup", "page(-1)", "Page up"), ("pagedown", "page(1)", "Page down"),
        ("home,g", "edge(0)", "Top"), ("end,G", "edge(1)", "Bottom"),
    )),
    Action("enter", "open", "Open", "", "open the card (closed: list them)", "Board", _BOARD,
           footer=_BOARD),
    Action("s", "sort", "Sort", "table: next sort column", "sort by the next column", "Table",
           _MAIN, when="table"),
    Action("S", "reverse", "Reverse sort", "table: reverse sort", "reverse the sort", "Table",
           _MAIN, key_display="S", when="table"),
    Action("f", "stage_filter", "Stage filter", "table: stage filter",
           "stage quick filter: open, closed, one stage", "Table", _MAIN, when="table"),
    *(_sort_by(key) for key in SORT_KEYS),
    _nav("Table", "↑ ↓ / k j", f"row; {_CURSOR}", _TABLE, _ROWS),
    _nav("Table", "← → / h l", "scroll sideways (a narrow terminal)", _TABLE, _SIDEWAYS),
    Action("enter", "open", "Open", "", "open the row (click a heading: sort by it)", "Table",
           _TABLE, footer=_TABLE),
    Action("escape", "back", "Back", "detail: back", "back to the board or table", "Detail",
           _DETAIL, footer=_ALL),
    _select("m", "move", "Move", "application: move",
            "move: stage, date, round, note (enter saves)", main_footer=True),
    _select("r", "round", "Round+", "application: next interview round",
            "log the next interview round today", main_footer=True),
    _select("x", "reject", "Reject", "application: reject", "mark rejected today",
            main_footer=True),
    _select("w", "withdraw", "Withdraw", "application: withdraw", "mark withdrawn today",
            main_footer=False),
    _select("n", "note", "Note", "application: add note", "add a dated note",
            main_footer=False),
    _select("e", "edit", "Edit", "application: edit", "edit its fields",
            main_footer=False),
    _select("z", "undo_newest", "Drop newest", "application: remove its newest event",
            "remove its newest event (not only yours)", main_footer=False),
    _select("delete", "archive", "Archive", "application: archive",
            "archive: hide it from the board and table", main_footer=False),
    Action("O", "offer", "Offer", "application: record or revise its offer",
           "record or revise its offer (base, bonus, equity, terms)", "Selected application",
           _BOTH, needs_selection=True, key_display="O"),
    Action("R", "remind", "Remind", "application: add reminder",
           "add a reminder about it (text, due date)", "Selected application", _BOTH,
           needs_selection=True, key_display="R"),
    Action("L", "link", "Link", "application: link a contact",
           "link a contact to it, with a role", "Selected application", _BOTH,
           needs_selection=True, key_display="L"),
    Action("u", "undo", "Undo", "app: undo last change", "undo the last change you made here",
           "Undo", _CHANGES, footer=_CHANGES),
    Action("U", "redo", "Redo", "app: redo", "make the change you undid again", "Undo", _CHANGES,
           key_display="U"),
    # Not in the main footer: at 120 columns it has no room left (help and the palette list them).
    Action("p", "contacts", "Contacts", "contacts: show",
           "contacts: people, their applications and log", "Views", _MAIN),
    Action("d", "due", "Due", "due: show", "due: what to do now, and since when", "Views",
           _MAIN),
    Action("I", "inbox", "Inbox", "inbox: show",
           "inbox: accept or reject what mail proposes", "Views", _MAIN,
           key_display="I"),
    # The contacts screen
    _nav("Contacts", "↑ ↓ / k j", "contact; pgup pgdn home end", _LIST, _LIST_KEYS),
    _nav("Contacts", "enter", "to its applications (enter opens one)", _LIST),
    _on(_CONTACTS, "slash", "filter", "Filter", "contacts: filter",
        "filter: words of a name, kind, company or email", selection=False, key_display="/"),
    _on(_CONTACTS, "escape", "back", "Back", "contacts: back",
        "leave the filter or the list; clear the filter; back", selection=False),
    _on(_CONTACTS, "A", "add_contact", "Add", "contacts: add", "add a contact",
        selection=False, key_display="A"),
    _on(_CONTACTS, "e", "edit_contact", "Edit", "contacts: edit", "edit the contact"),
    _on(_CONTACTS, "n", "log", "Log", "contacts: log an interaction",
        "log an interaction: date, channel, note, application"),
    _on(_CONTACTS, "L", "link_contact", "Link", "contacts: link to an application",
        "link the contact to an application, with a role", key_display="L"),
    _on(_CONTACTS, "R", "remind_contact", "Remind", "contacts: add reminder",
        "add a reminder about the contact", footer=False, key_display="R"),
    # The due screen
    _nav("Due", "↑ ↓ / k j", "line; pgup pgdn home end", _LIST, _LIST_KEYS),
    _on(_DUE, "enter", "open", "Open", "due: open", "open its application or contact"),
    _on(_DUE, "x", "done", "Done", "due: done",
        "done: close it (a follow-up adds a note, a contact a log entry)"),
    _on(_DUE, "s", "snooze", "Snooze", "due: snooze", "snooze it to a later day (asks which)"),
    _on(_DUE, "R", "remind_due", "Remind", "due: add reminder",
        "add a reminder (about an application, a contact, or neither)", selection=False,
        key_display="R"),
    _on(_DUE, "G", "ghost_silent", "Ghost", "due: mark silent applications ghosted",
        "mark every open application silent long enough ghosted (asks first; one undo)",
        selection=False, key_display="G"),
    _on(_DUE, "escape", "back", "Back", "due: back", "back", selection=False),
    # The inbox screen
    _nav("Inbox", "↑ ↓ / k j", "proposal; pgup pgdn home end", _LIST, _LIST_KEYS),
    _on(_INBOX, "a", "accept_proposal", "Accept", "inbox: accept the selected proposal",
        "accept: record what its mail says (one u takes it back)"),
    _on(_INBOX, "x", "reject_proposal", "Reject", "inbox: reject the selected proposal",
        "reject: record nothing; its mail is not proposed again"),
    _on(_INBOX, "t", "accept_onto", "Accept onto", "inbox: accept onto an application you name",
        "accept it onto an application you name (an id or words of it)"),
    _on(_INBOX, "enter", "open", "Open", "inbox: open its application",
        "open the application it links to", footer=False),
    _on(_INBOX, "escape", "back", "Back", "inbox: back", "back", selection=False),
    Action("escape", "back", "Back", "offers: back", "back to where you came from", "Offers",
           _OFFERS, footer=_OFFERS),
    _nav("Offers", "↑ ↓ / k j", f"offer; {_CURSOR}", _OFFER_TABLE, _ROWS),
    _nav("Offers", "← → / h l", "scroll to the columns past steady state", _OFFER_TABLE,
         _SIDEWAYS),
    # Not in the footer: the offers screen's own keys need the room at 80 columns.
    Action("enter", "open", "Open", "", "open the offer's application", "Offers", _OFFER_TABLE),
    _offers("A", "record_offer", "Record", "offers: record an offer",
            "record an offer: the application, then the money", selection=False),
    _offers("e", "revise_offer", "Revise", "offers: revise the selected offer",
            "revise it (every revision is kept)"),
    _offers("a", "accept_offer", "Accept", "offers: accept the selected offer",
            "accept it; asks whether to close the others"),
    _offers("d", "decline_offer", "Decline", "offers: decline the selected offer",
            "decline it, saying why if you like"),
    _offers("D", "decided", "Decided", "offers: show or hide decided offers",
            "decided offers too (again: pending only)", selection=False),
    # Dialogs
    Action("ctrl+s", "submit", "Save", "", "save (in import and export: preview, import, export); "
           "enter in a field too", "Dialogs", _DIALOG, footer=_DIALOG),
    Action("escape", "cancel", "Cancel", "", "cancel: close the dialog, nothing is saved",
           "Dialogs", frozenset({"dialog", "campaign", "messages"}),
           footer=frozenset({"dialog", "campaign"})),
    Action("y", "answer(True)", "Yes", "", "yes (Record anyway? Remove it?)", "Dialogs", _CONFIRM,
           footer=_CONFIRM),
    Action("n,escape", "answer(False)", "No", "", "no: nothing changes", "Dialogs", _CONFIRM,
           footer=_CONFIRM),
    Action("y", "answer('close')", "Accept, close the others", "",
           "accepting an offer: accept it and close the other open applications", "Dialogs",
           _ACCEPT, footer=_ACCEPT),
    Action("o", "answer('only')", "Accept only", "", "accept it, leave the others open",
           "Dialogs", _ACCEPT, footer=_ACCEPT),
    Action("n,escape", "cancel", "Cancel", "", "accept nothing", "Dialogs", _ACCEPT,
           footer=_ACCEPT),
)  # fmt: skip


def actions_for(scope: Scope) -> tuple[Action, ...]:
    """Return the actions that apply in scope."""
    return tuple(action for action in ACTIONS if scope in action.scopes)


def bindings_for(scope: Scope) -> list[BindingType]:
    """Return the key bindings of scope's actions (and navigation steps), in table order.

    Screen actions carry their remap name as the binding id: the app's keymap (config.toml's
    [keys]) changes their keys by it.
    """
    bindings: list[BindingType] = []
    seen: set[tuple[str, str]] = set()
    for action in actions_for(scope):
        if action.key and action.action:
            bindings.append(
                Binding(
                    action.key,
                    action.action,
                    action.label,
                    show=scope in action.footer,
                    key_display=action.key_display,
                    priority=action.priority,
                    id=action.remap_name,
                )
            )
        for keys, step, label in action.steps:
            if (keys, step) not in seen:  # the contacts and due lists share theirs
                seen.add((keys, step))
                bindings.append(Binding(keys, step, label, show=False))
    return bindings


def effective_keys(action: Action, keymap: Mapping[str, str]) -> str:
    """The action's keys once keymap (remap name -> keys) is applied."""
    name = action.remap_name
    return keymap.get(name, action.key) if name is not None else action.key


def shown_key(action: Action, keymap: Mapping[str, str]) -> str:
    """The key as the help screen writes it, remapped keys included."""
    keys = effective_keys(action, keymap)
    return action.shown_key if keys == action.key else key_words(keys)


@cache
def selection_actions(scope: Scope) -> frozenset[str]:
    """Return the names of scope's actions that need a selection."""
    return frozenset(
        parse(action.action)[1] for action in actions_for(scope) if action.needs_selection
    )


def selection_keys(scope: Scope, keymap: Mapping[str, str]) -> frozenset[str]:
    """Return the keys (as Textual names them) of scope's actions that need a selection."""
    return frozenset(
        key
        for action in actions_for(scope)
        if action.needs_selection
        for key in effective_keys(action, keymap).split(",")
    )


@cache
def _rows_by_name(scope: Scope) -> dict[str, Action]:
    """Scope's keyed actions by their Textual action name (the first row of each name)."""
    rows: dict[str, Action] = {}
    for action in actions_for(scope):
        if action.key and action.action:
            rows.setdefault(parse(action.action)[1], action)
    return rows


def availability(action: Action, screen: ScopedScreen) -> bool | None:
    """Whether action can be used on screen now: True; None: its key is shown dimmed (it needs
    a selection and none is made); False: it does not apply here now (hidden)."""
    if action.when == "table" and not screen.showing_table():
        return False
    if action.when == "data" and not screen.has_data():
        return False
    if action.needs_selection:
        if not screen.can_select():
            return False
        if screen.selected_id() is None:
            return None
    return True


class ScopedScreen:
    """Mixin for screens whose keys and palette commands come from ACTIONS.

    Screens are told apart by this type and their SCOPE, never by class name. What is usable
    when is `availability`'s, from what the screen says it shows (showing_table, has_data,
    can_select, selected_id).
    """

    SCOPE: ClassVar[Scope]
    # What a selection action says when nothing is selected.
    NO_SELECTION_TEXT: ClassVar[str] = NO_SELECTION
    # Whether a key that needs a selection, pressed without one, says what to select.
    SAYS_SELECT_FIRST: ClassVar[bool] = False
    app: App[object]
    # Whether the footer was last drawn with a selection (see sync_bindings).
    _had_selection: bool = False

    if TYPE_CHECKING:

        def refresh_bindings(self) -> None: ...

    def selected_id(self) -> int | None:
        """The application selection actions apply to (None: nothing selected)."""
        return None

    def showing_table(self) -> bool:
        """Whether the applications table is the view (its sort keys apply)."""
        return False

    def has_data(self) -> bool:
        """Whether there is anything to filter or scope (False: an empty database)."""
        return True

    def can_select(self) -> bool:
        """Whether what is shown can hold a selection (not insights, not the welcome panel)."""
        return True

    def perform(self, action: str) -> None:
        """Run an action chosen in the palette, saying why when it cannot apply here."""
        _, name, parameters = parse(action)
        if name in selection_actions(self.SCOPE) and self.selected_id() is None:
            self.app.notify(self.NO_SELECTION_TEXT, severity="warning", markup=False)
            return
        method = getattr(self, f"action_{name}")
        self.app.call_next(method, *parameters)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        row = _rows_by_name(self.SCOPE).get(action)
        return True if row is None else availability(row, self)

    def on_key(self, event: events.Key) -> None:
        """A key that needs a selection, pressed without one (its footer entry is dimmed)."""
        if not self.SAYS_SELECT_FIRST or self.selected_id() is not None:
            return
        if event.key in selection_keys(self.SCOPE, pipeline_app(self).keymap):
            event.stop()
            self.app.notify(self.NO_SELECTION_TEXT, severity="warning", markup=False)

    def sync_bindings(self) -> None:
        """Redraw the footer when the keys that need a selection became usable or unusable."""
        selected = self.selected_id() is not None
        if selected != self._had_selection:
            self._had_selection = selected
            self.refresh_bindings()

    def action_undo(self) -> None:
        pipeline_app(self).undo_change()

    def action_redo(self) -> None:
        pipeline_app(self).redo_change()
