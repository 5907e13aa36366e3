"""What the three board modules share: the refusal they raise, id order, "did you mean",
and which board is the last one held or the next one scheduled.

Their writes are ``PlannedEdit`` values (``edit.planned``, the path every write command
shares): text patches made by an ``Editor`` (only the touched lines change) plus any
whole new file (a meeting record), re-checked before one journaled multi-file write, so
a move from the action log to its archive is never half-applied. Archiving moves an
action's lines *as written* (``Editor.take_item`` and ``append_block``), so its comments,
quoting and unknown keys travel with it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from datetime import date

from sendtrack.models import Meeting
from sendtrack.store.repository import Repository


class BoardError(Exception):
    """A board command that cannot be done as asked; nothing was written."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.hint = hint


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
