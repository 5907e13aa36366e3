"""The words a return shows people, in one place: what the plan calls its tracked items
and its groups, and the statuses as a lead reads and types them.

Today these are sendtrack's own words. Partnerships name their levels differently (a
Written Statement of Action has "actions" under "significant concerns", Southend has
"thematic groups", not workstreams): ``words_for`` is the one place that will read them
from the partnership's settings, so nothing else in returns needs to change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import get_args

from sendtrack.models.plan import MilestoneStatus
from sendtrack.models.tracker import BoardActionStatus
from sendtrack.store.repository import Repository


def _shown(values: tuple[str, ...]) -> dict[str, str]:
    return {value: value.replace("_", " ") for value in values}


@dataclass(frozen=True)
class Words:
    milestones: str = "milestones"
    """The plan's tracked items."""
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
    """The words for this repository's returns (the partnership's own, once settings
    carry a vocabulary; sendtrack's until then)."""
    del repo  # the seam for the partnership's vocabulary (see the module docstring)
    return Words()


def heading(word: str) -> str:
    """'board actions' → 'Board actions': a sheet name or a heading."""
    return word[:1].upper() + word[1:]
