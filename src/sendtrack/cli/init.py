"""`sendtrack init DIR`: start a repository for a new partnership."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sendtrack.cli.common import fail


def register(app: typer.Typer) -> None:
    app.command("init")(init)


def init(
    directory: Annotated[Path, typer.Argument(help="Folder to create the repository in.")],
) -> None:
    """Write a small, valid, commented repository (every file kind) into DIR."""
    from sendtrack.store.scaffold import TargetNotEmpty, init_repository

    try:
        written = init_repository(directory)
    except TargetNotEmpty as exc:
        raise fail(str(exc)) from None
    for name in written:
        typer.echo(f"wrote {directory / name}")
    typer.echo(f"Next: cd {directory} && git init && sendtrack check")
