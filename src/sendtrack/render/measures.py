"""The impact scorecard as text (rich), Markdown (tabulate) and JSON: pure functions.

The JSON shape is a contract (issue 13): a list of objects with at least ``id``,
``title``, ``unit``, ``polarity``, ``latest`` (``period``, ``value``), ``target``,
``health``, ``colour``, ``direction`` and ``comparators`` (name → value for the latest
period). Every colour is printed with its symbol and word, every arrow with its word.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from tabulate import tabulate

from sendtrack.core.dates import long_form
from sendtrack.core.escaping import escape_markdown as md_escape
from sendtrack.measures.health import MeasureState, format_difference, format_value
from sendtrack.measures.scorecard import Scorecard, ScorecardRow
from sendtrack.render import console
from sendtrack.render.console import PLAIN, Terminal

if TYPE_CHECKING:
    from rich.console import RenderableType


def _figure(state: MeasureState, value: float | None) -> str:
    return format_value(state.measure, value) if value is not None else "–"


def _latest(state: MeasureState) -> str:
    if state.judged is None:
        if state.latest is not None and state.latest.unavailable is not None:
            return f"{state.latest.period}: {state.latest.unavailable} (not published)"
        return "no data"
    text = f"{_figure(state, state.value)} ({state.period})"
    if state.latest is not None and state.latest is not state.judged:
        text += f"; {state.latest.period}: {state.latest.unavailable}"
    return text


def _comparators(state: MeasureState) -> str:
    parts = []
    for name, value in state.comparators.items():
        if value is None:
            parts.append(f"{name} –")
            continue
        gap = state.gaps.get(name)
        shown = f"{name} {_figure(state, value)}"
        if gap is not None:
            sign = "+" if gap > 0 else "−" if gap < 0 else "±"
            shown += f" ({sign}{format_difference(state.measure, abs(gap), short=True)})"
        parts.append(shown)
    return "; ".join(parts) if parts else "–"


def _target(state: MeasureState) -> str:
    text = _figure(state, state.target)
    if state.final_target is not None and state.final_period is not None:
        text += f" (final {_figure(state, state.final_target)} by {state.final_period})"
    return text


def row_json(row: ScorecardRow) -> dict[str, Any]:
    state = row.state
    measure = state.measure
    latest = state.judged or state.latest
    return {
        "id": measure.id,
        "title": measure.title,
        "unit": measure.unit,
        "per": measure.per,
        "polarity": measure.polarity,
        "frequency": measure.frequency,
        "owner": measure.owner,
        "links": list(measure.links),
        "latest": {
            "period": latest.period if latest else None,
            "value": latest.value if latest else None,
            "unavailable": latest.unavailable if latest else None,
        },
        "target": state.target,
        "final_target": {"period": state.final_period, "value": state.final_target},
        "health": state.health.value,
        "health_label": state.health.label,
        "colour": row.colour.name,
        "reason": state.reason,
        "direction": state.trend.direction.value,
        "direction_label": state.trend.words,
        "change": state.trend.change,
        "since": state.trend.since,
        "comparators": dict(state.comparators),
        "gaps": dict(state.gaps),
        "stale": state.stale,
        "needs_commentary": state.needs_commentary,
        "illustrative": measure.illustrative,
    }


def scorecard_json(scorecard: Scorecard) -> list[dict[str, Any]]:
    return [row_json(row) for row in scorecard.rows]


def render_json(scorecard: Scorecard) -> str:
    return json.dumps(scorecard_json(scorecard), indent=2, ensure_ascii=False) + "\n"


def render_markdown(scorecard: Scorecard) -> str:
    lines = [
        f"# Impact measures as of {long_form(scorecard.as_of)}",
        "",
        scorecard.headline() + ".",
    ]
    if scorecard.rows:
        table = [
            [
                md_escape(f"{row.state.measure.id} {row.state.measure.title}"),
                md_escape(_latest(row.state)),
                md_escape(_target(row.state)),
                md_escape(row.badge),
                md_escape(row.state.trend.words),
                md_escape(_comparators(row.state)),
            ]
            for row in scorecard.rows
        ]
        lines += [
            "",
            tabulate(
                table,
                headers=["Measure", "Latest", "Target", "Health", "Direction", "Comparators"],
                tablefmt="github",
            ),
        ]
        lines += ["", "## Why", ""]
        lines += [
            f"* **{md_escape(row.state.measure.id)}**: {md_escape(row.state.reason)}"
            + (" (needs commentary from its owner)" if row.state.needs_commentary else "")
            for row in scorecard.rows
        ]
    return "\n".join(lines) + "\n"


def render_text(scorecard: Scorecard, terminal: Terminal = PLAIN) -> str:
    """The scorecard for ``terminal``: a table whose cells wrap to its width, the badge
    in its colour where colour is on, then each measure's reason. The console escapes
    every string from the data before laying it out and colouring it."""
    from rich.table import Table

    out: list[RenderableType] = [
        f"Impact measures as of {long_form(scorecard.as_of)}: {scorecard.headline()}"
    ]
    if scorecard.rows:
        table = Table(show_lines=False, expand=False, pad_edge=False, box=None, header_style="bold")
        for heading, ratio in (
            ("Measure", 3),
            ("Latest", 2),
            ("Target", 2),
            ("Health", 2),
            ("Direction", 1),
            ("Comparators", 3),
        ):
            table.add_column(heading, ratio=ratio, overflow="fold")
        for row in scorecard.rows:
            state = row.state
            table.add_row(
                f"{state.measure.id} {state.measure.title}",
                _latest(state),
                _target(state),
                console.text(row.badge, row.colour.style),
                state.trend.words,
                _comparators(state),
            )
        out.append(table)
        for row in scorecard.rows:
            note = " — needs commentary from its owner" if row.state.needs_commentary else ""
            out.append(f"{row.state.measure.id}: {row.state.reason}{note}")
    return console.render(terminal, *out)
