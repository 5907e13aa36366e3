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
    except TargetNotEmpty as exc:
        # 'init DIR --empty' over the example 'init DIR' wrote: remove it, if untouched.
        done = _without_example(directory) if empty else None
        if done is None:
            raise fail(str(exc)) from None
        for name in done[0]:
            typer.echo(f"removed {directory / name}")
        for name in done[1]:
            typer.echo(f"wrote {directory / name}")
        typer.echo(f"Next: cd {directory} && sendtrack check")
        return
    except BadLevels as exc:
        raise fail(str(exc)) from None
    for name in written:
        typer.echo(f"wrote {directory / name}")
    if not empty:
        typer.echo(
            "The plan, actions, risks and meetings are example data: to start without them, "
            f"run 'sendtrack init {directory} --empty' (it removes the example while untouched)."
        )
    typer.echo(f"Next: cd {directory} && git init && sendtrack check")


def _without_example(directory: Path) -> tuple[list[str], list[str]] | None:
    """The example files removed from ``directory`` and the starter's written in place
    of its registers and settings, or None when it holds no example."""
    from sendtrack.store.journal import JournalError
    from sendtrack.store.scaffold import ExampleChanged, remove_example

    try:
        done = remove_example(directory, date.today())
    except (ExampleChanged, JournalError) as exc:
        raise fail(str(exc)) from None
    return done
