"""`sendtrack export --format csv|xlsx`: milestones, board actions and risks for spreadsheets.

XLSX: one workbook, a sheet per table (default ``sendtrack-export.xlsx``). CSV: a folder
with one file per table (default ``sendtrack-export/``), UTF-8 with a BOM so Excel reads
the symbols. Text that could be read as a formula never is (see ``render/export.py``).
Files are written by ``sendtrack.store.output``'s rules: a table never lands outside the folder.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from sendtrack.cli.common import AS_OF_HELP, as_of_or_today, fail, load_readable
from sendtrack.cli.outputs import output_errors, wrote


class ExportFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"


DEFAULT_NAME = "sendtrack-export"


def register(app: typer.Typer) -> None:
    app.command("export")(export)


def export(
    ctx: typer.Context,
    output_format: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="xlsx (one workbook) or csv (a folder).")
    ] = ExportFormat.xlsx,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help=f"The workbook (xlsx) or the folder (csv); default {DEFAULT_NAME}.xlsx or "
            f"{DEFAULT_NAME}/.",
        ),
    ] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help=AS_OF_HELP)] = None,
) -> None:
    """Milestones (original and current dates, slip, health, colour, re-profiles), board
    actions and risks, as an XLSX workbook or CSV files, in a stable column order."""
    from datetime import datetime, time

    from sendtrack.cli.progress import progress
    from sendtrack.papers.spreadsheet import export_rows
    from sendtrack.render.export import export_sheets, to_csv, to_xlsx
    from sendtrack.store.output import Target, contained, target, write_output

    day = as_of_or_today(as_of)
    repo = load_readable(ctx)
    # Each file is confirmed ('wrote …') once the bar on stderr is gone, even when a
    # later one fails: what was written is always reported before the error.
    written: list[tuple[Target, str]] = []
    with output_errors():
        try:
            with progress("Exporting", total=2) as step:
                sheets = export_sheets(export_rows(repo, day))
                step("tables computed")
                if output_format is ExportFormat.xlsx:
                    counts = ", ".join(f"{s.name}: {len(s.rows)} rows" for s in sheets)
                    workbook = to_xlsx(sheets, datetime.combine(day, time()))
                    place = write_output(output or Path(f"{DEFAULT_NAME}.xlsx"), workbook)
                    written.append((place, f" ({counts})"))
                    step(str(place.path))
                else:
                    folder = output or Path(DEFAULT_NAME)
                    if folder.exists() and not folder.is_dir():
                        raise fail(
                            f"{folder} is a file; csv export writes a folder with one file "
                            "per table"
                        )
                    places = [target(contained(folder, sheet.file)) for sheet in sheets]
                    for sheet, place in zip(sheets, places, strict=True):
                        done = write_output(place, to_csv(sheet).encode("utf-8-sig"))
                        written.append((done, f" ({len(sheet.rows)} rows)"))
                    step(str(folder))
        finally:
            for place, note in written:
                wrote(place, note)
