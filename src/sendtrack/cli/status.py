"""`sendtrack status`: where the plan stands, in the board's words, as of a date."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from sendtrack.cli.common import (
    AS_OF_HELP,
    AS_RECORDED_HELP,
    OutputFormat,
    as_of_or_today,
    counted,
    earlier_output,
    fail,
    left_out,
    load_recorded,
    terminal,
)
from sendtrack.cli.stored_output import status_parameters

if TYPE_CHECKING:
    from sendtrack.plan.status import StatusReport
    from sendtrack.render.console import Terminal
    from sendtrack.store.repository import Repository


class SchemeChoice(StrEnum):
    board = "board"
    pap = "pap"
    nhse_brag = "nhse-brag"


SCHEME_HELP = "Colour scheme (default: colour_scheme in plan/partnership.yaml)."


def register(app: typer.Typer) -> None:
    app.command("status")(status)


def status(
    ctx: typer.Context,
    as_of: Annotated[str | None, typer.Option("--as-of", help=AS_OF_HELP)] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="text, json or markdown.")
    ] = OutputFormat.text,
    scheme: Annotated[SchemeChoice | None, typer.Option("--scheme", help=SCHEME_HELP)] = None,
    as_recorded: Annotated[bool, typer.Option("--as-recorded", help=AS_RECORDED_HELP)] = False,
    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose",
            "-v",
            help="Each exception in full (original and current dates, slip, times moved, "
            "reason), not one line each.",
        ),
    ] = False,
) -> None:
    """Where the plan stands: headline, counts by workstream and priority, exceptions,
    re-profiles awaiting the board, overdue board actions, what is due by the next board."""
    import dataclasses

    day = as_of_or_today(as_of)
    term = terminal(ctx)
    # Unchanged files, same day and options: print what the last run printed. (Not for
    # --as-recorded: its data come from git, not from the files the cache keys on.)
    earlier = earlier_output(
        ctx,
        "status",
        *status_parameters(
            day.isoformat(),
            output_format.value,
            scheme.value if scheme else None,
            term.width,
            term.colour,
            verbose,
        ),
    )
    if earlier.text is not None and not as_recorded:
        typer.echo(earlier.text, nl=False, color=term.colour)
        return
    from sendtrack.plan.status import compute_status

    def report_of(repo: Repository) -> StatusReport:
        if repo.settings is None:  # every load refuses a repository without settings
            raise fail("plan/partnership.yaml did not load")
        report = compute_status(repo, day, scheme.value if scheme else None)
        found = left_out(ctx)
        return report if found is None else dataclasses.replace(report, excluded=found.excluded)

    if as_recorded:
        repo, recorded = load_recorded(ctx, day)
        report = report_of(repo)
        report = dataclasses.replace(report, notes=[recorded, *report.notes])
        typer.echo(_render(report, output_format, term, verbose), nl=False, color=term.colour)
        return
    text = counted(ctx, lambda repo: _render(report_of(repo), output_format, term, verbose))
    typer.echo(earlier.keep(text), nl=False, color=term.colour)


def _render(
    report: StatusReport, output_format: OutputFormat, term: Terminal, verbose: bool
) -> str:
    from sendtrack.render.status import render_json, render_markdown, render_text

    if output_format is OutputFormat.json:
        return render_json(report)
    if output_format is OutputFormat.markdown:
        return render_markdown(report)
    return render_text(report, term, verbose=verbose)
