"""The words a return shows people, in one place: what the plan calls its tracked items
and its groups, and the statuses as a lead reads and types them.

Partnerships name their levels differently (a Written Statement of Action has "next
steps" under "significant concerns", Southend has "thematic groups", not workstreams):
``words_for`` reads them from the partnership's settings (``models/vocabulary.py``), so a
lead's return is headed the way their plan is, and nothing else in returns changes. The
columns a return is read back by (``ID``, ``New status``, ``Date``, ``Note``, ``Proposed
new date``, ``Reason for new date``) are pinned, whatever the plan calls things; board
actions, measures and the statuses are sendtrack's own and stay so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import get_args

from sendtrack.models.plan import MilestoneStatus
from sendtrack.models.tracker import BoardActionStatus
from sendtrack.models.vocabulary import vocabulary
from sendtrack.store.repository import Repository


def _shown(values: tuple[str, ...]) -> dict[str, str]:
    return {value: value.replace("_", " ") for value in values}


@dataclass(frozen=True)
class Words:
    milestones: str = "milestones"
    """The plan's tracked items."""
    milestone: str = "milestone"
    """One of them, for a count of one."""
    action: str = "action"
    """The plan level a milestone belongs to."""
    workstream: str = "workstream"
    board_actions: str = "board actions"
    measures: str = "measures"
    statuses: Mapping[str, str] = field(default_factory=lambda: _shown(get_args(MilestoneStatus)))
    """Milestone status as stored → as shown and typed ('in_progress' → 'in progress')."""
    action_statuses: Mapping[str, str] = field(
        default_factory=lambda: _shown(get_args(BoardActionStatus))
    )
    """Board action status as stored → as shown and typed."""


def words_for(repo: Repository) -> Words:
    """The words for this repository's returns: its plan's (Lancashire's by default)."""
    plan = vocabulary(repo.settings)
    return Words(
        milestones=plan.tracked.words,
        milestone=plan.tracked.word,
        # The level a tracked item sits under; in a plan of two levels, the top one.
        action=plan.noun("action").word,
        workstream=plan.grouping.word,
    )


def heading(word: str) -> str:
    """'board actions' → 'Board actions': a sheet name or a heading."""
    return word[:1].upper() + word[1:]
