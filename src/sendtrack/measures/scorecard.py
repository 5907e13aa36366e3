"""The impact scorecard: every measure's state as of a date, computed once as data.

Rendered by ``render/measures.py`` as text, Markdown and JSON, led into the board pack,
summarised by ``status``. Measures are listed in the order the files give them (the
partnership's own order: usually by priority), so a board reads them the same way
every month.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sendtrack.measures.health import MeasureHealth, MeasureState, colour_of, measure_state
from sendtrack.plan.colours import DEFAULT_SCHEME, Colour
from sendtrack.store.repository import Repository


@dataclass(frozen=True)
class ScorecardRow:
    state: MeasureState
    colour: Colour

    @property
    def badge(self) -> str:
        """'✖ Red (off trajectory)': symbol, colour word and health together."""
        return f"{self.colour.symbol} {self.colour.label} ({self.state.health.label})"


@dataclass(frozen=True)
class Scorecard:
    as_of: date
    scheme: str
    rows: list[ScorecardRow]

    def count(self, health: MeasureHealth) -> int:
        return sum(1 for row in self.rows if row.state.health is health)

    @property
    def off_trajectory(self) -> list[ScorecardRow]:
        return [row for row in self.rows if row.state.health is MeasureHealth.OFF_TRAJECTORY]

    def headline(self, *, named: bool = True) -> str:
        """'3 of 8 measures on trajectory, 4 off, 1 without data' (``named``: False drops
        'measures', for a line that already says what it counts)."""
        total = len(self.rows)
        if not total:
            return "no impact measures"
        on = self.count(MeasureHealth.ON_TRAJECTORY)
        off = self.count(MeasureHealth.OFF_TRAJECTORY)
        noun = f" measure{'s' if total != 1 else ''}" if named else ""
        parts = [f"{on} of {total}{noun} on trajectory", f"{off} off"]
        no_target = self.count(MeasureHealth.NO_TARGET)
        no_data = self.count(MeasureHealth.NO_DATA)
        if no_target:
            parts.append(f"{no_target} without a target")
        if no_data:
            parts.append(f"{no_data} without data")
        stale = sum(1 for row in self.rows if row.state.stale)
        if stale:
            parts.append(f"{stale} with no recent data")
        return ", ".join(parts)


def build_scorecard(repo: Repository, as_of: date, scheme: str | None = None) -> Scorecard:
    chosen = scheme or (repo.settings.colour_scheme if repo.settings else DEFAULT_SCHEME)
    rows = []
    for measure in repo.measures:
        state = measure_state(measure, as_of)
        rows.append(ScorecardRow(state, colour_of(state.health, chosen)))
    return Scorecard(as_of, chosen, rows)


def linked(scorecard: Scorecard, item_ids: set[str]) -> list[ScorecardRow]:
    """The rows whose measure evidences any of ``item_ids`` (a workstream's items)."""
    return [row for row in scorecard.rows if item_ids & set(row.state.measure.links)]
