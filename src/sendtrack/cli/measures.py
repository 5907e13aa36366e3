"""`sendtrack measures`: the impact scorecard, importing published figures, recording one."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sendtrack.cli.common import (
    AS_OF_HELP,
    AS_RECORDED_HELP,
    EXIT_PROBLEMS,
    OutputFormat,
    as_of_or_today,
    fail,
    load_listing,
    model_cache,
    terminal,
    writing,
)
from sendtrack.cli.plan_edit import DRY_RUN_HELP
from sendtrack.core.escaping import escape_terminal

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sendtrack.core.problems import Problem
    from sendtrack.edit.planned import PlannedEdit, Workspace

measures_app = typer.Typer(
    name="measures",
    help="Impact measures: the scorecard (no subcommand), import published figures, record one.",
    invoke_without_command=True,
    no_args_is_help=False,
    rich_markup_mode=None,
)


def register(app: typer.Typer) -> None:
    app.add_typer(measures_app, name="measures")


@measures_app.callback(invoke_without_command=True)
def measures(
    ctx: typer.Context,
    as_of: Annotated[str | None, typer.Option("--as-of", metavar="DATE", help=AS_OF_HELP)] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="text, json or markdown.")
    ] = OutputFormat.text,
    as_recorded: Annotated[bool, typer.Option("--as-recorded", help=AS_RECORDED_HELP)] = False,
) -> None:
    """The impact scorecard: each measure's latest figure, its target for that period,
    health with the reason, direction of travel, England and neighbours."""
    if ctx.invoked_subcommand is not None:
        return
    from sendtrack.measures.scorecard import build_scorecard
    from sendtrack.render.measures import render_json, render_markdown, render_text

    day = as_of_or_today(as_of)
    repo = load_listing(ctx, day, as_recorded, json=output_format is OutputFormat.json)
    scorecard = build_scorecard(repo, day)
    term = terminal(ctx)
    if output_format is OutputFormat.json:
        text = render_json(scorecard)
    elif output_format is OutputFormat.markdown:
        text = escape_terminal(render_markdown(scorecard))
    else:
        text = render_text(scorecard, term)
    typer.echo(text, nl=False, color=term.colour)


def _workspace(ctx: typer.Context, root: Path) -> Workspace:
    from sendtrack.edit.planned import open_workspace

    return open_workspace(root, date.today(), model_cache(ctx, root))


def _write(plan: PlannedEdit, dry_run: bool) -> None:
    from sendtrack.edit.planned import EditRefused
    from sendtrack.store.edits import EditError

    try:
        if dry_run:
            typer.echo(plan.diff(), nl=False)
            problems = plan.new_problems()
            if problems:
                raise EditRefused("the edit would make the repository invalid", problems)
            typer.echo(escape_terminal(f"dry run: {'; '.join(plan.summary)}; nothing written"))
            return
        changes = plan.commit()
    except (EditRefused, EditError) as exc:
        _echo_problems(exc.problems)
        raise fail(f"{exc}; nothing written", EXIT_PROBLEMS) from None
    files = ", ".join(change.file for change in changes) or "no file changed"
    typer.echo(escape_terminal(f"{'; '.join(plan.summary)} ({files})"))


def _echo_problems(problems: Sequence[Problem]) -> None:
    for problem in problems:
        where = problem.file + (f":{problem.line}:{problem.column}" if problem.line else "")
        typer.echo(
            escape_terminal(
                f"{where}: {problem.code} {problem.message}"
                + (f" (hint: {problem.hint})" if problem.hint else "")
            ),
            err=True,
        )


@measures_app.command("import")
def import_figures(
    ctx: typer.Context,
    files: Annotated[
        list[Path], typer.Argument(metavar="FILE...", help="Published CSV files to read.")
    ],
    dry_run: Annotated[bool, typer.Option("--dry-run", help=DRY_RUN_HELP)] = False,
    accept_revisions: Annotated[
        bool,
        typer.Option(
            "--accept-revisions",
            help="Apply published values that differ from recorded ones (the old value is "
            "kept under 'previous').",
        ),
    ] = False,
) -> None:
    """Add published figures (and comparators) that are not recorded yet, using each
    measure's source mapping. Recorded figures never change unless --accept-revisions.

    A write holds the repository's lock from the first read to the last rename."""
    with writing(ctx, dry_run) as root:
        for file in files:
            _import_one(ctx, root, file, dry_run, accept_revisions)


