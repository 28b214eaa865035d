"""Machine-readable output shared by the commands: JSON with every control character escaped."""

from __future__ import annotations

import json

import click

from pipeline_tui.domain.text import escape_controls


def json_text(data: object, *, indent: int | None = None) -> str:
    """Return data as JSON; no control or bidi character is left raw (not even DEL or U+202E).

    json.dumps escapes C0 controls itself but leaves DEL, C1 controls and bidi overrides raw;
    those only occur inside strings, so escaping them afterwards keeps the JSON valid and exact.
    """
    return escape_controls(json.dumps(data, ensure_ascii=False, indent=indent), keep="\n")


def echo_json(data: object, *, indent: int | None = None) -> None:
    """Print data as one JSON document."""
    click.echo(json_text(data, indent=indent))
