"""`sendtrack trend`: the figures at every held board, as recorded then, from git."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from sendtrack.cli.common import (
    AS_OF_HELP,
    as_of_or_today,
    fail,
    load_readable,
    repo_root,
    terminal,
)
from sendtrack.core.escaping import escape_terminal


class TrendFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"
    csv = "csv"


def register(app: typer.Typer) -> None:
    app.command("trend")(trend)


def trend(
    ctx: typer.Context,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", metavar="DATE", help="Only boards held by then. " + AS_OF_HELP),
    ] = None,
    output_format: Annotated[
        TrendFormat, typer.Option("--format", "-f", help="text, json, markdown or csv.")
    ] = TrendFormat.text,
) -> None:
    """Figures at every held board, each read from the data as committed on its day:
    milestones started and completed, red and amber, measures on trajectory, open and
    overdue board actions, risks by band. Boards before the first commit: 'not recorded'."""
    from sendtrack.papers.trend import board_trend
    from sendtrack.render.trend import render_csv, render_json, render_markdown, render_text
    from sendtrack.store.history import HistoryError

    day = as_of_or_today(as_of)
    repo = load_readable(ctx)
    try:
        figures = board_trend(repo_root(ctx), repo, until=day)
    except HistoryError as exc:
        raise fail(str(exc)) from None
    if output_format is TrendFormat.json:
        text = render_json(figures)
    elif output_format is TrendFormat.markdown:
        text = render_markdown(figures)
    elif output_format is TrendFormat.csv:
        text = render_csv(figures)
    else:
        text = render_text(figures, terminal(ctx))
    typer.echo(text if output_format is TrendFormat.json else escape_terminal(text), nl=False)
