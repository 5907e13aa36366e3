"""Load and check a repository in one call: what `sendtrack check` and every command use."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from sendtrack.checks import CheckContext, inside_git, run_checks
from sendtrack.core.problems import Problem, Severity
from sendtrack.store.loader import data_files, load, load_sources
from sendtrack.store.repository import Repository
from sendtrack.store.yamlio import Document

if TYPE_CHECKING:
    from sendtrack.checks import background
    from sendtrack.store.cache import ModelCache


@dataclass
class CheckResult:
    repo: Repository
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def ok(self) -> bool:
        return not self.errors


def check_repository(
    root: Path,
    as_of: date | None = None,
    *,
    cache: ModelCache | None = None,
    on_file: Callable[[str], None] | None = None,
    read_ahead: bool = False,
) -> CheckResult:
    """Every problem in the repository at ``root``: file syntax, models, cross-file rules.

    With a ``cache``, unchanged files come from it, and so do the cross-file checks'
    problems when no file changed since they were found for the same day; what was
    learnt is saved before returning (for a ``deferred`` cache, when its owner says).
    ``on_file`` is told as each file is loaded; ``read_ahead`` as for ``load``.
    """
    return start_checking(root, as_of, cache=cache, on_file=on_file, read_ahead=read_ahead).result()


def start_checking(
    root: Path,
    as_of: date | None = None,
    *,
    cache: ModelCache | None = None,
    on_file: Callable[[str], None] | None = None,
    read_ahead: bool = False,
    beside: bool = False,
) -> Checking:
    """``check_repository``, with its answer left to ``Checking.result``. ``beside``: the
    cross-file checks (unless their problems are in the cache) run in a second process
    (``checks.background``) meanwhile, for a caller with its own work to do on the
    repository as loaded (``Checking.repo``); as ``read_ahead``, for a process that is
    sendtrack's own."""
    repo, problems = load(root, cache=cache, on_file=on_file, read_ahead=read_ahead)
    day = as_of or date.today()
    context = CheckContext(as_of=day, in_git=inside_git(root.resolve()))
    checking = Checking(repo, problems, context, cache)
    if cache is not None:
        # Whether the folder is in git changes a warning without changing a file.
        checking.key = cache.checks_key([*repo.incomplete, f"in-git={context.in_git}"], day)
        checking.found = cache.check_problems(checking.key)
    if checking.found is None and beside:
        from sendtrack.checks import background

        checking.beside = background.start(repo, context)
    return checking


@dataclass
class Checking:
    """A repository loaded, its cross-file checks found or under way (``start_checking``)."""

    repo: Repository
    loaded: list[Problem]
    """The load's own problems (unreadable files, syntax, models)."""
    context: CheckContext
    cache: ModelCache | None
    key: bytes = b""
    """The cross-file checks' key in ``cache``."""
    found: list[Problem] | None = None
    """The cross-file checks' problems, once known."""
    beside: background.BackgroundChecks | None = None
    """The checks under way in a second process."""

    def result(self) -> CheckResult:
        """Every problem, the cross-file checks' included (waited for, or run here)."""
        if self.found is None:
            if self.beside is not None:
                self.found = self.beside.problems()
                self.beside = None
            if self.found is None:
                self.found = run_checks(self.repo, self.context)
            if self.cache is not None:
                self.cache.keep_check_problems(self.key, self.found)
        if self.cache is not None:
            self.cache.save()
        return CheckResult(self.repo, sorted([*self.loaded, *self.found], key=Problem.sort_key))


def problems_introduced(
    root: Path,
    as_of: date,
    new_files: Mapping[str, bytes],
    before: Sequence[Problem] | None = None,
    *,
    cache: ModelCache | None = None,
) -> tuple[list[Problem], dict[str, Document]]:
    """The problems the repository would have with ``new_files`` that it has not now.

    What every write command re-checks before it touches disk. Problems are matched by
    code, file, item and message (positions move when lines are added above them),
    counting duplicates, so an existing problem never blocks an edit and a second copy
    of it does. ``before`` saves a reload when the caller already checked the
    repository as of the same date. Also returns the edited documents, so refused
    problems can be shown with their source lines.

    Both loads go through one ``cache`` (the caller's, or one kept in memory only), so
    the second parses only the edited files and shares every other model with the first.
    """
    from sendtrack.store.cache import ModelCache

    cache = cache or ModelCache(root, persist=False)
    current = data_files(root)

    def sources(names: Iterable[str], edited: Mapping[str, bytes]) -> Iterator[tuple[str, bytes]]:
        # One file's bytes at a time: the loader keeps only the text it needs.
        for name in sorted(names):
            yield name, edited[name] if name in edited else (root / name).read_bytes()

    if before is None:
        repo_now, before_list = load_sources(root, sources(current, {}), cache=cache)
        before_list.extend(run_checks(repo_now, CheckContext(as_of=as_of)))
        before = before_list
    repo, after = load_sources(root, sources({*current, *new_files}, new_files), cache=cache)
    after.extend(run_checks(repo, CheckContext(as_of=as_of)))
    seen = Counter(_identity(problem) for problem in before)
    fresh: list[Problem] = []
    for problem in sorted(after, key=Problem.sort_key):
        key = _identity(problem)
        if seen[key]:
            seen[key] -= 1
        else:
            fresh.append(problem)
    return fresh, repo.documents


def _identity(problem: Problem) -> tuple[str, str, str | None, str]:
    return (problem.code, problem.file, problem.id, problem.message)
