"""The papers' impact section: the scorecard, each measure's series and its caption.

The board pack opens with it and a workstream's highlight report shows the measures
linked to its items: DfE and NHS England stocktakes ask for impact before activity, and
a plan whose milestones are all green while 17% of EHC plans are issued within 20 weeks
is failing. The judgement itself (latest figure, target, RAG, direction, comparators) is
``measures.health``'s, read through ``measures.scorecard``; this module adds what a paper
needs beyond the ``measures`` command:

* each comparator's figure for the judged period *with its code* when it is suppressed
  or not published (the scorecard keeps only values), so a paper never prints a missing
  figure as zero or as a bare dash without saying why;
* the series a chart draws (actuals, the trajectory from the baseline, every
  comparator), as plain values known by the as-of date: the chart cache keys on them;
* a caption stating the chart's figures in words, for the figure's caption, its
  accessible name and the text paper, which has no charts;
* which measures belong to a workstream: measures link to plan items at any level, and
  a link puts the measure in that item's workstreams (a priority: its lead workstream),
  as board actions and risks are placed (``board_data.plan_workstreams``).

No measures in the repository means no section (``None``), not an empty one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sendtrack.core.periods import parse_period
from sendtrack.measures.health import MeasureState, format_difference, format_value, target_for
from sendtrack.measures.scorecard import Scorecard, ScorecardRow, build_scorecard
from sendtrack.models.measures import UNAVAILABLE_MEANINGS, Comparator, Figure, Measure
from sendtrack.papers.board_data import plan_workstreams
from sendtrack.store.repository import Repository


def unavailable_words(code: str) -> str:
    """'suppressed (small numbers), c': what a DfE or NHS code means, with the code."""
    return f"{UNAVAILABLE_MEANINGS.get(code, code)}, {code}"


# -- what a chart draws ------------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    """One figure on a chart: placed at the middle of its period, so that a calendar
    year's figure sits between that year's tick and the next one's."""

    period: str
    day: date
    value: float | None
    unavailable: str | None
    """Instead of a value: the publisher's code (never drawn as zero)."""


@dataclass(frozen=True)
class Series:
    name: str
    kind: str
    """'actual', 'target', or a comparator's kind: national, region, neighbours, other."""
    points: tuple[Point, ...]


@dataclass(frozen=True)
class MeasureChart:
    """Everything one measure's chart draws, as plain values (the chart cache's key)."""

    id: str
    title: str
    unit: str
    per: int | None
    as_of: date
    series: tuple[Series, ...]
    """Actuals first, then the trajectory, then each comparator in the file's order."""