def _import_one(
    ctx: typer.Context, root: Path, file: Path, dry_run: bool, accept_revisions: bool
) -> None:
    from sendtrack.edit.planned import EditRefused
    from sendtrack.measures.edits import apply_import
    from sendtrack.measures.importer import read_published

    workspace = _workspace(ctx, root)
    _refuse_unloaded_measures(workspace)
    report = read_published(file, workspace.repo.measures)
    if report.problems:
        _echo_problems(report.problems)
        raise fail(f"{file.name} cannot be imported; nothing written", EXIT_PROBLEMS)
    for revision in report.revisions:
        item = revision.published
        series = f" ({item.series})" if item.series else ""
        recorded = revision.recorded
        was = recorded.unavailable if recorded.value is None else f"{recorded.value:g}"
        typer.echo(
            escape_terminal(
                f"revision: {item.measure}{series} {item.period}: recorded {was}, "
                f"{file.name} row {item.row} publishes {item.shown()}"
                + ("" if accept_revisions else " (not applied; --accept-revisions applies it)")
            )
        )
    if not report.additions and not (accept_revisions and report.revisions):
        typer.echo(
            escape_terminal(
                f"{file.name}: nothing new for {', '.join(report.measures)} "
                f"({report.unchanged} figures already recorded)"
            )
        )
        return
    try:
        plan = apply_import(workspace, report, accept_revisions=accept_revisions)
    except EditRefused as exc:
        _echo_problems(exc.problems)
        raise fail(f"{exc}; nothing written", EXIT_PROBLEMS) from None
    _write(plan, dry_run)


def _refuse_unloaded_measures(workspace: Workspace) -> None:
    """An import matched against half the measures would silently skip the rest."""
    from sendtrack.core.problems import Severity

    broken = [
        p
        for p in workspace.problems
        if p.severity is Severity.ERROR and p.file.startswith("measures/")
    ]
    if broken:
        _echo_problems(broken)
        raise fail("a measures file has problems; fix them first; nothing written", EXIT_PROBLEMS)


def _git_user(root: Path) -> str | None:
    try:
        done = subprocess.run(
            ["git", "config", "user.name"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    name = done.stdout.strip()
    return name or None


@measures_app.command("record")
def record(
    ctx: typer.Context,
    measure_id: Annotated[str, typer.Argument(metavar="ID", help="The measure's id.")],
    period: Annotated[
        str, typer.Option("--period", metavar="PERIOD", help="e.g. 2025, 2024/25, 2025-03.")
    ],
    value: Annotated[
        str,
        typer.Option("--value", metavar="VALUE", help="The figure, or c, x, z, low or NA."),
    ],
    note: Annotated[str | None, typer.Option("--note", metavar="TEXT", help="Context.")] = None,
    by: Annotated[
        str | None,
        typer.Option("--by", metavar="NAME", help="Who entered it (default: git user.name)."),
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help=DRY_RUN_HELP)] = False,
) -> None:
    """Enter a local figure for a period (one not published in a file)."""
    from sendtrack.edit.planned import EditRefused
    from sendtrack.measures.edits import record as record_figure

    with writing(ctx, dry_run) as root:
        workspace = _workspace(ctx, root)
        who = by or _git_user(workspace.root)
        if who is None:
            raise fail("say who entered the figure with --by NAME")
        try:
            plan = record_figure(workspace, measure_id, period, value, by=who, note=note)
        except EditRefused as exc:
            _echo_problems(exc.problems)
            raise fail(f"{exc}; nothing written", EXIT_PROBLEMS) from None
        _write(plan, dry_run)
