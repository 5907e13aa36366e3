"""The risk register (highest score first) and the 5×5 heat map as text, Markdown or JSON;
and the trend of one rescored risk in words."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sendtrack.board.risks import (
    IMPACT_LABELS,
    LIKELIHOOD_LABELS,
    TREND_SYMBOLS,
    Heatmap,
    RiskListing,
    RiskRow,
    TrendResult,
)
from sendtrack.core.dates import long_form
from sendtrack.core.escaping import escape_markdown
from sendtrack.render.board.common import (
    dispatch,
    filters_note,
    iso,
    long_or_dash,
    md_table,
    plural,
    text_table,
)

# -- the risk register -----------------------------------------------------------------------


def render_risks(listing: RiskListing, fmt: str) -> str:
    return dispatch(fmt, listing, _risks_text, _risks_markdown, risks_json)


def trend_words(result: TrendResult) -> str:
    """'↑ up from 12', '→ same', 'new since the board', '? unknown': words beside arrows."""
    if result.trend is None:
        return "–" if result.board is None else "? unknown"
    if result.trend == "new":
        return "new since the last board"
    symbol = TREND_SYMBOLS[result.trend]
    if result.trend == "same":
        return f"{symbol} same"
    return f"{symbol} {result.trend} from {result.score_at_board}"


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
        trend_words(row.trend),
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


def _risks_text(listing: RiskListing) -> str:
    body = text_table(_RISK_HEADERS, [_risk_cells(r) for r in listing.rows])
    if not listing.rows:
        body = "No risks match.\n"
    return f"{_risks_headline(listing)}\n\n{body}"


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


def render_heatmap(heatmap: Heatmap, fmt: str) -> str:
    return dispatch(fmt, heatmap, _heatmap_text, _heatmap_markdown, heatmap_json)


def _heatmap_headline(heatmap: Heatmap) -> str:
    return (
        f"Risk heat map as of {long_form(heatmap.as_of)}: {plural(heatmap.total, 'open risk')} "
        "by likelihood (rows) and impact (columns)"
    )


_KEY = (
    "Each cell: its score (likelihood × impact) and band, then how many risks and which. "
    "Bands: low 1–3, moderate 4–6, high 8–12, extreme 15–25."
)


def _heatmap_text(heatmap: Heatmap) -> str:
    headers = ["likelihood \\ impact", *(f"{i} {IMPACT_LABELS[i]}" for i in range(1, 6))]
    rows: list[list[list[str]]] = []
    for likelihood in range(5, 0, -1):
        row = [[f"{likelihood} {LIKELIHOOD_LABELS[likelihood]}"]]
        for impact in range(1, 6):
            cell = heatmap.cell(likelihood, impact)
            lines = [f"{cell.score} {cell.band}"]
            if cell.ids:
                chunks = [cell.ids[i : i + 3] for i in range(0, len(cell.ids), 3)]
                lines.append(f"{cell.count}: " + ", ".join(chunks[0]))
                lines.extend("   " + ", ".join(chunk) for chunk in chunks[1:])
            else:
                lines.append("–")
            row.append(lines)
        rows.append(row)
    widths = [len(h) for h in headers]
    for row in rows:
        widths = [
            max(w, *(len(line) for line in cell)) for w, cell in zip(widths, row, strict=True)
        ]
    rule = "+" + "+".join("-" * (w + 2) for w in widths) + "+"

    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    out = [_heatmap_headline(heatmap), "", rule, line(headers), rule.replace("-", "=")]
    for row in rows:
        height = max(len(cell) for cell in row)
        for index in range(height):
            out.append(line([cell[index] if index < len(cell) else "" for cell in row]))
        out.append(rule)
    out.extend(["", _KEY])
    return "\n".join(out) + "\n"


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
