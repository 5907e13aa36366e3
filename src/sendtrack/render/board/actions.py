"""The board's action log as text (one block per action), Markdown or JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sendtrack.board.actions import ActionListing, ActionRow
from sendtrack.core.dates import long_form
from sendtrack.core.escaping import escape_markdown
from sendtrack.render import console
from sendtrack.render.board.common import (
    Markdown,
    dispatch,
    filters_note,
    iso,
    long_or_dash,
    md_table,
    plural,
)
from sendtrack.render.console import PLAIN, Terminal

if TYPE_CHECKING:
    from rich.console import RenderableType

# -- the action log ---------------------------------------------------------------------------


def render_actions(listing: ActionListing, fmt: str, terminal: Terminal = PLAIN) -> str:
    return dispatch(fmt, listing, _actions_text, _actions_markdown, actions_json, terminal)


def _carried(row: ActionRow) -> str:
    return plural(row.carried_over, "board")


def _actions_headline(listing: ActionListing) -> str:
    rows = listing.rows
    overdue = sum(1 for r in rows if r.days_overdue)
    open_count = sum(1 for r in rows if r.action.status != "closed")
    return (
        f"Board actions as of {long_form(listing.as_of)}{filters_note(listing.filters)}: "
        f"{plural(len(rows), 'action')}, {open_count} open, {overdue} overdue"
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
            facts.append(f"OVERDUE {plural(row.days_overdue, 'day')}")
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
                Markdown(f"**{escape_markdown(action.id)}** {escape_markdown(action.text)}"),
                long_or_dash(row.raised_on),
                action.owner,
                long_form(action.due),
                action.status + (" (archived)" if row.archived else ""),
                str(row.days_overdue) if row.days_overdue else "–",
                _carried(row) if row.carried_over else "–",
                f"{long_form(update.on)}: {update.note}" if update else "–",
                ", ".join(action.links) or "–",
            ]
        )
    return f"## {escape_markdown(_actions_headline(listing))}\n\n" + md_table(headers, rows)


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
        "raised_on": iso(row.raised_on),
        "number": action.number,
        "text": action.text,
        "owner": action.owner,
        "due": action.due.isoformat(),
        "status": action.status,
        "closed_on": iso(action.closed_on),
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
