"""The risk register (highest score first) and the 5×5 heat map as text, Markdown or JSON.
A trend is printed in its words (``TrendResult.words``), never as a bare arrow."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sendtrack.board.risks import (
    IMPACT_LABELS,
    LIKELIHOOD_LABELS,
    Heatmap,
    RiskListing,
    RiskRow,
)
from sendtrack.core.dates import long_form
from sendtrack.core.escaping import escape_markdown
from sendtrack.render import console
from sendtrack.render.board.common import (
    dispatch,
    filters_note,
    iso,
    long_or_dash,
    md_table,
    plural,
    text_table,
)
from sendtrack.render.console import PLAIN, Terminal

if TYPE_CHECKING:
    from rich.console import RenderableType

# -- the risk register -----------------------------------------------------------------------


def render_risks(listing: RiskListing, fmt: str, terminal: Terminal = PLAIN) -> str:
    return dispatch(fmt, listing, _risks_text, _risks_markdown, risks_json, terminal)


def _risks_headline(listing: RiskListing) -> str:
    board = next((r.trend.board for r in listing.rows if r.trend.board), None)
    since = f"; trend since the {long_form(board.date)} board" if board else ""
    overdue = sum(1 for r in listing.rows if r.review_overdue)
    return (
        f"Risks as of {long_form(listing.as_of)}{filters_note(listing.filters)}: "
        f"{plural(len(listing.rows), 'risk')}, {overdue} with review overdue{since}"
    )


def _risk_cells(row: RiskRow) -> list[str]:
    risk = row.risk
    review = long_or_dash(risk.review_date) + (" (overdue)" if row.review_overdue else "")
    return [
        risk.id,
        str(row.score),
        f"{risk.likelihood}×{risk.impact}",
        row.band,
        row.trend.words,
        f"{row.target_score} ({risk.target.likelihood}×{risk.target.impact})",
        review,
        risk.status,
        risk.title,
        risk.owner,
    ]


_RISK_HEADERS = [
    "Risk",
    "Score",
    "L×I",
    "Band",
    "Trend",
    "Target",
    "Review",
    "Status",
    "Title",
    "Owner",
]


def _risks_text(listing: RiskListing, _terminal: Terminal) -> list[RenderableType]:
    """The register as a table that fits the terminal: score, likelihood × impact and
    band in one cell; title and owner wrap; the status column only when a closed risk
    is listed (otherwise every row would say 'open')."""
    if not listing.rows:
        return [_risks_headline(listing), "", "No risks match."]
    closed = any(row.risk.status != "open" for row in listing.rows)
    status = ["Status"] if closed else []
    headers = ["Risk", "Score", "Trend", "Target", "Review", *status, "Title", "Owner"]
    rows = []
    for row in listing.rows:
        risk = row.risk
        review = long_or_dash(risk.review_date) + ("\n(overdue)" if row.review_overdue else "")
        rows.append(
            [
                risk.id,
                f"{row.score} ({risk.likelihood}×{risk.impact})\n{row.band}",
                row.trend.words,
                f"{row.target_score} ({risk.target.likelihood}×{risk.target.impact})",
                review,
                *([risk.status] if closed else []),
                risk.title,
                risk.owner,
            ]
        )
    table = text_table(headers, rows, wrap=("Trend", "Title", "Owner"))
    return [_risks_headline(listing), "", table]


def _risks_markdown(listing: RiskListing) -> str:
    rows = [_risk_cells(r) for r in listing.rows]
    return f"## {escape_markdown(_risks_headline(listing))}\n\n" + md_table(_RISK_HEADERS, rows)


def risks_json(listing: RiskListing) -> dict[str, Any]:
    board = next((r.trend.board for r in listing.rows if r.trend.board), None)
    return {
        "as_of": listing.as_of.isoformat(),
        "last_board": board.id if board else None,
        "filters": listing.filters,
        "count": len(listing.rows),
        "risks": [_risk_json(row) for row in listing.rows],
    }


def _risk_json(row: RiskRow) -> dict[str, Any]:
    risk = row.risk
    return {
        "id": risk.id,
        "title": risk.title,
        "description": risk.description,
        "owner": risk.owner,
        "category": risk.category,
        "raised_at": risk.raised_at,
        "raised_on": iso(risk.raised_on),
        "likelihood": risk.likelihood,
        "impact": risk.impact,
        "score": row.score,
        "band": row.band,
        "target": {
            "likelihood": risk.target.likelihood,
            "impact": risk.target.impact,
            "score": row.target_score,
        },
        "trend": row.trend.trend,
        "trend_symbol": row.trend.symbol if row.trend.board else None,
        "score_at_last_board": row.trend.score_at_board,
        "appetite": risk.appetite,
        "mitigations": [{"text": m.text, "owner": m.owner} for m in risk.mitigations],
        "review_date": iso(risk.review_date),
        "review_overdue": row.review_overdue,
        "status": risk.status,
        "closed": {"reason": risk.closed.reason, "at": risk.closed.at} if risk.closed else None,
        "links": list(risk.links),
        "history": [
            {
                "on": e.on.isoformat(),
                "likelihood": e.likelihood,
                "impact": e.impact,
                "score": e.score,
                "note": e.note,
            }
            for e in risk.history
        ],
        "illustrative": risk.illustrative,
    }


# -- the heat map -------------------------------------------------------------------------------


def render_heatmap(heatmap: Heatmap, fmt: str, terminal: Terminal = PLAIN) -> str:
    return dispatch(fmt, heatmap, _heatmap_text, _heatmap_markdown, heatmap_json, terminal)


def _heatmap_headline(heatmap: Heatmap) -> str:
    return (
        f"Risk heat map as of {long_form(heatmap.as_of)}: {plural(heatmap.total, 'open risk')} "
        "by likelihood (rows) and impact (columns)"
    )


_KEY = (
    "Each cell: its score (likelihood × impact) and band, then how many risks and which. "
    "Bands: low 1–3, moderate 4–6, high 8–12, extreme 15–25."
)


def _heatmap_text(heatmap: Heatmap, _terminal: Terminal) -> list[RenderableType]:
    """The 5×5 grid, rows ruled apart; labels and ids wrap inside their cells (at 80
    columns every word still fits its cell: 'catastrophic' is the longest)."""
    from rich import box

    grid = console.table()
    grid.box = box.SIMPLE_HEAD
    grid.show_lines = True
    # Ten cells: every row label fits in the cell's two lines ('5 almost / certain').
    grid.add_column("likelihood\n\\ impact", width=10, overflow="fold")
    for impact in range(1, 6):
        grid.add_column(f"{impact} {IMPACT_LABELS[impact]}", min_width=12, overflow="fold")
    for likelihood in range(5, 0, -1):
        cells = [f"{likelihood} {LIKELIHOOD_LABELS[likelihood]}"]
        for impact in range(1, 6):
            cell = heatmap.cell(likelihood, impact)
            ids = f"{cell.count}: {', '.join(cell.ids)}" if cell.ids else "–"
            cells.append(f"{cell.score} {cell.band}\n{ids}")
        grid.add_row(*cells)
    return [_heatmap_headline(heatmap), "", grid, "", _KEY]


def _heatmap_markdown(heatmap: Heatmap) -> str:
    headers = ["Likelihood \\ impact", *(f"{i} {IMPACT_LABELS[i]}" for i in range(1, 6))]
    rows = []
    for likelihood in range(5, 0, -1):
        row = [f"{likelihood} {LIKELIHOOD_LABELS[likelihood]}"]
        for impact in range(1, 6):
            cell = heatmap.cell(likelihood, impact)
            ids = f"{cell.count}: {', '.join(cell.ids)}" if cell.ids else "none"
            row.append(f"{cell.score} {cell.band} — {ids}")
        rows.append(row)
    headline = escape_markdown(_heatmap_headline(heatmap))
    return f"## {headline}\n\n{md_table(headers, rows)}\n{escape_markdown(_KEY)}\n"


def heatmap_json(heatmap: Heatmap) -> dict[str, Any]:
    return {
        "as_of": heatmap.as_of.isoformat(),
        "total": heatmap.total,
        "cells": [
            {
                "likelihood": cell.likelihood,
                "likelihood_label": LIKELIHOOD_LABELS[cell.likelihood],
                "impact": cell.impact,
                "impact_label": IMPACT_LABELS[cell.impact],
                "score": cell.score,
                "band": cell.band,
                "count": cell.count,
                "ids": cell.ids,
            }
            for cell in heatmap.cells
        ],
    }
