"""Dates that contradict each other: a thing cannot end before it began.

Each date is checked on its own elsewhere (a real day, not in the future); these rules
check their order, which no single field can: completed before started, a history
written out of order, a proposal dated after the board that agreed it, a re-profile
agreed before the milestone was in the plan. The write commands re-check the repository
after planning an edit (``edit/planned.py``), so the same rules refuse a write that
would put dates out of order, with nothing written. Each docstring is its documentation.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from sendtrack.checks import CheckContext, check, problem_at
from sendtrack.core.dates import long_form
from sendtrack.core.problems import Problem
from sendtrack.plan.health import meeting_date
from sendtrack.plan.lifecycle import entered_on, plan_agreed_on
from sendtrack.store.repository import Repository


@check("completed-before-started")
def completed_after_started(repo: Repository, context: CheckContext) -> Iterator[Problem]:
    """A milestone's completed_on is not before its started_on, and a board action is not
    closed before the meeting that raised it."""
    for milestone in repo.milestones():
        started, done = milestone.started_on, milestone.completed_on
        if started is not None and done is not None and done < started:
            yield problem_at(
                repo,
                milestone,
                "completed-before-started",
                f"milestone {milestone.id} is completed on {long_form(done)}, before it "
                f"started ({long_form(started)})",
                field="completed_on",
                item_id=milestone.id,
                hint="check the year of completed_on and started_on; a milestone completes "
                "on or after the day it starts",
            )
    meetings = repo.meetings_by_id()
    for action in repo.board_actions():
        raised = meetings.get(action.meeting)
        if raised is not None and action.closed_on is not None and action.closed_on < raised.date:
            yield problem_at(
                repo,
                action,
                "completed-before-started",
                f"board action {action.id} is closed on {long_form(action.closed_on)}, before "
                f"the {long_form(raised.date)} meeting that raised it",
                field="closed_on",
                item_id=action.id,
                hint="check the year of closed_on; an action closes on or after the meeting "
                "that raised it",
            )


@check("history-out-of-order")
def milestone_histories_in_order(repo: Repository, context: CheckContext) -> Iterator[Problem]:
    """A milestone's updates are in date order, and its agreed re-profiles in the order of
    the boards that agreed them: both are appended, and the date in force is the last
    agreed one, so an entry back-filled above a later one would change what it means."""
    dates = {meeting.id: meeting.date for meeting in repo.meetings}
    for milestone in repo.milestones():
        previous: tuple[int, date] | None = None
        for index, update in enumerate(milestone.updates, start=1):
            if previous is not None and update.on < previous[1]:
                yield problem_at(
                    repo,
                    update,
                    "history-out-of-order",
                    f"update {index} of milestone {milestone.id} is dated "
                    f"{long_form(update.on)}, before update {previous[0]} "
                    f"({long_form(previous[1])})",
                    field="on",
                    item_id=milestone.id,
                    hint="keep updates oldest first; append new ones at the end",
                )
            else:
                previous = (index, update.on)
        previous = None
        for index, entry in enumerate(milestone.reprofiles, start=1):
            held = meeting_date(entry.agreed_at, dates) if entry.agreed_at else None
            if held is None:
                continue  # proposed, or a meeting with no record ('unknown-meeting')
            if previous is not None and held < previous[1]:
                yield problem_at(
                    repo,
                    entry,
                    "history-out-of-order",
                    f"re-profile {index} of milestone {milestone.id} is agreed at the "
                    f"{long_form(held)} board, before re-profile {previous[0]} (agreed at "
                    f"the {long_form(previous[1])} board)",
                    field="agreed_at",
                    item_id=milestone.id,
                    hint="keep re-profiles oldest first, in the order the board agreed them; "
                    "the last agreed is the date in force",
                )
            else:
                previous = (index, held)


@check("proposal-after-agreement", "reprofile-before-added")
def reprofiles_dated_in_order(repo: Repository, context: CheckContext) -> Iterator[Problem]:
    """A re-profile's proposal (proposed_on) is not after the board that agreed it, and a
    re-profile is neither proposed nor agreed before the milestone entered the plan: its
    baseline did not exist yet to move."""
    dates = {meeting.id: meeting.date for meeting in repo.meetings}
    default = plan_agreed_on(repo.settings)
    for entry in repo.entries():
        milestone = entry.milestone
        if not milestone.reprofiles:
            continue  # most milestones: spare the walk up the chain for when it entered
        added = entered_on(entry, dates, default)
        for index, move in enumerate(milestone.reprofiles, start=1):
            where = f"re-profile {index} of milestone {milestone.id}"
            held = meeting_date(move.agreed_at, dates) if move.agreed_at else None
            proposed = move.proposed_on
            if held is not None and proposed is not None and proposed > held:
                yield problem_at(
                    repo,
                    move,
                    "proposal-after-agreement",
                    f"{where} was proposed on {long_form(proposed)}, after the "
                    f"{long_form(held)} board that agreed it",
                    field="proposed_on",
                    item_id=milestone.id,
                    hint="a board agrees a proposal made before it met: correct proposed_on, "
                    "or agreed_at (the meeting that agreed it)",
                )
            if added is None:
                continue
            if held is not None and held < added:
                yield problem_at(
                    repo,
                    move,
                    "reprofile-before-added",
                    f"{where} is agreed at the {long_form(held)} board, before the milestone "
                    f"entered the plan ({long_form(added)}), so before its baseline was set",
                    field="agreed_at",
                    item_id=milestone.id,
                    hint="check agreed_at, and the milestone's added_on or added_at (or the "
                    "plan_agreed_on of plan/partnership.yaml it inherits)",
                )
            elif proposed is not None and proposed < added:
                yield problem_at(
                    repo,
                    move,
                    "reprofile-before-added",
                    f"{where} was proposed on {long_form(proposed)}, before the milestone "
                    f"entered the plan ({long_form(added)}), so before its baseline was set",
                    field="proposed_on",
                    item_id=milestone.id,
                    hint="check proposed_on, and the milestone's added_on or added_at (or the "
                    "plan_agreed_on of plan/partnership.yaml it inherits)",
                )
