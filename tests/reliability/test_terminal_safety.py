"""Text from the database can never drive the terminal: control characters and escape
sequences in stored text are shown escaped by every command's text output and by the UI."""

from __future__ import annotations

import re
import sqlite3

import pytest

# Anything a terminal would act on: C0 controls but newline and tab, DEL, C1 controls
# (the 8-bit CSI \x9b among them) and bidi overrides.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
ESCAPES = "\x1b[2J\x1b]0;owned\x07\x9b31m\u202e"


@pytest.fixture
def hostile_db(pipeline, db_path) -> None:
    for args in (
        ["add", f"Co{ESCAPES}", f"Role{ESCAPES}", "-d", f"Dept{ESCAPES}", "-s", f"src{ESCAPES}",
         "-c", f"camp{ESCAPES}", "--on", "2024-09-02", "--note", f"note{ESCAPES}"],
        ["move", "1", "interview", "--note", f"round{ESCAPES}"],
        ["contact", "add", f"Li{ESCAPES}", "--company", f"Co{ESCAPES}", "--note", ESCAPES,
         "--every", "1"],
        ["offer", "1", "--base", "26k x 16", "--tier", f"SSP{ESCAPES}", "--term",
         f"k{ESCAPES}=v{ESCAPES}", "--deadline", "2024-09-18", "--note", ESCAPES],
        ["remind", "1", f"call{ESCAPES}", "--on", "2024-09-10"],
    ):  # fmt: skip
        outcome = pipeline(*args)
        assert outcome.code == 0, (args, outcome.err)
    with sqlite3.connect(db_path) as connection:  # stored exactly, escapes and all
        assert connection.execute("SELECT role FROM application").fetchone() == (f"Role{ESCAPES}",)


READS = [
    ["list"],
    ["list", "--format", "csv"],
    ["show", "1"],
    ["funnel", "--by", "source"],
    ["funnel", "--by", "campaign", "--format", "markdown"],
    ["weekly"],
    ["weekly", "--format", "markdown"],
    ["contact", "list"],
    ["contact", "show", "1"],
    ["offers", "--all"],
    ["offers", "--format", "markdown"],
    ["due"],
]


@pytest.mark.parametrize("args", READS, ids=[" ".join(args) for args in READS])
def test_no_command_prints_a_raw_control_character(hostile_db, pipeline, args) -> None:
    outcome = pipeline(*args)
    assert outcome.code == 0, outcome.err
    assert not RAW.search(outcome.out), RAW.findall(outcome.out)
    assert not RAW.search(outcome.err), RAW.findall(outcome.err)
    assert "\\x1b" in outcome.out or "\\u001b" in outcome.out or args[0] in ("due",)


async def test_the_ui_shows_stored_escapes_as_text(hostile_db, make_app) -> None:
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tui"))
    from tui_helpers import SIZE, loaded, screen_text, settle

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        for keys in (("b",), ("t",), ("enter",), ("escape", "i")):
            await pilot.press(*keys)
            await settle(pilot)
            text = screen_text(app)
            assert not RAW.search(text), (keys, RAW.findall(text))
        assert "\\x1b" in screen_text(app) or "Co\\x1b" in text
