"""Due: what `pipeline due` lists, one line per item saying what to do and since when.

The lines are services.reminders.due (the same function as the command), read in a thread
worker. On a line: x marks it done, s snoozes it to a day, enter opens its application or
contact. After a line is done or snoozed no line is highlighted and x and s say "select a line
first" until the cursor moves (the first up or down highlights the neighbour the cursor rests
on), so a second press never closes the next line.
"""

from __future__ import annotations

from datetime import date, time
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from pipeline_tui import clock
from pipeline_tui.domain.reminders import DueItem
from pipeline_tui.services import reminders
from pipeline_tui.services.database import Database
from pipeline_tui.services.ghosting import ghost
from pipeline_tui.services.insights import ghost_age
from pipeline_tui.tui import followup_writes
from pipeline_tui.tui.actions import ScopedScreen, bindings_for
from pipeline_tui.tui.app_access import pipeline_app
from pipeline_tui.tui.cells import safe
from pipeline_tui.tui.people_tables import due_row
from pipeline_tui.tui.reads import follow_data, run_read
from pipeline_tui.tui.screens.confirm_modal import ConfirmModal
from pipeline_tui.tui.screens.contacts_screen import ContactsScreen, VimOptionList
from pipeline_tui.tui.screens.detail_screen import DetailScreen
from pipeline_tui.tui.screens.reminder_modal import ReminderModal
from pipeline_tui.tui.screens.snooze_modal import SnoozeModal
from pipeline_tui.tui.widgets.fitted_footer import FittedFooter
from pipeline_tui.tui.widgets.status_line import StatusLine, append_app_state
from pipeline_tui.tui.writes import Written

if TYPE_CHECKING:
    from pipeline_tui.config import Settings

# Why a line without a ref cannot be marked done or snoozed, and what clears it instead.
NO_REF = {
    "interview": "an interview ahead has nothing to mark done: it leaves the list once held",
    "offer deadline": "answering the offer clears this line: m on it moves it to accepted or "
    "declined (enter opens it)",
    "closing": "applying clears this line: m on it moves it to submitted (enter opens it)",
}
Key = tuple[str, str, int | None, int | None, int | None, date, time | None]
# Lines listed per section: a list of thousands (100,000 demo applications have ~10,000
# follow-ups due) would take seconds to lay out; `pipeline due` lists them all.
SHOWN = 200


def item_key(item: DueItem) -> Key:
    """What identifies a line across reloads."""
    return (
        item.kind,
        item.ref or "",
        item.application_id,
        item.contact_id,
        item.reminder_id,
        item.due_on,
        item.at,
    )


class DueList(VimOptionList):
    """The due lines. While parked (the selected line went), no line is highlighted and the
    first up or down highlights the line the cursor rests on instead of moving."""

    class Picked(Message):
        """A cursor key was pressed while no line was highlighted."""

    def _picked(self) -> bool:
        if self.has_class("-parked"):
            self.post_message(self.Picked())
            return True
        return False

    def action_cursor_down(self) -> None:
        if not self._picked():
            super().action_cursor_down()

    def action_cursor_up(self) -> None:
        if not self._picked():
            super().action_cursor_up()


def count_silent(store: Database, settings: Settings) -> tuple[int, int]:
    """Return how many open applications are silent long enough to count as ghosted, and the
    ghosting age they were counted at (ghost_after may be "auto": the reply curve's)."""
    days = ghost_age(store, settings, today=clock.today()).days
    return len(ghost(store, older_than=days, dry_run=True).applications), days


