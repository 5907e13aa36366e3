"""What changed in the plan between two states of the repository, in the board's words.

A reviewer of a pull request wants "1.4.2.1 due 31 May 2025 → 31 Jan 2026, +245 days,
2nd re-profile, agreed 3 Nov 2025: …", not a YAML diff. ``compare`` matches every item
by its id — never by its position in a file — so moving a milestone, reordering a list
or renaming a file changes nothing, and an item whose id changed while everything else
stayed the same is reported as a rename, not as a removal plus an addition.

Changes are plain values (``Change``: kind, id, field, old, new) that a caller can filter
and that ``render/diff.py`` renders as text, markdown or JSON. ``KINDS`` lists every
kind with what it means and whether it is *flagged*: something a reviewer must look at
because the board's record should not change that way (a milestone removed rather than
withdrawn, a baseline date edited, an agreed re-profile rewritten). ``check --base``
(``review/baseline.py``) turns the same situations into errors.

The package is split by what changes, over one engine keyed by id (``engine``): the plan
and its milestones' health (``plan``), board actions (``board_actions``), risks
(``risks``), impact measures (``measures``), meetings and settings (``meetings``).
"""

from __future__ import annotations

from datetime import date

from sendtrack.review.diff.board_actions import board_action_changes
from sendtrack.review.diff.engine import KINDS, Change, DiffReport, KindInfo, Section, id_key
from sendtrack.review.diff.measures import measure_changes
from sendtrack.review.diff.meetings import meeting_changes, settings_changes
from sendtrack.review.diff.plan import milestone_changes, plan_item_changes
from sendtrack.review.diff.risks import risk_changes
from sendtrack.store.repository import Repository

__all__ = ["KINDS", "Change", "DiffReport", "KindInfo", "Section", "compare"]


def compare(
    old: Repository, new: Repository, as_of: date, base_as_of: date | None = None
) -> list[Change]:
    """Every change from ``old`` to ``new``, in report order (section, then natural id).

    Health is assessed on both sides as of ``as_of``, or for ``old`` as of ``base_as_of``
    when given (the day of the board ``old`` was recorded for)."""
    changes: list[Change] = []
    changes.extend(plan_item_changes(old, new))
    changes.extend(milestone_changes(old, new, as_of, base_as_of))
    changes.extend(board_action_changes(old, new))
    changes.extend(risk_changes(old, new))
    changes.extend(measure_changes(old, new))
    changes.extend(meeting_changes(old, new))
    changes.extend(settings_changes(old, new))
    sections = list(Section)
    # A stable sort: an item's own changes keep the order they were found in.
    return sorted(changes, key=lambda c: (sections.index(c.section), id_key(c.id)))
