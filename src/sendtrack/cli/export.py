"""`sendtrack export --format csv|xlsx`: milestones, board actions and risks for spreadsheets.

XLSX: one workbook, a sheet per table (default ``sendtrack-export.xlsx``). CSV: a folder
with one file per table (default ``sendtrack-export/``), UTF-8 with a BOM so Excel reads
the symbols. Text that could be read as a formula never is (see ``render/export.py``).
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from sendtrack.cli.common import AS_OF_HELP, as_of_or_today, fail, load_valid


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
    from sendtrack.cli.report import write_atomically
    from sendtrack.render.export import export_sheets, to_csv, to_xlsx

    day = as_of_or_today(as_of)
    repo = load_valid(ctx)
    with progress("Exporting", total=2) as step:
        sheets = export_sheets(repo, day)
        step("tables computed")
        if output_format is ExportFormat.xlsx:
            target = output or Path(f"{DEFAULT_NAME}.xlsx")
            if target.is_dir():
                raise fail(
                    f"{target} is a folder; give the workbook's file name, e.g. {target}/plan.xlsx"
                )
            write_atomically(target, to_xlsx(sheets, datetime.combine(day, time())))
            step(str(target))
            written = [
                f"wrote {target} ({', '.join(f'{s.name}: {len(s.rows)} rows' for s in sheets)})"
            ]
        else:
            folder = output or Path(DEFAULT_NAME)
            if folder.exists() and not folder.is_dir():
                raise fail(
                    f"{folder} is a file; csv export writes a folder with one file per table"
                )
            written = []
            for sheet in sheets:
                target = folder / sheet.file
                write_atomically(target, to_csv(sheet).encode("utf-8-sig"))
                written.append(f"wrote {target} ({len(sheet.rows)} rows)")
            step(str(folder))
    for line in written:
        typer.echo(line)
