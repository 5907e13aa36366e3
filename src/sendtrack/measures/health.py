"""Health of an impact measure: a pure function of the measure and an as-of date.

Kept apart from milestone health (``plan/health.py``) because it answers another
question — are outcomes moving? — from other facts: the latest published figure, the
trajectory's target for that figure's period (interpolated between interim targets),
the direction since the previous figure (worded by polarity: a falling waiting time is
"improving"), the gap to England and to neighbours, and whether figures have stopped
arriving. Every judgement carries its reason in words, as milestone health does.

A figure for a period counts from the day that period ends: a view as of 3 November
2025 sees the 2024 figures, not the 2025 ones, whatever the files hold.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum

from sendtrack.core.periods import Period, parse_period
from sendtrack.models.measures import UNAVAILABLE_MEANINGS, Comparator, Figure, Measure
from sendtrack.plan.colours import GREY, SCHEMES, Colour
from sendtrack.plan.health import Health

FREQUENCY_GAP: dict[str, timedelta] = {
    "monthly": timedelta(days=31),
    "termly": timedelta(days=122),
    "quarterly": timedelta(days=92),
    "annual": timedelta(days=366),
}
"""How far apart a measure's figures are expected to be."""


class MeasureHealth(Enum):
    ON_TRAJECTORY = "on_trajectory"
    OFF_TRAJECTORY = "off_trajectory"
    NO_TARGET = "no_target"
    NO_DATA = "no_data"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


class Direction(Enum):
    IMPROVING = "improving"
    WORSENING = "worsening"
    NO_CHANGE = "no_change"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return {"no_change": "no change", "unknown": "no earlier figure"}.get(
            self.value, self.value
        )


@dataclass(frozen=True)
class Trend:
    direction: Direction
    change: float | None
    """Latest minus previous value, in the measure's unit."""
    since: str | None
    """The previous figure's period."""

    @property
    def arrow(self) -> str:
        if self.change is None:
            return "–"
        return "↑" if self.change > 0 else "↓" if self.change < 0 else "→"

    @property
    def words(self) -> str:
        """'↑ improving', '→ no change': never an arrow without its word."""
        return f"{self.arrow} {self.direction.label}"


@dataclass(frozen=True)
class MeasureState:
    measure: Measure
    as_of: date
    latest: Figure | None
    """The latest figure whose period has ended by the as-of date (it may be suppressed)."""
    judged: Figure | None
    """The latest figure with a value: the one the health judges."""
    target: float | None
    """The trajectory's target for the judged figure's period."""
    final_target: float | None
    final_period: str | None
    health: MeasureHealth
    reason: str
    trend: Trend
    comparators: dict[str, float | None]
    """Each comparator's value for the judged period (None where not published)."""
    gaps: dict[str, float | None]
    """Judged value minus each comparator's, in the measure's unit."""
    stale: bool
    stale_reason: str | None
    needs_commentary: bool

    @property
    def value(self) -> float | None:
        return self.judged.value if self.judged is not None else None

    @property
    def period(self) -> str | None:
        return self.judged.period if self.judged is not None else None


def measure_state(measure: Measure, as_of: date) -> MeasureState:
    """Everything the scorecard says about one measure as of a date."""
    known = _known(measure.actuals, as_of)
    latest = known[-1] if known else None
    valued = [figure for figure in known if figure.value is not None]
    judged = valued[-1] if valued else None
    previous = valued[-2] if len(valued) > 1 else None
    comparators = _comparator_values(measure.comparators, judged, as_of)
    final_target, final_period = _final_target(measure, as_of)
    target: float | None = None
    if judged is None:
        health = MeasureHealth.NO_DATA
        reason = "no figure published yet" if latest is None else _unavailable_reason(latest)
    else:
        target = target_for(measure, judged.parsed_period(), as_of)
        health, reason = _judge(measure, judged, target)
    stale, stale_reason = _staleness(measure, latest, as_of)
    if stale_reason is not None:
        reason = f"{reason}; {stale_reason}"
    needs_commentary = health is MeasureHealth.OFF_TRAJECTORY and not _commented_since(
        measure, judged
    )
    own = judged.value if judged is not None else None
    gaps = {
        name: own - value if own is not None and value is not None else None
        for name, value in comparators.items()
    }
    return MeasureState(
        measure=measure,
        as_of=as_of,
        latest=latest,
        judged=judged,
        target=target,
        final_target=final_target,
        final_period=final_period,
        health=health,
        reason=reason,
        trend=_trend(measure, judged, previous),
        comparators=comparators,
        gaps=gaps,
        stale=stale,
        stale_reason=stale_reason,
        needs_commentary=needs_commentary,
    )


def colour_of(health: MeasureHealth, scheme: str) -> Colour:
    """A measure's colour in the partnership's scheme: on trajectory is coloured as a
    milestone on track, off trajectory as one off track; no target or data is grey."""
    chosen = SCHEMES[scheme]
    if health is MeasureHealth.ON_TRAJECTORY:
        return chosen.colour(Health.ON_TRACK)
    if health is MeasureHealth.OFF_TRAJECTORY:
        return chosen.colour(Health.OFF_TRACK)
    return GREY


