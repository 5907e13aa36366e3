"""The burn-up's figures: milestones due by their baseline and current dates, and completed.

A report object like the others in ``papers``: the highlight report and the board pack
quote its figures in text (``summary``), and ``render.charts`` draws it.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sendtrack.core.dates import long_form
from sendtrack.plan.health import Health
from sendtrack.plan.status import MilestoneRow


@dataclass(frozen=True)
class BurnUp:
    """Cumulative milestones due (by baseline and by current dates) and completed."""

    as_of: date
    total: int
    baseline: tuple[date, ...]
    """Every live milestone's baseline date, sorted."""
    current: tuple[date, ...]
    """Every live milestone's current date, sorted."""
    completed: tuple[date, ...]
    """Completion dates on or before the as-of date, sorted."""
    undated_completions: int
    """Complete milestones with no completion date: counted nowhere on the chart."""

    @staticmethod
    def _by(days: tuple[date, ...], day: date) -> int:
        return bisect.bisect_right(days, day)

    def due_by_baseline(self, day: date) -> int:
        return self._by(self.baseline, day)

    def due_by_current(self, day: date) -> int:
        return self._by(self.current, day)

    def completed_by(self, day: date) -> int:
        return self._by(self.completed, day)

    def summary(self) -> str:
        """'By 3 Nov 2025, of 95 milestones: 59 due by their baseline dates, …'."""
        day = self.as_of
        text = (
            f"By {long_form(day)}, of {self.total} milestones: {self.due_by_baseline(day)} due "
            f"by their baseline dates, {self.due_by_current(day)} due by their current dates, "
            f"{self.completed_by(day)} completed."
        )
        if self.current:
            text += f" On current dates the last falls due on {long_form(self.current[-1])}."
        if self.undated_completions:
            text += (
                f" Not on the chart: {self.undated_completions} complete without a completion date."
            )
        return text


def burn_up(rows: Iterable[MilestoneRow], as_of: date) -> BurnUp:
    """The burn-up of live (not withdrawn) milestone rows."""
    live = [row for row in rows if row.health is not Health.WITHDRAWN]
    done = [row for row in live if row.status == "complete"]
    return BurnUp(
        as_of=as_of,
        total=len(live),
        baseline=tuple(sorted(row.baseline_due for row in live)),
        current=tuple(sorted(row.current_due for row in live)),
        completed=tuple(sorted(row.completed_on for row in done if row.completed_on)),
        undated_completions=sum(1 for row in done if row.completed_on is None),
    )
