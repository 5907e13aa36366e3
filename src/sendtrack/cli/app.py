"""The Typer application: global options, and one register() per command module."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sendtrack import __version__
from sendtrack.cli import (
    actions,
    check,
    diff,
    export,
    init,
    measures,
    meetings,
    migrate,
    milestones,
    plan_edit,
    recover,
    report,
    returns,
    risks,
    schema,
    status,
    trend,
)
from sendtrack.cli.common import GlobalOptions

app = typer.Typer(
    name="sendtrack",
    help="Keep a SEND Priority Action Plan, board actions, risks and meetings as YAML in "
    "git, and turn them into the figures and papers an improvement board runs on.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"sendtrack {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    repo: Annotated[
        Path | None,
        typer.Option(
            "--repo",
            help="The repository (default: found by walking up from here, or $SENDTRACK_REPO).",
        ),
    ] = None,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks of internal errors.")
    ] = False,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Read every file afresh; do not use or update the cache of validated "
            "files (kept in the user cache folder, or $SENDTRACK_CACHE_DIR).",
        ),
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=_version, is_eager=True, help="Print the version."
        ),
    ] = False,
) -> None:
    ctx.obj = GlobalOptions(repo=repo, debug=debug, cache=not no_cache)


for module in (
    check,
    init,
    diff,
    status,
    milestones,
    plan_edit,
    actions,
    risks,
    meetings,
    measures,
    schema,
    report,
    export,
    migrate,
    recover,
    trend,
    returns,
):
    module.register(app)
