"""`sendtrack diff [BASE [HEAD]]`: what changed in the plan between two revisions."""

from __future__ import annotations

from typing import Annotated

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
) -> None:
    """Show what changed in the plan, matching items by id: milestones, re-profiles,
    health, board actions, risks and meetings. Default: HEAD against the working tree."""
    from sendtrack.render import diff as render
    from sendtrack.render.problems import render_text
    from sendtrack.review.diff import DiffReport, compare
    from sendtrack.store.history import HistoryError, Snapshot, read_revision
    from sendtrack.store.yamlio import source_lookup

    root = repo_root(ctx)
    day = as_of_or_today(as_of)
    try:
        # Read-only use of the cache (never saved here): unchanged files are not re-read.
        old = read_revision(root, base, cache=model_cache(ctx, root))
        new = read_revision(root, head, cache=model_cache(ctx, root))
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

    report = DiffReport(
        old.revision.label, new.revision.label, day, tuple(compare(old.repo, new.repo, day))
    )
    if output_format is OutputFormat.json:
        typer.echo(render.render_json(report), nl=False)
    elif output_format is OutputFormat.markdown:
        typer.echo(render.render_markdown(report), nl=False)
    else:
        typer.echo(render.render_text(report), nl=False)
    if exit_code and report.changes:
        raise typer.Exit(EXIT_PROBLEMS)
    raise typer.Exit(EXIT_OK)
