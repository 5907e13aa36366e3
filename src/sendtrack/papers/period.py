"""The reporting period of a board paper: from the last board to the as-of date.

Why a module of its own: "this period" in a highlight report, "closed since the last
board" in the action log and "carried over" all need the same two ends, and they must
agree. The period is *after* its start and *up to and including* its end: a board held
on 13 October reports what happened on the 14th onwards; anything dated on the as-of date
counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sendtrack.board.common import BoardError, held_boards, resolve_meeting
from sendtrack.core.dates import long_form, parse_date, shift
from sendtrack.models import Meeting
from sendtrack.plan.status import MeetingRef
from sendtrack.store.repository import Repository


class PeriodError(ValueError):
    """``--since`` names neither a meeting nor a date."""


@dataclass(frozen=True)
class Period:
    """``(start, end]``: ``start`` None means "since the plan began"."""

    start: date | None
    start_meeting: MeetingRef | None
    """The board the period starts from, when it starts at one."""
    end: date
    next_meeting: MeetingRef | None
    """The first board after ``end``, which "next period" looks ahead to."""

    def contains(self, day: date | None) -> bool:
        if day is None or day > self.end:
            return False
        return self.start is None or day > self.start

    def describe(self) -> str:
        """'14 Oct 2025 to 3 Nov 2025 (since the 13 Oct 2025 board)'."""
        if self.start is None:
            return f"up to {long_form(self.end)} (since the plan began)"
        first = long_form(shift(self.start, 1))
        since = (
            f"since the {long_form(self.start_meeting.date)} board"
            if self.start_meeting is not None
            else f"since {long_form(self.start)}"
        )
        return f"{first} to {long_form(self.end)} ({since})"


def _ref(meeting: Meeting) -> MeetingRef:
    return MeetingRef(meeting.id, meeting.date, meeting.board)


def previous_board(repo: Repository, before: date) -> MeetingRef | None:
    """The latest board held strictly before ``before``.

    Strictly: on the day of a board, its papers report since the board *before* it.
    """
    held = held_boards(repo, shift(before, -1))
    return _ref(held[-1]) if held else None


def next_board(repo: Repository, after: date) -> MeetingRef | None:
    """The first board after ``after`` that is not cancelled (as ``status`` finds it)."""
    upcoming = [m for m in repo.board_meetings() if m.date > after and m.status != "cancelled"]
    return _ref(min(upcoming, key=lambda m: m.date)) if upcoming else None


def resolve_period(repo: Repository, as_of: date, since: str | None = None) -> Period:
    """The period ending on ``as_of``; ``since`` is a meeting (id or date) or any date.

    Without ``since`` the period starts at the last board held before ``as_of``: the
    papers for a board report what happened since the previous one.
    """
    start_meeting: MeetingRef | None
    if since is None:
        start_meeting = previous_board(repo, as_of)
        start = start_meeting.date if start_meeting else None
    else:
        try:
            start_meeting = _ref(resolve_meeting(repo, since))
            start = start_meeting.date
        except BoardError:
            start_meeting = None
            try:
                start = parse_date(since)
            except ValueError as exc:
                known = ", ".join(sorted(m.id for m in repo.meetings)) or "none recorded"
                raise PeriodError(
                    f"--since '{since}' is neither a meeting ({known}) nor a date: {exc}"
                ) from None
        if start >= as_of:
            raise PeriodError(
                f"--since {long_form(start)} is not before the as-of date {long_form(as_of)}"
            )
    return Period(start, start_meeting, as_of, next_board(repo, as_of))
