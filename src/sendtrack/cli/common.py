"""What every command shares: the repository option, output formats, dates, exits."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from sendtrack.core.dates import ACCEPTED_FORMS, parse_date
from sendtrack.store.repository import NotARepository, Repository, find_root

if TYPE_CHECKING:
    from sendtrack.render.console import Terminal
    from sendtrack.store.cache import ModelCache, OutputCache

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


class OutputFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


@dataclass
class GlobalOptions:
    repo: Path | None = None
    debug: bool = False
    cache: bool = True
    width: int | None = None


def options(ctx: typer.Context) -> GlobalOptions:
    root = ctx.find_root()
    if isinstance(root.obj, GlobalOptions):
        return root.obj
    return GlobalOptions()


def terminal(ctx: typer.Context) -> Terminal:
    """Width and colour of standard output: ``--width``, else COLUMNS, else the terminal's
    own width, else 80 for a pipe or a file (see ``render.console``)."""
    from sendtrack.render.console import detect

    return detect(options(ctx).width)


def fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    """Print one line to stderr and return the Exit to raise."""
    typer.echo(f"sendtrack: {message}", err=True)
    return typer.Exit(code)


def repo_root(ctx: typer.Context) -> Path:
    """The repository, after finishing any multi-file write a crash interrupted (so no
    command ever reads a half-applied move; see ``edits.recover``)."""
    from sendtrack.store.journal import JournalError, recover

    try:
        root = find_root(explicit=options(ctx).repo)
    except NotARepository as exc:
        raise fail(str(exc)) from None
    try:
        if recover(root):
            typer.echo("sendtrack: finished an interrupted write before starting", err=True)
    except JournalError as exc:
        raise fail(str(exc), EXIT_PROBLEMS) from None
    return root


def model_cache(ctx: typer.Context, root: Path) -> ModelCache | None:
    """The cache of validated files for ``root``, unless --no-cache was given."""
    if not options(ctx).cache:
        return None
    from sendtrack.store.cache import ModelCache

    return ModelCache(root)


@dataclass
class EarlierOutput:
    """What an identical earlier run of a read-only command printed, if it was kept."""

    text: str | None
    store: OutputCache | None = None
    key: bytes | None = None

    def keep(self, text: str) -> str:
        """Remember ``text`` for the next identical run; returns it."""
        if self.store is not None and self.key is not None:
            self.store.put(self.key, text)
        return text


def earlier_output(
    ctx: typer.Context, command: str, *parameters: str, kind: str = "outputs"
) -> EarlierOutput:
    """The output of an earlier run with the same files, day and ``parameters``.

    Read-only commands whose output depends only on the data files, today's date (the
    day they are checked as of) and their own options use it to answer unchanged
    repositories without loading them (``--no-cache`` turns it off). Pass every option
    and setting the output depends on; ``kind`` picks the store (see ``OutputCache``).
    """
    if not options(ctx).cache:
        return EarlierOutput(None)
    from sendtrack.store.cache import OutputCache

    store = OutputCache(repo_root(ctx), kind=kind)
    key = store.key((command, date.today().isoformat(), *parameters))
    if key is None:
        return EarlierOutput(None)
    return EarlierOutput(store.get(key), store, key)


def _word(value: str) -> str:
    """'In progress', 'in-progress', 'IN_PROGRESS' → 'in_progress'."""
    return "_".join(value.replace("-", " ").replace("_", " ").lower().split())


def words(choices: Sequence[str]) -> Callable[..., Any]:
    """A Typer callback for an option taking one of ``choices`` (stored words such as
    'in_progress'), accepting each as it is printed too ('in progress', any case); any
    other value is refused naming the option, the nearest choice and all of them. The
    option's type is ``str`` (or a list of them); the callback returns stored words."""
    known = {_word(choice): choice for choice in choices}

    def one(value: str) -> str:
        if _word(value) in known:
            return known[_word(value)]
        near = difflib.get_close_matches(_word(value), list(known), n=1, cutoff=0.5)
        hint = f"did you mean '{known[near[0]]}'? " if near else ""
        shown = ", ".join(f"'{choice}'" for choice in choices)
        raise typer.BadParameter(f"'{value}' is not a choice; {hint}choose from {shown}")

    def accept(value: str | list[str] | None) -> str | list[str] | None:
        if value is None:
            return None
        if isinstance(value, list):
            return [one(each) for each in value]
        return one(value)

    return accept


def parse_day_option(value: str | None) -> date | None:
    """Typer callback for --as-of/--on/--to style options."""
    if value is None:
        return None
    try:
        return parse_date(value)
    except ValueError as exc:
        raise typer.BadParameter(f"{exc}") from None


def as_of_or_today(value: str | None) -> date:
    return parse_day_option(value) or date.today()


def load_valid(ctx: typer.Context, as_of: date | None = None) -> Repository:
    """Load and check; a repository with errors is reported and the command stops (exit 1)."""
    from sendtrack.checks.validate import check_repository
    from sendtrack.render.problems import render_text, source_lookup

    root = repo_root(ctx)
    result = check_repository(root, as_of, cache=model_cache(ctx, root))
    if not result.ok:
        typer.echo(
            render_text(
                result.errors, source_lookup(result.repo.documents), len(result.repo.documents)
            ),
            err=True,
            nl=False,
        )
        typer.echo("sendtrack: fix the problems above first ('sendtrack check')", err=True)
        raise typer.Exit(EXIT_PROBLEMS)
    return result.repo


AS_OF_HELP = f"Report as of this date (default today). Forms: {ACCEPTED_FORMS}."
