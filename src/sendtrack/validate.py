"""Load and check a repository in one call: what `sendtrack check` and every command use."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sendtrack.checks import CheckContext, run_checks
from sendtrack.loader import load
from sendtrack.problems import Problem, Severity
from sendtrack.repository import Repository


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


def check_repository(root: Path, as_of: date | None = None) -> CheckResult:
    """Every problem in the repository at ``root``: file syntax, models, cross-file rules."""
    repo, problems = load(root)
    problems.extend(run_checks(repo, CheckContext(as_of=as_of or date.today())))
    problems.sort(key=Problem.sort_key)
    return CheckResult(repo, problems)
