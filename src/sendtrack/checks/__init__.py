"""Cross-file rules: small named functions in a registry, each returning problems.

A check reads a loaded ``Repository`` and a ``CheckContext`` (the as-of date) and yields
problems located at the item concerned. Adding a rule is writing one function and
decorating it with ``@check``; ``docs/problems.md`` lists every code (a test keeps it in
step with ``CODES``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sendtrack.core.problems import Problem, Severity
from sendtrack.store.repository import Repository


@dataclass(frozen=True)
class CheckContext:
    as_of: date
    in_git: bool = False
    """The repository is a git working tree: its history could date what the files don't."""


def inside_git(root: Path) -> bool:
    """Whether ``root`` is inside a git working tree (a '.git' folder or file above it)."""
    return any((folder / ".git").exists() for folder in (root, *root.parents))


CheckFunction = Callable[[Repository, CheckContext], Iterator[Problem]]


@dataclass(frozen=True)
class RegisteredCheck:
    name: str
    codes: tuple[str, ...]
    function: CheckFunction
    doc: str


REGISTRY: list[RegisteredCheck] = []


def check(*codes: str) -> Callable[[CheckFunction], CheckFunction]:
    """Register a cross-file check that may report the given codes."""

    def register(function: CheckFunction) -> CheckFunction:
        REGISTRY.append(
            RegisteredCheck(function.__name__, codes, function, (function.__doc__ or "").strip())
        )
        return function

    return register


def problem_at(
    repo: Repository,
    item: object,
    code: str,
    message: str,
    *,
    field: str | None = None,
    item_id: str | None = None,
    hint: str = "",
    severity: Severity = Severity.ERROR,
) -> Problem:
    file, line, column = repo.locate(item, field)
    return Problem(code, message, file, line, column, item_id, hint, severity)


def run_checks(repo: Repository, context: CheckContext) -> list[Problem]:
    # Importing registers the rules; kept here so `import sendtrack.checks` stays light.
    from sendtrack.checks import (  # noqa: F401
        cycle_rules,
        date_order,
        measure_rules,
        plan_rules,
        rules,
        workstream_names,
    )
    from sendtrack.store.salvage import for_checks

    # Every check runs on whatever loaded, with the valid parts of files that did not:
    # all of a repository's problems in one run (see store/salvage.py).
    checked = for_checks(repo)
    problems: list[Problem] = []
    for registered in REGISTRY:
        problems.extend(registered.function(checked, context))
    return problems
