"""The impact measures in ``sendtrack status`` (issue 13 §4): one line, then the
measures off trajectory, each with its latest figure, its target and the reason.

Kept apart from ``render/status.py`` (the plan's figures) and ``render/measures.py``
(the whole scorecard): status shows only the headline and the exceptions, in the same
colours as the milestones, each with its symbol and word.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sendtrack.core.escaping import escape_markdown
from sendtrack.measures.health import MeasureHealth, MeasureState, format_value
from sendtrack.measures.scorecard import Scorecard, ScorecardRow
from sendtrack.render import console
from sendtrack.render.measures import row_json

if TYPE_CHECKING:
    from rich.console import RenderableType

    from sendtrack.core.exclusions import Exclusions

TITLE = "Impact measures off trajectory"


def headline(scorecard: Scorecard, excluded: Exclusions) -> str:
    """'Impact measures: 1 of 7 on trajectory, 2 off, …', marked with what is left out."""
    return excluded.mark(f"Impact measures: {scorecard.headline(named=False)}", "measures")


def _figure(state: MeasureState, value: float | None) -> str:
    return format_value(state.measure, value) if value is not None else "–"


def _facts(row: ScorecardRow) -> str:
    """'latest 44.3% (2023-10) · target 16.8%': the figures the reason is about."""
    state = row.state
    return f"latest {_figure(state, state.value)} ({state.period}) · target " + _figure(
        state, state.target
    )


def text_lines(scorecard: Scorecard, excluded: Exclusions) -> list[RenderableType]:
    """The exceptions block for a terminal: a heading, then each measure off trajectory."""
    rows = scorecard.off_trajectory
    after = excluded.phrase("measures")
    out: list[RenderableType] = ["", f"{TITLE} ({len(rows)})" + (f", {after}" if after else "")]
    if not rows:
        out.append("  none")
    for row in rows:
        measure = row.state.measure
        line = console.hanging(
            console.text(row.badge, row.colour.style),
            f"{measure.id}  {measure.title}\n{_facts(row)}\n{row.state.reason}",
        )
        out.append(console.indented(line, 2))
    return out


def markdown_lines(scorecard: Scorecard, excluded: Exclusions) -> list[str]:
    rows = scorecard.off_trajectory
    after = excluded.phrase("measures")
    out = [f"## {TITLE} ({len(rows)})" + escape_markdown(f", {after}" if after else ""), ""]
    if not rows:
        out += ["None.", ""]
    for row in rows:
        measure = row.state.measure
        out.append(
            f"- {escape_markdown(row.badge)} **{escape_markdown(measure.id)}** "
            f"{escape_markdown(measure.title)}: {escape_markdown(_facts(row))}. "
            f"{escape_markdown(row.state.reason)}"
        )
    if rows:
        out.append("")
    return out


def status_json(scorecard: Scorecard | None, excluded: Exclusions) -> dict[str, Any]:
    """The ``measures`` key of the status JSON: counts, the headline and the measures
    off trajectory (each as in ``sendtrack measures --format json``). Present with zero
    counts when the plan has no measures, so a reader never tests for the key."""
    if scorecard is None:
        return {
            "headline": None,
            "total": 0,
            **{health.value: 0 for health in MeasureHealth},
            "stale": 0,
            "off": [],
        }
    return {
        "headline": headline(scorecard, excluded),
        "total": len(scorecard.rows),
        **{health.value: scorecard.count(health) for health in MeasureHealth},
        "stale": sum(1 for row in scorecard.rows if row.state.stale),
        "off": [row_json(row) for row in scorecard.off_trajectory],
    }
