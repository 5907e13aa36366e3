"""When a milestone started, as far as its file records it: never a guess.

"Started this period" in the papers needs a start date. ``started_on`` is one; so is an
update that moved the milestone into progress (``update --status in_progress`` writes
both). Nothing else is: a completion is not a start (a milestone in progress for months
and completed today did not start today), and a move back into progress after a
completion re-opens work that started earlier. Where the record does not say, the start
is unknown and the papers name the milestone as "start date not recorded" rather than
place it in a period it may not belong to.
"""

from __future__ import annotations

from datetime import date

from sendtrack.models.plan import Milestone


def recorded_start(milestone: Milestone) -> date | None:
    """``started_on``, else the day of the first update moving it into progress, else None.

    The first update that sets any status decides: ``in_progress`` is the start;
    ``complete`` means it started on a day not recorded; ``not_started`` says it had not
    started yet, so a later move into progress is the start.
    """
    if milestone.started_on is not None:
        return milestone.started_on
    for update in sorted(milestone.updates, key=lambda each: each.on):
        if update.status == "in_progress":
            return update.on
        if update.status == "complete":
            return None
    return None