def target_for(measure: Measure, period: Period, as_of: date) -> float | None:
    """The trajectory's target for ``period``: linear between the baseline and the
    interim targets by the day each period ends; the final target after the last one;
    none before the baseline (or before the first target when there is no baseline)."""
    points = _points(measure, period, as_of)
    if not points:
        return None
    end = period.end
    if end < points[0][0]:
        return None
    for (left_day, left_value), (right_day, right_value) in itertools.pairwise(points):
        if left_day <= end <= right_day:
            if right_day == left_day:
                return right_value
            share = (end - left_day).days / (right_day - left_day).days
            return left_value + share * (right_value - left_value)
    return points[-1][1]


def _points(measure: Measure, judged: Period, as_of: date) -> list[tuple[date, float]]:
    points: list[tuple[date, float]] = []
    if measure.baseline is not None:
        points.append((parse_period(measure.baseline.period).end, measure.baseline.value))
    for point in sorted(measure.trajectory, key=lambda p: parse_period(p.period)):
        value = point.current_target()
        if value is None and point.match is not None:
            value = _match_value(measure, point.match, judged, as_of)
        if value is not None:
            points.append((parse_period(point.period).end, value))
    points.sort(key=lambda item: item[0])
    return points


def _match_value(measure: Measure, name: str, judged: Period, as_of: date) -> float | None:
    """A 'reach England' target: the comparator's figure for the judged period, else
    its latest figure known by the as-of date."""
    for comparator in measure.comparators:
        if comparator.name != name:
            continue
        known = [f for f in _known(comparator.figures, as_of) if f.value is not None]
        for figure in known:
            if figure.period == judged.text:
                return figure.value
        return known[-1].value if known else None
    return None


def _final_target(measure: Measure, as_of: date) -> tuple[float | None, str | None]:
    if not measure.trajectory:
        return None, None
    last = max(measure.trajectory, key=lambda p: parse_period(p.period))
    value = last.current_target()
    if value is None and last.match is not None:
        value = _match_value(measure, last.match, parse_period(last.period), as_of)
    return value, last.period


def _known(figures: Sequence[Figure], as_of: date) -> list[Figure]:
    known = [f for f in figures if f.parsed_period().end <= as_of]
    return sorted(known, key=lambda f: f.parsed_period())


def _judge(measure: Measure, judged: Figure, target: float | None) -> tuple[MeasureHealth, str]:
    assert judged.value is not None
    shown = format_value(measure, judged.value)
    if target is None:
        return MeasureHealth.NO_TARGET, f"{shown} in {judged.period}; no target for that period"
    goal = format_value(measure, target)
    if measure.polarity == "higher":
        met = judged.value >= target - measure.tolerance
    else:
        met = judged.value <= target + measure.tolerance
    if met:
        return MeasureHealth.ON_TRAJECTORY, f"{shown} in {judged.period} against a target of {goal}"
    short = abs(judged.value - target)
    return (
        MeasureHealth.OFF_TRAJECTORY,
        f"{shown} in {judged.period}, {format_difference(measure, short)} "
        f"{'below' if measure.polarity == 'higher' else 'above'} the target of {goal}",
    )


def _unavailable_reason(latest: Figure) -> str:
    code = latest.unavailable or ""
    return f"{latest.period}: {UNAVAILABLE_MEANINGS.get(code, code)} ({code}); no earlier figure"


def _staleness(measure: Measure, latest: Figure | None, as_of: date) -> tuple[bool, str | None]:
    """Stale when the figure after the latest should have arrived: the next period's end
    plus one more gap for publication."""
    gap = FREQUENCY_GAP[measure.frequency]
    if latest is None:
        return False, None
    expected_by = latest.parsed_period().end + 2 * gap
    if as_of > expected_by:
        return True, f"no data since {latest.period}"
    return False, None


def _commented_since(measure: Measure, judged: Figure | None) -> bool:
    if judged is None:
        return True
    ended = judged.parsed_period().end
    return any(entry.on >= ended for entry in measure.commentary)


def _trend(measure: Measure, judged: Figure | None, previous: Figure | None) -> Trend:
    if judged is None or previous is None or judged.value is None or previous.value is None:
        return Trend(Direction.UNKNOWN, None, None)
    change = judged.value - previous.value
    if abs(change) < 1e-9:
        return Trend(Direction.NO_CHANGE, 0.0, previous.period)
    better = change > 0 if measure.polarity == "higher" else change < 0
    return Trend(Direction.IMPROVING if better else Direction.WORSENING, change, previous.period)


def _comparator_values(
    comparators: list[Comparator], judged: Figure | None, as_of: date
) -> dict[str, float | None]:
    values: dict[str, float | None] = {}
    for comparator in comparators:
        value: float | None = None
        if judged is not None:
            for figure in comparator.figures:
                if figure.period == judged.period and figure.parsed_period().end <= as_of:
                    value = figure.value
        values[comparator.name] = value
    return values


def format_value(measure: Measure, value: float) -> str:
    """'17.0%', '1,234', '12.3 per 10,000', '45 days': a figure as a reader says it."""
    if measure.unit == "percent":
        return f"{value:.1f}%"
    if measure.unit == "count":
        return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"
    if measure.unit == "rate":
        return f"{value:,.1f} per {measure.per:,}"
    number = f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"
    return f"{number} {measure.unit}"


def format_difference(measure: Measure, value: float, *, short: bool = False) -> str:
    """A gap in the measure's unit: percentage points, not per cent, for percentages
    ('pp' where space is tight, as statistical releases write it)."""
    if measure.unit == "percent":
        return f"{value:.1f} {'pp' if short else 'percentage points'}"
    return format_value(measure, value)
