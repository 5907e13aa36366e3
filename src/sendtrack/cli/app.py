"""The Typer application: global options, and one register() per command module.

The global options (``--repo``, ``--no-cache``, ``--debug``, ``--width``) are the root
callback's, and work after the command name too (``sendtrack status --repo ../other``):
``_Root`` gives every command and group a copy of each that is never passed to the
command's function; when given there, it sets the same field of the run's
``GlobalOptions`` the root callback filled in (which has run by then: Click invokes a
group's callback before it parses its subcommand's arguments).

``_Root`` also sees to the help of every command: a whole-sentence summary in the
command list (``SUMMARIES``), options named for what they take (``METAVARS``: DATE,
MEETING, ID…), and a check on every DATE value that names the option it was given to.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

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
from sendtrack.cli.stored_output import Unanswered

GLOBAL_OPTIONS = {"repo": "repo", "debug": "debug", "no_cache": "cache", "width": "width"}
"""Root option name → the ``GlobalOptions`` field it sets."""


def _set_global(ctx: Any, param: Any, value: Any) -> None:
    """A global option given after the command name: set it for the whole run."""
    options = ctx.find_root().obj
    if not isinstance(options, GlobalOptions) or value is None or value is False:
        return
    field = GLOBAL_OPTIONS[param.name]
    setattr(options, field, False if field == "cache" else value)


SUMMARIES = {
    "check": "Validate every file and every cross-file rule.",
    "init": "Write a small, valid, commented repository.",
    "diff": "What changed in the plan between two revisions.",
    "status": "Where the plan stands, in the board's words.",
    "milestones": "List milestones with their health, filtered.",
    "show": "A plan item, risk or board action in full.",
    "update": "Set a milestone's status, logging an update.",
    "reprofile": "Move a milestone's date; the baseline stays.",
    "agree": "Record that a board agreed a proposed re-profile.",
    "withdraw": "Withdraw or supersede a milestone.",
    "forward-plan": "The board's forward plan.",
    "schema": "Write a JSON Schema for each kind of file.",
    "export": "Milestones, actions and risks for spreadsheets.",
    "actions": "The board's action log: list, add, update, archive.",
    "actions add": "Add a board action raised at a meeting.",
    "actions update": "Append a dated update to a board action.",
    "actions archive": "Move closed actions to the archive.",
    "risks": "The risk register: list, heatmap, rescore, add, close.",
    "risks heatmap": "The 5×5 grid of open risks.",
    "risks rescore": "Set a risk's likelihood and impact.",
    "risks add": "Add a risk to the register.",
    "risks close": "Close a risk, as a board agreed.",
    "meeting": "Board meetings: pre-fill, record as held, show.",
    "meeting new": "Write the next board's record, pre-filled.",
    "meeting held": "Record that a board met, ready for its minutes.",
    "meeting show": "One meeting: attendance, challenges, decisions.",
    "report": "Board papers: highlight reports and the board pack.",
    "report highlight": "A highlight report per workstream.",
    "report board-pack": "The board pack for a meeting.",
    "measures": "Impact measures: scorecard, import, record.",
    "measures import": "Add published figures not recorded yet.",
    "measures record": "Enter a local figure for a period.",
    "trend": "The figures at every held board, as recorded then.",
    "recover": "Finish an interrupted write, if there is one.",
    "at-risk": "Mark a milestone at risk with a reason, or clear it.",
    "migrate": "Rewrite old data files in the current schema.",
    "returns": "Lead returns: workbooks out, reviewed changes back.",
    "returns make": "Write one workbook (or form) per lead.",
    "returns apply": "Turn filled returns into one reviewed change.",
    "returns missing": "The leads to chase before the board.",
}
"""Each command's one-line summary in the command list: a whole sentence that fits an
80-column help screen (Click would cut the docstring's first sentence mid-way)."""

_DATE = "DATE"
_MEETING = "MEETING"
_TEXT = "TEXT"
METAVARS = {
    **dict.fromkeys(("--as-of", "--on", "--to", "--due", "--due-before", "--review"), _DATE),
    "--since": "MEETING|DATE",
    **dict.fromkeys(("--meeting", "--agreed-at", "--raised-at", "--at"), _MEETING),
    **dict.fromkeys(("--id", "--link", "--superseded-by"), "ID"),
    "--workstream": "WORKSTREAM",
    "--priority": "PRIORITY",
    **dict.fromkeys(
        (
            "--owner",
            "--note",
            "--reason",
            "--title",
            "--description",
            "--category",
            "--appetite",
            "--mitigation",
            "--board",
            "--time",
            "--location",
        ),
        _TEXT,
    ),
    "--output": "PATH",
    "--lead": "LEAD",
    "--levels": "NAMES",
    "--body": "BODY",
    "--repo": "PATH",
    "--min-score": "1-25",
    **dict.fromkeys(("--likelihood", "--impact", "--target-likelihood", "--target-impact"), "1-5"),
}
"""What each option takes, named for the help ('--as-of DATE'), not its Python type
('<str>'); options not named here show their choices."""


def _metavar(param: Any) -> str | None:
    long = next((opt for opt in param.opts if opt.startswith("--")), None)
    if long in METAVARS:
        return METAVARS[long]
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is not None and descriptor.is_choice and descriptor.is_list:
        return "|".join(str(getattr(c, "value", c)) for c in descriptor.choices or ())
    return None


class _Root(TyperGroup):
    """The root group: every command below it also accepts the global options, has its
    summary from ``SUMMARIES`` and its options' metavars (see the module's docstring)."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        _name_values(self)
        shared = []
        for param in self.params:
            if param.name in GLOBAL_OPTIONS:
                later = copy.copy(param)
                later.expose_value = False  # never an argument of the command's function
                later.callback = _set_global
                shared.append(later)
        pending: list[tuple[str, Any]] = list(self.commands.items())
        while pending:
            path, command = pending.pop()
            command.short_help = SUMMARIES.get(path, command.short_help)
            _name_values(command)
            command.params.extend(shared)
            subcommands = getattr(command, "commands", {})
            pending.extend((f"{path} {name}", sub) for name, sub in subcommands.items())


def _name_values(command: Any) -> None:
    """Give each option without a metavar the one ``METAVARS`` or its choices say, and
    each DATE option or argument a check that names it when its value is no date."""
    for param in command.params:
        if param.param_type_name == "option" and param.metavar is None:
            param.metavar = _metavar(param)
        if param.metavar == _DATE and param.callback is None:
            param.callback = _check_date
        if param.param_type_name == "argument":
            # Typer prints an argument's Python type after its name ('ID <str>'); the
            # name already says what it takes. Click calls this per parameter.
            param.metavar = param.metavar or param.name.upper()
            param.display_type_rich = _no_type


def _no_type(ctx: Any) -> None:
    """No type shown after an argument's metavar in the help."""


def _check_date(ctx: Any, param: Any, value: Any) -> Any:
    """A date option's value is refused here, with the option's name ('Invalid value for
    '--as-of': …'), before the command runs; the command reads it again knowing it is
    good."""
    from sendtrack.core.dates import parse_date

    if isinstance(value, str):
        try:
            parse_date(value)
        except ValueError as exc:
            # Named as every usage error names it ('Invalid value for --as-of: …',
            # 'Invalid value for DATE: …'): the option as typed, or the argument's metavar.
            long = next((opt for opt in param.opts if opt.startswith("--")), None)
            hint = long or param.metavar or param.name.upper()
            raise typer.BadParameter(str(exc), ctx=ctx, param_hint=hint) from None
    return value


app = typer.Typer(
    name="sendtrack",
    cls=_Root,
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
    width: Annotated[
        int | None,
        typer.Option(
            "--width",
            metavar="COLUMNS",
            min=40,
            help="Lay text out for this many columns (default: the terminal's width, "
            "$COLUMNS, or 80 when output is not a terminal).",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=_version, is_eager=True, help="Print the version."
        ),
    ] = False,
) -> None:
    early = ctx.obj if isinstance(ctx.obj, Unanswered) else None  # from the entry point
    ctx.obj = GlobalOptions(
        repo=repo, debug=debug, cache=not no_cache, width=width, unanswered=early
    )


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