class DueScreen(ScopedScreen, Screen[None]):
    """Things to do (oldest first), then interviews in the next 7 days; escape goes back."""

    SCOPE = "due"
    NO_SELECTION_TEXT = "select a line first"
    SAYS_SELECT_FIRST = True
    BINDINGS: ClassVar[list[BindingType]] = bindings_for("due")

    def __init__(self) -> None:
        super().__init__()
        self.items: list[DueItem] = []
        self.loaded = False
        self.silent = 0  # open applications silent long enough to be ghosted
        self.ghost_days: int | None = None  # set once counted (ghost_after may be auto)
        self._armed = True
        self._disarmed_at: int | None = None

    @property
    def armed(self) -> bool:
        """False after the selected line went away (done, snoozed): no line is highlighted and
        keys that act on a line wait until the cursor moves (or a first up or down)."""
        return self._armed

    @armed.setter
    def armed(self, armed: bool) -> None:
        self._armed = armed
        for options in self.query("#due-list"):
            options.set_class(not armed, "-parked")
            options.refresh()

    def compose(self) -> ComposeResult:
        yield Static(Text("Due", style="bold"), id="due-title")
        yield StatusLine(id="due-status", classes="notices")
        yield DueList(id="due-list", compact=True)
        yield Static("", id="due-ghost")
        yield FittedFooter()

    def on_mount(self) -> None:
        self.query_one("#due-list", OptionList).focus()
        self.watch(self.app, "read_problem", self._render_status, init=False)
        self._render_status()
        follow_data(self, self.load)

    def load(self) -> None:
        """Read what is due today, as `pipeline due` does."""
        settings = pipeline_app(self).settings
        run_read(self, partial(reminders.due, settings=settings), self._loaded, group="due")

    def _loaded(self, items: list[DueItem]) -> None:
        selected = self.selected_item(armed_only=False)
        keep = item_key(selected) if selected is not None else None
        back = pipeline_app(self).take_came_back(self)
        back_ref = back.due_ref if back is not None else None
        options = self.query_one("#due-list", OptionList)
        old_index = options.highlighted
        self.items = items
        self.loaded = True
        options.set_options(self._options())
        indexes = [index for index, option in enumerate(options.options) if option.id]
        if indexes:
            keys = [item_key(self.items[self._item_index(index)]) for index in indexes]
            refs = [self.items[self._item_index(index)].ref for index in indexes]
            if back_ref is not None and back_ref in refs:
                # The line u or U brought back: the next key acts on it.
                options.highlighted = indexes[refs.index(back_ref)]
                self.armed = True
            elif keep is not None and keep in keys:
                options.highlighted = indexes[keys.index(keep)]
            else:
                # The line went away (done, snoozed) or this is the first read: a neighbour.
                after = [index for index in indexes if index >= (old_index or 0)]
                options.highlighted = after[0] if after else indexes[-1]
                if keep is not None:
                    self.armed = False
                    self._disarmed_at = options.highlighted
        self._render_status()
        self.sync_bindings()
        # The count comes second: it is slower and only the last line shows it.
        count = partial(count_silent, settings=pipeline_app(self).settings)
        run_read(self, count, self._counted, group="due-count")

    def _counted(self, counted: tuple[int, int]) -> None:
        silent, self.ghost_days = counted
        self._render_ghost(silent)

    def _options(self) -> list[Option]:
        today = clock.today()
        narrow = self.app.has_class("-narrow")
        todo = [(i, item) for i, item in enumerate(self.items) if item.kind != "interview"]
        ahead = [(i, item) for i, item in enumerate(self.items) if item.kind == "interview"]
        heading = Text(f"To do · {len(todo)}", style="bold")
        heading.append(f"   as of {today:%a} {today.isoformat()}", style="dim")
        options = [Option(heading, disabled=True)]
        options += self._section(todo, today, narrow, "  nothing: all caught up")
        options.append(Option(Text(""), disabled=True))
        heading = Text(f"Interviews in the next 7 days · {len(ahead)}", style="bold")
        options.append(Option(heading, disabled=True))
        options += self._section(ahead, today, narrow, "  none")
        return options

    @staticmethod
    def _section(
        items: list[tuple[int, DueItem]], today: date, narrow: bool, empty: str
    ) -> list[Option]:
        """The options of one section: its first SHOWN lines, then how many more there are."""
        options = [
            Option(due_row(item, today, narrow=narrow), id=f"i{index}")
            for index, item in items[:SHOWN]
        ]
        if not items:
            options.append(Option(Text(empty, style="dim"), disabled=True))
        elif len(items) > SHOWN:
            more = f"  +{len(items) - SHOWN:,} more: `pipeline due` lists every one"
            options.append(Option(Text(more, style="dim"), disabled=True))
        return options

    def _item_index(self, option_index: int) -> int:
        option = self.query_one("#due-list", OptionList).get_option_at_index(option_index)
        assert option.id is not None
        return int(option.id[1:])

    def _render_ghost(self, silent: int) -> None:
        self.silent = silent
        line = self.query_one("#due-ghost", Static)
        line.display = bool(silent)
        days = self.ghost_days or pipeline_app(self).settings.ghost_after_days
        noun = "applications have" if silent != 1 else "application has"
        line.update(
            Text(
                f" {silent} open {noun} heard nothing for {days}+ days: G marks them ghosted",
                style="dim",
            )
        )

    # What is selected

    def selected_item(self, *, armed_only: bool = True) -> DueItem | None:
        """The line the cursor is on (None while disarmed, unless armed_only is False)."""
        index = self._selected_index(armed_only=armed_only)
        return None if index is None else self.items[index]

    def selected_id(self) -> int | None:
        """The selected line's position in items (None: no line is selected)."""
        return self._selected_index(armed_only=True)

    def _selected_index(self, *, armed_only: bool) -> int | None:
        if armed_only and not self.armed:
            return None
        options = self.query_one("#due-list", OptionList)
        index = options.highlighted
        if index is None or not self.items or index >= options.option_count:
            return None
        option = options.get_option_at_index(index)
        return int(option.id[1:]) if option.id else None

    @on(DueList.Picked)
    def _picked(self) -> None:
        self.armed = True
        self.sync_bindings()

    @on(OptionList.OptionHighlighted, "#due-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if not self.armed and event.option_index != self._disarmed_at:
            self.armed = True
        self.sync_bindings()

    def _render_status(self) -> None:
        text = Text(" ")
        if not self.loaded:
            text.append("loading…", style="dim")
        else:
            todo = sum(item.kind != "interview" for item in self.items)
            ahead = len(self.items) - todo
            text.append(f"{todo} to do · {ahead} interview{'' if ahead == 1 else 's'} ahead")
        # What u undoes before the keys (the footer has them too): a narrow line cuts the end.
        append_app_state(text, pipeline_app(self))
        if self.loaded:
            text.append("   x done · s snooze · enter opens", style="dim")
        self.query_one(StatusLine).show(text)

    # Acting on a line

    def _acted_on(self) -> DueItem | None:
        """The selected line if it has a ref done and snooze take; otherwise say why not."""
        item = self.selected_item()
        if item is None:
            self.app.notify(self.NO_SELECTION_TEXT, severity="warning", markup=False)
            return None
        if item.ref is None:
            self.app.notify(NO_REF.get(item.kind, "this line has no ref"), markup=False)
            return None
        return item

    def action_done(self) -> None:
        item = self._acted_on()
        if item is not None and item.ref is not None:
            write = partial(followup_writes.done, ref=item.ref)
            pipeline_app(self).run_write(write)

    def action_snooze(self) -> None:
        item = self._acted_on()
        if item is not None and item.ref is not None:
            self.app.push_screen(SnoozeModal(item.ref, Text(safe(item.text))), self._written)

    def _written(self, written: Written | None) -> None:
        if written is not None:
            pipeline_app(self).report_written(written)

    def action_open(self) -> None:
        item = self.selected_item()
        if item is None:
            self.app.notify(self.NO_SELECTION_TEXT, severity="warning", markup=False)
        elif item.application_id is not None:
            self.app.push_screen(DetailScreen(item.application_id))
        elif item.contact_id is not None:
            self.app.push_screen(ContactsScreen(select=item.contact_id))
        else:
            self.app.notify("this reminder is about no application or contact", markup=False)

    @on(OptionList.OptionSelected, "#due-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    def action_remind_due(self) -> None:
        self.app.push_screen(ReminderModal(), self._written)

    def action_ghost_silent(self) -> None:
        """Ask, naming how many, then mark the silent applications ghosted in one batch."""
        days = self.ghost_days or pipeline_app(self).settings.ghost_after_days
        silent = self.silent
        if not silent:
            self.app.notify(f"No open application has heard nothing for {days}+ days", markup=False)
            return
        noun = f"{silent} open application{'s' if silent != 1 else ''}"
        what = Text(
            f"{noun} {'have' if silent != 1 else 'has'} heard nothing for {days}+ days, with no "
            "reminder or recent contact about them. Ghosted, they close; u undoes it in one step."
        )

        def answered(yes: bool | None) -> None:
            if yes:
                write = partial(followup_writes.ghost_silent, older_than=days)
                pipeline_app(self).run_write(write)

        question = "Mark them ghosted?" if silent != 1 else "Mark it ghosted?"
        self.app.push_screen(ConfirmModal(what, question, yes="Ghost"), answered)

    def action_back(self) -> None:
        self.dismiss()

    def on_screen_resume(self) -> None:
        self._render_status()
