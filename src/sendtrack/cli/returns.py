"""`sendtrack returns make|apply|missing`: lead returns, one workbook out, one change back.

``make`` writes one XLSX (or Markdown form) per lead into a folder; ``apply`` reads the
returned files and shows (``--dry-run``) or writes their rows as one edit; ``missing``
lists the leads to chase. The library (``sendtrack.returns``) does the work.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from sendtrack.cli.common import (
    AS_OF_HELP,
    EXIT_PROBLEMS,
    OutputFormat,
    as_of_or_today,
    fail,
    load_valid,
    model_cache,
    parse_day_option,
    repo_root,
    terminal,
)

returns_app = typer.Typer(
    name="returns",
    help="Lead returns: a workbook per lead to fill in (make), the filled ones turned into "
    "one reviewed change (apply), and the leads to chase (missing).",
    no_args_is_help=True,
    rich_markup_mode=None,
)


class FormFormat(StrEnum):
    xlsx = "xlsx"
    markdown = "markdown"


def register(app: typer.Typer) -> None:
    app.add_typer(returns_app, name="returns")


def write_output(folder: Path, name: str, data: str | bytes) -> Path:
    """A return written into the chosen folder by the rules every --output follows
    (``store.output``): its name must stay inside the folder, a device or link is never
    replaced, a failed write is one line and exit 1."""
    from sendtrack.cli.outputs import output_errors
    from sendtrack.store.output import contained
    from sendtrack.store.output import write_output as write

    with output_errors():
        folder.mkdir(parents=True, exist_ok=True)
        return write(contained(folder, name), data).path


def _commit(root: Path) -> str | None:
    """The commit the data is at, if the repository is in git."""
    from sendtrack.store.history import HistoryError, resolve

    try:
        return resolve(root, "HEAD").commit
    except HistoryError:
        return None


@returns_app.command("make")
def make(
    ctx: typer.Context,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The folder to write the returns into.")
    ],
    lead: Annotated[str | None, typer.Option("--lead", help="One lead's return.")] = None,
    workstream: Annotated[
        str | None,
        typer.Option(
            "--workstream",
            help="A return for each lead of this workstream (id, name or another name).",
        ),
    ] = None,
    everyone: Annotated[bool, typer.Option("--all", help="A return for every lead.")] = False,
    as_of: Annotated[str | None, typer.Option("--as-of", help=AS_OF_HELP)] = None,
    output_format: Annotated[
        FormFormat,
        typer.Option("--format", "-f", help="xlsx, or markdown for leads without a spreadsheet."),
    ] = FormFormat.xlsx,
) -> None:
    """Write one return per lead: their live milestones and open board actions, with
    columns to fill in (new status, date, note, proposed new date and reason, at risk)."""
    if sum((lead is not None, workstream is not None, everyone)) != 1:
        raise typer.BadParameter("give exactly one of --lead NAME, --workstream ID or --all")
    from sendtrack.render.returns import markdown_form
    from sendtrack.returns.leads import ReturnsError, select
    from sendtrack.returns.make import build_returns, to_xlsx
    from sendtrack.returns.words import words_for

    day = as_of_or_today(as_of)
    if output.exists() and not output.is_dir():
        raise fail(f"{output} is a file; --output names the folder the returns go in")
    repo = load_valid(ctx)
    try:
        works = select(repo, lead=lead, workstream=workstream)
    except ReturnsError as exc:
        typer.echo(f"sendtrack: {exc}", err=True)
        if exc.hint:
            typer.echo(f"  hint: {exc.hint}", err=True)
        raise typer.Exit(EXIT_PROBLEMS) from None
    books = build_returns(repo, works, as_of=day, made_on=date.today(), commit=_commit(repo.root))
    for book in books:
        if output_format is FormFormat.xlsx:
            name, data = f"{book.file_stem}.xlsx", to_xlsx(book)
        else:
            name, data = f"{book.file_stem}.md", markdown_form(book).encode("utf-8")
        target = write_output(output, name, data)
        typer.echo(
            f"wrote {target} ({book.lead}: "
            + _count(len(book.milestones), book.words.milestone, book.words.milestones)
            + ", "
            + _count(len(book.actions), "board action", "board actions")
            + (", " + _count(len(book.measures), "measure", "measures") if book.measures else "")
            + ")"
        )
    if not books:
        tracked = words_for(repo).milestones
        typer.echo(f"no lead has live {tracked} or open board actions: nothing written")


@returns_app.command("apply")
def apply(
    ctx: typer.Context,
    files: Annotated[
        list[Path], typer.Argument(metavar="FILE...", help="Returned workbooks or forms.")
    ],
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Print the diff and a summary per lead; write nothing."),
    ] = False,
) -> None:
    """Turn the filled rows of returned workbooks into the ordinary edits, as one change.

    A row that cannot be applied is reported as FILE:Sheet!C12 with a hint and skipped,
    never half-applied; the rest applies. Applying the same return again changes nothing."""
    from sendtrack.edit.planned import EditRefused, open_workspace
    from sendtrack.render.returns import render_apply, render_apply_problems
    from sendtrack.returns.apply import apply_returns
    from sendtrack.returns.read import read_return

    root = repo_root(ctx)
    load_valid(ctx)  # a repository with errors is reported and nothing is planned
    workspace = open_workspace(root, date.today(), model_cache(ctx, root))
    books = [read_return(path, str(path)) for path in files]
    report = apply_returns(workspace, books)
    problems = render_apply_problems(report)
    if dry_run:
        typer.echo(report.plan.diff(), nl=False)
    try:
        if not dry_run:
            report.plan.commit()
    except EditRefused as exc:
        typer.echo(render_apply(report), nl=False)
        typer.echo(problems, err=True, nl=False)
        for problem in exc.problems:
            typer.echo(f"{problem.file}:{problem.line}:{problem.column}: {problem.code} "
                       f"{problem.message}", err=True)  # fmt: skip
        raise fail(f"{exc}; nothing written", EXIT_PROBLEMS) from None
    typer.echo(render_apply(report), nl=False)
    typer.echo(problems, err=True, nl=False)
    refused = sum(lead.refused for lead in report.leads)
    done = "would apply" if dry_run else "applied"
    closing = f"{done} {report.applied} row{'s' if report.applied != 1 else ''}"
    if refused:
        closing += f"; {refused} refused (above), nothing of them written"
    if dry_run:
        closing += "; dry run: nothing written"
    typer.echo(closing)
    if report.errors:
        raise typer.Exit(EXIT_PROBLEMS)


@returns_app.command("missing")
def missing(
    ctx: typer.Context,
    since: Annotated[
        str | None,
        typer.Option("--since", help="Count updates from this day (default: the last board)."),
    ] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help=AS_OF_HELP)] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="text, json or markdown.")
    ] = OutputFormat.text,
) -> None:
    """Leads with live milestones and no update since the last board, with counts."""
    from sendtrack.render.returns import render_missing
    from sendtrack.returns.leads import ReturnsError
    from sendtrack.returns.missing import missing_updates

    day = as_of_or_today(as_of)
    start = parse_day_option(since)
    repo = load_valid(ctx)
    try:
        report = missing_updates(repo, day, start)
    except ReturnsError as exc:
        typer.echo(f"sendtrack: {exc}", err=True)
        if exc.hint:
            typer.echo(f"  hint: {exc.hint}", err=True)
        raise typer.Exit(EXIT_PROBLEMS) from None
    typer.echo(render_missing(report, output_format.value, terminal(ctx)), nl=False)


def _count(number: int, one: str, many: str) -> str:
    """'1 milestone', '3 milestones'."""
    return f"{number} {one if number == 1 else many}"
