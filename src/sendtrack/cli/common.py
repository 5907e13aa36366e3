"""What every command shares: the repository option, output formats, dates, exits."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import typer

from sendtrack.core.dates import ACCEPTED_FORMS, WINDOW, parse_date
from sendtrack.core.escaping import escape_terminal
from sendtrack.store.repository import Repository, find_root
from sendtrack.store.root import NotARepository

if TYPE_CHECKING:
    from sendtrack.checks.readable import Readable
    from sendtrack.checks.validate import CheckResult
    from sendtrack.cli.stored_output import Unanswered
    from sendtrack.render.console import Terminal
    from sendtrack.store.cache import ModelCache
    from sendtrack.store.journal import JournalError
    from sendtrack.store.outputs import OutputCache
    from sendtrack.store.recorded import Record

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
    unanswered: Unanswered | None = None
    """The output key the entry point made for this very call (``stored_output.answer``),
    taken once by ``earlier_output``."""


def options(ctx: typer.Context) -> GlobalOptions:
    root = ctx.find_root()
    if isinstance(root.obj, GlobalOptions):
        return root.obj
    return GlobalOptions()


def terminal(ctx: typer.Context) -> Terminal:
    """Width and colour of standard output: ``--width``, else COLUMNS, else the terminal's
    own width, else 80 for a pipe or a file (see ``render.console``)."""
    import sys

    from sendtrack.render.console import detect

    return detect(options(ctx).width, stream=sys.stdout)


def fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    """Print one line to stderr and return the Exit to raise.

    Messages can quote the data, so control characters are made visible."""
    typer.echo(f"sendtrack: {escape_terminal(message)}", err=True)
    return typer.Exit(code)


def find_repository(ctx: typer.Context) -> Path:
    """The repository the command is run on (--repo, $SENDTRACK_REPO, or found); exit 2
    if there is none."""
    try:
        return find_root(explicit=options(ctx).repo)
    except NotARepository as exc:
        raise fail(str(exc)) from None


def refuse_write(exc: JournalError) -> typer.Exit:
    """Say why a write cannot go ahead or be finished, and what to do (exit 1)."""
    typer.echo(f"sendtrack: {exc}", err=True)
    if exc.hint:
        typer.echo(f"  hint: {exc.hint}", err=True)
    return typer.Exit(EXIT_PROBLEMS)


def repo_root(ctx: typer.Context) -> Path:
    """The repository for a command that only reads it.

    If a write was interrupted, the files may be half-applied: the command stops (exit 1)
    and says how to finish it. A read never renames anything (``journal.check_pending``).
    """
    from sendtrack.store.journal import JournalError, check_pending

    root = find_repository(ctx)
    try:
        check_pending(root)
    except JournalError as exc:
        raise refuse_write(exc) from None
    return root


@contextmanager
def writing(ctx: typer.Context, dry_run: bool = False) -> Iterator[Path]:
    """The repository for a write command, locked for its whole read–plan–check–write
    cycle, with any interrupted write finished first (``journal.recover``).

    Two writes started together then run one after the other instead of both reading
    the same file and the later rename dropping the other's change. A dry run writes
    nothing, so it only reads (``repo_root``). A busy lock, or a journal that cannot be
    finished, exits 1 with what to do.
    """
    if dry_run:
        yield repo_root(ctx)
        return
    from sendtrack.store.journal import JournalError, locked, recover

    root = find_repository(ctx)
    try:
        with locked(root):
            finished = recover(root)
            if finished:
                typer.echo(
                    f"sendtrack: finished an interrupted write of {', '.join(finished)} "
                    "before starting",
                    err=True,
                )
            yield root
    except JournalError as exc:
        raise refuse_write(exc) from None


def model_cache(ctx: typer.Context, root: Path) -> ModelCache | None:
    """The cache of validated files for ``root``, unless --no-cache was given.

    Written once the command is done (``write_after_output``), not while its output
    waits: the write is pickling every new model, ~0.25 s at 10,000 milestones."""
    if not options(ctx).cache:
        return None
    from sendtrack.store.cache import ModelCache

    cache = ModelCache(root, deferred=True)
    ctx.find_root().call_on_close(lambda: write_after_output(cache))
    return cache


OWN_PROCESS = False
"""Set by the entry point (``cli/main.py``) when the process is sendtrack's own, which
may then fork helpers: a reader that parses files ahead of the loader
(``store.read_ahead``), the cross-file checks beside a read command (``counted``), and
the writer of a cache left to write when the command is done, so the command exits as
soon as its output is out. Off for in-process callers
(the tests' CliRunner), whose whole process a fork would copy: they read every file
themselves and get the write before returning."""

forked_writer = False
"""A writer was forked: the entry point then leaves without tearing the interpreter
down (``main.leave``)."""


def write_after_output(cache: ModelCache) -> None:
    """Write ``cache`` now that the command's output is printed: in a quiet forked child
    (``core.forks.fork_quietly``) where the platform can fork and the entry point allows
    it, else here. The child writes nothing but the cache file (atomically, as ever: a
    reader sees the old cache or the new one)."""
    import sys

    from sendtrack.core.forks import can_fork, fork_quietly

    if not (cache.unsaved and OWN_PROCESS and can_fork()):
        cache.finish()  # here: nothing to write (it closes the file it read), or no fork
        return
    sys.stdout.flush()  # the output is out before the writer starts
    sys.stderr.flush()
    global forked_writer
    forked_writer = fork_quietly(cache.finish) is not None
    if not forked_writer:  # no process to spare: write it here
        cache.finish()


@dataclass
class EarlierOutput:
    """What an identical earlier run of a read-only command printed, if it was kept."""

    text: str | None
    store: OutputCache | None = None
    key: bytes | None = None
    meta: dict[str, Any] | None = None
    """The command's context ``meta``: output counted without some files is not kept,
    since an answer from the cache would print it without its banner and exit 0."""

    def keep(self, text: str) -> str:
        """Remember ``text`` for the next identical run; returns it."""
        partial = self.meta is not None and _LEFT_OUT in self.meta
        if self.store is not None and self.key is not None and not partial:
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
    from sendtrack.cli.stored_output import key_parameters, stored
    from sendtrack.store.outputs import OutputCache

    asked, root = key_parameters(command, *parameters), repo_root(ctx)
    made, options(ctx).unanswered = options(ctx).unanswered, None
    if made is not None and (made.store.root, made.parameters) == (
        OutputCache(root, kind=kind).root,
        asked,
    ):
        # The entry point made this key a moment ago and found nothing under it.
        return EarlierOutput(None, made.store, made.key, ctx.meta)
    store, key, text = stored(root, asked, kind)
    if key is None:
        return EarlierOutput(None)
    return EarlierOutput(text, store, key, ctx.meta)


def free_text(value: str | list[str] | None) -> str | list[str] | None:
    """Typer callback of every option whose text a write command puts in a data file.

    Text carrying the personal-data allow marker is refused before anything is read or
    written: the marker silences the guard only as a comment a person writes in the file,
    and a command must not be a way to write one (see ``privacy.carries_allow_marker``).
    """
    from sendtrack.review.privacy import MARKER_REFUSED, carries_allow_marker

    texts = [value] if isinstance(value, str) else value or []
    if any(carries_allow_marker(text) for text in texts):
        raise typer.BadParameter(MARKER_REFUSED)
    return value


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


def parse_day_option(value: str | None, option: str = "--as-of") -> date | None:
    """The date given to ``option`` (--as-of, --on, --to…), or a usage error naming it:
    a form ``dates.parse_date`` does not read, or a day outside ``dates.WINDOW``."""
    if value is None:
        return None
    try:
        return parse_date(value)
    except ValueError as exc:
        raise typer.BadParameter(f"{exc}", param_hint=option) from None


def as_of_or_today(value: str | None, option: str = "--as-of") -> date:
    return parse_day_option(value, option) or date.today()


def load_valid(
    ctx: typer.Context, as_of: date | None = None, root: Path | None = None
) -> Repository:
    """Load and check; a repository with errors is reported and the command stops (exit 1).

    ``root``: the repository a write command holds (``writing``); else ``repo_root``."""
    from sendtrack.checks.validate import check_repository

    root = root or repo_root(ctx)
    result = check_repository(root, as_of, cache=model_cache(ctx, root), read_ahead=OWN_PROCESS)
    if not result.ok:
        raise _refuse_problems(
            result, "sendtrack: fix the problems above first ('sendtrack check')"
        )
    return result.repo


def _refuse_problems(result: CheckResult, last: str) -> typer.Exit:
    from sendtrack.render.problems import render_text
    from sendtrack.store.yamlio import source_lookup

    typer.echo(
        render_text(
            result.errors, source_lookup(result.repo.documents), len(result.repo.documents)
        ),
        err=True,
        nl=False,
    )
    typer.echo(last, err=True)
    return typer.Exit(EXIT_PROBLEMS)


_LEFT_OUT = "sendtrack.left_out"
"""Key in the context's ``meta`` of what a read command left out (``load_readable``)."""


def load_readable(ctx: typer.Context) -> Repository:
    """The repository a read command counts (issue 14 §4: board day is never blocked by
    one typo). Checked like ``load_valid``; but with errors, every file that has one is
    left out (``checks.readable``), a banner on stderr names them with their problems,
    and the command prints its figures, then exits 1. Stderr, because it is seen on a
    terminal and never mixes into JSON or a paper piped to a file (papers also carry the
    banner at their top: ``left_out``). Problems in plan/partnership.yaml still stop the
    command: every figure takes its words, groups and colours from it."""
    from sendtrack.checks.validate import check_repository

    root = repo_root(ctx)
    return _repository_that_counts(
        ctx, check_repository(root, None, cache=model_cache(ctx, root), read_ahead=OWN_PROCESS)
    )


Produced = TypeVar("Produced")


def counted(ctx: typer.Context, produce: Callable[[Repository], Produced]) -> Produced:
    """``produce(load_readable(ctx))``, sooner where sendtrack may fork: the cross-file
    checks run in a second process (``checks.background``) while ``produce`` works on
    the repository as loaded, which is what counts unless they find an error; then
    ``produce`` runs again on what ``load_readable`` gives. So ``produce`` must print
    nothing and change nothing: it returns what the command prints."""
    from sendtrack.checks.validate import start_checking
    from sendtrack.core.problems import Severity

    root = repo_root(ctx)
    checking = start_checking(
        root, None, cache=model_cache(ctx, root), read_ahead=OWN_PROCESS, beside=OWN_PROCESS
    )
    if checking.beside is None or any(
        problem.severity is Severity.ERROR for problem in checking.loaded
    ):
        return produce(_repository_that_counts(ctx, checking.result()))
    try:
        early = produce(checking.repo)
    except Exception:
        # Said of a repository that may not count whole: what the checks find decides.
        result = checking.result()
        if result.ok:
            raise
    else:
        result = checking.result()
        if result.ok:
            return early
    return produce(_repository_that_counts(ctx, result))


def _repository_that_counts(ctx: typer.Context, result: CheckResult) -> Repository:
    """``load_readable``'s answer for a checked repository (see there)."""
    from sendtrack.checks.readable import readable

    if result.ok:
        return result.repo
    found = readable(result.repo, result.problems)
    if found.blocked:
        raise _refuse_problems(
            result,
            "sendtrack: every figure depends on plan/partnership.yaml: fix the problems "
            "above first ('sendtrack check')",
        )
    head, lines = found.banner()
    typer.echo(escape_terminal(f"sendtrack: {head}"), err=True)
    for line in lines:
        typer.echo(escape_terminal(f"  {line}"), err=True)
    ctx.meta[_LEFT_OUT] = found
    ctx.find_root().call_on_close(_exit_problems)
    return found.repo


def _exit_problems() -> None:
    """Once the command has printed its figures: exit 1, as the problems deserve. Not
    when the command is already stopping for another reason, whose exit code stands."""
    import sys

    if sys.exc_info()[0] is None:
        raise typer.Exit(EXIT_PROBLEMS)


def left_out(ctx: typer.Context) -> Readable | None:
    """What ``load_readable`` left out in this command, if anything."""
    found: Readable | None = ctx.meta.get(_LEFT_OUT)
    return found


AS_OF_HELP = f"Report as of this date (default today). Forms: {ACCEPTED_FORMS}; from {WINDOW}."
AS_RECORDED_HELP = (
    "Read the data as committed by the as-of date (the last commit on or before it, along "
    "the branch's first-parent history), not today's data evaluated at that date."
)


def load_listing(ctx: typer.Context, day: date, as_recorded: bool, *, json: bool) -> Repository:
    """The repository a listing reads: today's (checked), or ``--as-recorded``'s, whose
    commit is named first: on stdout before text, on stderr beside a JSON list (the list
    on stdout is a contract)."""
    if not as_recorded:
        return load_readable(ctx)
    repo, recorded = load_recorded(ctx, day)
    if json:
        typer.echo(f"sendtrack: {recorded}", err=True)
    else:
        typer.echo(recorded + ".")
    return repo


def load_recorded(
    ctx: typer.Context, day: date, record: Record | None = None
) -> tuple[Repository, str]:
    """The repository as committed by ``day``, and the line naming what was read
    (through ``record`` when the command reads git's record more than once).

    Outside git, or before the first commit, one line and exit 2; data that was recorded
    with errors is reported like today's (exit 1)."""
    from sendtrack.checks import CheckContext, run_checks
    from sendtrack.core.problems import Severity
    from sendtrack.render.problems import render_text
    from sendtrack.store.cache import ModelCache
    from sendtrack.store.history import HistoryError
    from sendtrack.store.recorded import read_recorded
    from sendtrack.store.yamlio import source_lookup

    root = repo_root(ctx)
    try:
        recorded = (
            record.read(day)
            if record is not None
            else read_recorded(root, day, cache=ModelCache(root, persist=False))
        )
    except HistoryError as exc:
        raise fail(str(exc)) from None
    problems = [*recorded.problems, *run_checks(recorded.repo, CheckContext(day))]
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if errors:
        lookup = source_lookup(recorded.repo.documents)
        typer.echo(render_text(errors, lookup, len(recorded.repo.documents)), err=True, nl=False)
        raise fail(f"the data {recorded.label()} has the problems above", EXIT_PROBLEMS)
    label = "A" + recorded.label()[1:] + (f"; note: {recorded.note}" if recorded.note else "")
    return recorded.repo, label
