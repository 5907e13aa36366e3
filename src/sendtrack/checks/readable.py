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

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sendtrack.core.exclusions import Exclusions
from sendtrack.core.problems import Problem, Severity
from sendtrack.store.repository import REPO_MARKER, Repository

if TYPE_CHECKING:
    from sendtrack.models import BoardAction, Risk

SETTINGS_FILE = REPO_MARKER.as_posix()


@dataclass(frozen=True)
class Followed:
    """A board action or risk left out because all it links to was left out."""

    file: str
    noun: str
    id: str
    links: tuple[str, ...]


@dataclass(frozen=True)
class Readable:
    """The repository a read command counts, and what was left out of it and why."""

    repo: Repository
    left_out: dict[str, tuple[Problem, ...]]
    """Each file left out, with its errors in line order."""
    unplaced: tuple[Problem, ...] = ()
    """Errors that name no file (nothing to leave out for them)."""
    followed: tuple[Followed, ...] = ()
    """Board actions and risks left out with the items they are about."""

    @property
    def excluded(self) -> Exclusions:
        entries = tuple(f"{item.file} ({item.id})" for item in self.followed)
        return Exclusions((*self.left_out, *entries))

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
        lines.extend(
            f"{item.file}: {item.noun} {item.id} left out too: it links only to "
            f"{', '.join(item.links)}, which did not load"
            for item in self.followed
        )
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
    kept = repo.without(left)
    # A board action or risk about only what was left out goes with it: counted, it
    # would be an entry about nothing the figures show (issue 14 §4).
    gone = (repo.all_ids() - kept.all_ids()) | repo.unloaded_ids

    def about_nothing(item: BoardAction | Risk) -> bool:
        return bool(item.links) and all(link in gone for link in item.links)

    followed: list[Followed] = []
    items: list[tuple[BoardAction | Risk, str]] = [
        *((action, "board action") for action in kept.board_actions()),
        *((risk, "risk") for risk in kept.risks),
    ]
    for item, noun in items:
        if about_nothing(item):
            followed.append(Followed(kept.locate(item)[0], noun, item.id, tuple(item.links)))
    if followed:
        kept = dataclasses.replace(
            kept,
            open_actions=[a for a in kept.open_actions if not about_nothing(a)],
            archived_actions=[a for a in kept.archived_actions if not about_nothing(a)],
            risks=[r for r in kept.risks if not about_nothing(r)],
        )
    return Readable(
        kept,
        {file: tuple(found) for file, found in left.items()},
        tuple(unplaced),
        tuple(followed),
    )


def _line(problem: Problem) -> str:
    where = problem.file or "(no file)"
    if problem.line:
        where += f":{problem.line}:{problem.column}"
    return f"{where}: {problem.code} {problem.message}"
