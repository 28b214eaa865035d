"""The docs cannot drift: every command, long option and key is documented."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from pipeline_tui.cli.app import COMMANDS, cli
from pipeline_tui.tui.actions import ACTIONS

DOCS = Path(__file__).resolve().parents[2] / "docs"


def _commands() -> list[tuple[str, click.Command]]:
    context = click.Context(cli)
    found: list[tuple[str, click.Command]] = []
    for name in cli.list_commands(context):
        command = cli.get_command(context, name)
        assert command is not None
        found.append((name, command))
        if isinstance(command, click.Group):
            sub = click.Context(command, parent=context)
            found += [
                (f"{name} {child}", command.get_command(sub, child))  # type: ignore[misc]
                for child in command.list_commands(sub)
            ]
    return found


def _long_options(command: click.Command) -> set[str]:
    return {
        option
        for parameter in command.params
        if isinstance(parameter, click.Option)
        for option in parameter.opts + parameter.secondary_opts
        if option.startswith("--") and option != "--help"
    }


def test_every_registered_command_loads() -> None:
    assert [name for name, _ in _commands() if " " not in name] == list(COMMANDS)


@pytest.mark.parametrize(("name", "command"), _commands(), ids=lambda value: str(value))
def test_every_command_and_long_option_is_in_cli_md(name: str, command: click.Command) -> None:
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    assert re.search(rf"^#+ .*\b{re.escape(name)}\b", text, re.MULTILINE) or (
        f"pipeline {name}" in text
    ), f"docs/cli.md has no section for `pipeline {name}`"
    missing = sorted(option for option in _long_options(command) if option not in text)
    assert not missing, f"docs/cli.md does not mention {missing} of `pipeline {name}`"


def test_global_options_are_in_cli_md() -> None:
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    assert not sorted(option for option in _long_options(cli) if option not in text)


def test_every_key_of_the_action_table_has_a_row_in_tui_md() -> None:
    rows = [
        line
        for line in (DOCS / "tui.md").read_text(encoding="utf-8").splitlines()
        if line.startswith("|")
    ]
    missing = [
        action.shown_key
        for action in ACTIONS
        if not any(f"`{action.shown_key}`" in row for row in rows)
    ]
    assert not missing, f"docs/tui.md has no key row for {missing}"


def test_tui_md_states_the_first_screen_size_the_code_uses() -> None:
    from pipeline_tui.tui.app import PREVIEW_CARDS

    text = " ".join((DOCS / "tui.md").read_text(encoding="utf-8").split())
    assert f"the {PREVIEW_CARDS} most recent cards" in text
