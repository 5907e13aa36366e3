"""What a read command may count when the repository has problems (issue 14 §4).

``check`` and CI refuse a repository with an error; a read command (status, the papers,
the listings) reports on what is sound instead: every file with an error is left out
whole, a banner names the files and their problems, and every total says "excluding …".
A file with an error is left out even when it loaded (a duplicate id would count twice,
a complete milestone with no date would count as complete in no period): no figure is
computed from a file that is wrong. The partnership settings are the exception: they
give every figure its words, groups and colours, so with a problem there nothing is
counted at all (``blocked``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sendtrack.core.exclusions import Exclusions
from sendtrack.core.problems import Problem, Severity
from sendtrack.store.repository import REPO_MARKER, Repository

SETTINGS_FILE = REPO_MARKER.as_posix()


@dataclass(frozen=True)
class Readable:
    """The repository a read command counts, and what was left out of it and why."""

    repo: Repository
    left_out: dict[str, tuple[Problem, ...]]
    """Each file left out, with its errors in line order."""
    unplaced: tuple[Problem, ...] = ()
    """Errors that name no file (nothing to leave out for them)."""

    @property
    def excluded(self) -> Exclusions:
        return Exclusions(tuple(self.left_out))

    @property
    def blocked(self) -> bool:
        """The settings have a problem: nothing can be counted."""
        return SETTINGS_FILE in self.left_out or self.repo.settings is None

    @property
    def partial(self) -> bool:
        return bool(self.left_out or self.unplaced)

    def banner(self) -> tuple[str, list[str]]:
        """The banner's first line, and one line per problem ('file:line:col: code …')."""
        count = len(self.left_out)
        files = f"{count} file{'s' if count != 1 else ''}"
        head = (
            f"These figures leave out {files} with problems: "
            f"{', '.join(self.left_out)} (fix them: 'sendtrack check')"
            if self.left_out
            else "These figures may be affected by the problems below ('sendtrack check')"
        )
        lines = [_line(problem) for problems in self.left_out.values() for problem in problems]
        lines.extend(_line(problem) for problem in self.unplaced)
        return head, lines


def readable(repo: Repository, problems: Sequence[Problem]) -> Readable:
    """``repo`` without every file that has an error among ``problems``."""
    left: dict[str, list[Problem]] = {}
    unplaced: list[Problem] = []
    for problem in sorted(problems, key=Problem.sort_key):
        if problem.severity is not Severity.ERROR:
            continue
        if problem.file:
            left.setdefault(problem.file, []).append(problem)
        else:
            unplaced.append(problem)
    return Readable(
        repo.without(left),
        {file: tuple(found) for file, found in left.items()},
        tuple(unplaced),
    )


def _line(problem: Problem) -> str:
    where = problem.file or "(no file)"
    if problem.line:
        where += f":{problem.line}:{problem.column}"
    return f"{where}: {problem.code} {problem.message}"
