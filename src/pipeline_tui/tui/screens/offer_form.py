"""Recording or revising an offer: the fields of `pipeline offer`, amounts as the CLI reads them.

A revision starts from the current offer's fields written the way they are typed ("26k x 16",
"20%", "hukou=yes, remote=2d"); only the fields you change are sent, so the revision says
exactly what changed. An emptied amount removes it (as `0` does on the command line). Errors
of the money parser land under the field they concern.
"""

from __future__ import annotations

from datetime import date
from functools import partial

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Checkbox, Input, Label
from textual.widgets.input import Selection

from pipeline_tui.domain.money import format_span
from pipeline_tui.domain.offers import OfferInput, Package, show_base, show_bonus, show_terms
from pipeline_tui.errors import AmbiguousRef, NotFound, UserError
from pipeline_tui.tui import offer_writes
from pipeline_tui.tui.app_access import pipeline_app
from pipeline_tui.tui.cells import safe
from pipeline_tui.tui.screens.dialog_modal import FieldError, dialog_box, field_row
from pipeline_tui.tui.screens.write_modal import WriteModal
from pipeline_tui.tui.writes import Write

# (field id, label, placeholder). The ids are the names services report errors under.
AMOUNTS: tuple[tuple[str, str, str], ...] = (
    ("base", "Base *", "26k x 16 · 26k/mo · 400k/yr"),
    ("bonus", "Bonus", "60k · 26k x 3 · 15% of base"),
    ("signing", "Signing", "50k, paid once"),
    ("equity", "Equity", "400k: the whole grant"),
    ("vesting", "Vesting years", "4"),
    ("other", "Other cash", "24k/yr · 2k/mo (allowances)"),
)
TEXTS: tuple[tuple[str, str, str], ...] = (
    ("tier", "Tier", "SSP · SP · regular · your own word"),
    ("currency", "Currency", ""),
    ("location", "Location", "Beijing, remote ..."),
    ("term", "Terms", "hukou=yes, remote=2d (key= removes one)"),
    ("deadline", "Answer by", "Sep 20, in 5 days, 2024-09-20"),
    ("note", "Note", ""),
)
# Fields whose emptied value removes what the offer had.
_MONEY = ("base", "bonus", "signing", "equity", "other")
_SEPARATORS = str.maketrans({";": ",", "，": ",", "；": ","})


def prefill(package: Package) -> dict[str, str]:
    """Return each field of the form as the current offer would be typed."""
    return {
        "base": show_base(package),
        "bonus": show_bonus(package) or "",
        "signing": format_span(package.signing) if package.signing is not None else "",
        "equity": format_span(package.equity) if package.equity is not None else "",
        "vesting": str(package.vesting_years) if package.vesting_years else "",
        "other": f"{format_span(package.other)}/yr" if package.other is not None else "",
        "tier": package.tier or "",
        "currency": package.currency,
        "location": package.location or "",
        "term": ", ".join(show_terms(package)),
        "deadline": package.deadline.isoformat() if package.deadline else "",
        "note": package.notes or "",
    }


def term_items(text: str) -> list[str]:
    """Return the terms typed as "hukou=yes, remote=2d" (commas or semicolons between them)."""
    return [item.strip() for item in text.translate(_SEPARATORS).split(",") if item.strip()]


def term_changes(before: str, after: str) -> list[str]:
    """Return the KEY=VALUE settings that turn the terms before into after ("key=" removes one).

    An item without "=" is passed on as typed, for the service to refuse under the field.
    """
    old = {key.strip(): value.strip() for key, _, value in map(_split, term_items(before))}
    changes: list[str] = []
    kept: set[str] = set()
    for item in term_items(after):
        key, equals, value = _split(item)
        if not equals:
            changes.append(item)
            continue
        key, value = key.strip(), value.strip()
        kept.add(key.casefold())
        if old.get(key) != value:
            changes.append(f"{key}={value}")
    changes += [f"{key}=" for key in old if key.casefold() not in kept]
    return changes


def _split(item: str) -> tuple[str, str, str]:
    return item.partition("=")


