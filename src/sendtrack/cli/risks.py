"""`sendtrack risks`: the risk register — list it by score, heat map, rescore, add, close."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from sendtrack.cli.actions import (
    DRY_RUN_HELP,
    FORMAT_HELP,
    board_repository,
    echo_report,
    write_change,
)
from sendtrack.cli.common import (
    AS_OF_HELP,
    OutputFormat,
    as_of_or_today,
    free_text,
    parse_day_option,
    terminal,
)

if TYPE_CHECKING:
    from sendtrack.edit.planned import PlannedEdit
    from sendtrack.store.repository import Repository

risks_app = typer.Typer(
    name="risks",
    help="The risk register: list it by score (no subcommand), heatmap, rescore, add, close.",
    invoke_without_command=True,
    no_args_is_help=False,
    rich_markup_mode=None,
)


def register(app: typer.Typer) -> None:
    app.add_typer(risks_app, name="risks")


@risks_app.callback(invoke_without_command=True)
def risks(
    ctx: typer.Context,
    min_score: Annotated[
        int | None,
        typer.Option("--min-score", min=1, max=25, help="Only risks scoring at least this."),
    ] = None,
    owner: Annotated[
        str | None, typer.Option("--owner", help="Only risks whose owner contains this text.")
    ] = None,
    overdue_review: Annotated[
        bool,
        typer.Option("--overdue-review", help="Only open risks whose review date has passed."),
    ] = False,
    include_closed: Annotated[bool, typer.Option("--all", help="Include closed risks.")] = False,
    as_of: Annotated[str | None, typer.Option("--as-of", help=AS_OF_HELP)] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help=FORMAT_HELP)
    ] = OutputFormat.text,
) -> None:
    """List open risks, highest score first, with band, trend since the last board, target
    and review date."""
    if ctx.invoked_subcommand is not None:
        return
    from sendtrack.board.risks import list_risks
    from sendtrack.render.board import render_risks

    day = as_of_or_today(as_of)
    repo = board_repository(ctx)
    listing = list_risks(
        repo,
        day,
        min_score=min_score,
        owner=owner,
        overdue_review=overdue_review,
        include_closed=include_closed,
    )
    echo_report(render_risks(listing, output_format.value, terminal(ctx)))


@risks_app.command("heatmap")
def heatmap(
    ctx: typer.Context,
    as_of: Annotated[str | None, typer.Option("--as-of", help=AS_OF_HELP)] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help=FORMAT_HELP)
    ] = OutputFormat.text,
) -> None:
    """The 5×5 grid of open risks: each cell's score, band, count and ids, in text."""
    from sendtrack.board.risks import heatmap as build
    from sendtrack.render.board import render_heatmap

    day = as_of_or_today(as_of)
    repo = board_repository(ctx)
    echo_report(render_heatmap(build(repo, day), output_format.value, terminal(ctx)))


@risks_app.command("rescore")
def rescore(
    ctx: typer.Context,
    risk_id: Annotated[str, typer.Argument(metavar="ID", help="e.g. R03")],
    likelihood: Annotated[int, typer.Option("--likelihood", "-l", min=1, max=5, help="1–5.")],
    impact: Annotated[int, typer.Option("--impact", "-i", min=1, max=5, help="1–5.")],
    note: Annotated[str, typer.Option("--note", help="Why the score changes.", callback=free_text)],
    on: Annotated[
        str | None, typer.Option("--on", help="Date of the rescore (default today).")
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help=DRY_RUN_HELP)] = False,
) -> None:
    """Set a risk's likelihood and impact and append a dated entry to its score history."""
    from sendtrack.board.risks import TrendResult
    from sendtrack.board.risks import rescore as plan

    day = parse_day_option(on, "--on") or date.today()
    results: list[TrendResult] = []

    def planned(repo: Repository, today: date) -> PlannedEdit:
        change, result = plan(
            repo, today, risk_id, likelihood=likelihood, impact=impact, note=note, on=day
        )
        results.append(result)
        return change

    write_change(ctx, dry_run, planned)
    result = results[0]
    if result.board is not None:
        typer.echo(f"trend since the {result.board.id} board: {result.words}", err=dry_run)


@risks_app.command("add")
def add(
    ctx: typer.Context,
    title: Annotated[str, typer.Option("--title", help="Short title.", callback=free_text)],
    description: Annotated[
        str,
        typer.Option(
            "--description", help="The risk: cause, event, consequence.", callback=free_text
        ),
    ],
    owner: Annotated[str, typer.Option("--owner", help="Owner, as a role.", callback=free_text)],
    category: Annotated[
        str, typer.Option("--category", help="e.g. finance, capacity.", callback=free_text)
    ],
    likelihood: Annotated[int, typer.Option("--likelihood", "-l", min=1, max=5, help="1–5.")],
    impact: Annotated[int, typer.Option("--impact", "-i", min=1, max=5, help="1–5.")],
    target_likelihood: Annotated[
        int, typer.Option("--target-likelihood", min=1, max=5, help="Target likelihood, 1–5.")
    ],
    target_impact: Annotated[
        int, typer.Option("--target-impact", min=1, max=5, help="Target impact, 1–5.")
    ],
    risk_id: Annotated[
        str | None, typer.Option("--id", help="Its id (default: the next R<n>).")
    ] = None,
    raised_at: Annotated[
        str | None, typer.Option("--raised-at", help="The meeting that added it (its date).")
    ] = None,
    appetite: Annotated[
        str | None,
        typer.Option("--appetite", help="Appetite or tolerance.", callback=free_text),
    ] = None,
    mitigation: Annotated[
        list[str] | None,
        typer.Option(
            "--mitigation",
            help="A mitigation, owned by the risk owner (repeatable).",
            callback=free_text,
        ),
    ] = None,
    review: Annotated[str | None, typer.Option("--review", help="Next review date.")] = None,
    link: Annotated[
        list[str] | None,
        typer.Option("--link", help="A priority, action, milestone or risk id (repeatable)."),
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help=DRY_RUN_HELP)] = False,
) -> None:
    """Add a risk to the register (and to its meeting's risks_added)."""
    from sendtrack.board.risks import add_risk

    review_day = parse_day_option(review, "--review")
    write_change(
        ctx,
        dry_run,
        lambda repo, today: add_risk(
            repo,
            today,
            title=title,
            description=description,
            owner=owner,
            category=category,
            likelihood=likelihood,
            impact=impact,
            target_likelihood=target_likelihood,
            target_impact=target_impact,
            risk_id=risk_id,
            raised_at=raised_at,
            appetite=appetite,
            mitigations=mitigation or [],
            review_date=review_day,
            links=link or [],
        )[0],
    )


@risks_app.command("close")
def close(
    ctx: typer.Context,
    risk_id: Annotated[str, typer.Argument(metavar="ID", help="e.g. R03")],
    reason: Annotated[
        str, typer.Option("--reason", help="Why the risk is closed.", callback=free_text)
    ],
    at: Annotated[str, typer.Option("--at", help="The meeting that closed it (its date).")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help=DRY_RUN_HELP)] = False,
) -> None:
    """Close a risk: status closed, with the reason and the meeting that agreed it."""
    from sendtrack.board.risks import close_risk

    write_change(
        ctx, dry_run, lambda repo, today: close_risk(repo, today, risk_id, reason=reason, at=at)
    )
