"""`sendtrack actions`: the board's action log — list it, add, update, archive.

`sendtrack actions` alone lists (a Typer group that runs its callback when no subcommand
is given). This module also holds what the three board command modules share: loading
the repository, and running a write under the repository's lock (``--dry-run`` prints
the diff; otherwise commit and say what was done; ``cli.writes`` refuses alike for every
write command).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from sendtrack.cli.common import (
    AS_OF_HELP,
    OutputFormat,
    as_of_or_today,
    fail,
    free_text,
    load_readable,
    load_valid,
    parse_day_option,
    terminal,
    words,
    writing,
)
from sendtrack.cli.writes import apply as write
from sendtrack.cli.writes import cannot, refuse
from sendtrack.core.escaping import escape_terminal

if TYPE_CHECKING:
    from sendtrack.edit.planned import PlannedEdit
    from sendtrack.models.tracker import BoardActionStatus
    from sendtrack.store.repository import Repository

DRY_RUN_HELP = "Print the unified diff the change would make; write nothing."
FORMAT_HELP = "text, json or markdown."


class ActionStatus(StrEnum):
    open = "open"
    in_progress = "in_progress"
    closed = "closed"


_STATUSES: dict[str, BoardActionStatus] = {
    "open": "open",
    "in_progress": "in_progress",
    "closed": "closed",
}


actions_app = typer.Typer(
    name="actions",
    help="The board's action log: list it (no subcommand), add, update, archive.",
    invoke_without_command=True,
    no_args_is_help=False,
    rich_markup_mode=None,
)


def register(app: typer.Typer) -> None:
    app.add_typer(actions_app, name="actions")


# -- shared by the board command modules ---------------------------------------------------


def board_repository(ctx: typer.Context) -> Repository:
    """Load and check the repository for a listing (``load_readable``: files with
    problems are left out, with a banner; it stops, saying so, if a write was
    interrupted).

    The data is checked as of today, as ``status`` does; ``--as-of`` then sets the day
    the report is computed for (what is overdue, which board was the last), so a report
    for a past day is not refused for entries made since.
    """
    return load_readable(ctx)


def apply(change: PlannedEdit, dry_run: bool) -> None:
    """Print the diff (dry run, re-checked as the write would be) or commit the change
    and say what it did (``cli.writes``)."""
    if write(change, dry_run):
        for line in change.summary:
            typer.echo(escape_terminal(line))


def write_change(
    ctx: typer.Context, dry_run: bool, plan: Callable[[Repository, date], PlannedEdit]
) -> PlannedEdit:
    """Every board write command: load and check, plan the change as of today, then show
    its diff (``--dry-run``) or write it; a refusal exits 1 with nothing written. A write
    holds the repository's lock from the first read to the last rename."""
    from sendtrack.board.common import BoardError
    from sendtrack.store.edits import EditError

    with writing(ctx, dry_run) as root:
        repo = load_valid(ctx, root=root)
        try:
            change = plan(repo, date.today())
        except (BoardError, EditError) as exc:
            raise refuse(exc) from None
        apply(change, dry_run)
    return change


def echo_report(text: str) -> None:
    typer.echo(text, nl=False)


# -- commands ------------------------------------------------------------------------------


@actions_app.callback(invoke_without_command=True)
def actions(
    ctx: typer.Context,
    open_only: Annotated[bool, typer.Option("--open", help="Only actions not closed.")] = False,
    overdue: Annotated[
        bool, typer.Option("--overdue", help="Only actions past their due date, not closed.")
    ] = False,
    owner: Annotated[
        str | None, typer.Option("--owner", help="Only actions whose owner contains this text.")
    ] = None,
    meeting: Annotated[
        str | None, typer.Option("--meeting", help="Only actions raised at this meeting (date).")
    ] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help=AS_OF_HELP)] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help=FORMAT_HELP)
    ] = OutputFormat.text,
) -> None:
    """List board actions (open and archived): owner, due, status, days overdue, boards
    carried over, latest update, links."""
    if ctx.invoked_subcommand is not None:
        return
    from sendtrack.board.actions import list_actions
    from sendtrack.board.common import BoardError
    from sendtrack.render.board import render_actions

    day = as_of_or_today(as_of)
    repo = board_repository(ctx)
    try:
        listing = list_actions(
            repo, day, open_only=open_only, overdue_only=overdue, owner=owner, meeting=meeting
        )
    except BoardError as exc:
        raise cannot(exc) from None
    echo_report(render_actions(listing, output_format.value, terminal(ctx)))


@actions_app.command("add")
def add(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="The action as minuted.", callback=free_text)],
    meeting: Annotated[
        str, typer.Option("--meeting", help="The meeting that raised it (its date).")
    ],
    owner: Annotated[
        str, typer.Option("--owner", help="Its owner, as a role.", callback=free_text)
    ],
    due: Annotated[
        str | None, typer.Option("--due", help="Due date (default: the next scheduled board).")
    ] = None,
    link: Annotated[
        list[str] | None,
        typer.Option("--link", help="A milestone, action, risk or meeting id (repeatable)."),
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help=DRY_RUN_HELP)] = False,
) -> None:
    """Add a board action, numbered within its meeting as the minutes number them."""
    from sendtrack.board.actions import add_action

    due_day = parse_day_option(due, "--due")
    write_change(
        ctx,
        dry_run,
        lambda repo, today: add_action(
            repo, today, meeting=meeting, owner=owner, text=text, due=due_day, links=link or []
        )[0],
    )


@actions_app.command("update")
def update(
    ctx: typer.Context,
    action_id: Annotated[str, typer.Argument(metavar="ID", help="e.g. 2025-11-03/A3")],
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            metavar="STATUS",
            callback=words(list(ActionStatus)),
            help="New status: open, in progress or closed.",
        ),
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", help="What was reported.", callback=free_text)
    ] = None,
    on: Annotated[
        str | None, typer.Option("--on", help="Date of the update (default today).")
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help=DRY_RUN_HELP)] = False,
) -> None:
    """Append a dated update (and set the status); earlier updates are never changed."""
    from sendtrack.board.actions import update_action

    if status is None and note is None:
        raise fail("nothing to update: give --status, --note or both")  # a usage error
    day = parse_day_option(on, "--on") or date.today()
    chosen = _STATUSES[status] if status else None
    write_change(
        ctx,
        dry_run,
        lambda repo, today: update_action(repo, today, action_id, on=day, status=chosen, note=note),
    )


@actions_app.command("archive")
def archive(
    ctx: typer.Context,
    dry_run: Annotated[bool, typer.Option("--dry-run", help=DRY_RUN_HELP)] = False,
) -> None:
    """Move closed actions to tracker/archive.yaml, lines as written, in one atomic write."""
    from sendtrack.board.actions import archive_actions

    today = date.today()
    repo = load_valid(ctx)  # a write: never planned on a repository with files left out
    change = archive_actions(repo, today)
    if not change.changes():
        typer.echo("nothing to archive: no closed actions in the open log")
        return
    apply(change, dry_run)
