"""`sendtrack check`: every problem in the repository, in one pass."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from sendtrack.cli import common
from sendtrack.cli.common import (
    AS_OF_HELP,
    EXIT_OK,
    EXIT_PROBLEMS,
    as_of_or_today,
    fail,
    model_cache,
    repo_root,
)


class CheckFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


def register(app: typer.Typer) -> None:
    app.command("check")(check)


def check(
    ctx: typer.Context,
    output_format: Annotated[
        CheckFormat, typer.Option("--format", "-f", help="text, json or github annotations.")
    ] = CheckFormat.text,
    as_of: Annotated[str | None, typer.Option("--as-of", help=AS_OF_HELP)] = None,
    base: Annotated[
        str | None,
        typer.Option(
            "--base",
            metavar="REV",
            help="Also refuse rewriting the record kept in this git revision: baseline "
            "dates edited, agreed re-profiles changed or removed, milestones, risks or "
            "board actions deleted, ids reused.",
        ),
    ] = None,
) -> None:
    """Validate every file and cross-file rule; exit 1 if anything is wrong."""
    from sendtrack.checks.validate import check_repository
    from sendtrack.cli.progress import progress
    from sendtrack.render.problems import render_github, render_json, render_text
    from sendtrack.store.loader import data_files
    from sendtrack.store.yamlio import source_lookup

    root = repo_root(ctx)
    day = as_of_or_today(as_of)
    files = data_files(root)
    # A bar only where reading takes a while (a large repository, a cold cache).
    with progress("Checking", total=len(files) if len(files) > 200 else 0) as step:
        result = check_repository(
            root, day, cache=model_cache(ctx, root), on_file=step, read_ahead=common.OWN_PROCESS
        )
    if base is not None:
        from sendtrack.core.problems import Problem
        from sendtrack.review.baseline import check_against_base
        from sendtrack.store.history import HistoryError, read_revision

        try:
            # A cache of its own, never saved: the base's files must not replace the
            # working tree's entries, but the many files they share are not re-read.
            old = read_revision(root, base, cache=model_cache(ctx, root))
        except HistoryError as exc:
            raise fail(str(exc)) from None
        result.problems.extend(check_against_base(old.repo, result.repo, old.revision.label))
        result.problems.sort(key=Problem.sort_key)
    if output_format is CheckFormat.json:
        typer.echo(render_json(result.problems), nl=False)
    elif output_format is CheckFormat.github:
        typer.echo(render_github(result.problems), nl=False)
    else:
        line_of = source_lookup(result.repo.documents)
        # Every data file counts, the ones that failed to parse too: they were checked.
        typer.echo(render_text(result.problems, line_of, len(files)), nl=False)
    raise typer.Exit(EXIT_OK if result.ok else EXIT_PROBLEMS)
