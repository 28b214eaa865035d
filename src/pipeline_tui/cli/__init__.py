"""Command-line front end; it never imports Textual at module level."""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

import click

from pipeline_tui.cli.app import OutputClosed, cli
from pipeline_tui.errors import AmbiguousRef, BadRows, ForceReason, NeedsForce, UserError


def _say_error(message: str) -> None:
    click.echo(f"error: {message}", err=True)


# What --force does, worded for each refusal it overrides (the service says what was refused).
_FORCE_ADVICE = {
    ForceReason.DUPLICATE: "add --force to record another",
    ForceReason.NOT_EMPTY: "use an empty file (--db demo.db) or add --force to add demo data to it",
}


def force_advice(error: NeedsForce) -> str:
    """Return the refusal with the command-line way round it."""
    advice = _FORCE_ADVICE.get(error.reason, "add --force to record it anyway")
    return f"{error}; {advice}"


def run(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit status; errors become one line on stderr."""
    try:
        result = cli.main(
            args=list(argv) if argv is not None else None,
            prog_name="pipeline",
            standalone_mode=False,
        )
    except AmbiguousRef as error:
        _say_error(str(error))
        for candidate_id, description in error.candidates:
            click.echo(f"  #{candidate_id} {description}", err=True)
        if error.total > len(error.candidates):
            click.echo(f"  ... and {error.total - len(error.candidates)} more", err=True)
        return 1
    except NeedsForce as error:
        _say_error(force_advice(error))
        return 1
    except BadRows as error:
        from pipeline_tui.domain.text import printable

        _say_error(str(error))
        for problem in error.problems:
            click.echo(f"  {printable(problem)}", err=True)
        return 1
    except UserError as error:
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
    except OutputClosed:
        return 0
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
    with contextlib.suppress(BrokenPipeError):
        sys.stderr.flush()
    # Committed data is already on disk; skipping module teardown saves ~100 ms per command.
    os._exit(status)
