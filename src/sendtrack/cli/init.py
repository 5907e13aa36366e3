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
) -> None:
    """Write a small, valid, commented repository (every file kind) into DIR."""
    from sendtrack.store.scaffold import (
        BadLevels,
        TargetNotEmpty,
        init_repository,
        init_with_levels,
        parse_levels,
    )

    try:
        if levels is None:
            written = init_repository(directory)
        else:
            written = init_with_levels(directory, parse_levels(levels), date.today())
    except (TargetNotEmpty, BadLevels) as exc:
        raise fail(str(exc)) from None
    for name in written:
        typer.echo(f"wrote {directory / name}")
    typer.echo(f"Next: cd {directory} && git init && sendtrack check")
