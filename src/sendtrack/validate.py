"""Load and check a repository in one call: what `sendtrack check` and every command use."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from sendtrack.checks import CheckContext, run_checks
from sendtrack.loader import load
from sendtrack.problems import Problem, Severity
from sendtrack.repository import Repository

if TYPE_CHECKING:
    from sendtrack.cache import ModelCache


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
    root: Path, as_of: date | None = None, *, cache: ModelCache | None = None
) -> CheckResult:
    """Every problem in the repository at ``root``: file syntax, models, cross-file rules.

    With a ``cache``, unchanged files come from it, and so do the cross-file checks'
    problems when no file changed since they were found for the same day; what was
    learnt is saved before returning.
    """
    repo, problems = load(root, cache=cache)
    day = as_of or date.today()
    if cache is None:
        problems.extend(run_checks(repo, CheckContext(as_of=day)))
    else:
        key = cache.checks_key(repo.incomplete, day)
        found = cache.check_problems(key)
        if found is None:
            found = run_checks(repo, CheckContext(as_of=day))
            cache.keep_check_problems(key, found)
        problems.extend(found)
        cache.save()
    problems.sort(key=Problem.sort_key)
    return CheckResult(repo, problems)
