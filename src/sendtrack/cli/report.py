"""`sendtrack report highlight|board-pack`: the papers the board reads, in one command.

Markdown, HTML (one self-contained, accessible page) or plain text. With no
``--format``, a paper printed to a terminal is text (laid out to its width) and anything
else is Markdown. With ``--output FILE`` the paper is written to FILE, and for Markdown
each chart is written beside it as ``<FILE stem>-<chart>.svg``; on stdout, or when FILE
is a device or a pipe, Markdown leaves its charts out with a note (their summaries give
the figures). How FILE and its charts are written (atomically, through a device, a link
only within its folder) is ``sendtrack.store.output``'s. Charts come from the chart
cache when their inputs are unchanged (``--no-cache``: drawn afresh), with progress on
a terminal while they are drawn. matplotlib, Jinja2 and the papers package are imported
inside the commands, so ``--help`` stays fast.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sendtrack.cli.common import (
    AS_OF_HELP,
    AS_RECORDED_HELP,
    as_of_or_today,
    earlier_output,
    fail,
    left_out,
    load_readable,
    load_recorded,
    options,
    parse_day_option,
    repo_root,
    terminal,
)
from sendtrack.cli.outputs import output_errors, write_file

if TYPE_CHECKING:
    from sendtrack.render.papers_layout import Document
    from sendtrack.store.output import Target
    from sendtrack.store.recorded import Record
    from sendtrack.store.repository import Repository

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
    text = "text"


def register(app: typer.Typer) -> None:
    app.add_typer(report_app, name="report")


def _draw_charts(ctx: typer.Context, document: Document) -> None:
    """Draw (or fetch from the chart cache) every chart, with progress on a terminal."""
    from sendtrack.cli.progress import progress
    from sendtrack.render.charts import draw_all
    from sendtrack.store.cache import ChartCache

    store = ChartCache() if options(ctx).cache else None
    with progress("Drawing charts", total=len(document.charts)) as step:
        draw_all(document.charts, store, on_chart=lambda chart: step(chart.title))


@dataclass
class Paper:
    """What a report command produces: the paper's text, and the charts written beside
    it (each a plain file name in the paper's own folder, and its SVG).

    Kept whole in the output cache (as JSON), so an identical run gives the same files
    and the same text without loading the repository or drawing a chart. Where they go
    is decided again on every run (``_deliver``), never taken from the cache.
    """

    text: str
    charts: list[tuple[str, str]] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps({"text": self.text, "charts": self.charts}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Paper | None:
        try:
            data = json.loads(text)
            charts = [(str(name), str(svg)) for name, svg in data["charts"]]
            return cls(str(data["text"]), charts)
        except (ValueError, KeyError, TypeError):
            return None


def _paper(
    ctx: typer.Context, document: Document, output_format: str, paper: Target | None
) -> Paper:
    """The paper (and, for Markdown written to a file, its charts) in ``output_format``.

    Charts are named after the file the paper really is (a link's target); a paper
    written through to a device or a pipe leaves them out, as on stdout."""
    term = terminal(ctx)
    if output_format == "html":
        from sendtrack.render.papers_html import render_html

        _draw_charts(ctx, document)
        return Paper(render_html(document))
    if output_format == "text":
        from sendtrack.render.console import Terminal
        from sendtrack.render.papers_text import render_text
        from sendtrack.render.terminal import DEFAULT_WIDTH

        # A file is laid out for 80 columns (or --width), whatever terminal wrote it.
        saved = Terminal(options(ctx).width or DEFAULT_WIDTH)
        return Paper(render_text(document, term if paper is None else saved))
    from sendtrack.render.papers_markdown import render_markdown

    if paper is None or paper.through:
        return Paper(render_markdown(document))  # charts left out, each with a note
    _draw_charts(ctx, document)
    names = {chart.key: f"{paper.real.stem}-{chart.key}.svg" for chart in document.charts}
    charts = [(names[chart.key], chart.svg + "\n") for chart in document.charts]
    return Paper(render_markdown(document, lambda chart: names[chart.key]), charts)


def _deliver(paper: Paper, destination: Target | None, colour: bool) -> None:
    """Print the paper, or write its charts and then it. Every path is decided before
    anything is written (``output.target``), so a refused chart leaves no paper and a
    refused paper no charts."""
    from sendtrack.store.output import contained, target

    if destination is None:
        typer.echo(paper.text, nl=False, color=colour)
        return
    with output_errors():
        places = [
            (target(contained(destination.real.parent, name)), svg) for name, svg in paper.charts
        ]
    for place, svg in places:
        write_file(place, svg)
    write_file(destination, paper.text)


def _report(
    ctx: typer.Context,
    command: str,
    parameters: list[str],
    output_format: str | None,
    output: Path | None,
    document: Callable[[], Document],
) -> None:
    """Every report command: resolve the format (no format: text for a terminal,
    Markdown for anything else), answer from the output cache when the data, day,
    options and code are as they were, else build ``document()``, render and keep it."""
    from sendtrack.store.cache import library_version
    from sendtrack.store.git import head_key
    from sendtrack.store.output import target

    with output_errors():
        destination = target(output) if output is not None else None
    term = terminal(ctx)
    chosen = output_format or ("text" if output is None and term.interactive else "markdown")
    # Everything the paper depends on beyond the data files, today and sendtrack's code
    # (which the cache's key covers): the options, where it goes (a link's target names
    # the charts; a device gets none), the terminal, the libraries that draw and render it.
    earlier = earlier_output(
        ctx,
        f"report {command}",
        *parameters,
        chosen,
        str(output),
        str(destination.real if destination else None),
        str(destination.through if destination else None),
        str(term.width),
        str(term.colour),
        str(options(ctx).width),
        library_version("matplotlib", "_version.py").decode("utf-8", "replace"),
        library_version("jinja2").decode("utf-8", "replace"),
        # What changed since the last board and the trend are read from git's record.
        head_key(repo_root(ctx)),
        kind="papers",
    )
    if earlier.text is not None:
        again = Paper.from_json(earlier.text)
        if again is not None:
            _deliver(again, destination, term.colour)
            return
    paper = _paper(ctx, _bannered(ctx, document()), chosen, destination)
    earlier.keep(paper.to_json())
    _deliver(paper, destination, term.colour)


def _bannered(ctx: typer.Context, document: Document) -> Document:
    """The paper, opening with what its figures leave out (if anything)."""
    found = left_out(ctx)
    if found is None:
        return document
    from sendtrack.render.papers_banner import with_banner

    return with_banner(document, *found.banner())


def _record(ctx: typer.Context) -> Record:
    """Git's record of the repository, for what changed since the last board, the
    trend and ``--as-recorded`` (one history, one object reader for all)."""
    from sendtrack.store.cache import ModelCache
    from sendtrack.store.recorded import Record

    root = repo_root(ctx)
    return Record(root, ModelCache(root, persist=False))


def _data(
    ctx: typer.Context, day: date, as_recorded: bool, record: Record
) -> tuple[Repository, str | None]:
    """The repository a paper reports on: today's (checked), or as committed by ``day``
    with the line naming the commit (outside git or before it, one line and exit 2)."""
    if not as_recorded:
        return load_readable(ctx), None
    repo, recorded = load_recorded(ctx, day, record)
    return repo, recorded


OUTPUT_HELP = "Write to FILE (Markdown charts go beside it as FILE-STEM-CHART.svg)."
FORMAT_HELP = (
    "markdown, html or text (default: text on a terminal, else markdown; on stdout "
    "Markdown leaves the charts out)."
)


@report_app.command("highlight")
def highlight(
    ctx: typer.Context,
    workstream: Annotated[
        str,
        typer.Option(
            "--workstream", "-w", help="A workstream: its id, name or another name, or 'all'."
        ),
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
        HighlightFormat | None, typer.Option("--format", "-f", help=FORMAT_HELP)
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", metavar="FILE", help=OUTPUT_HELP)
    ] = None,
    as_recorded: Annotated[bool, typer.Option("--as-recorded", help=AS_RECORDED_HELP)] = False,
) -> None:
    """A highlight report per workstream, shaped like PRINCE2's: health, this period,
    what changed since the last board, next period, exceptions, decisions needed, key
    risks and board actions."""

    def document() -> Document:
        from dataclasses import replace

        from sendtrack.papers.highlight import UnknownWorkstream, highlight_papers
        from sendtrack.papers.period import PeriodError
        from sendtrack.render.papers_highlight import highlight_document

        day = as_of_or_today(as_of)
        with _record(ctx) as record:
            repo, recorded = _data(ctx, day, as_recorded, record)
            try:
                papers = highlight_papers(repo, day, since, workstream, record)
            except (UnknownWorkstream, PeriodError) as exc:
                raise fail(str(exc)) from None
        if not papers.reports:
            from sendtrack.models.vocabulary import vocabulary

            raise fail(f"the partnership has no {vocabulary(repo.settings).grouping.words}")
        if recorded is not None:
            papers = replace(papers, notes=[recorded, *papers.notes])
        return highlight_document(papers)

    parameters = [workstream, str(since), str(as_of), str(as_recorded)]
    _report(ctx, "highlight", parameters, output_format and output_format.value, output, document)


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
        PackFormat | None, typer.Option("--format", "-f", help=FORMAT_HELP)
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", metavar="FILE", help=OUTPUT_HELP)
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Figures as of this date (default: the board's date if it is past, else today).",
        ),
    ] = None,
    as_recorded: Annotated[bool, typer.Option("--as-recorded", help=AS_RECORDED_HELP)] = False,
) -> None:
    """The board pack: overall status with the trend at each board, what changed since
    the last board, each workstream's highlight report, the re-profile register, the
    action log, the risk register with its heat map, and the forward plan."""

    def document() -> Document:
        from dataclasses import replace

        from sendtrack.board.common import BoardError
        from sendtrack.papers.board_pack import compute_board_pack, pack_day
        from sendtrack.render.papers_board_pack import board_pack_document

        today = date.today()
        try:
            with _record(ctx) as record:
                day = parse_day_option(as_of)
                if as_recorded and day is None:
                    # The pack's own date, found in today's data: its meeting's, or today.
                    day = pack_day(load_readable(ctx), today, meeting)
                repo, recorded = _data(ctx, day or today, as_recorded, record)
                pack = compute_board_pack(repo, today, meeting, day, record)
        except BoardError as exc:
            hint = f"; {exc.hint}" if exc.hint else ""
            raise fail(f"{exc}{hint}") from None
        if recorded is not None:
            pack = replace(pack, status=replace(pack.status, notes=[recorded, *pack.status.notes]))
        found = left_out(ctx)
        if found is not None:  # the pack's headline says what its figures leave out
            pack = replace(pack, status=replace(pack.status, excluded=found.excluded))
        return board_pack_document(pack)

    parameters = [str(meeting), str(as_of), str(as_recorded)]
    _report(ctx, "board-pack", parameters, output_format and output_format.value, output, document)
