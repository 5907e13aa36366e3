"""`sendtrack schema [--output DIR]`: JSON Schemas for editors, one per file kind."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sendtrack.cli.outputs import output_errors, wrote


def register(app: typer.Typer) -> None:
    app.command("schema")(schema)


def schema(
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="Folder to write the schemas into (created if needed)."
        ),
    ] = Path("schemas"),
) -> None:
    """Write a JSON Schema per file kind, generated from the models, for editors'
    completion and hover help (see README, 'Editor support')."""
    from sendtrack.store.json_schema import write_schemas

    with output_errors():
        written = write_schemas(output)
    for place in written:
        wrote(place)