class OfferFormModal(WriteModal):
    """Record an offer (application_id None: the form asks which application) or revise one."""

    def __init__(self, application_id: int | None = None) -> None:
        super().__init__()
        self.application_id = application_id
        self.original: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        default = pipeline_app(self).settings.currency
        with dialog_box("offer-dialog"):
            yield Label("Record an offer", classes="dialog-title", id="offer-title")
            if self.application_id is None:
                yield from field_row(
                    "Application *",
                    Input(placeholder="#12, or words of its company and role", id="application",
                          compact=True, select_on_focus=False),
                    "application",
                )  # fmt: skip
            for field, label, placeholder in (*AMOUNTS, *TEXTS):
                if field == "currency":
                    placeholder = f"{default}, unless you type ¥, $ or € in the amounts"
                box = Input(placeholder=placeholder, id=field, compact=True, select_on_focus=False)
                if field == "vesting":
                    box.type = "integer"
                yield from field_row(label, box, field)
            yield from field_row(
                "On", Input("today", placeholder="when it came: today, 2d ago", id="on",
                            compact=True, select_on_focus=False), "on",
            )  # fmt: skip
            yield Checkbox(
                "Force (record it on a closed application: reopens it)", id="force", compact=True
            )
            yield Label(
                "amounts: 26k, 26,000, 40-60k, 1.5m, ¥26k · empty removes it · ctrl+s saves",
                classes="dialog-hint",
            )
            yield from self.buttons()

    def on_mount(self) -> None:
        first = "application" if self.application_id is None else "base"
        self.query_one(f"#{first}", Input).focus()
        if self.application_id is not None:
            self.query_one("#offer-dialog").disabled = True
            self.load_detail(self.application_id)

    @on(WriteModal.DetailLoaded)
    def _loaded(self, message: WriteModal.DetailLoaded) -> None:
        detail = message.detail
        title = Text(
            "Revise the offer of " if detail.offers else "Record the offer of ", style="bold"
        )
        title.append(f"#{detail.application.id} {safe(detail.application.title)}")
        self.query_one("#offer-title", Label).update(title)
        if detail.offers:
            self.original = prefill(detail.offers[-1].package)
            for field, value in self.original.items():
                self.query_one(f"#{field}", Input).value = value
            self.query_one("#on", Input).value = "today"
        self.query_one("#offer-dialog").disabled = False
        base = self.query_one("#base", Input)
        base.focus()
        base.selection = Selection.cursor(len(base.value))

    def _value(self, field: str) -> str:
        return " ".join(self.query_one(f"#{field}", Input).value.split())

    def failure_field(self, error: UserError) -> str | None:
        if isinstance(error, NotFound | AmbiguousRef) and self.query("#application"):
            return "application"
        return super().failure_field(error)

    def _date(self, field: str) -> date:
        ahead = field == "deadline"  # "fri" is the coming Friday; "on" is when it came
        return self.read_day(field, ahead=ahead, text=self._value(field))

    def _changed(self, field: str) -> str | None:
        """The field's new text when it differs from the offer's (None: leave it as it is)."""
        value = self._value(field)
        if value == " ".join(self.original.get(field, "").split()):
            return None
        if not value and field in _MONEY:
            return "0"
        return value

    def prepare(self) -> Write:
        ref: str | int
        if self.application_id is None:
            ref = self._value("application")
            if not ref:
                raise FieldError("application", "which application? #12, or words of its name")
        else:
            ref = self.application_id
        revising = bool(self.original)
        fields = [field for field, _, _ in (*AMOUNTS, *TEXTS)]
        if revising:
            values = {field: self._changed(field) for field in fields}
        else:
            values = {field: self._value(field) or None for field in fields}
            if values["base"] is None:
                raise FieldError("base", "a first offer needs its base: 26k x 16, 400k/yr")
        vesting = values.pop("vesting")
        if vesting == "":
            if self._value("equity"):
                raise FieldError("vesting", "give the years the equity vests over")
            vesting = None  # the equity goes, and its vesting with it
        try:
            years = int(vesting) if vesting else None
        except ValueError:
            raise FieldError("vesting", "vesting: a whole number of years (4)") from None
        deadline = values.pop("deadline")
        if deadline == "" and revising:
            raise FieldError("deadline", "a deadline can be moved, not removed: give the new date")
        currency = values.pop("currency") or None
        terms = values.pop("term")
        change = OfferInput(
            base=values["base"],
            bonus=values["bonus"],
            signing=values["signing"],
            equity=values["equity"],
            vesting_years=years,
            other=values["other"],
            tier=values["tier"],
            currency=currency,
            location=values["location"],
            terms=term_changes(self.original.get("term", ""), terms) if terms is not None else (),
            deadline=self._date("deadline") if deadline else None,
            note=values["note"],
        )
        return partial(
            offer_writes.record_offer,
            ref=ref,
            change=change,
            default_currency=pipeline_app(self).settings.currency,
            on=self._date("on"),
        )
