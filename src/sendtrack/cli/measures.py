"""`sendtrack measures`: the impact scorecard, importing published figures, recording one."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
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

    from sendtrack.cli.progress import Step
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


def _write(plan: PlannedEdit, dry_run: bool, said: Said | None = None) -> None:
    """Write (or, dry, show) the edit; with ``said``, what it says waits there."""
    from sendtrack.edit.planned import EditRefused
    from sendtrack.store.edits import EditError

    now = said or Said()
    try:
        if dry_run:
            now.out(plan.diff(), nl=False)
            problems = plan.new_problems()
            if problems:
                raise EditRefused("the edit would make the repository invalid", problems)
            now.out(escape_terminal(f"dry run: {'; '.join(plan.summary)}; nothing written"))
            return
        changes = plan.commit()
        files = ", ".join(change.file for change in changes) or "no file changed"
        now.out(escape_terminal(f"{'; '.join(plan.summary)} ({files})"))
    except (EditRefused, EditError) as exc:
        now.problems(exc.problems)
        raise now.stop(f"{exc}; nothing written") from None
    finally:
        if said is None:
            now.flush()


def _problem_line(problem: Problem) -> str:
    where = problem.file + (f":{problem.line}:{problem.column}" if problem.line else "")
    return escape_terminal(
        f"{where}: {problem.code} {problem.message}"
        + (f" (hint: {problem.hint})" if problem.hint else "")
    )


def _echo_problems(problems: Sequence[Problem]) -> None:
    for problem in problems:
        typer.echo(_problem_line(problem), err=True)


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

    A write holds the repository's lock from the first read to the last rename; each
    file's read, check and write is a step of a progress bar on a terminal."""
    from sendtrack.cli.progress import progress

    # Everything the import says waits until the bar is gone: while it is drawn on a
    # terminal, rich would route stdout through the bar's stderr console.
    said = Said()
    with writing(ctx, dry_run) as root:
        try:
            with progress("Importing", total=IMPORT_STEPS * len(files)) as step:
                for file in files:
                    _import_one(ctx, root, file, dry_run, accept_revisions, step, said)
        finally:
            said.flush()


IMPORT_STEPS = 3
"""A file's steps on the bar: repository loaded and checked, file read, edit written."""


@dataclass
class Said:
    """Lines for stdout and stderr, kept in order and printed together (``flush``)."""

    lines: list[tuple[str, bool, bool]] = field(default_factory=list)
    """(text, on stderr, newline after it)"""

    def out(self, text: str, *, nl: bool = True) -> None:
        self.lines.append((text, False, nl))

    def err(self, text: str) -> None:
        self.lines.append((text, True, True))

    def stop(self, message: str) -> typer.Exit:
        """As ``fail``: the message, then the Exit (1) to raise."""
        self.err(f"sendtrack: {escape_terminal(message)}")
        return typer.Exit(EXIT_PROBLEMS)

    def problems(self, problems: Sequence[Problem]) -> None:
        for problem in problems:
            self.err(_problem_line(problem))

    def flush(self) -> None:
        for text, err, nl in self.lines:
            typer.echo(text, err=err, nl=nl)
        self.lines.clear()


def _import_one(
    ctx: typer.Context,
    root: Path,
    file: Path,
    dry_run: bool,
    accept_revisions: bool,
    step: Step,
    said: Said,
) -> None:
    from sendtrack.edit.planned import EditRefused
    from sendtrack.measures.edits import apply_import
    from sendtrack.measures.importer import read_published

    workspace = _workspace(ctx, root)
    _refuse_unloaded_measures(workspace, said)
    step("repository checked")
    report = read_published(file, workspace.repo.measures)
    step(file.name)
    if report.problems:
        said.problems(report.problems)
        raise said.stop(f"{file.name} cannot be imported; nothing written")
    for revision in report.revisions:
        item = revision.published
        series = f" ({item.series})" if item.series else ""
        recorded = revision.recorded
        was = recorded.unavailable if recorded.value is None else f"{recorded.value:g}"
        said.out(
            escape_terminal(
                f"revision: {item.measure}{series} {item.period}: recorded {was}, "
                f"{file.name} row {item.row} publishes {item.shown()}"
                + ("" if accept_revisions else " (not applied; --accept-revisions applies it)")
            )
        )
    if not report.additions and not (accept_revisions and report.revisions):
        said.out(
            escape_terminal(
                f"{file.name}: nothing new for {', '.join(report.measures)} "
                f"({report.unchanged} figures already recorded)"
            )
        )
        step("nothing new")
        return
    try:
        plan = apply_import(workspace, report, accept_revisions=accept_revisions)
    except EditRefused as exc:
        said.problems(exc.problems)
        raise said.stop(f"{exc}; nothing written") from None
    _write(plan, dry_run, said)
    step("written" if not dry_run else "checked")


def _refuse_unloaded_measures(workspace: Workspace, said: Said) -> None:
    """An import matched against half the measures would silently skip the rest."""
    from sendtrack.core.problems import Severity

    broken = [
        p
        for p in workspace.problems
        if p.severity is Severity.ERROR and p.file.startswith("measures/")
    ]
    if broken:
        said.problems(broken)
        raise said.stop("a measures file has problems; fix them first; nothing written")


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
