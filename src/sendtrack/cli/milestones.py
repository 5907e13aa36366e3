"""`sendtrack milestones` (filtered list) and `sendtrack show ID` (one item in full)."""

from __future__ import annotations

from enum import StrEnum
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
    load_readable,
    parse_day_option,
    terminal,
    words,
)
from sendtrack.cli.status import SCHEME_HELP, SchemeChoice

if TYPE_CHECKING:
    from sendtrack.store.repository import Repository


class HealthChoice(StrEnum):
    off_track = "off_track"
    delayed = "delayed"
    on_track = "on_track"
    complete = "complete"
    withdrawn = "withdrawn"


class ShowFormat(StrEnum):
    text = "text"
    json = "json"


class ColourChoice(StrEnum):
    red = "red"
    amber = "amber"
    yellow = "yellow"
    green = "green"
    blue = "blue"
    grey = "grey"


def register(app: typer.Typer) -> None:
    app.command("milestones")(milestones)
    app.command("show")(show)


def _known(values: list[str], known: list[str], noun: str) -> None:
    """Refuse an unknown group or top-level id, naming the nearest (``noun``: the plan's
    word for it)."""
    from sendtrack.plan.edits import nearest_ids

    for value in values:
        if value not in known:
            near = nearest_ids(value, known) or known
            raise fail(f"no {noun} '{value}'; known: {', '.join(near)}", EXIT_PROBLEMS)


def milestones(
    ctx: typer.Context,
    health: Annotated[
        list[str] | None,
        typer.Option(
            "--health",
            metavar="HEALTH",
            callback=words(list(HealthChoice)),
            help="Only this health (repeatable): off track, delayed, on track, complete, "
            "withdrawn.",
        ),
    ] = None,
    colour: Annotated[
        list[str] | None,
        typer.Option(
            "--colour",
            "--color",
            metavar="COLOUR",
            callback=words(list(ColourChoice)),
            help="Only this colour in the scheme (repeatable): red, amber, yellow, green, "
            "blue, grey.",
        ),
    ] = None,
    workstream: Annotated[
        list[str] | None,
        typer.Option(
            "--workstream",
            help="Only this workstream: its id, name or another name (repeatable).",
        ),
    ] = None,
    priority: Annotated[
        list[str] | None, typer.Option("--priority", help="Only this priority id (repeatable).")
    ] = None,
    due_before: Annotated[
        str | None,
        typer.Option("--due-before", help="Only those whose current date is before this."),
    ] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help=AS_OF_HELP)] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="text, json or markdown.")
    ] = OutputFormat.text,
    scheme: Annotated[SchemeChoice | None, typer.Option("--scheme", help=SCHEME_HELP)] = None,
    as_recorded: Annotated[bool, typer.Option("--as-recorded", help=AS_RECORDED_HELP)] = False,
) -> None:
    """List milestones with their health, filtered; every filter may be given more than once."""
    from sendtrack.models.vocabulary import vocabulary
    from sendtrack.plan.health import Health
    from sendtrack.plan.query import Filters, select
    from sendtrack.plan.status import milestone_rows
    from sendtrack.render.milestones import list_json, list_markdown, list_text

    day = as_of_or_today(as_of)
    before = parse_day_option(due_before, "--due-before")
    repo = load_listing(ctx, day, as_recorded, json=output_format is OutputFormat.json)
    # A workstream may be named as the board names it: its name, or another it goes by.
    workstream = [
        named.id if repo.settings and (named := repo.settings.workstream_named(w)) else w
        for w in workstream or []
    ]
    plan_words = vocabulary(repo.settings)
    _known(workstream, sorted(repo.workstream_names()), plan_words.grouping.word)
    _known(priority or [], [p.id for p in repo.priorities], plan_words.top.word)
    rows = milestone_rows(repo, day, scheme.value if scheme else None)
    filters = Filters(
        health={Health(h) for h in health or []},
        colour=set(colour or []),
        workstream=set(workstream or []),
        priority=set(priority or []),
        due_before=before,
    )
    chosen = select(rows, filters)
    words = vocabulary(repo.settings)
    if output_format is OutputFormat.json:
        typer.echo(list_json(chosen), nl=False)
    elif output_format is OutputFormat.markdown:
        typer.echo(list_markdown(chosen, len(rows), day, words), nl=False)
    else:
        term = terminal(ctx)
        text = list_text(chosen, len(rows), day, term, words)
        typer.echo(text, nl=False, color=term.colour)


def show(
    ctx: typer.Context,
    item_id: Annotated[
        str, typer.Argument(metavar="ID", help="A milestone, action, outcome or priority id.")
    ],
    as_of: Annotated[str | None, typer.Option("--as-of", help=AS_OF_HELP)] = None,
    output_format: Annotated[
        ShowFormat, typer.Option("--format", "-f", help="text or json.")
    ] = ShowFormat.text,
    scheme: Annotated[SchemeChoice | None, typer.Option("--scheme", help=SCHEME_HELP)] = None,
) -> None:
    """One milestone, action, outcome or priority in full: its place in the plan, its
    dates, its re-profile history and updates, and the reason for its health; or a risk
    (R01) or board action (2025-11-03/A1) in full."""
    from sendtrack.plan.edits import unknown_id_message
    from sendtrack.plan.query import find_item
    from sendtrack.render.milestones import show_json, show_text

    day = as_of_or_today(as_of)
    repo = load_readable(ctx)
    detail = find_item(repo, item_id, day, scheme.value if scheme else None)
    if detail is None and _show_board_item(repo, item_id, output_format is ShowFormat.json):
        return
    if detail is None:
        raise fail(unknown_id_message(repo, item_id, "plan item"), EXIT_PROBLEMS)
    if output_format is ShowFormat.json:
        typer.echo(show_json(detail, day), nl=False)
    else:
        term = terminal(ctx)
        typer.echo(show_text(detail, day, term), nl=False, color=term.colour)


def _show_board_item(repo: Repository, item_id: str, as_json: bool) -> bool:
    """Print the risk or board action with this id in full; False if there is none."""
    from sendtrack.render.board_item import board_item_json, board_item_text

    risk = next((r for r in repo.risks if r.id == item_id), None)
    action = next((a for a in repo.board_actions() if a.id == item_id), None)
    found = risk or action
    if found is None:
        return False
    kind = "risk" if risk is not None else "board action"
    origin = repo.origin(found)
    extra = {"file": origin.file} if origin is not None else {}
    render = board_item_json if as_json else board_item_text
    typer.echo(render(kind, found, extra), nl=False)
    return True