def _middle(period: str) -> date:
    span = parse_period(period)
    return span.start + timedelta(days=(span.end - span.start).days // 2)


def _point(figure: Figure) -> Point:
    return Point(figure.period, _middle(figure.period), figure.value, figure.unavailable)


def _known(figures: Sequence[Figure], as_of: date) -> list[Figure]:
    """The figures a paper as of ``as_of`` can know: their period has ended (the same
    rule as ``measures.health``), in period order."""
    known = [figure for figure in figures if figure.parsed_period().end <= as_of]
    return sorted(known, key=lambda figure: figure.parsed_period())


def _trajectory(measure: Measure, as_of: date) -> tuple[Point, ...]:
    """The baseline, then each target as agreed now (a 'match' target read from its
    comparator, as health reads it)."""
    points: list[Point] = []
    if measure.baseline is not None:
        period = measure.baseline.period
        points.append(Point(period, _middle(period), measure.baseline.value, None))
    for target in measure.trajectory:
        # A target's own period reads back its value (interim targets sit on the line at
        # the day their period ends), and a 'match' target its comparator's figure.
        value = target_for(measure, parse_period(target.period), as_of)
        if value is not None:
            points.append(Point(target.period, _middle(target.period), value, None))
    return tuple(sorted(points, key=lambda p: parse_period(p.period)))


def measure_chart(measure: Measure, as_of: date) -> MeasureChart:
    series = [Series("Actual", "actual", tuple(_point(f) for f in _known(measure.actuals, as_of)))]
    trajectory = _trajectory(measure, as_of)
    if trajectory:
        series.append(Series("Trajectory", "target", trajectory))
    for comparator in measure.comparators:
        points = tuple(_point(f) for f in _known(comparator.figures, as_of))
        if points:
            series.append(Series(comparator.name, comparator.kind, points))
    return MeasureChart(measure.id, measure.title, measure.unit, measure.per, as_of, tuple(series))


# -- the rows ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ComparatorFigure:
    """A comparator's figure for the judged period: a value, a code, or not published."""

    name: str
    kind: str
    value: float | None
    unavailable: str | None
    gap: float | None
    """The measure's value minus this one, in the measure's unit."""


@dataclass(frozen=True)
class ImpactRow:
    card: ScorecardRow
    comparators: tuple[ComparatorFigure, ...]
    chart: MeasureChart

    @property
    def state(self) -> MeasureState:
        return self.card.state

    @property
    def measure(self) -> Measure:
        return self.card.state.measure

    @property
    def national(self) -> tuple[ComparatorFigure, ...]:
        return tuple(c for c in self.comparators if c.kind == "national")

    @property
    def others(self) -> tuple[ComparatorFigure, ...]:
        """Region, statistical neighbours and any other named series."""
        return tuple(c for c in self.comparators if c.kind != "national")

    def figure(self, value: float) -> str:
        return format_value(self.measure, value)

    def latest(self) -> str:
        """'17.0% (2024)'; '2015: not applicable, z' where only a code is published."""
        state = self.state
        latest = state.latest
        if state.judged is None or state.value is None:
            if latest is not None and latest.unavailable is not None:
                return f"{latest.period}: {unavailable_words(latest.unavailable)}"
            return "no figure published yet"
        text = f"{self.figure(state.value)} ({state.judged.period})"
        if latest is not None and latest.unavailable is not None:
            text += f"; {latest.period}: {unavailable_words(latest.unavailable)}"
        return text

    def target(self) -> str:
        """'17.0% for 2024 (final 46.4% by 2026)', or why there is none."""
        state = self.state
        if state.target is not None and state.period is not None:
            text = f"{self.figure(state.target)} for {state.period}"
        elif state.period is not None:
            text = f"none for {state.period}"
        else:
            text = "none"
        if state.final_target is not None and state.final_period is not None:
            text += f" (final {self.figure(state.final_target)} by {state.final_period})"
        return text

    def comparator(self, figure: ComparatorFigure) -> str:
        """'England 46.4% (−29.4 pp)', 'North West: not published for 2024'."""
        if figure.value is None:
            if figure.unavailable is not None:
                return f"{figure.name}: {unavailable_words(figure.unavailable)}"
            if self.state.period is not None:
                return f"{figure.name}: not published for {self.state.period}"
            return f"{figure.name}: no figure to compare"
        text = f"{figure.name} {self.figure(figure.value)}"
        if figure.gap is not None:
            sign = "+" if figure.gap > 0 else "−" if figure.gap < 0 else "±"
            text += f" ({sign}{format_difference(self.measure, abs(figure.gap), short=True)})"
        return text

    def caption(self) -> str:
        """The chart's figures in words, under its title and in its place in the text
        paper: 'M01: 17.0% in 2024, target 17.0%; final target 46.4% by 2026; Green, on
        trajectory; worsening since 2022 (from 98.6%); England 46.4%, 29.4 percentage
        points higher; …', then what the chart draws."""
        state = self.state
        latest = state.latest
        if state.value is not None and state.period is not None:
            first = f"{self.figure(state.value)} in {state.period}"
            target = state.target
            first += f", target {self.figure(target)}" if target is not None else ", no target"
            parts = [first]
            if latest is not None and latest.unavailable is not None:
                parts.append(f"{latest.period}: {unavailable_words(latest.unavailable)}")
        else:
            parts = [self.latest()]
        if state.final_target is not None and state.final_period is not None:
            parts.append(f"final target {self.figure(state.final_target)} by {state.final_period}")
        parts.append(f"{self.card.colour.label}, {state.health.label}")
        trend = state.trend
        if trend.since is not None and trend.change is not None and state.value is not None:
            earlier = self.figure(state.value - trend.change)
            parts.append(f"{trend.direction.label} since {trend.since} (from {earlier})")
        parts += [self._compared(figure) for figure in self.comparators]
        return f"{self.measure.id}: " + "; ".join(parts) + ". " + self._shown()

    def _compared(self, figure: ComparatorFigure) -> str:
        """'England 46.4%, 29.4 percentage points higher': a comparator in words."""
        if figure.value is None or figure.gap is None:
            return self.comparator(figure)
        text = f"{figure.name} {self.figure(figure.value)}"
        if abs(figure.gap) < 1e-9:
            return text + ", the same"
        side = "lower" if figure.gap > 0 else "higher"
        return f"{text}, {format_difference(self.measure, abs(figure.gap))} {side}"

    def _shown(self) -> str:
        """What the chart draws: the span of the actual figures, any codes among them
        (not drawn as points), and the other series."""
        actual = self.chart.series[0].points
        others = [
            "the trajectory" if series.kind == "target" else series.name
            for series in self.chart.series[1:]
        ]
        if actual:
            first, last = actual[0].period, actual[-1].period
            drawn = f"actual figures {first} to {last}" if first != last else f"the {first} figure"
            codes = [
                f"{p.period}: {unavailable_words(p.unavailable)}" for p in actual if p.unavailable
            ]
            if codes:
                drawn += f" ({'; '.join(codes)}; not drawn as a point)"
        else:
            drawn = "no actual figure yet"
        shown = [drawn, *others]
        listed = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]
        return f"The chart shows {listed}."


