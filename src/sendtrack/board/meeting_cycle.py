"""The meeting cycle's bookkeeping: a board that met is recorded as held, and a new
record is not dated before the last board held by mistake.

``meeting held DATE`` turns a scheduled record into the skeleton of its minutes: the
status becomes ``held`` and the sections the minutes fill in (attendance, decisions) are
added, empty, where the record lacks them, so the clerk types into a record that already
has the right shape. Nothing else changes: the agenda pre-filled by ``meeting new`` and
every comment stay as written.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sendtrack.board.common import BoardError, resolve_meeting
from sendtrack.core.dates import long_form
from sendtrack.edit.planned import PlannedEdit
from sendtrack.models import Meeting
from sendtrack.store.repository import Repository

_FIELDS = list(Meeting.model_fields)

SKELETON: dict[str, Any] = {
    "attendance": {"present": [], "in_attendance": [], "apologies": []},
    "decisions": [],
}
"""The sections of the minutes ``meeting held`` adds where the record has none."""


def hold_meeting(repo: Repository, today: date, reference: str) -> PlannedEdit:
    """Plan recording the meeting ``reference`` (its id or date) as held, on or before
    ``today``, with the skeleton of its minutes."""
    meeting = resolve_meeting(repo, reference)
    when = long_form(meeting.date)
    if meeting.status == "held":
        raise BoardError(
            f"the {when} meeting is already recorded as held",
            f"see it with 'sendtrack meeting show {meeting.id}'",
        )
    if meeting.status == "cancelled":
        raise BoardError(
            f"the {when} meeting is recorded as cancelled",
            "if it met after all, set its status to scheduled first",
        )
    if meeting.date > today:
        raise BoardError(
            f"the {when} meeting has not met yet (today is {long_form(today)})",
            "record it as held on or after its date",
        )
    origin = repo.origin(meeting)
    if origin is None:  # pragma: no cover - every loaded meeting has an origin
        raise BoardError(f"cannot tell which file holds meeting {meeting.id}")
    change = PlannedEdit.start(repo, today)
    file = origin.file
    change.editor.set_value(file, ("status",), "held")
    added = []
    for key, value in SKELETON.items():
        if (key,) in change.editor.document(file).nodes:
            continue
        position = _FIELDS.index(key)
        change.editor.set_field(file, (), key, value, after=_FIELDS[:position])
        added.append(key)
    skeleton = f"; added {' and '.join(added)} to fill in" if added else ""
    change.summary.append(f"{file}: the {when} meeting recorded as held{skeleton}")
    return change


def refuse_before_last_held(repo: Repository, day: date, body: str | None) -> None:
    """A new record dated before the last board held is almost always a typo (the year);
    ``meeting new --backfill`` says it is a past meeting being recorded on purpose."""
    held = [m for m in repo.body_meetings(body) if m.status == "held"]
    last = max(held, key=lambda m: m.date) if held else None
    if last is not None and day < last.date:
        raise BoardError(
            f"{long_form(day)} is before the last board held, on {long_form(last.date)}",
            "check the date; to record a past meeting on purpose, add --backfill",
        )
