"""The shapes of an application meet in domain/: what a user types, what a file brings, what is
recorded and the table that holds it carry the same fields, edits change the same ones, and
a name has one limit everywhere."""

from __future__ import annotations

from dataclasses import fields
from datetime import date

import pytest

from pipeline_tui import services
from pipeline_tui.domain.import_rows import read_csv
from pipeline_tui.domain.importing import ImportOptions, IncomingApplication
from pipeline_tui.domain.models import (
    DESCRIPTIVE_FIELDS,
    EDITABLE_FIELDS,
    MAX_NAME_LENGTH,
    Application,
    NewApplication,
)
from pipeline_tui.errors import InvalidValue, UserError
from pipeline_tui.store.engine import Store
from pipeline_tui.store.tables import application_table

SHARED = {"company", "role", *DESCRIPTIVE_FIELDS}


@pytest.mark.parametrize("shape", [NewApplication, IncomingApplication, Application])
def test_every_shape_carries_the_descriptive_fields(shape: type) -> None:
    assert {item.name for item in fields(shape)} >= SHARED


def test_the_table_holds_every_descriptive_and_editable_field() -> None:
    columns = set(application_table.c.keys())
    assert {"role", *DESCRIPTIVE_FIELDS} <= columns
    assert columns >= EDITABLE_FIELDS
    assert {item.name for item in fields(Application)} >= EDITABLE_FIELDS


def test_an_edit_changes_only_the_editable_fields(store: Store) -> None:
    number = services.add_application(store, NewApplication("Baidu", "Search")).application.id
    changed = services.edit_application(store, number, {"source": "referral", "notes": "x"})
    assert (changed.source, changed.notes) == ("referral", "x")
    with pytest.raises(UserError, match="cannot edit stage"):
        services.edit_application(store, number, {"stage": "offer"})


def test_a_name_has_one_limit_when_typed_and_when_imported(store: Store) -> None:
    long_name = "x" * (MAX_NAME_LENGTH + 1)
    with pytest.raises(InvalidValue, match=f"longer than {MAX_NAME_LENGTH}"):
        services.add_application(store, NewApplication(long_name, "Search"))
    services.add_application(store, NewApplication("x" * MAX_NAME_LENGTH, "Search"))
    text = (
        "Company,Role,Date Applied\n"
        f"{long_name},Search,2024-09-01\n{'y' * MAX_NAME_LENGTH},Search,2024-09-01\n"
    )
    parsed = read_csv(text, ImportOptions(), today=date(2024, 9, 16))
    assert [str(problem) for problem in parsed.problems] == [
        f"line 2: the company is longer than {MAX_NAME_LENGTH} characters"
    ]
    assert len(parsed.applications) == 1
