"""`sendtrack report highlight|board-pack`: the papers the board reads, in one command.

Markdown (default), HTML (one self-contained, accessible page) or, for the highlight
report, plain text. With ``--output FILE`` the paper is written to FILE, and for Markdown
each chart is written beside it as ``<FILE stem>-<chart>.svg``; without, or when FILE is
a device or a pipe, the paper goes there whole (Markdown then embeds its charts as
``data:`` URIs). How FILE is written (atomically, through a device, a link) is
``sendtrack.store.output``'s. matplotlib, Jinja2 and the papers package are imported inside
the commands, so ``--help`` stays fast.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sendtrack.cli.common import AS_OF_HELP, as_of_or_today, fail, load_valid, parse_day_option
from sendtrack.cli.outputs import output_errors, write_file

if TYPE_CHECKING:
    from sendtrack.render.papers_layout import Document

report_app = typer.Typer(
    help="Board papers: highlight reports and the board pack (Markdown, HTML, text).",
    no_args_is_help=True,
)


class HighlightFormat(StrEnum):
    markdown = "markdown"
    html = "html"
    text = "text"


class PackFormat(StrEnum):
    markdown = "markdown"
    html = "html"


def register(app: typer.Typer) -> None:
    app.add_typer(report_app, name="report")


def _emit(document: Document, output_format: str, output: Path | None) -> None:
    """Render and print, or write the paper (and, for Markdown, its charts) to ``output``.

    Every path is decided before anything is written (``output.target``), so a refused
    chart leaves no paper and a refused paper no charts. Charts go beside the file the
    paper really is (a link's target), named after it; a paper written through to a
    device or a pipe embeds them, as on stdout.
    """
    from sendtrack.store.output import contained, target

    with output_errors():
        paper = target(output) if output is not None else None
    if output_format == "html":
        from sendtrack.render.papers_html import render_html

        text = render_html(document)
    elif output_format == "text":
        from sendtrack.render.papers_text import render_text

        text = render_text(document)
    else:
        from sendtrack.render.papers_markdown import data_uri, render_markdown

        if paper is None or paper.through:
            text = render_markdown(document, data_uri)
        else:
            names = {chart.key: f"{paper.real.stem}-{chart.key}.svg" for chart in document.charts}
            with output_errors():
                charts = [
                    (chart, target(contained(paper.real.parent, names[chart.key])))
                    for chart in document.charts
                ]
            for chart, place in charts:
                write_file(place, chart.svg + "\n")
            text = render_markdown(document, lambda chart: names[chart.key])
    if paper is None:
        typer.echo(text, nl=False)
        return
    write_file(paper, text)


OUTPUT_HELP = "Write to FILE (Markdown charts go beside it as FILE-STEM-CHART.svg)."


@report_app.command("highlight")
def highlight(
    ctx: typer.Context,
    workstream: Annotated[
        str, typer.Option("--workstream", "-w", help="A workstream id, or 'all'.")
    ] = "all",
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="Start of the period: a meeting (id or date) or any date "
            "(default: the last board held before the as-of date).",
        ),
    ] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help=AS_OF_HELP)] = None,
    output_format: Annotated[
        HighlightFormat, typer.Option("--format", "-f", help="markdown, html or text.")
    ] = HighlightFormat.markdown,
    output: Annotated[Path | None, typer.Option("--output", "-o", help=OUTPUT_HELP)] = None,
) -> None:
    """A highlight report per workstream, shaped like PRINCE2's: health, this period,
    next period, exceptions, decisions needed, key risks and board actions."""
    from sendtrack.papers.highlight import UnknownWorkstream, highlight_papers
    from sendtrack.papers.period import PeriodError
    from sendtrack.render.papers_highlight import highlight_document

    day = as_of_or_today(as_of)
    repo = load_valid(ctx)
    try:
        papers = highlight_papers(repo, day, since, workstream)
    except (UnknownWorkstream, PeriodError) as exc:
        raise fail(str(exc)) from None
    if not papers.reports:
        raise fail("the partnership has no workstreams")
    _emit(highlight_document(papers), output_format.value, output)


@report_app.command("board-pack")
def board_pack(
    ctx: typer.Context,
    meeting: Annotated[
        str | None,
        typer.Option(
            "--meeting",
            help="The board the pack is for, by id or date (default: the next board).",
        ),
    ] = None,
    output_format: Annotated[
        PackFormat, typer.Option("--format", "-f", help="markdown or html.")
    ] = PackFormat.markdown,
    output: Annotated[Path | None, typer.Option("--output", "-o", help=OUTPUT_HELP)] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Figures as of this date (default: the board's date if it is past, else today).",
        ),
    ] = None,
) -> None:
    """The board pack: overall status, each workstream's highlight report, the re-profile
    register, the action log, the risk register with its heat map, and the forward plan."""
    from sendtrack.board.common import BoardError
    from sendtrack.papers.board_pack import compute_board_pack
    from sendtrack.render.papers_board_pack import board_pack_document

    day = parse_day_option(as_of)
    repo = load_valid(ctx)
    try:
        pack = compute_board_pack(repo, date.today(), meeting, day)
    except BoardError as exc:
        hint = f"; {exc.hint}" if exc.hint else ""
        raise fail(f"{exc}{hint}") from None
    _emit(board_pack_document(pack), output_format.value, output)
