"""Inbox: what mail read by `pipeline mail` proposes to record, waiting for a decision.

One line per pending proposal (services.inbox.inbox, the list `pipeline inbox` prints), oldest
mail first; under the list, the highlighted one's evidence: sender, subject, date, kind, the
rule that fired and the sentence that fired it, its confidence, the application it links to
and what accepting records. `a` accepts it (one undo batch), `x` rejects it, `t` records it on
an application you name. After a decision the cursor rests on the next proposal; one that comes
back (u) is selected again.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from pipeline_tui.errors import NeedsForce, UserError
from pipeline_tui.tui import inbox_writes
from pipeline_tui.tui.actions import ScopedScreen, bindings_for
from pipeline_tui.tui.app_access import pipeline_app
from pipeline_tui.tui.cells import safe
from pipeline_tui.tui.reads import follow_data, run_read
from pipeline_tui.tui.runner import run_write
from pipeline_tui.tui.screens.contacts_screen import VimOptionList
from pipeline_tui.tui.screens.detail_screen import DetailScreen
from pipeline_tui.tui.screens.proposal_target_modal import ProposalTargetModal
from pipeline_tui.tui.widgets.status_line import StatusLine, append_app_state
from pipeline_tui.tui.writes import Write, Written, safe_message

if TYPE_CHECKING:
    from pipeline_tui.domain.mail.review import Proposal
    from pipeline_tui.services.database import Database

# Proposals listed: a queue of thousands would take seconds to lay out; `pipeline inbox` lists
# them all.
SHOWN = 300
EMPTY_HINT = (
    "Nothing waits in the inbox.\n\n"
    "Read job mail from a shell, and what it proposes shows up here:\n"
    "  pipeline mail ~/Mail/jobs.mbox      (an mbox file, a Maildir folder, a folder of .eml)\n"
    "  pipeline mail imaps://you@imap.example.com/INBOX\n"
    "  pipeline mail SOURCE --dry-run      (look first: nothing is queued)\n\n"
    "docs/mail.md says what is read, what is kept and how each message is classified."
)


def read_inbox(store: Database) -> tuple[list[Proposal], dict[str, int]]:
    """The waiting proposals, oldest mail first, and how many messages were read so far."""
    from pipeline_tui.services import inbox

    return inbox.inbox(store), inbox.inbox_counts(store)


def proposal_row(proposal: Proposal, *, narrow: bool = False) -> RenderableType:
    """One proposal: id, date, kind, company and role, where it goes, what it records,
    confidence; under it the mail's subject and sender (all user text literal)."""
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(width=5, no_wrap=True)
    if not narrow:
        grid.add_column(width=10, no_wrap=True)
    grid.add_column(width=12, no_wrap=True)
    grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    grid.add_column(width=12, no_wrap=True)
    grid.add_column(width=12 if narrow else 14, no_wrap=True)
    grid.add_column(width=4, no_wrap=True, justify="right")
    who = Text(safe(proposal.company) or "?", style="bold")
    if proposal.role:
        who.append(f" — {safe(proposal.role)}")
    cells: list[RenderableType] = [Text(f"#{proposal.id}", style="bold")]
    if not narrow:
        cells.append(Text(proposal.sent_on.isoformat() if proposal.sent_on else "?"))
    cells += [
        Text(proposal.kind, style="red" if proposal.kind == "rejection" else ""),
        who,
        Text(f"→ {proposal.target}", style="dim" if proposal.target == "none" else ""),
        Text(proposal.stage_label),
        Text(f"{proposal.confidence:.2f}", style="dim"),
    ]
    grid.add_row(*cells)
    mail = Text("      ", no_wrap=True, overflow="ellipsis")
    mail.append(safe(proposal.subject) or "(no subject)", style="italic")
    mail.append(f"  · {safe(proposal.sender)}", style="dim")
    return Group(grid, mail)


