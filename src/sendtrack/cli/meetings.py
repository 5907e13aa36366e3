"""`sendtrack meeting new|held|show` and `sendtrack forward-plan`: the board's meeting cycle."""

from __future__ import annotations

from typing import Annotated

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
from sendtrack.cli.writes import cannot

meeting_app = typer.Typer(
    name="meeting",
    help="Board meetings: pre-fill the next one's record, record one held, or show one.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


def register(app: typer.Typer) -> None:
    app.add_typer(meeting_app, name="meeting")
    app.command("forward-plan")(forward_plan)


@meeting_app.command("new")
def new(
    ctx: typer.Context,
    day: Annotated[str, typer.Argument(metavar="DATE", help="The meeting's date.")],
    board: Annotated[
        str | None,
        typer.Option(
            "--board", help="Board name (default: from the settings).", callback=free_text
        ),
    ] = None,
    time: Annotated[
        str | None,
        typer.Option(
            "--time", help="e.g. 13:00-16:00 (default: as last time).", callback=free_text
        ),
    ] = None,
    location: Annotated[
        str | None,
        typer.Option(
            "--location",
            help="e.g. in person (default: as last time).",
            callback=free_text,
        ),
    ] = None,
    body: Annotated[
        str | None,
        typer.Option(
            "--body",
            help="Another body's meeting (an id under 'bodies' in plan/partnership.yaml); "
            "default: the body the figures report to.",
        ),
    ] = None,
    backfill: Annotated[
        bool,
        typer.Option(
            "--backfill",
            help="Record a meeting dated before the last board held, on purpose.",
        ),
    ] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help=DRY_RUN_HELP)] = False,
) -> None:
    """Write the record of a scheduled board, pre-filled: standing items and deep dives
    from the forward plan, actions due, re-profiles for decision, risks due for review."""
    from sendtrack.board.meetings import new_meeting

    meeting_day = parse_day_option(day, "DATE")
    assert meeting_day is not None  # a required argument
    write_change(
        ctx,
        dry_run,
        lambda repo, today: new_meeting(
            repo,
            today,
            meeting_day,
            board=board,
            time=time,
            location=location,
            body=body,
            backfill=backfill,
        )[0],
    )


@meeting_app.command("held")
def held(
    ctx: typer.Context,
    day: Annotated[str, typer.Argument(metavar="DATE", help="The meeting's date (its id).")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help=DRY_RUN_HELP)] = False,
) -> None:
    """Record that a scheduled board met: its status becomes held, and the record gains
    empty attendance and decisions to fill in from the minutes."""
    from sendtrack.board.meeting_cycle import hold_meeting

    write_change(ctx, dry_run, lambda repo, today: hold_meeting(repo, today, day))


@meeting_app.command("show")
def show(
    ctx: typer.Context,
    day: Annotated[str, typer.Argument(metavar="DATE", help="The meeting's date (its id).")],
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help=FORMAT_HELP)
    ] = OutputFormat.text,
) -> None:
    """One meeting: attendance, agenda with challenges and responses counted, decisions,
    actions raised (with their status now), risks added, forward plan."""
    from sendtrack.board.common import BoardError
    from sendtrack.board.meetings import show_meeting
    from sendtrack.render.board import render_meeting

    repo = board_repository(ctx)
    try:
        view = show_meeting(repo, day)
    except BoardError as exc:
        raise cannot(exc) from None
    echo_report(render_meeting(view, output_format.value, terminal(ctx)))


def forward_plan(
    ctx: typer.Context,
    as_of: Annotated[str | None, typer.Option("--as-of", help=AS_OF_HELP)] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help=FORMAT_HELP)
    ] = OutputFormat.text,
) -> None:
    """The board's forward plan as the last board held minuted it: standing items, then
    each item with the board it falls to."""
    from sendtrack.board.meetings import forward_plan as build
    from sendtrack.render.board import render_forward_plan

    day = as_of_or_today(as_of)
    repo = board_repository(ctx)
    echo_report(render_forward_plan(build(repo, day), output_format.value, terminal(ctx)))
