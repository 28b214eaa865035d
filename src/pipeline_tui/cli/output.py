"""Output shared by the commands: JSON and CSV with every control character escaped, tables of
user text, and files written private to the user."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import click

from pipeline_tui.domain.text import escape_controls

if TYPE_CHECKING:
    from rich.console import Console


def json_text(data: object, *, indent: int | None = None) -> str:
    """Return data as JSON; no control or bidi character is left raw (not even DEL or U+202E).

    json.dumps escapes C0 controls itself but leaves DEL, C1 controls and bidi overrides raw;
    those only occur inside strings, so escaping them afterwards keeps the JSON valid and exact.
    """
    return escape_controls(json.dumps(data, ensure_ascii=False, indent=indent), keep="\n")


def echo_json(data: object, *, indent: int | None = None) -> None:
    """Print data as one JSON document."""
    click.echo(json_text(data, indent=indent))


def echo_csv(rows: Iterable[dict[str, Any]], fields: Sequence[str]) -> None:
    """Print a header of fields, then those fields of each row (as_json data); None is empty."""
    import csv
    import sys

    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(fields)
    for data in rows:
        writer.writerow(
            escape_controls(str(data[name])) if data[name] is not None else "" for name in fields
        )


def _pipe_console_class() -> type[Console]:
    """Return rich's Console with a closed pipe reported as BrokenPipeError.

    Rich's own answer to a closed pipe is SystemExit(1): `pipeline list | head -1` would then
    exit 1 with nothing on stderr. As BrokenPipeError it takes the path every other command's
    output takes (cli.app.OutputClosed: exit 0).
    """
    from rich.console import Console

    class PipeConsole(Console):
        def on_broken_pipe(self) -> None:
            self.quiet = True
            raise BrokenPipeError

    return PipeConsole


def echo_table(
    headers: Sequence[str], rows: Sequence[tuple[int, Sequence[str]]], noun: str
) -> None:
    """Print rows (an id, then user text) under headers, the first ("#") right-aligned, then
    "3 contacts" on stderr; with no rows, only "No contacts match." on stderr."""
    import sys

    from rich import box
    from rich.table import Table
    from rich.text import Text

    from pipeline_tui.domain.text import printable

    if not rows:
        click.echo(f"No {noun}s match.", err=True)
        return
    # A pipe gets whole cells, not a table squeezed into rich's default 80 columns.
    width = None if sys.stdout.isatty() else 10_000
    console = _pipe_console_class()(highlight=False, soft_wrap=False, width=width)
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    for index, header in enumerate(headers):
        table.add_column(header, justify="left" if index else "right", overflow="ellipsis")
    for row_id, cells in rows:
        table.add_row(str(row_id), *(Text(printable(cell)) for cell in cells))
    console.print(table)
    click.echo(f"{len(rows)} {noun}{'s' if len(rows) != 1 else ''}", err=True)


def write_output(data: bytes, output: str | None) -> None:
    """Write data to the file named (created 0600) or to standard output."""
    import sys
    from pathlib import Path

    from pipeline_tui.errors import UserError
    from pipeline_tui.paths import write_private

    if output is None or output == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    path = Path(output).expanduser()
    if not output.strip() or not path.name or path.is_dir():
        raise UserError(f"--output needs a file name, not {output!r}")
    try:
        write_private(path, data)
    except OSError as error:
        raise UserError(f"cannot write {path}: {error.strerror or error}") from None
    click.echo(f"Wrote {path} ({len(data):,} bytes)", err=True)
