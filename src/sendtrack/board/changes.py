"""Planned writes to the board's files, and what the three board modules share.

Every board command that writes builds a ``PlannedChange``: text patches made by an
``Editor`` (only the touched lines change) plus any whole new file (a meeting record).
``diff()`` is what ``--dry-run`` prints; ``commit()`` re-reads and re-checks the edited
repository and refuses any change that would add an error, then writes every file in
one journaled multi-file write (``edits.write_files``), so a move from the action log to
its archive is never half-applied.

Archiving moves an action's lines *as written* (``Editor.take_item`` and
``append_block``), so its comments, quoting and unknown keys travel with it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path as FsPath

from sendtrack.checks.validate import problems_introduced
from sendtrack.core.problems import Problem
from sendtrack.models import Meeting
from sendtrack.store.edits import EditError, Editor, FileChange
from sendtrack.store.repository import Repository
from sendtrack.store.yamlio import Document


class BoardError(Exception):
    """A board command that cannot be done as asked; nothing was written."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.hint = hint


class RefusedEdit(Exception):
    """The edit would make the repository invalid; nothing was written.

    ``documents`` are the edited files as they would have been, so the problems (whose
    positions point into that text) can be shown with their source lines.
    """

    def __init__(self, problems: list[Problem], documents: Mapping[str, Document]) -> None:
        super().__init__("the change would make the repository invalid")
        self.problems = problems
        self.documents = dict(documents)


# -- small shared helpers ---------------------------------------------------------------


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sort 'R2' before 'R10' and '2025-11-03/A2' before '2025-11-03/A10'."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"(\d+)", text) if part
    )


def nearest(value: str, known: Iterable[str]) -> str:
    """A 'did you mean' hint naming the closest known ids, or ''."""
    close = difflib.get_close_matches(value, sorted(known), n=3, cutoff=0.5)
    return f"did you mean {' or '.join(repr(c) for c in close)}?" if close else ""


def resolve_meeting(repo: Repository, reference: str) -> Meeting:
    """The meeting a person names: its id, or any date form that parses to its date."""
    from sendtrack.core.dates import parse_date

    meeting = repo.meeting(reference.strip())
    if meeting is None:
        try:
            day = parse_date(reference)
        except ValueError:
            day = None
        if day is not None:
            # Two bodies may meet on one day: the board the figures report to comes first.
            meeting = next(
                (m for m in [*repo.board_meetings(), *repo.meetings] if m.date == day), None
            )
    if meeting is None:
        known = [m.id for m in repo.meetings]
        raise BoardError(
            f"no meeting '{reference}' in meetings/",
            nearest(reference, known) or f"known meetings: {', '.join(sorted(known))}",
        )
    return meeting


def held_boards(repo: Repository, as_of: date) -> list[Meeting]:
    """Meetings of the body the figures report to held on or before ``as_of``, oldest
    first."""
    return sorted(
        (m for m in repo.board_meetings() if m.status == "held" and m.date <= as_of),
        key=lambda m: m.date,
    )


def last_board(repo: Repository, as_of: date) -> Meeting | None:
    """The latest board held on or before ``as_of``: what "since the last board" means."""
    held = held_boards(repo, as_of)
    return held[-1] if held else None


def next_scheduled(repo: Repository, after: date) -> Meeting | None:
    """The first scheduled meeting after ``after``: "the next board"."""
    later = [m for m in repo.board_meetings() if m.status == "scheduled" and m.date > after]
    return min(later, key=lambda m: m.date) if later else None


# -- planned changes ------------------------------------------------------------------------


@dataclass
class PlannedChange:
    """Edits and new files, ready to show as a diff or to commit all at once."""

    root: FsPath
    as_of: date
    editor: Editor
    summary: list[str] = field(default_factory=list)
    """One line per thing the change does, in the words a board would use."""
    _after_documents: dict[str, Document] = field(default_factory=dict, repr=False)

    @classmethod
    def start(cls, repo: Repository, as_of: date) -> PlannedChange:
        return cls(repo.root, as_of, Editor(repo.root))

    def changes(self) -> list[FileChange]:
        return self.editor.changes()

    def diff(self) -> str:
        return self.editor.diff()

    def commit(self) -> list[FileChange]:
        """Re-check the edited repository, then write every changed file atomically."""
        try:
            return self.editor.commit(self._recheck)
        except EditError as exc:
            if exc.problems and self._after_documents:
                raise RefusedEdit(exc.problems, self._after_documents) from None
            raise

    def _recheck(self, new_files: Mapping[str, bytes]) -> list[Problem]:
        problems, self._after_documents = problems_introduced(self.root, self.as_of, new_files)
        return problems
