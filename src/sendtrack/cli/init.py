"""`sendtrack init DIR`: start a repository for a new partnership."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from sendtrack.cli.common import fail


def register(app: typer.Typer) -> None:
    app.command("init")(init)


def init(
    directory: Annotated[Path, typer.Argument(help="Folder to create the repository in.")],
    levels: Annotated[
        str | None,
        typer.Option(
            "--levels",
            help='The plan\'s levels, top first, 2 to 4: e.g. "Recommendation,Item,Milestone" '
            "(the last is the dated, tracked one). Dated around today. Default: Lancashire's "
            "Priority, Outcome, Action, Milestone.",
        ),
    ] = None,
    empty: Annotated[
        bool,
        typer.Option(
            "--empty",
            help="No example data: the settings to fill in and empty registers; no plan "
            "items, actions, risks or meetings.",
        ),
    ] = False,
    example: Annotated[
        bool,
        typer.Option(
            "--example",
            help="The example data, dated around today (the default; say it in scripts).",
        ),
    ] = False,
) -> None:
    """Write a small, valid, commented repository (every file kind) into DIR: example data
    dated around today, or with --empty none."""
    from sendtrack.store.scaffold import (
        BadLevels,
        TargetNotEmpty,
        init_repository,
        init_with_levels,
        parse_levels,
    )

    if empty and (example or levels is not None):
        raise fail("--empty writes no example data: give it without --example or --levels")
    try:
        if levels is None:
            written = init_repository(directory, date.today(), empty=empty)
        else:
            written = init_with_levels(directory, parse_levels(levels), date.today())
    except (TargetNotEmpty, BadLevels) as exc:
        raise fail(str(exc)) from None
    for name in written:
        typer.echo(f"wrote {directory / name}")
    if not empty:
        typer.echo(
            "The plan, actions, risks and meetings are example data: to start without them, "
            f"delete {directory} and run 'sendtrack init {directory} --empty'."
        )
    typer.echo(f"Next: cd {directory} && git init && sendtrack check")