def evidence(proposal: Proposal) -> Table:
    """Everything about one proposal, as `pipeline inbox show` prints it, what accepting does
    first (user text literal; long values wrap under their column)."""
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(width=9, no_wrap=True, style="dim")
    grid.add_column(ratio=1, overflow="fold")

    def line(label: str, value: str, style: str = "") -> None:
        grid.add_row(label, Text(safe(value), style=style))

    target = proposal.target
    if target == "new":
        target = "a new application (accepting adds it)"
    elif target == "none" and proposal.link == "ambiguous":
        target = "several recorded applications match: t records it on the one you name"
    elif target == "none":
        target = "no recorded application matches: t records it on one you name"
    elif proposal.application_title:
        target = f"#{proposal.application_id} {proposal.application_title}"
    elif proposal.after_id is not None:
        target = f"the application proposal #{proposal.after_id} records (accept that first)"
    how = "" if proposal.link in ("new", "none", "ambiguous") else f" (by {proposal.link})"
    line("records", proposal.stage_label, "bold")
    line("on", target + how)
    if proposal.interview_when:
        line("interview", proposal.interview_when)
    rule = proposal.rule or "no rule"
    line("kind", f"{proposal.kind} (rule {rule}, confidence {proposal.confidence:.2f})")
    line("evidence", f"“{proposal.evidence}”" if proposal.evidence else "—", "italic")
    company = proposal.company or "?"
    line("company", f"{company}, role {proposal.role}" if proposal.role else company)
    if proposal.requisition:
        line("req. id", proposal.requisition)
    line("subject", proposal.subject or "(no subject)")
    line("from", proposal.sender)
    line("date", proposal.sent_on.isoformat() if proposal.sent_on else "unknown")
    return grid


