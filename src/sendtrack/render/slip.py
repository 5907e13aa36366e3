"""Slip in words: the agreed slip, and beside it the slip a proposal awaiting the board
would make.

Why: a red milestone read "slip 0 days · not re-profiled" next to "re-profile to 31 Jan
2026 awaiting the board", and the 123 days the board was asked to agree were nowhere. The
agreed figure stays first (the current date is the last agreed one); the proposed one is
shown beside it wherever slip is printed, in the same words.
"""

from __future__ import annotations

from sendtrack.core.dates import long_form
from sendtrack.plan.health import days
from sendtrack.plan.status import MilestoneRow


def slip_words(row: MilestoneRow) -> str:
    """'slip 34 days', or 'slip 0 days agreed, 123 days proposed' while a proposal waits."""
    proposed = row.proposed_slip_days
    if proposed is None:
        return f"slip {days(row.slip_days)}"
    return f"slip {days(row.slip_days)} agreed, {days(proposed)} proposed"


def proposal_line(row: MilestoneRow) -> str | None:
    """'proposed: to 31 Jan 2026, slip 123 days', while a re-profile awaits the board."""
    proposed = row.proposed_slip_days
    if proposed is None:
        return None
    return f"proposed: to {long_form(row.pending[-1].to)}, slip {days(proposed)}"


def slip_cell(row: MilestoneRow) -> str:
    """A 'Slip (days)' cell: '34', or '0 (123 proposed)'."""
    proposed = row.proposed_slip_days
    return str(row.slip_days) + (f" ({proposed} proposed)" if proposed is not None else "")
