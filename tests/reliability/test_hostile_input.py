"""Every command, arbitrary text in every argument: never a traceback; either one clear error
line or the data stored exactly as typed.

Commands and their parameters are read from the click tree, so a new command is covered the
day it is registered. Paths stay inside the test's folder; numbers stay small (a `demo` of two
million applications is not hostile, just slow). At least 1,000 examples run per command.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline_tui.cli import run
from pipeline_tui.cli.app import COMMANDS, cli
from pipeline_tui.domain.models import company_key

pytestmark = pytest.mark.slow

EXAMPLES = 1000
# Text a user could paste: brackets, quotes, %, SQL, NUL and other controls, ANSI escapes,
# bidi marks, emoji, CJK, and now and then something very long.
HOSTILE = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "[bold]x[/]",
            "'; DROP TABLE application; --",
            "%_%",
            "\\",
            '"',
            "\x00",
            "\x1b[2J\x1b[H",
            "\u202eevil",
            "🚀字节跳动",
            "#99999999999999999999",
            "0",
            "-1",
            "--help",
            "x" * 10_000,
        ]
    ),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=8),
)


def _commands() -> Iterator[tuple[str, click.Command]]:
    context = click.Context(cli)
    for name in COMMANDS:
        command = cli.get_command(context, name)
        assert command is not None
        if isinstance(command, click.Group):
            sub = click.Context(command, parent=context)
            for child in command.list_commands(sub):
                found = command.get_command(sub, child)
                assert found is not None
                yield f"{name} {child}", found
        else:
            yield name, command


# Commands that only open other programs or whole screens, or serve until stopped, are left
# to their own tests (tests/web checks serve's arguments).
SKIPPED = {"tui", "serve"}
CASES = [(name, command) for name, command in _commands() if name not in SKIPPED]


def _value(parameter: click.Parameter) -> st.SearchStrategy[str]:
    kind = parameter.type
    if isinstance(kind, click.Path) or parameter.name in ("output", "path", "file", "db"):
        # Inside the working directory (the test's folder), as a user would type a file name.
        return st.sampled_from(["out.txt", "data.csv", "x.json", "", "missing/dir/x", "-"])
    if isinstance(kind, click.types.IntParamType | click.IntRange | click.types.FloatParamType):
        return st.one_of(st.integers(-3, 40).map(str), HOSTILE)
    if isinstance(kind, click.Choice):
        return st.one_of(st.sampled_from([str(choice) for choice in kind.choices]), HOSTILE)
    return HOSTILE


@st.composite
def _invocation(draw: st.DrawFn, command: click.Command) -> list[str]:
    args: list[str] = []
    for parameter in command.params:
        if isinstance(parameter, click.Argument):
            count = 1 if parameter.nargs == 1 else draw(st.integers(0, 2))
            if parameter.required or draw(st.booleans()):
                args += [draw(_value(parameter)) for _ in range(count)]
        elif isinstance(parameter, click.Option) and parameter.opts[0] != "--help":
            if not draw(st.booleans()):
                continue
            flag = parameter.opts[0]
            if parameter.is_flag:
                args.append(flag)
            else:
                args += [flag, draw(_value(parameter))]
    return args


@pytest.fixture
def seeded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A database with an application, a contact and an offer to act on; cwd in tmp_path."""
    monkeypatch.chdir(tmp_path)
    for args in (
        ["add", "Acme", "Eng", "--on", "2024-09-01"],
        ["move", "1", "interview"],
        ["contact", "add", "Li Lei", "--company", "Acme"],
        ["offer", "1", "--base", "26k x 16", "--deadline", "2024-09-20"],
    ):
        if args[0] in COMMANDS:
            assert _quiet(args)[0] == 0, args
    return tmp_path


def _quiet(args: list[str], stdin: str = "") -> tuple[int, str, str]:
    """Run the command line in-process; "-" as a file reads stdin, which holds stdin."""
    # Byte-backed streams, like a terminal's: some commands write bytes (sys.stdout.buffer).
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", write_through=True)
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", write_through=True)
    saved = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode()), encoding="utf-8")
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = run(args)
    finally:
        sys.stdin = saved
    out.flush()
    err.flush()
    text = [stream.buffer.getvalue().decode("utf-8", "replace") for stream in (out, err)]  # type: ignore[attr-defined]
    return code, text[0], text[1]


@pytest.mark.parametrize(("name", "command"), CASES, ids=[name for name, _ in CASES])
def test_no_argument_makes_a_command_trace_back(
    name: str, command: click.Command, seeded: Path
) -> None:
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(args=_invocation(command))
    def check(args: list[str]) -> None:
        code, _, err = _quiet([*name.split(), *args])
        assert "Traceback" not in err
        assert code in (0, 1, 2), (args, code, err)
        if code:
            lines = err.strip().splitlines()
            assert lines and lines[0].startswith("error: "), (args, err)

    check()


def test_text_that_is_accepted_is_stored_exactly(tmp_path: Path) -> None:
    db = tmp_path / "exact.db"
    known: dict[str, str] = {}

    @given(company=HOSTILE, role=HOSTILE, note=HOSTILE)
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True)
    def check(company: str, role: str, note: str) -> None:
        options = ["--note", note, "--force", "--format", "json"]
        # "--" ends the options, as a script passing arbitrary names would write it.
        code, out, err = _quiet(["--db", str(db), "add", *options, "--", company, role])
        assert "Traceback" not in err
        if code != 0:
            assert err.startswith("error: ") and err.count("\n") == 1, err
            return
        stored = json.loads(out)
        shown = json.loads(
            _quiet(["--db", str(db), "show", str(stored["id"]), "--format", "json"])[1]
        )
        # Names are trimmed and their runs of spaces made one (matching relies on that);
        # nothing else changes, and notes keep their inner spacing. A company already known
        # under another spelling of the same name (ＡＣＭＥ, acme) keeps its first spelling.
        first = known.setdefault(company_key(company), " ".join(company.split()))
        assert shown["company"] == first
        assert shown["role"] == " ".join(role.split())
        assert shown["events"][0]["note"] == (note.strip() or None)

    check()


def test_search_and_filter_text_never_becomes_sql(
    store, pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The words travel as bound parameters; the SQL text never contains them."""
    import sqlalchemy as sa

    statements: list[str] = []

    def record(connection, cursor, statement, parameters, context, executemany) -> None:
        statements.append(statement)

    sa.event.listen(sa.Engine, "before_cursor_execute", record)
    try:
        pipeline("add", "Acme", "Eng", "-c", "autumn", "-s", "referral")
        token = "zq'); DROP TABLE event; --"
        for args in (
            ["list", "--search", token],
            ["list", "--campaign", token, "--source", token],
            ["funnel", "--campaign", token, "--source", token],
            ["weekly", "--campaign", token],
            ["show", token],
            ["contact", "list", "--company", token],
        ):
            outcome = pipeline(*args)
            assert "Traceback" not in outcome.err
    finally:
        sa.event.remove(sa.Engine, "before_cursor_execute", record)
    assert statements
    assert not [statement for statement in statements if "zq'" in statement or "DROP" in statement]
    assert json.loads(pipeline("list", "--format", "json").out)[0]["company"] == "Acme"
