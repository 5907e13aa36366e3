"""What changed in the impact measures: new figures, revisions, targets, measures.

The record rules of a measure are those of a milestone's dates: figures accumulate (a
publisher's revision keeps the old value under ``previous``), and a target the board
moves is revised at a meeting, with the original kept. So a figure changed or removed
without that trace, and a target edited in place or removed, are flagged: ``check
--base`` refuses them (``review/baseline.py``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import date

from sendtrack.models.measures import Figure, Measure
from sendtrack.review.diff.engine import (
    Change,
    at_meeting,
    field_edits,
    index_by_id,
    meeting_dates,
    shown,
)
from sendtrack.store.repository import Repository

_OWN_FIELDS = ("actuals", "comparators", "trajectory", "commentary")


def figure_text(figure: Figure) -> str:
    return f"{figure.value:g}" if figure.value is not None else f"{figure.unavailable}"


def series(measure: Measure) -> dict[str, list[Figure]]:
    """Series name ('' for the measure's own figures) → its figures."""
    found: dict[str, list[Figure]] = {"": list(measure.actuals)}
    for comparator in measure.comparators:
        found[comparator.name] = list(comparator.figures)
    return found


def measure_changes(old: Repository, new: Repository) -> Iterator[Change]:
    olds = index_by_id((m.id, m) for m in old.measures)
    news = index_by_id((m.id, m) for m in new.measures)
    dates = meeting_dates(new)
    for item_id, measure in news.items():
        before = olds.get(item_id)
        if before is None:
            yield Change(
                "measure-added",
                item_id,
                None,
                None,
                measure.title,
                f"added: {shown(measure.title)} ({measure.unit}, {measure.polarity} is better)",
            )
            continue
        yield from _figures(item_id, before, measure)
        yield from _targets(item_id, before, measure, dates)
        yield from field_edits("measure-edited", item_id, before, measure, _OWN_FIELDS)
    if "measures" in new.incomplete:
        return
    for item_id, measure in olds.items():
        if item_id not in news:
            yield Change(
                "measure-removed",
                item_id,
                None,
                measure.title,
                None,
                f"removed: {shown(measure.title)}; its figures are the record of impact",
            )


def _figures(item_id: str, before: Measure, after: Measure) -> Iterator[Change]:
    old_series, new_series = series(before), series(after)
    for name, figures in new_series.items():
        where = f" ({name})" if name else ""
        earlier = {f.period: f for f in old_series.get(name, [])}
        for figure in figures:
            was = earlier.get(figure.period)
            if was is None:
                yield Change(
                    "measure-figure-added",
                    item_id,
                    figure.period,
                    None,
                    figure_text(figure),
                    f"{figure.period}{where}: {figure_text(figure)}",
                )
            elif (was.value, was.unavailable) != (figure.value, figure.unavailable):
                kept = len(figure.previous) > len(was.previous)
                yield Change(
                    "measure-figure-revised" if kept else "measure-figure-changed",
                    item_id,
                    figure.period,
                    figure_text(was),
                    figure_text(figure),
                    f"{figure.period}{where}: {figure_text(was)} → {figure_text(figure)}"
                    + ("" if kept else "; the old value is not kept under 'previous'"),
                )
    for name, figures in old_series.items():
        where = f" ({name})" if name else ""
        remaining = {f.period for f in new_series.get(name, [])}
        for figure in figures:
            if figure.period not in remaining:
                yield Change(
                    "measure-figure-removed",
                    item_id,
                    figure.period,
                    figure_text(figure),
                    None,
                    f"{figure.period}{where}: recorded {figure_text(figure)}, now gone",
                )


def _targets(
    item_id: str, before: Measure, after: Measure, dates: Mapping[str, date]
) -> Iterator[Change]:
    earlier = {p.period: p for p in before.trajectory}
    later = {p.period: p for p in after.trajectory}
    for period, point in later.items():
        was = earlier.get(period)
        if was is None:
            target = point.current_target()
            yield Change(
                "measure-target-added",
                item_id,
                period,
                None,
                target if target is not None else point.match,
                f"target for {period}: "
                + (f"{target:g}" if target is not None else f"match {point.match}"),
            )
            continue
        if (was.target, was.match) != (point.target, point.match) or _rewritten(
            was.revisions, point.revisions
        ):
            yield Change(
                "measure-target-changed",
                item_id,
                period,
                was.current_target(),
                point.current_target(),
                f"target for {period} edited in place; a target moves by a 'revisions' "
                "entry (new target, reason, agreeing meeting), the original kept",
            )
        elif len(point.revisions) > len(was.revisions):
            for revision in point.revisions[len(was.revisions) :]:
                yield Change(
                    "measure-target-revised",
                    item_id,
                    period,
                    was.current_target(),
                    revision.target,
                    f"target for {period}: {_number(was.current_target())} → {revision.target:g}, "
                    f"agreed at the {at_meeting(revision.agreed_at, dates)} board: "
                    f"{shown(revision.reason)} (original {_number(point.target)} kept)",
                )
    for period, point in earlier.items():
        if period not in later:
            yield Change(
                "measure-target-changed",
                item_id,
                period,
                point.current_target(),
                None,
                f"target for {period} removed; revise it at a meeting instead",
            )


def _rewritten(before: Sequence[object], after: Sequence[object]) -> bool:
    """An earlier revision edited or removed (appending is the only allowed change)."""
    return len(after) < len(before) or list(after[: len(before)]) != list(before)


def _number(value: float | None) -> str:
    return "none" if value is None else f"{value:g}"
