"""`sendtrack update`, `reprofile`, `at-risk`, `agree` and `withdraw`: one milestone, one
small diff.

Each command plans its edit (``plan_edits``), then either prints the unified diff
(``--dry-run``, re-checked as the write would be, nothing written) or re-validates the
whole repository and writes atomically. A refusal prints why, and any new problems in
``check``'s layout (``cli.writes``), and exits 1 with nothing changed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from sendtrack.cli.common import (
    fail,
    free_text,
    model_cache,
    parse_day_option,
    words,
    writing,
)
from sendtrack.cli.writes import apply as write
from sendtrack.cli.writes import refuse
from sendtrack.core.escaping import escape_terminal

if TYPE_CHECKING:
    from pathlib import Path

    from sendtrack.edit.planned import PlannedEdit, Workspace
    from sendtrack.models.plan import MilestoneStatus

DRY_RUN_HELP = "Print the unified diff the edit would make; write nothing."
MEETING_HELP = "The meeting that agreed it: its id, the meeting's date (e.g. 2025-11-03)."


class StatusChoice(StrEnum):
    not_started = "not_started"
    in_progress = "in_progress"
    complete = "complete"


_STATUSES: dict[StatusChoice, MilestoneStatus] = {
    StatusChoice.not_started: "not_started",
    StatusChoice.in_progress: "in_progress",
    StatusChoice.complete: "complete",
}


def register(app: typer.Typer) -> None:
    app.command("update")(update)
    app.command("reprofile")(reprofile)
    app.command("at-risk")(at_risk)
    app.command("agree")(agree)
    app.command("withdraw")(withdraw)


def _run(ctx: typer.Context, dry_run: bool, plan_edit: Callable[[Workspace], PlannedEdit]) -> None:
    """Plan the edit, then show it (``--dry-run``) or write it; refusals exit 1.

    A write holds the repository's lock from the first read to the last rename."""
    with writing(ctx, dry_run) as root:
        _plan_and_apply(ctx, root, dry_run, plan_edit)


def _plan_and_apply(
    ctx: typer.Context, root: Path, dry_run: bool, plan_edit: Callable[[Workspace], PlannedEdit]
) -> None:
    from sendtrack.edit.planned import EditRefused, open_workspace
    from sendtrack.store.edits import EditError

    workspace = open_workspace(root, date.today(), model_cache(ctx, root))
    try:
        plan = plan_edit(workspace)
    except (EditRefused, EditError) as exc:
        raise refuse(exc) from None
    files = write(plan, dry_run)
    if files:
        typer.echo(escape_terminal(f"{'; '.join(plan.summary)} ({', '.join(files)})"))


def update(
    ctx: typer.Context,
    milestone_id: Annotated[str, typer.Argument(metavar="ID", help="The milestone's id.")],
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            metavar="STATUS",
            callback=words(list(StatusChoice)),
            help="The status the lead reports: not started, in progress or complete.",
        ),
    ] = None,
    on: Annotated[
        str | None, typer.Option("--on", help="When it happened (default today).")
    ] = None,
    note: Annotated[
        str | None,
        typer.Option("--note", help="What changed, in a sentence.", callback=free_text),
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help=DRY_RUN_HELP)] = False,
) -> None:
    """Set a milestone's status (and its start or completion date), logging an update."""
    from sendtrack.plan import edits as plan_edits

    if status is None and note is None:
        raise fail("nothing to update: give --status, --note or both")  # a usage error
    day = parse_day_option(on, "--on") or date.today()
    chosen: MilestoneStatus | None = _STATUSES[StatusChoice(status)] if status else None
    _run(ctx, dry_run, lambda ws: plan_edits.update(ws, milestone_id, chosen, day, note))


