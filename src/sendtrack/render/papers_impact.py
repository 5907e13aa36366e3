"""The papers' impact section as ``papers_layout`` blocks: the scorecard, why each measure
is where it is, and one small chart per measure with its figures in words.

The board pack opens with it (all measures); a workstream's highlight report shows the
measures linked to its items. Inside the pack a workstream's section lists its measures
without charts: they are drawn once, at the front. Every colour is a ``Badge`` (symbol,
colour word and health), every arrow has its word, and a figure published only as a
code says so in words and code, never as zero.
"""

from __future__ import annotations

from collections.abc import Sequence

from sendtrack.core.dates import long_form
from sendtrack.core.slug import file_slug
from sendtrack.measures.health import MeasureHealth
from sendtrack.papers.highlight import KeyEntry
from sendtrack.papers.impact import ComparatorFigure, Impact, ImpactRow
from sendtrack.plan.colours import GREY, SCHEMES
from sendtrack.plan.health import Health
from sendtrack.render.measure_charts import measure_chart
from sendtrack.render.papers_layout import (
    Badge,
    Builder,
    Bullets,
    Cell,
    Figure,
    Paragraph,
    Strong,
    cells,
    table,
)

COLUMNS = ["Measure", "Latest", "Target", "Health", "Direction", "National", "Other comparators"]

DIRECTION = (
    "Direction is since the measure's previous figure: ↑ the figure rose, ↓ it fell, → no "
    "change; the word beside the arrow says whether that is better or worse for children "
    "(a falling waiting time is improving). A figure counts from the day its period ends."
)


def _comparators(row: ImpactRow, figures: Sequence[ComparatorFigure]) -> str:
    return "; ".join(row.comparator(figure) for figure in figures) or "—"


def _scorecard_rows(rows: Sequence[ImpactRow]) -> list[tuple[Cell, ...]]:
    return [
        cells(
            f"{row.measure.id} {row.measure.title}",
            row.latest(),
            row.target(),
            Badge(row.card.colour, row.state.health.label),
            row.state.trend.words,
            _comparators(row, row.national),
            _comparators(row, row.others),
        )
        for row in rows
    ]


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?")) else text + "."


def _why(row: ImpactRow) -> Cell:
    """Why the measure is where it is; for one off trajectory, its owner's latest
    commentary (the board reports by exception) or that it has none."""
    text = f"{row.measure.id}: {row.state.reason}"
    if row.measure.illustrative:
        text += " (illustrative figures)"
    text = _sentence(text)
    if row.state.health is MeasureHealth.OFF_TRAJECTORY:
        latest = row.measure.commentary[-1] if row.measure.commentary else None
        if row.state.needs_commentary or latest is None:
            text += " It needs commentary from its owner."
        else:
            text += f" Commentary, {long_form(latest.on)} ({latest.by}): {_sentence(latest.text)}"
    return (text,)


def impact_section(
    builder: Builder,
    depth: int,
    found: Impact,
    *,
    scope: str,
    charts: str | None,
    empty: str = "",
) -> None:
    """The measures of ``found`` under a heading at ``depth``; ``scope`` names whose
    they are in the table's caption; ``charts`` prefixes the charts' keys (unique in the
    paper), or None for no charts. No rows: the ``empty`` sentence alone."""
    builder.heading(depth, "Impact measures")
    if not found.rows:
        builder.add(Paragraph((empty,)))
        return
    day = long_form(found.as_of)
    builder.add(
        Paragraph((Strong(found.headline() + "."),)),
        table(
            f"{scope} as of {day}: latest figure, target, health, direction and comparators",
            COLUMNS,
            _scorecard_rows(found.rows),
            "",
        ),
        Paragraph((DIRECTION,)),
        Bullets(tuple(_why(row) for row in found.rows)),
    )
    if charts is None:
        builder.add(Paragraph(("The measures' charts are in the impact section above.",)))
        return
    builder.add(
        *(
            Figure(measure_chart(row.chart, f"{charts}{file_slug(row.measure.id)}", row.caption()))
            for row in found.rows
        )
    )


def board_impact(builder: Builder, found: Impact | None) -> None:
    """The board pack's opening section: every measure, each with its chart."""
    if found is not None:
        impact_section(builder, 0, found, scope="Impact scorecard", charts="measure-")


def workstream_impact(
    builder: Builder, found: Impact | None, workstream: str, grouping: str, charts: bool
) -> None:
    """A highlight report's measures: those linked to the workstream's items."""
    if found is None:
        return
    impact_section(
        builder,
        1,
        found,
        scope=f"Impact measures linked to this {grouping}",
        charts=f"measure-{file_slug(workstream)}-" if charts else None,
        empty=f"No impact measure is linked to this {grouping}'s items.",
    )


def impact_key(*shown: Impact | None) -> list[KeyEntry]:
    """The key's lines for a measure's colours, in a paper that shows any measure: on
    trajectory takes the colour of a milestone on track, off trajectory that of one off
    track (``measures.health.colour_of``); no target or data is grey."""
    found = next((each for each in shown if each is not None and each.rows), None)
    if found is None:
        return []
    chosen = SCHEMES[found.scorecard.scheme]
    return [
        KeyEntry(
            chosen.colour(Health.ON_TRACK),
            "On trajectory",
            "impact measure: its latest figure meets the trajectory's target for that "
            "period, within the tolerance the partnership set",
        ),
        KeyEntry(
            chosen.colour(Health.OFF_TRACK),
            "Off trajectory",
            "impact measure: its latest figure is short of the trajectory's target for "
            "that period by more than the tolerance",
        ),
        KeyEntry(GREY, "No target", "impact measure: no target for its latest figure's period"),
        KeyEntry(GREY, "No data", "impact measure: no figure published yet"),
    ]
