"""Command-line front end; it never imports Textual at module level."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

import click

from pipeline_tui.cli.app import cli
from pipeline_tui.errors import UserError


def _say_error(message: str) -> None:
    click.echo(f"error: {message}", err=True)


def run(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit status; errors become one line on stderr."""
    from pipeline_tui.domain.dates import DateError
    from pipeline_tui.services import AmbiguousRef, describe

    try:
        result = cli.main(
            args=list(argv) if argv is not None else None,
            prog_name="pipeline",
            standalone_mode=False,
        )
    except AmbiguousRef as error:
        _say_error(str(error))
        for candidate in error.candidates:
            click.echo(f"  {describe(candidate)} [{candidate.stage}]", err=True)
        if error.total > len(error.candidates):
            click.echo(f"  ... and {error.total - len(error.candidates)} more", err=True)
        return 1
    except (UserError, DateError) as error:
        _say_error(str(error))
        return 1
    except click.UsageError as error:
        message = error.format_message().rstrip(".")
        command = error.ctx.command_path if error.ctx else "pipeline"
        _say_error(f"{message[:1].lower()}{message[1:]} (see '{command} --help')")
        return 2
    except click.ClickException as error:
        _say_error(error.format_message())
        return error.exit_code
    except click.Abort:
        _say_error("aborted")
        return 1
    except KeyboardInterrupt:
        return 130
    return result if isinstance(result, int) else 0


def main() -> NoReturn:
    """Console entry point: run, flush, and leave without the slow interpreter teardown."""
    # A short command makes few reference cycles; collecting them while SQLAlchemy and pydantic
    # import costs ~30 ms of CPU. The UI turns collection back on (cli/interface.py).
    gc.disable()
    try:
        status = run()
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (e.g. `pipeline list | head`); that is not an error worth a trace.
        status = 0
    sys.stderr.flush()
    # Committed data is already on disk; skipping module teardown saves ~100 ms per command.
    os._exit(status)