class InboxScreen(ScopedScreen, Screen[None]):
    """The mail review queue: accept, reject or redirect each proposal; escape goes back."""

    SCOPE = "inbox"
    NO_SELECTION_TEXT = "select a proposal first"
    SAYS_SELECT_FIRST = True
    BINDINGS: ClassVar[list[BindingType]] = bindings_for("inbox")

    def __init__(self) -> None:
        super().__init__()
        self.proposals: list[Proposal] = []
        self.read_count = 0
        self.loaded = False
        # Proposals that left the list (decided); one that comes back (u) is selected again.
        self._gone: set[int] = set()
        # The proposal being accepted or rejected: a second key press waits for the first.
        self._deciding: int | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text("Inbox", style="bold"), id="inbox-title")
        yield StatusLine(id="inbox-status", classes="notices")
        yield VimOptionList(id="inbox-list", compact=True)
        yield Static("", id="inbox-evidence")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#inbox-list", OptionList).focus()
        self.watch(self.app, "read_problem", self._render_status, init=False)
        self._render_status()
        follow_data(self, self.load)

    def load(self) -> None:
        """Read the waiting proposals, as `pipeline inbox` lists them."""
        run_read(self, read_inbox, self._loaded, group="inbox")

    def _loaded(self, result: tuple[list[Proposal], dict[str, int]]) -> None:
        proposals, counts = result
        options = self.query_one("#inbox-list", OptionList)
        old_index = options.highlighted
        keep = self.selected_id()
        before = {item.id for item in self.proposals}
        now = {item.id for item in proposals}
        self._gone |= before - now
        back = [item.id for item in proposals if item.id in self._gone]
        self._gone -= now
        self.proposals = proposals
        self.read_count = counts.get("seen", 0)
        self.loaded = True
        self._deciding = None
        options.set_options(self._options())
        ids = [index for index, option in enumerate(options.options) if option.id]
        if ids:
            positions = {self._proposal_at(index): index for index in ids}
            if back and back[0] in positions:
                options.highlighted = positions[back[0]]
            elif keep is not None and keep in positions:
                options.highlighted = positions[keep]
            else:
                # The proposal was decided (or this is the first read): the next one.
                after = [index for index in ids if index >= (old_index or 0)]
                options.highlighted = after[0] if after else ids[-1]
        self._show_evidence()
        self._render_status()
        self.sync_bindings()

    def _options(self) -> list[Option]:
        if not self.proposals:
            hint = Text(EMPTY_HINT)
            if self.read_count:
                hint.append(f"\n\n{self.read_count:,} messages read so far.", style="dim")
            return [Option(hint, disabled=True)]
        narrow = self.app.has_class("-narrow")
        options = [
            Option(proposal_row(item, narrow=narrow), id=f"p{item.id}")
            for item in self.proposals[:SHOWN]
        ]
        if len(self.proposals) > SHOWN:
            more = f"  +{len(self.proposals) - SHOWN:,} more: `pipeline inbox` lists every one"
            options.append(Option(Text(more, style="dim"), disabled=True))
        return options

    def _proposal_at(self, option_index: int) -> int:
        option = self.query_one("#inbox-list", OptionList).get_option_at_index(option_index)
        assert option.id is not None
        return int(option.id[1:])

    # What is selected

    def selected_id(self) -> int | None:
        """The highlighted proposal's id (None: nothing is highlighted)."""
        options = self.query_one("#inbox-list", OptionList)
        index = options.highlighted
        if index is None or not self.proposals or index >= options.option_count:
            return None
        option = options.get_option_at_index(index)
        return int(option.id[1:]) if option.id else None

    def selected(self) -> Proposal | None:
        """The highlighted proposal."""
        proposal_id = self.selected_id()
        return next((item for item in self.proposals if item.id == proposal_id), None)

    def has_data(self) -> bool:
        return bool(self.proposals)

    @on(OptionList.OptionHighlighted, "#inbox-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._show_evidence()
        self.sync_bindings()

    def _show_evidence(self) -> None:
        pane = self.query_one("#inbox-evidence", Static)
        proposal = self.selected()
        pane.display = proposal is not None
        if proposal is not None:
            pane.update(evidence(proposal))

    def _render_status(self) -> None:
        text = Text(" ")
        if not self.loaded:
            text.append("loading…", style="dim")
        else:
            count = len(self.proposals)
            text.append(f"{count:,} proposal{'' if count == 1 else 's'} waiting")
            if count:
                text.append("   a accept · x reject · t accept onto… · enter opens", style="dim")
        self.query_one(StatusLine).show(append_app_state(text, pipeline_app(self)))

    # Deciding

    def _decide(self, write: Write, proposal_id: int) -> None:
        """Run an accept or reject; a key pressed again meanwhile waits for this one."""
        if self._deciding == proposal_id:
            return
        self._deciding = proposal_id
        # The app owns the worker: a decision made just before escape is still reported.
        run_write(self.app, write, written=self._decided, refused=self._refused,
                  declined=self._declined)  # fmt: skip

    def _decided(self, written: Written) -> None:
        pipeline_app(self).report_written(written)

    def _refused(self, error: UserError) -> None:
        self._deciding = None
        self.app.notify(safe_message(error), title="Not saved", severity="error", markup=False)
        if self.is_attached:
            self.load()  # show what the queue holds now

    def _declined(self, refusal: NeedsForce) -> None:
        self._deciding = None

    def _acted_on(self) -> Proposal | None:
        proposal = self.selected()
        if proposal is None:
            self.app.notify(self.NO_SELECTION_TEXT, severity="warning", markup=False)
        return proposal

    def action_accept_proposal(self) -> None:
        proposal = self._acted_on()
        if proposal is not None:
            self._decide(partial(inbox_writes.accept, proposal_id=proposal.id), proposal.id)

    def action_reject_proposal(self) -> None:
        proposal = self._acted_on()
        if proposal is not None:
            self._decide(partial(inbox_writes.reject, proposal_id=proposal.id), proposal.id)

    def action_accept_onto(self) -> None:
        proposal = self._acted_on()
        if proposal is not None:
            what = Text(inbox_writes.proposal_words(proposal))
            what.append(f"\n{safe(proposal.subject)}", style="italic")
            self.app.push_screen(ProposalTargetModal(proposal.id, what), self._target_saved)

    def _target_saved(self, written: Written | None) -> None:
        if written is not None:
            pipeline_app(self).report_written(written)

    def action_open(self) -> None:
        proposal = self._acted_on()
        if proposal is None:
            return
        if proposal.application_id is None:
            self.app.notify(
                f"proposal #{proposal.id} links to no recorded application yet "
                f"(accepting it records: {proposal.target})",
                markup=False,
            )
            return
        self.app.push_screen(DetailScreen(proposal.application_id))

    @on(OptionList.OptionSelected, "#inbox-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    def action_back(self) -> None:
        self.dismiss()

    def on_screen_resume(self) -> None:
        self._render_status()
