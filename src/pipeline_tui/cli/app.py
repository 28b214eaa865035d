"""The `pipeline` command group and its global options; commands load when first used."""

from __future__ import annotations

import importlib
from typing import Any

import click

from pipeline_tui import __version__
from pipeline_tui.cli.runtime import CONTEXT_SETTINGS, Runtime

# Command name -> "module:function" under pipeline_tui.cli. Only the module of the command
# that runs is imported, so `pipeline add` never loads the report renderers or the UI.
COMMANDS: dict[str, str] = {
    "add": "capture:add",
    "move": "capture:move",
    "note": "capture:note",
    "undo": "capture:undo",
    "archive": "capture:archive",
    "edit": "editing:edit",
    "remind": "followups:remind",
    "done": "followups:done",
    "snooze": "followups:snooze",
    "due": "followups:due",
    "ghost": "followups:ghost",
    "contact": "contacts:contact",
    "offer": "offers:offer",
    "offers": "offers:offers",
    "list": "browse:list_command",
    "show": "browse:show",
    "funnel": "reports:funnel",
    "weekly": "reports:weekly",
    "replies": "insights:replies",
    "forecast": "insights:forecast",
    "versions": "insights:versions",
    "import": "transfer:import_command",
    "mail": "mail:mail",
    "inbox": "mail:inbox",
    "posting": "postings:posting",
    "export": "transfer:export",
    "calendar": "records:calendar",
    "worklog": "records:worklog",
    "backup": "backup:backup",
    "restore": "backup:restore",
    "demo": "demo:demo",
    "config": "settings:config",
    "doctor": "doctor:doctor",
    "tui": "interface:tui_command",
    "serve": "serve:serve",
}


class OutputClosed(Exception):
    """The reader of standard output went away (`pipeline list | head -1`): not a failure."""


class LazyGroup(click.Group):
    """A group whose commands are imported by name from COMMANDS when asked for."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            # click would turn this into exit status 1; a closed pipe is the reader's choice.
            raise OutputClosed from None

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        # --help and --version print while the arguments are parsed, before invoke.
        try:
            return super().make_context(info_name, args, parent, **extra)
        except BrokenPipeError:
            raise OutputClosed from None

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attribute = target.split(":")
        module = importlib.import_module(f"pipeline_tui.cli.{module_name}")
        command = getattr(module, attribute)
        assert isinstance(command, click.Command)
        return command


@click.group(cls=LazyGroup, invoke_without_command=True, context_settings=CONTEXT_SETTINGS)
@click.option(
    "--db",
    metavar="PATH|URL",
    help="Database file, or a PostgreSQL URL such as postgresql+psycopg://me@host/pipeline "
    "(default: $PIPELINE_DB, else pipeline.db in the user data folder).",
)
@click.version_option(__version__, "-V", "--version", prog_name="pipeline")
@click.pass_context
def cli(context: click.Context, db: str | None) -> int | None:
    """Track job applications from the shell; with no command, open the UI.

    \b
    Quick start:
      pipeline add ByteDance "LLM engineer" --source referral --on yesterday
      pipeline move bytedance interview --on "next tue"
      pipeline list --open
    """
    context.obj = runtime = Runtime(db)
    context.call_on_close(runtime.close)
    # A broken settings file is reported by every command, not only by those that read it.
    runtime.loaded_settings  # noqa: B018
    if context.invoked_subcommand is None:
        from pipeline_tui.cli.interface import open_ui

        return open_ui(runtime)
    return None
