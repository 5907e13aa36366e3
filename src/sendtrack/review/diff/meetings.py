"""What changed in the meeting records and the partnership's settings.

Meetings are matched by id (their date); a meeting held, cancelled or rescheduled is a
status move, and a record removed is flagged. Settings are one item, compared field by
field.
"""

from __future__ import annotations

from collections.abc import Iterator

from sendtrack.core.dates import long_form
from sendtrack.models import Meeting
from sendtrack.review.diff.engine import Change, field_edits, index_by_id
from sendtrack.store.repository import Repository


def meeting_changes(old: Repository, new: Repository) -> Iterator[Change]:
    olds = index_by_id((m.id, m) for m in old.meetings)
    news = index_by_id((m.id, m) for m in new.meetings)
    for item_id, meeting in news.items():
        before = olds.get(item_id)
        if before is None:
            yield Change(
                "meeting-added",
                item_id,
                None,
                None,
                meeting.status,
                f"added: {meeting.board}, {long_form(meeting.date)} ({meeting.status})",
            )
            continue
        yield from _meeting_pair(item_id, before, meeting)
    for item_id, meeting in olds.items():
        if item_id not in news:
            yield Change(
                "meeting-removed",
                item_id,
                None,
                meeting.status,
                None,
                f"removed: {meeting.board}, {long_form(meeting.date)} ({meeting.status})",
            )


def _meeting_pair(item_id: str, before: Meeting, after: Meeting) -> Iterator[Change]:
    if before.status != after.status:
        yield Change(
            "meeting-status",
            item_id,
            "status",
            before.status,
            after.status,
            f"{before.status} → {after.status}",
        )
    yield from field_edits("meeting-edited", item_id, before, after, ["status"])


def settings_changes(old: Repository, new: Repository) -> Iterator[Change]:
    if old.settings is None or new.settings is None:
        return
    yield from field_edits("settings-edited", "settings", old.settings, new.settings, [])