def reprofile(
    ctx: typer.Context,
    milestone_id: Annotated[str, typer.Argument(metavar="ID", help="The milestone's id.")],
    reason: Annotated[
        str, typer.Option("--reason", help="Why the date moves.", callback=free_text)
    ],
    to: Annotated[
        str | None,
        typer.Option("--to", help="The new due date (a month means its last day)."),
    ] = None,
    agreed_at: Annotated[str | None, typer.Option("--agreed-at", help=MEETING_HELP)] = None,
    proposed: Annotated[
        bool, typer.Option("--proposed", help="Record it as proposed, awaiting the board.")
    ] = False,
    on: Annotated[
        str | None,
        typer.Option("--on", help="When it was proposed (default today)."),
    ] = None,
    revise: Annotated[
        bool,
        typer.Option(
            "--revise",
            help="With --proposed: replace the proposal awaiting the board (it is kept, "
            "marked withdrawn).",
        ),
    ] = False,
    withdraw_proposal: Annotated[
        bool,
        typer.Option(
            "--withdraw-proposal",
            help="Take back the proposal awaiting the board (kept, marked withdrawn); "
            "--reason says why.",
        ),
    ] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help=DRY_RUN_HELP)] = False,
) -> None:
    """Move a milestone's date: the baseline stays, a re-profile entry is appended; or
    revise or withdraw a proposal awaiting the board."""
    from sendtrack.plan import edits as plan_edits

    day = parse_day_option(on, "--on")
    if withdraw_proposal:
        if to is not None or agreed_at is not None or proposed or revise:
            raise typer.BadParameter(
                "--withdraw-proposal takes only --reason (and --on); nothing else changes"
            )
        _run(ctx, dry_run, lambda ws: plan_edits.withdraw_proposal(ws, milestone_id, reason, day))
        return
    if (agreed_at is None) == (not proposed):
        raise typer.BadParameter("give exactly one of --agreed-at MEETING or --proposed")
    new_date = parse_day_option(to, "--to")
    if new_date is None:
        raise typer.BadParameter("a new date is required", param_hint="--to")
    _run(
        ctx,
        dry_run,
        lambda ws: plan_edits.reprofile(
            ws, milestone_id, new_date, reason, agreed_at, proposed, day, revise
        ),
    )


def at_risk(
    ctx: typer.Context,
    milestone_id: Annotated[str, typer.Argument(metavar="ID", help="The milestone's id.")],
    reason: Annotated[
        str | None,
        typer.Option(
            "--reason", help="What puts it at risk (it counts as delayed).", callback=free_text
        ),
    ] = None,
    clear: Annotated[bool, typer.Option("--clear", help="It is no longer at risk.")] = False,
    on: Annotated[
        str | None, typer.Option("--on", help="When it was judged (default today).")
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help=DRY_RUN_HELP)] = False,
) -> None:
    """Mark a milestone at risk with a reason, or clear the mark, logging an update."""
    if (reason is None) == (not clear):
        raise typer.BadParameter("give exactly one of --reason TEXT or --clear")
    from sendtrack.plan import edits as plan_edits

    day = parse_day_option(on, "--on") or date.today()
    _run(ctx, dry_run, lambda ws: plan_edits.at_risk(ws, milestone_id, reason, day))


def agree(
    ctx: typer.Context,
    milestone_id: Annotated[str, typer.Argument(metavar="ID", help="The milestone's id.")],
    agreed_at: Annotated[str, typer.Option("--agreed-at", help=MEETING_HELP)],
    to: Annotated[
        str | None,
        typer.Option("--to", help="Which proposal, by its date, if there are several."),
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help=DRY_RUN_HELP)] = False,
) -> None:
    """Record that a board agreed a proposed re-profile: the proposal gains agreed_at."""
    from sendtrack.plan import edits as plan_edits

    which = parse_day_option(to, "--to")
    _run(ctx, dry_run, lambda ws: plan_edits.agree(ws, milestone_id, agreed_at, which))


def withdraw(
    ctx: typer.Context,
    milestone_id: Annotated[str, typer.Argument(metavar="ID", help="The milestone's id.")],
    reason: Annotated[
        str, typer.Option("--reason", help="Why it no longer counts.", callback=free_text)
    ],
    agreed_at: Annotated[str, typer.Option("--agreed-at", help=MEETING_HELP)],
    superseded_by: Annotated[
        str | None, typer.Option("--superseded-by", help="The milestone that replaces it.")
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help=DRY_RUN_HELP)] = False,
) -> None:
    """Withdraw or supersede a milestone, as a board agreed; it leaves the denominators."""
    from sendtrack.plan import edits as plan_edits

    _run(
        ctx,
        dry_run,
        lambda ws: plan_edits.withdraw(ws, milestone_id, reason, agreed_at, superseded_by),
    )
