"""`sendtrack status`: where the plan stands, in the board's words, as of a date."""

from __future__ import annotations

import os
import shutil
import sys
from enum import StrEnum
from typing import Annotated

import typer

from sendtrack.cli.common import AS_OF_HELP, OutputFormat, as_of_or_today, fail, load_valid

DEFAULT_WIDTH = 100


class SchemeChoice(StrEnum):
    board = "board"
    pap = "pap"
    nhse_brag = "nhse-brag"


SCHEME_HELP = "Colour scheme (default: colour_scheme in plan/partnership.yaml)."


def register(app: typer.Typer) -> None:
    app.command("status")(status)


def terminal() -> tuple[int, bool]:
    """Width to wrap at, and whether to colour: only a terminal, and never with NO_COLOR.

    COLUMNS, when set, wins (that is how tests and pipelines fix the width).
    """
    width = shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns
    colour = (
        sys.stdout.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
    )
    return width, colour


def status(
    ctx: typer.Context,
    as_of: Annotated[str | None, typer.Option("--as-of", help=AS_OF_HELP)] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="text, json or markdown.")
    ] = OutputFormat.text,
    scheme: Annotated[SchemeChoice | None, typer.Option("--scheme", help=SCHEME_HELP)] = None,
) -> None:
    """Where the plan stands: headline, tables by workstream and priority, exceptions,
    re-profiles awaiting the board, overdue board actions, what falls due by the next board."""
    from sendtrack.reports.status import render_json, render_markdown, render_text
    from sendtrack.status import compute_status

    day = as_of_or_today(as_of)
    repo = load_valid(ctx)
    if repo.settings is None:  # load_valid refuses a repository without settings
        raise fail("plan/partnership.yaml did not load")
    report = compute_status(repo, day, scheme.value if scheme else None)
    if output_format is OutputFormat.json:
        typer.echo(render_json(report), nl=False)
    elif output_format is OutputFormat.markdown:
        typer.echo(render_markdown(report), nl=False)
    else:
        width, colour = terminal()
        typer.echo(render_text(report, width, ansi=colour), nl=False, color=colour)
