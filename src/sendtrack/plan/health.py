"""A milestone's health, derived from its status, its dates and an as-of date.

Why a module of its own: the board talks about health ("delayed", "off track"), leads
report status ("in progress"), and partnerships disagree about colours. Keeping health a
pure function of the data and a date (no clock, no I/O, no colour) means every report —
status, board paper, review diff, benchmark — gives the same answer for the same inputs
on any day, and colour stays configuration (``colours.py``).

The rules (also in ``docs/health.md``), applied in this order:

* ``withdrawn`` — withdrawn or superseded, by a meeting held on or before the as-of
  date; out of every denominator, listed.
* ``carried_forward`` — not complete, and carried forward into a later plan by a meeting
  held on or before the as-of date; in the denominators as carried forward (neither
  complete nor withdrawn), listed.
* ``complete`` — status complete, completed on or before the as-of date; the reason
  says "late" when it was completed after its *baseline* date.
* ``off_track`` — not complete and the as-of date is past its current due date.
* ``delayed`` — not complete, not past its current date, and any of: moved later than
  its baseline by an agreed re-profile; marked at risk with a reason (from
  ``at_risk_since``, where given); not started within ``not_started_window_days`` of its
  current date.
* ``on_track`` — every other live milestone.

The current due date is the latest re-profile *agreed at a meeting held on or before the
as-of date*. A proposed re-profile never moves it, and nor does one recorded as agreed at
a meeting that, as of the date asked about, had not yet happened: both are "awaiting the
board". Likewise a completion, a start or a withdrawal dated after the as-of date has
not happened yet as of that date, so ``--as-of`` answers "what did it look like then".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sendtrack.core.dates import long_form
from sendtrack.models.plan import Milestone, MilestoneStatus, Reprofile

DEFAULT_WINDOW_DAYS = 30
"""Used when there are no settings; the settings file's default is the same."""


class Health(StrEnum):
    """Derived health. Values are the JSON spelling; ``label`` is the board's words."""

    OFF_TRACK = "off_track"
    DELAYED = "delayed"
    ON_TRACK = "on_track"
    COMPLETE = "complete"
    CARRIED_FORWARD = "carried_forward"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def rank(self) -> int:
        """Sort order for exception lists: worst first (off track, delayed, …)."""
        return list(Health).index(self)

    @property
    def is_exception(self) -> bool:
        """The board's exception list: delayed (amber) and off track (red)."""
        return self in (Health.OFF_TRACK, Health.DELAYED)


_LABELS = {
    Health.OFF_TRACK: "off track",
    Health.DELAYED: "delayed",
    Health.ON_TRACK: "on track",
    Health.COMPLETE: "complete",
    Health.CARRIED_FORWARD: "carried forward",
    Health.WITHDRAWN: "withdrawn",
}


@dataclass(frozen=True, slots=True)
class AgreedMove:
    """A re-profile in force as of the as-of date, with the date of the meeting that agreed it."""

    entry: Reprofile
    meeting_id: str
    meeting_date: date


@dataclass(frozen=True, slots=True)
class Assessment:
    """A milestone's health as of a date, and everything a report needs to explain it."""

    health: Health
    reason: str
    """One line a board member can read: "due 30 Jun 2025, re-profiled to …; …"."""
    status: MilestoneStatus
    """The status as of the as-of date (a completion dated later is not yet complete)."""
    baseline_due: date
    current_due: date
    agreed: tuple[AgreedMove, ...]
    """Re-profiles in force as of the as-of date, oldest first."""
    pending: tuple[Reprofile, ...]
    """Re-profiles awaiting the board as of the as-of date (proposed, or agreed later)."""
    late: bool
    """Complete, and completed after the baseline date."""

    @property
    def slip_days(self) -> int:
        """Days from the baseline to the current due date (0 if never moved)."""
        return (self.current_due - self.baseline_due).days

    @property
    def reprofiles(self) -> int:
        """How many times the date has moved (agreed re-profiles in force)."""
        return len(self.agreed)

    @property
    def started(self) -> bool:
        """'In progress or completed', the board's headline measure."""
        return self.status != "not_started"


def meeting_date(meeting_id: str, meeting_dates: Mapping[str, date]) -> date | None:
    """The date of a meeting: looked up, else read from the id (ids are ISO dates)."""
    known = meeting_dates.get(meeting_id)
    if known is not None:
        return known
    try:
        return date.fromisoformat(meeting_id)
    except ValueError:
        return None


