"""When an item entered the plan, so that a view of the past counts only what existed.

Plans change between boards: items are added, and an Improvement Plan takes over a
Written Statement of Action's unfinished actions. "79 of 95 milestones" on 3 November is
a figure about the 95 that existed on 3 November; a milestone added in December must not
appear in ``--as-of 2025-11-03``, or the past is coloured by later knowledge.

An item records when it entered the plan with ``added_on`` (a day) or ``added_at`` (the
meeting that agreed it). An item that records neither entered with the level above it,
and the top level with the plan (``plan_agreed_on`` in ``plan/partnership.yaml``). An
item none of these date has always existed, as far as sendtrack can tell: ``check``
warns about it in a git repository (``added-on-missing``), rather than guessing a date
from the history.

Carried forward: an unfinished milestone of one plan may continue as a milestone of the
next (``carried_forward: {into, agreed_at}``). The original stays in its plan's figures
as carried forward; its continuation is measured for slip from the *original* baseline
(``carried_from``), through any number of hand-overs, and for health by its own dates.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from sendtrack.models.plan import Action, Milestone, Outcome, Priority
from sendtrack.models.settings import Settings
from sendtrack.plan.health import meeting_date
from sendtrack.store.repository import PlanEntry, Repository


def own_added(
    item: Priority | Outcome | Action | Milestone, meeting_dates: Mapping[str, date]
) -> date | None:
    """The day the item itself says it entered the plan, if it says."""
    if item.added_on is not None:
        return item.added_on
    if item.added_at is not None:
        return meeting_date(item.added_at, meeting_dates)
    return None


def plan_agreed_on(settings: Settings | None) -> date | None:
    return settings.plan_agreed_on if settings is not None else None


def entered_on(
    entry: PlanEntry, meeting_dates: Mapping[str, date], plan_default: date | None
) -> date | None:
    """The day a milestone entered the plan: its own, else the nearest level above's,
    else the plan's; None when nothing says."""
    for item in (entry.milestone, entry.action, entry.outcome, entry.priority):
        found = own_added(item, meeting_dates)
        if found is not None:
            return found
    return plan_default


def priority_entered_on(
    priority: Priority, meeting_dates: Mapping[str, date], plan_default: date | None
) -> date | None:
    return own_added(priority, meeting_dates) or plan_default


def existed(entered: date | None, as_of: date) -> bool:
    """Whether an item that entered the plan on ``entered`` was in it on ``as_of``."""
    return entered is None or entered <= as_of


def carried_from(repo: Repository) -> dict[str, Milestone]:
    """Continuation's id → the first milestone of the chain it continues (an action of the
    WSoA, carried into the Improvement Plan, perhaps carried again into a later plan)."""
    into = {
        milestone.id: milestone.carried_forward.into
        for milestone in repo.milestones()
        if milestone.carried_forward is not None
    }
    if not into:
        return {}
    by_id = {milestone.id: milestone for milestone in repo.milestones()}
    previous = {target: source for source, target in into.items()}
    found: dict[str, Milestone] = {}
    for target in previous:
        first, seen = previous[target], {target}
        # Walk back to the first plan; a loop (reported by check) stops the walk.
        while first in previous and first not in seen:
            seen.add(first)
            first = previous[first]
        if first in by_id:
            found[target] = by_id[first]
    return found
