"""The board's own reports — action log, risk register, heat map, a meeting, the forward
plan — rendered as text, Markdown or JSON by pure functions.

Text is for the terminal, drawn with rich (``render.console``) to the terminal's width:
one block per action (an action's text is a sentence, too long for a table column),
tables whose long cells wrap elsewhere, no colour. Markdown is for papers and pull
requests: tables with pipes escaped. JSON is a contract other tools
read: dates as "YYYY-MM-DD", every listing an object with ``as_of`` and its items.
Every colour-like idea (band, trend) is a word, with a symbol beside it where useful.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from sendtrack.board.actions import ActionListing, ActionRow
from sendtrack.board.meetings import ForwardPlan, MeetingView, PlannedItem
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
from sendtrack.render import console
from sendtrack.render.console import PLAIN, Terminal

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.table import Table

FORMATS = ("text", "markdown", "json")
T = TypeVar("T")


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _long(day: date | None) -> str:
    return long_form(day) if day else "–"


def _plural(count: int, noun: str, plural: str | None = None) -> str:
    return f"{count} {noun if count == 1 else (plural or noun + 's')}"


def _json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _dispatch(
    fmt: str,
    value: T,
    text: Callable[[T, Terminal], list[RenderableType]],
    markdown: Callable[[T], str],
    as_json: Callable[[T], Any],
    terminal: Terminal,
) -> str:
    if fmt == "json":
        return _json(as_json(value))
    if fmt == "markdown":
        return markdown(value)
    if fmt == "text":
        return console.render(terminal, *text(value, terminal))
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def text_table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], wrap: Sequence[str] = ()
) -> Table:
    """Columns two spaces apart under a rule; the columns named in ``wrap`` wrap their
    cells to fit the width, the others stay on one line."""
    table = console.table()
    for header in headers:
        table.add_column(header, no_wrap=header not in wrap, overflow="fold")
    for row in rows:
        table.add_row(*row)
    return table


def _bullets(items: Sequence[str], indent: int = 2) -> list[RenderableType]:
    """'- item' lines, each wrapping under its own text."""
    return [console.indented(console.hanging("-", item, gap=1), indent) for item in items]


def md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def md_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    out = ["| " + " | ".join(md_cell(h) for h in headers) + " |"]
    out.append("| " + " | ".join("---" for _ in headers) + " |")
    out.extend("| " + " | ".join(md_cell(c) for c in row) + " |" for row in rows)
    return "\n".join(out) + "\n"


def _filters(filters: Sequence[str]) -> str:
    return f" (filters: {', '.join(filters)})" if filters else ""


# -- the action log ---------------------------------------------------------------------------


def render_actions(listing: ActionListing, fmt: str, terminal: Terminal = PLAIN) -> str:
    return _dispatch(fmt, listing, _actions_text, _actions_markdown, actions_json, terminal)


def _carried(row: ActionRow) -> str:
    return _plural(row.carried_over, "board")


def _actions_headline(listing: ActionListing) -> str:
    rows = listing.rows
    overdue = sum(1 for r in rows if r.days_overdue)
    open_count = sum(1 for r in rows if r.action.status != "closed")
    return (
        f"Board actions as of {long_form(listing.as_of)}{_filters(listing.filters)}: "
        f"{_plural(len(rows), 'action')}, {open_count} open, {overdue} overdue"
    )


def _actions_text(listing: ActionListing, terminal: Terminal) -> list[RenderableType]:
    out: list[RenderableType] = [_actions_headline(listing), ""]
    for row in listing.rows:
        action = row.action
        facts = [
            action.status + (" (archived)" if row.archived else ""),
            f"owner {action.owner}",
            f"due {long_form(action.due)}",
        ]
        if action.closed_on:
            facts.append(f"closed {long_form(action.closed_on)}")
        if row.days_overdue:
            facts.append(f"OVERDUE {_plural(row.days_overdue, 'day')}")
        if row.carried_over:
            facts.append(f"carried over {_carried(row)}")
        # Facts break between one another, never inside one ('OVERDUE 46 days').
        lead = [console.text(f"{action.id}  {facts[0]}"), *map(console.text, facts[1:])]
        out.extend(console.flow(lead, terminal.width, indent=len(action.id) + 2))
        lines = [action.text]
        update = row.latest_update
        if update is not None:
            status = f" [{update.status}]" if update.status else ""
            lines.append(f"latest update {long_form(update.on)}{status}: {update.note}")
        if action.links:
            lines.append(f"links: {', '.join(action.links)}")
        out.extend(console.indented(console.text(line), 2) for line in lines)
        out.append("")
    if not listing.rows:
        out.append("No board actions match.")
    else:
        out.pop()
    return out


def _actions_markdown(listing: ActionListing) -> str:
    headers = [
        "Action",
        "Raised",
        "Owner",
        "Due",
        "Status",
        "Days overdue",
        "Carried over",
        "Latest update",
        "Links",
    ]
    rows = []
    for row in listing.rows:
        action = row.action
        update = row.latest_update
        rows.append(
            [
                f"**{action.id}** {action.text}",
                _long(row.raised_on),
                action.owner,
                long_form(action.due),
                action.status + (" (archived)" if row.archived else ""),
                str(row.days_overdue) if row.days_overdue else "–",
                _carried(row) if row.carried_over else "–",
                f"{long_form(update.on)}: {update.note}" if update else "–",
                ", ".join(action.links) or "–",
            ]
        )
    return f"## {_actions_headline(listing)}\n\n" + md_table(headers, rows)


def actions_json(listing: ActionListing) -> dict[str, Any]:
    return {
        "as_of": listing.as_of.isoformat(),
        "filters": listing.filters,
        "count": len(listing.rows),
        "overdue": sum(1 for r in listing.rows if r.days_overdue),
        "actions": [_action_json(row) for row in listing.rows],
    }


def _action_json(row: ActionRow) -> dict[str, Any]:
    action = row.action
    update = row.latest_update
    return {
        "id": action.id,
        "meeting": action.meeting,
        "raised_on": _iso(row.raised_on),
        "number": action.number,
        "text": action.text,
        "owner": action.owner,
        "due": action.due.isoformat(),
        "status": action.status,
        "closed_on": _iso(action.closed_on),
        "archived": row.archived,
        "days_overdue": row.days_overdue,
        "carried_over": row.carried_over,
        "latest_update": (
            {"on": update.on.isoformat(), "note": update.note, "status": update.status}
            if update
            else None
        ),
        "updates": len(action.updates),
        "links": list(action.links),
        "illustrative": action.illustrative,
    }


# -- the risk register -----------------------------------------------------------------------


def render_risks(listing: RiskListing, fmt: str, terminal: Terminal = PLAIN) -> str:
    return _dispatch(fmt, listing, _risks_text, _risks_markdown, risks_json, terminal)


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
        f"Risks as of {long_form(listing.as_of)}{_filters(listing.filters)}: "
        f"{_plural(len(listing.rows), 'risk')}, {overdue} with review overdue{since}"
    )


def _risk_cells(row: RiskRow) -> list[str]:
    risk = row.risk
    review = _long(risk.review_date) + (" (overdue)" if row.review_overdue else "")
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
        review = _long(risk.review_date) + ("\n(overdue)" if row.review_overdue else "")
        rows.append(
            [
                risk.id,
                f"{row.score} ({risk.likelihood}×{risk.impact})\n{row.band}",
                trend_words(row.trend),
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
    return f"## {_risks_headline(listing)}\n\n" + md_table(_RISK_HEADERS, rows)


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
        "raised_on": _iso(risk.raised_on),
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
        "review_date": _iso(risk.review_date),
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
    return _dispatch(fmt, heatmap, _heatmap_text, _heatmap_markdown, heatmap_json, terminal)


def _heatmap_headline(heatmap: Heatmap) -> str:
    return (
        f"Risk heat map as of {long_form(heatmap.as_of)}: {_plural(heatmap.total, 'open risk')} "
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
    return f"## {_heatmap_headline(heatmap)}\n\n{md_table(headers, rows)}\n{_KEY}\n"


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


# -- a meeting ----------------------------------------------------------------------------------


def render_meeting(view: MeetingView, fmt: str, terminal: Terminal = PLAIN) -> str:
    return _dispatch(fmt, view, _meeting_text, _meeting_markdown, meeting_json, terminal)


def _meeting_title(view: MeetingView) -> str:
    meeting = view.meeting
    when = ", ".join(p for p in (long_form(meeting.date), meeting.time, meeting.location) if p)
    return f"{meeting.board}: {when} ({meeting.status})"


def _attendance(view: MeetingView) -> str:
    attendance = view.meeting.attendance
    if attendance is None:
        return "Attendance: not recorded"
    return (
        f"Attendance: {len(attendance.present)} present, {len(attendance.in_attendance)} in "
        f"attendance, {_plural(len(attendance.apologies), 'apology', 'apologies')}"
    )


def _challenge_line(view: MeetingView) -> str:
    unanswered = len(view.unanswered)
    return (
        f"Check and challenge: {_plural(view.challenges, 'challenge')} minuted, "
        f"{view.responses} with a response, {unanswered} without"
    )


def _raised_status(view: MeetingView) -> list[list[str]]:
    rows = []
    for raised in view.actions:
        action = raised.action
        if action is None:
            rows.append([raised.id, "not in tracker/", "", "", ""])
            continue
        status = action.status + (" (archived)" if raised.archived else "")
        rows.append([raised.id, status, action.owner, long_form(action.due), action.text])
    return rows


def _neighbours(view: MeetingView) -> str:
    parts = []
    if view.previous:
        parts.append(f"previous: {long_form(view.previous.date)} ({view.previous.status})")
    if view.following:
        parts.append(f"next: {long_form(view.following.date)} ({view.following.status})")
    return "; ".join(parts)


def _meeting_text(view: MeetingView, _terminal: Terminal) -> list[RenderableType]:
    meeting = view.meeting
    out: list[RenderableType] = [_meeting_title(view), _attendance(view), _challenge_line(view)]
    if _neighbours(view):
        out.append(f"Meetings: {_neighbours(view)}")
    out.append("")
    if meeting.standing_items:
        out.append("Standing items: " + "; ".join(meeting.standing_items))
        out.append("")
    if view.items:
        rows = [[i.number, str(i.challenges), str(i.responses), i.title] for i in view.items]
        out.append(text_table(["Item", "Challenges", "Responses", "Title"], rows, ("Title",)))
        out.append("")
    for number, challenge in view.unanswered:
        out.append(f"Unanswered challenge (item {number}): {challenge}")
    if view.unanswered:
        out.append("")
    decisions = [*meeting.decisions, *(d for item in meeting.agenda for d in item.decisions)]
    if decisions:
        out.append(f"Decisions ({len(decisions)}):")
        out.extend(_bullets(decisions))
        out.append("")
    if view.actions:
        out.append(f"Actions raised ({len(view.actions)}):")
        for action_id, status, owner, due, text in _raised_status(view):
            facts = " · ".join(
                fact for fact in (status, owner and f"owner {owner}", due and f"due {due}") if fact
            )
            out.append(console.indented(console.hanging(action_id, facts), 2))
            if text:
                out.append(console.indented(console.text(text), 4))
        out.append("")
    if view.risks_added:
        out.append("Risks added: " + ", ".join(_risk_label(i, r) for i, r in view.risks_added))
        out.append("")
    if meeting.forward_plan:
        out.append("Forward plan:")
        out.extend(_bullets([_plan_text(item) for item in meeting.forward_plan]))
    while out and out[-1] == "":
        out.pop()
    return out


def _risk_label(risk_id: str, risk: Any) -> str:
    return f"{risk_id} {risk.title} ({risk.score})" if risk is not None else f"{risk_id} (missing)"


def _plan_text(item: Any) -> str:
    when = item.meeting or (long_form(item.when) if item.when else "unscheduled")
    return f"{item.item} [{item.kind.replace('_', ' ')}, {when}]"


def _meeting_markdown(view: MeetingView) -> str:
    meeting = view.meeting
    out = [f"## {_meeting_title(view)}", "", f"- {_attendance(view)}", f"- {_challenge_line(view)}"]
    if _neighbours(view):
        out.append(f"- Meetings: {_neighbours(view)}")
    if meeting.standing_items:
        out.append("- Standing items: " + "; ".join(meeting.standing_items))
    out.append("")
    if view.items:
        out.append("### Agenda")
        out.append("")
        rows = [[i.number, i.title, str(i.challenges), str(i.responses)] for i in view.items]
        out.append(md_table(["Item", "Title", "Challenges", "Responses"], rows))
    if view.unanswered:
        out.append("### Unanswered challenges")
        out.append("")
        out.extend(f"- Item {number}: {challenge}" for number, challenge in view.unanswered)
        out.append("")
    if view.actions:
        out.append("### Actions raised")
        out.append("")
        out.append(md_table(["Action", "Status", "Owner", "Due", "Text"], _raised_status(view)))
    if view.risks_added:
        out.append("### Risks added")
        out.append("")
        out.extend(f"- {_risk_label(i, r)}" for i, r in view.risks_added)
        out.append("")
    if meeting.forward_plan:
        out.append("### Forward plan")
        out.append("")
        out.extend(f"- {_plan_text(item)}" for item in meeting.forward_plan)
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def meeting_json(view: MeetingView) -> dict[str, Any]:
    meeting = view.meeting
    attendance = meeting.attendance
    return {
        "id": meeting.id,
        "board": meeting.board,
        "date": meeting.date.isoformat(),
        "time": meeting.time,
        "location": meeting.location,
        "status": meeting.status,
        "attendance": {
            "present": list(attendance.present) if attendance else [],
            "in_attendance": list(attendance.in_attendance) if attendance else [],
            "apologies": list(attendance.apologies) if attendance else [],
        },
        "standing_items": list(meeting.standing_items),
        "challenges": view.challenges,
        "responses": view.responses,
        "unanswered": [{"item": n, "challenge": c} for n, c in view.unanswered],
        "agenda": [
            {
                "number": i.number,
                "title": i.title,
                "challenges": i.challenges,
                "responses": i.responses,
            }
            for i in view.items
        ],
        "decisions": [*meeting.decisions, *(d for item in meeting.agenda for d in item.decisions)],
        "actions_raised": [
            {
                "id": raised.id,
                "status": raised.action.status if raised.action else None,
                "owner": raised.action.owner if raised.action else None,
                "due": raised.action.due.isoformat() if raised.action else None,
                "archived": raised.archived,
            }
            for raised in view.actions
        ],
        "risks_added": [
            {"id": i, "title": r.title if r else None, "score": r.score if r else None}
            for i, r in view.risks_added
        ],
        "forward_plan": [
            {"item": f.item, "kind": f.kind, "when": _iso(f.when), "meeting": f.meeting}
            for f in meeting.forward_plan
        ],
        "previous_meeting": view.previous.id if view.previous else None,
        "next_meeting": view.following.id if view.following else None,
    }


# -- the forward plan ---------------------------------------------------------------------------


def render_forward_plan(plan: ForwardPlan, fmt: str, terminal: Terminal = PLAIN) -> str:
    return _dispatch(fmt, plan, _plan_text_report, _plan_markdown, forward_plan_json, terminal)


def _plan_headline(plan: ForwardPlan) -> str:
    source = f" as minuted at the {long_form(plan.source.date)} board" if plan.source else ""
    return f"Forward plan as of {long_form(plan.as_of)}{source}"


def _planned_cells(entry: PlannedItem) -> list[str]:
    item = entry.item
    if entry.meeting is not None:
        when = f"{long_form(entry.meeting.date)} board"
    elif item.meeting is not None:
        when = f"{item.meeting} (no record yet)"
    elif item.when is not None:
        when = f"{item.when.strftime('%B %Y')} (no board scheduled)"
    else:
        when = "unscheduled"
    return [when, item.kind.replace("_", " "), item.item]


def _plan_text_report(plan: ForwardPlan, _terminal: Terminal) -> list[RenderableType]:
    out: list[RenderableType] = [_plan_headline(plan), ""]
    if plan.source is None:
        out.append("No board has been held yet, so there is no forward plan.")
        return out
    if plan.standing:
        out.append("Standing items (every board): " + "; ".join(plan.standing))
        out.append("")
    if plan.items:
        rows = [_planned_cells(e) for e in plan.items]
        out.append(text_table(["When", "Kind", "Item"], rows, wrap=("When", "Item")))
    else:
        out.append("No other items planned.")
    return out


def _plan_markdown(plan: ForwardPlan) -> str:
    out = [f"## {_plan_headline(plan)}", ""]
    if plan.source is None:
        out.append("No board has been held yet, so there is no forward plan.")
        return "\n".join(out) + "\n"
    if plan.standing:
        out.append("Standing items (every board): " + "; ".join(plan.standing))
        out.append("")
    if plan.items:
        out.append(md_table(["When", "Kind", "Item"], [_planned_cells(e) for e in plan.items]))
    return "\n".join(out).rstrip("\n") + "\n"


def forward_plan_json(plan: ForwardPlan) -> dict[str, Any]:
    return {
        "as_of": plan.as_of.isoformat(),
        "source_meeting": plan.source.id if plan.source else None,
        "standing_items": plan.standing,
        "items": [
            {
                "item": entry.item.item,
                "kind": entry.item.kind,
                "meeting": entry.meeting.id if entry.meeting else entry.item.meeting,
                "date": _iso(entry.day),
                "when": _iso(entry.item.when),
            }
            for entry in plan.items
        ],
    }