def milestone_health(
    milestone: Milestone,
    as_of: date,
    meeting_dates: Mapping[str, date],
    window_days: int = DEFAULT_WINDOW_DAYS,
) -> Assessment:
    """Derive a milestone's health as of ``as_of``.

    ``meeting_dates`` maps meeting id → meeting date (``{m.id: m.date for m in
    repo.meetings}``); ``window_days`` is ``settings.not_started_window_days``. An undated
    milestone ('ongoing', 'TBC') has no health: callers count it on its own.
    """
    baseline = milestone.baseline
    if baseline is None:
        raise ValueError(f"milestone {milestone.id} is undated ({milestone.due}): no health")
    agreed: list[AgreedMove] = []
    pending: list[Reprofile] = []
    for entry in milestone.reprofiles:
        held = meeting_date(entry.agreed_at, meeting_dates) if entry.agreed_at else None
        if entry.agreed_at is not None and held is not None and held <= as_of:
            agreed.append(AgreedMove(entry, entry.agreed_at, held))
        elif entry.withdrawn is not None and entry.withdrawn.on <= as_of:
            continue  # taken back before any board agreed it: awaiting nothing
        else:
            pending.append(entry)
    current = agreed[-1].entry.to if agreed else baseline
    status = status_as_of(milestone, as_of)
    due_part = _due_phrase(baseline, agreed)
    pending_part = _pending_phrase(pending)

    def result(health: Health, *parts: str, late: bool = False) -> Assessment:
        reason = "; ".join(part for part in (*parts, pending_part) if part)
        return Assessment(
            health, reason, status, baseline, current, tuple(agreed), tuple(pending), late
        )

    withdrawal = milestone.withdrawn
    if withdrawal is not None:
        held = meeting_date(withdrawal.agreed_at, meeting_dates)
        if held is not None and held <= as_of:
            how = (
                f"superseded by {withdrawal.superseded_by}"
                if withdrawal.superseded_by
                else "withdrawn"
            )
            return result(
                Health.WITHDRAWN, f"{how} at the {long_form(held)} board: {withdrawal.reason}"
            )

    carried = milestone.carried_forward
    if carried is not None and status != "complete":
        held = meeting_date(carried.agreed_at, meeting_dates)
        if held is not None and held <= as_of:
            return result(
                Health.CARRIED_FORWARD,
                f"{due_part}; carried forward into {carried.into} at the {long_form(held)} board",
            )

    if status == "complete":
        done = milestone.completed_on
        if done is None:  # the checks report this; health still has an answer
            return result(Health.COMPLETE, f"{due_part}; complete (no completion date)")
        if done <= baseline:
            return result(Health.COMPLETE, f"{due_part}; completed {long_form(done)}")
        within = ", within its re-profiled date" if done <= current else ""
        return result(
            Health.COMPLETE,
            f"{due_part}; completed {long_form(done)}, late: "
            f"{days((done - baseline).days)} after the baseline{within}",
            late=True,
        )

    state = "in progress" if status == "in_progress" else "not started"
    if as_of > current:
        return result(
            Health.OFF_TRACK, f"{due_part}; {state}, {days((as_of - current).days)} past due"
        )

    days_left = (current - as_of).days
    not_started_late = status == "not_started" and days_left <= window_days
    progress = (
        f"{state} and {_due_in(days_left)}"
        if not_started_late
        else f"{state}, {_due_in(days_left)}"
    )
    # Marked at risk later than the as-of date: not yet known then.
    known_risk = milestone.at_risk if not _after(milestone.at_risk_since, as_of) else None
    risk = f"at risk: {known_risk}" if known_risk else ""
    delayed = current > baseline or bool(known_risk) or not_started_late
    return result(Health.DELAYED if delayed else Health.ON_TRACK, due_part, progress, risk)


def _after(day: date | None, as_of: date) -> bool:
    return day is not None and day > as_of


def status_as_of(milestone: Milestone, as_of: date) -> MilestoneStatus:
    """The reported status, rolled back where its dates lie after ``as_of``."""
    status = milestone.status
    if (
        status == "complete"
        and milestone.completed_on is not None
        and milestone.completed_on > as_of
    ):
        status = "in_progress"
    if (
        status == "in_progress"
        and milestone.started_on is not None
        and milestone.started_on > as_of
    ):
        status = "not_started"
    return status


def _due_phrase(baseline: date, agreed: list[AgreedMove]) -> str:
    if not agreed:
        return f"due {long_form(baseline)}"
    last = agreed[-1]
    times = f" (moved {len(agreed)} times)" if len(agreed) > 1 else ""
    return (
        f"due {long_form(baseline)}, re-profiled to {long_form(last.entry.to)} "
        f"at the {long_form(last.meeting_date)} board{times}"
    )


def _pending_phrase(pending: list[Reprofile]) -> str:
    if not pending:
        return ""
    latest = pending[-1]
    return f"re-profile to {long_form(latest.to)} awaiting the board"


def days(count: int) -> str:
    """'1 day', '34 days'."""
    return f"{count} day" if count == 1 else f"{count} days"


def _due_in(days_left: int) -> str:
    return "due today" if days_left == 0 else f"due in {days(days_left)}"