def _comparator_figures(state: MeasureState) -> tuple[ComparatorFigure, ...]:
    period = state.period
    return tuple(
        _comparator_figure(comparator, period, state.as_of, state.gaps.get(comparator.name))
        for comparator in state.measure.comparators
    )


def _comparator_figure(
    comparator: Comparator, period: str | None, as_of: date, gap: float | None
) -> ComparatorFigure:
    found = None
    if period is not None:
        for figure in comparator.figures:
            if figure.period == period and figure.parsed_period().end <= as_of:
                found = figure
    return ComparatorFigure(
        comparator.name,
        comparator.kind,
        found.value if found is not None else None,
        found.unavailable if found is not None else None,
        gap,
    )


@dataclass(frozen=True)
class Impact:
    """The impact section of a paper: the scorecard's rows in the files' order."""

    scorecard: Scorecard
    rows: tuple[ImpactRow, ...]
    workstreams: dict[str, frozenset[str]]
    """Measure id → the workstreams of the plan items it links to."""

    @property
    def as_of(self) -> date:
        return self.scorecard.as_of

    def headline(self) -> str:
        """'1 of 7 measures on trajectory, 2 off, …' (``Scorecard.headline``), for these rows."""
        cards = [row.card for row in self.rows]
        return Scorecard(self.scorecard.as_of, self.scorecard.scheme, cards).headline()

    def for_workstream(self, workstream: str) -> Impact:
        """The measures linked to any item of ``workstream``."""
        rows = tuple(r for r in self.rows if workstream in self.workstreams[r.measure.id])
        return Impact(self.scorecard, rows, self.workstreams)


def compute_impact(repo: Repository, as_of: date, scheme: str) -> Impact | None:
    """The repository's measures as of ``as_of``; None when it records none."""
    if not repo.measures:
        return None
    scorecard = build_scorecard(repo, as_of, scheme)
    rows = tuple(
        ImpactRow(card, _comparator_figures(card.state), measure_chart(card.state.measure, as_of))
        for card in scorecard.rows
    )
    return Impact(scorecard, rows, measure_workstreams(repo))


def measure_workstreams(repo: Repository) -> dict[str, frozenset[str]]:
    """Measure id → the workstreams of the plan items it links to (``plan_workstreams``).

    A priority with no lead workstream counts in those of its milestones: in a plan
    grouped only at the action level, a measure linked to a priority still reaches the
    highlight reports of the workstreams that deliver it."""
    lookup = plan_workstreams(repo)
    below: dict[str, set[str]] = {}
    for entry in repo.entries():
        if entry.workstream is not None:
            below.setdefault(entry.priority.id, set()).add(entry.workstream)
    return {
        measure.id: frozenset().union(
            *(lookup.get(link) or frozenset(below.get(link, ())) for link in measure.links)
        )
        for measure in repo.measures
    }
