"""Milestone queries: filter the status rows, and look one plan item up in full.

What ``sendtrack milestones`` and ``sendtrack show`` call. Both build on the same rows
as the status report (``status.milestone_rows``), so a milestone's health, colour and
reason read the same in every command.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from sendtrack.models.plan import Action, Milestone, Outcome, Priority, is_implicit
from sendtrack.models.vocabulary import DEFAULT, Vocabulary, vocabulary
from sendtrack.plan.health import Health
from sendtrack.plan.lifecycle import existed
from sendtrack.plan.status import MilestoneRow, UndatedRow, milestone_rows, undated_rows
from sendtrack.store.repository import Repository

ItemKind = Literal["priority", "outcome", "action", "milestone"]


@dataclass(frozen=True)
class Filters:
    """Every filter is optional; within one filter any value matches, across filters all must."""

    health: Collection[Health] = ()
    colour: Collection[str] = ()
    workstream: Collection[str] = ()
    priority: Collection[str] = ()
    due_before: date | None = None
    """Current due date strictly before this day."""

    def matches(self, row: MilestoneRow) -> bool:
        return (
            (not self.health or row.health in self.health)
            and (not self.colour or row.colour.name in self.colour)
            and (not self.workstream or row.workstream in self.workstream)
            and (not self.priority or row.priority in self.priority)
            and (self.due_before is None or row.current_due < self.due_before)
        )


def select(rows: Sequence[MilestoneRow], filters: Filters) -> list[MilestoneRow]:
    return [row for row in rows if filters.matches(row)]


@dataclass(frozen=True)
class ItemDetail:
    """One plan item with the chain above it and the health of every milestone under it."""

    kind: ItemKind
    id: str
    priority: Priority
    outcome: Outcome | None
    action: Action | None
    milestone: Milestone | None
    rows: list[MilestoneRow]
    """The milestone's own row, or the rows of every milestone under the item."""
    file: str
    line: int
    workstream_names: dict[str, str]
    words: Vocabulary = DEFAULT
    """The plan's words for its levels and groups."""
    linked_from: tuple[str, ...] = ()
    """Ids of the plan items whose ``links`` name this one."""
    undated: tuple[UndatedRow, ...] = ()
    """Undated milestones under the item ('ongoing', 'TBC'), which have no row."""

    @property
    def label(self) -> str:
        """What the plan calls this kind of item: 'Concern', 'Next step'."""
        return self.words.noun(self.kind).name


def find_item(
    repo: Repository, item_id: str, as_of: date, scheme: str | None = None
) -> ItemDetail | None:
    """The priority, outcome, action or milestone with this id (None if there is none)."""
    rows = milestone_rows(repo, as_of, scheme, existing_only=False)
    undated = [row for row in undated_rows(repo, as_of) if not row.withdrawn]
    by_id = {row.id: row for row in rows}
    names = {s.id: s.shown for s in repo.settings.workstreams} if repo.settings else {}

    def detail(
        kind: ItemKind,
        item: object,
        priority: Priority,
        outcome: Outcome | None = None,
        action: Action | None = None,
        milestone: Milestone | None = None,
    ) -> ItemDetail:
        file, line, _ = repo.locate(item)
        if milestone is not None:
            # An undated milestone ('ongoing') has no row: it has no health.
            under = [by_id[milestone.id]] if milestone.id in by_id else []
        else:
            under = [
                row
                for row in rows
                if existed(row.added_on, as_of)
                and (action is None or row.action == action.id)
                and (outcome is None or row.outcome == outcome.id)
                and row.priority == priority.id
            ]
        return ItemDetail(
            kind,
            item_id,
            priority,
            outcome,
            action,
            milestone,
            under,
            file,
            line,
            names,
            words,
            tuple(other.id for other in repo.plan_items() if item_id in other.links),
            tuple(
                row
                for row in undated
                if milestone is None
                and (action is None or row.action == action.id)
                and (outcome is None or row.outcome == outcome.id)
                and row.priority == priority.id
            ),
        )

    words = vocabulary(repo.settings)
    for priority in repo.priorities:
        if priority.id == item_id:
            return detail("priority", priority, priority)
        for tree_outcome in priority.tree():
            # A stand-in for a level the plan does not have is not an item of its own.
            outcome = None if is_implicit(tree_outcome) else tree_outcome
            if outcome is not None and outcome.id == item_id:
                return detail("outcome", outcome, priority, outcome)
            for tree_action in tree_outcome.actions:
                action = None if is_implicit(tree_action) else tree_action
                if action is not None and action.id == item_id:
                    return detail("action", action, priority, outcome, action)
                for milestone in tree_action.milestones:
                    if milestone.id == item_id:
                        return detail("milestone", milestone, priority, outcome, action, milestone)
    return None
