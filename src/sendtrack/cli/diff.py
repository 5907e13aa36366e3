"""`sendtrack diff [BASE [HEAD]]`: what changed in the plan between two revisions."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sendtrack.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    OutputFormat,
    as_of_or_today,
    fail,
    model_cache,
    repo_root,
)
from sendtrack.core.dates import ACCEPTED_FORMS

if TYPE_CHECKING:
    from sendtrack.store.cache import ModelCache
    from sendtrack.store.history import Snapshot
    from sendtrack.store.repository import Repository


def register(app: typer.Typer) -> None:
    app.command("diff")(diff)


def diff(
    ctx: typer.Context,
    base: Annotated[
        str,
        typer.Argument(
            metavar="BASE", help="The revision to compare from: commit, branch, tag, HEAD~1."
        ),
    ] = "HEAD",
    head: Annotated[
        str | None,
        typer.Argument(
            metavar="HEAD", help="The revision to compare to (default: the working tree)."
        ),
    ] = None,
    output_format: Annotated[
        OutputFormat,
        typer.Option("--format", "-f", help="text, markdown (for a pull request) or json."),
    ] = OutputFormat.text,
    exit_code: Annotated[
        bool, typer.Option("--exit-code", help="Exit 1 if anything changed, 0 if nothing did.")
    ] = False,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help=f"Judge health and colour on this date (default today). Forms: {ACCEPTED_FORMS}.",
        ),
    ] = None,
    since_board: Annotated[
        bool,
        typer.Option(
            "--since-board",
            help="Compare the data as recorded on the day of the last held board (by the "
            "as-of date) with the working tree: what the next papers report as changed.",
        ),
    ] = False,
) -> None:
    """Show what changed in the plan, matching items by id: milestones, re-profiles,
    health, board actions, risks, measures and meetings. Default: HEAD against the
    working tree."""
    from sendtrack.render import diff as render
    from sendtrack.render.problems import render_text
    from sendtrack.review.diff import DiffReport, compare
    from sendtrack.store.history import HistoryError, read_revision
    from sendtrack.store.yamlio import source_lookup

    root = repo_root(ctx)
    day = as_of_or_today(as_of)
    if since_board and (base != "HEAD" or head is not None):
        raise fail("--since-board chooses what to compare: give no BASE or HEAD with it")
    board_day: date | None = None
    try:
        # Read-only use of the cache (never saved here): unchanged files are not re-read.
        new = read_revision(root, head, cache=model_cache(ctx, root))
        if since_board:
            old, board_day = _last_board(root, new.repo, day, model_cache(ctx, root))
        else:
            old = read_revision(root, base, cache=model_cache(ctx, root))
    except HistoryError as exc:
        raise fail(str(exc)) from None

    def refuse(snapshot: Snapshot) -> typer.Exit:
        line_of = source_lookup(snapshot.repo.documents)
        report = render_text(snapshot.errors, line_of, len(snapshot.repo.documents))
        typer.echo(report, err=True, nl=False)
        return fail(
            f"cannot compare: {snapshot.revision.label} has files that do not load "
            "(see above); fix them first",
            EXIT_USAGE,
        )

    for snapshot in (old, new):
        if snapshot.errors:
            raise refuse(snapshot)

    # Since a board, the old side's health is the board's own, on its day.
    changes = compare(old.repo, new.repo, day, base_as_of=board_day)
    report = DiffReport(old.revision.label, new.revision.label, day, tuple(changes), board_day)
    if output_format is OutputFormat.json:
        typer.echo(render.render_json(report), nl=False)
    elif output_format is OutputFormat.markdown:
        typer.echo(render.render_markdown(report), nl=False)
    else:
        typer.echo(render.render_text(report), nl=False)
    if exit_code and report.changes:
        raise typer.Exit(EXIT_PROBLEMS)
    raise typer.Exit(EXIT_OK)


def _last_board(
    root: Path, repo: Repository, day: date, cache: ModelCache | None
) -> tuple[Snapshot, date]:
    """The repository as recorded on the day of the last board held by ``day``, and
    that day (``papers.since_board``: the papers' section reads the same record)."""
    from sendtrack.core.dates import long_form
    from sendtrack.papers.since_board import board_label, board_record
    from sendtrack.store.history import HistoryError, Revision, Snapshot
    from sendtrack.store.recorded import Record

    held = [m for m in repo.meetings if m.status == "held" and m.date <= day]
    if not held:
        raise HistoryError(f"no board has been held by {long_form(day)}: nothing to compare with")
    board = max(held, key=lambda m: (m.date, m.id))
    with Record(root, cache) as record:
        recorded = board_record(record, board.date)
    commit = recorded.commit.id
    revision = Revision(commit, board_label(recorded), commit)
    return Snapshot(revision, recorded.repo, recorded.problems), board.date
