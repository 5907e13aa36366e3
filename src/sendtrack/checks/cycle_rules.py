"""Rules of the meeting cycle: a board whose date has passed is minuted or cancelled.

A record left ``scheduled`` after its date is the most common gap in a board's paper
trail (the minutes were never typed in): the papers never count it as "the last board",
and the forward plan it should hold is missing. It is a warning, not an error, and only
once ``MINUTES_GRACE_DAYS`` have passed: boards meet about monthly and the minutes are
drafted in the weeks after, so a record still scheduled when the next board is due has
been forgotten, while one a week old is being written. The hint names the command that
records the meeting as held.
"""

from __future__ import annotations

from collections.abc import Iterator

from sendtrack.checks import CheckContext, check, problem_at
from sendtrack.core.dates import long_form
from sendtrack.core.problems import Problem, Severity
from sendtrack.store.repository import Repository

MINUTES_GRACE_DAYS = 28
"""Days after a meeting's date before a record still 'scheduled' is reported."""


@check("meeting-not-minuted")
def past_meetings_minuted(repo: Repository, context: CheckContext) -> Iterator[Problem]:
    """A meeting more than four weeks before the as-of date is no longer ``scheduled``:
    it was held (``sendtrack meeting held DATE``) or cancelled."""
    for meeting in repo.meetings:
        late = (context.as_of - meeting.date).days
        if meeting.status == "scheduled" and late > MINUTES_GRACE_DAYS:
            yield problem_at(
                repo,
                meeting,
                "meeting-not-minuted",
                f"the {long_form(meeting.date)} meeting is still 'scheduled', "
                f"{late} days after its date",
                field="status",
                item_id=meeting.id,
                hint=f"record it with 'sendtrack meeting held {meeting.id}', "
                "or write 'status: cancelled' if it did not meet",
                severity=Severity.WARNING,
            )
