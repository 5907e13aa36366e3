"""``sendtrack milestones`` and ``sendtrack show`` rendered as text, Markdown and JSON.

Pure functions over ``status.MilestoneRow`` and ``query.ItemDetail``; a milestone's JSON
object is the same one the status report's exceptions use (``row_json``). Text is drawn
with rich (``render.console``, whose consoles escape the data before colouring it);
Markdown escapes the data with ``escaping.escape_markdown`` and ``escape_terminal``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from sendtrack.core.dates import long_form
from sendtrack.core.escaping import escape_terminal
from sendtrack.models.plan import Milestone
from sendtrack.plan.health import days
from sendtrack.plan.query import ItemDetail
from sendtrack.plan.status import MilestoneRow
from sendtrack.render import console
from sendtrack.render.status import (
    badge,
    badge_text,
    milestone_table_markdown,
    moves,
    row_json,
    status_word,
)

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.table import Table
    from rich.text import Text

_NOUN = {"priority": "Priority", "outcome": "Outcome", "action": "Action", "milestone": "Milestone"}


# -- the list ------------------------------------------------------------------------


def list_json(rows: Sequence[MilestoneRow]) -> str:
    return json.dumps([row_json(row) for row in rows], indent=2, ensure_ascii=False) + "\n"


def _footer(shown: int, total: int, as_of: date) -> str:
    return f"{shown} of {total} milestones, as of {long_form(as_of)}"


TITLE_MIN = 30
"""Cells a milestone's title gets at least; narrower, the workstream goes under it."""


def _milestone_table(rows: Sequence[MilestoneRow], width: int, *, details: bool = True) -> Table:
    """Id, health, due date (and slip, workstream) on one line; the title wraps. Where a
    workstream column would leave the title fewer than ``TITLE_MIN`` cells of ``width``,
    the workstream is printed under the title instead."""
    table = console.table()
    table.add_column("Id", no_wrap=True)
    table.add_column("Health", no_wrap=True)
    table.add_column("Due", justify="right", no_wrap=True)
    own_column = False
    if details:
        table.add_column("Slip", justify="right", no_wrap=True)
        fixed = sum(
            max(console.cell_width(text) for text in column) + 2
            for column in (
                ["Id", *(row.id for row in rows)],
                ["Health", *(badge(row.health, row.colour) for row in rows)],
                ["Due", *(long_form(row.current_due) for row in rows)],
                ["Slip", *(str(row.slip_days) for row in rows)],
                ["Workstream", *(row.workstream for row in rows)],
            )
        )
        own_column = width - fixed >= TITLE_MIN
        if own_column:
            table.add_column("Workstream", no_wrap=True)
    title = "Milestone" if own_column or not details else "Milestone, workstream"
    table.add_column(title, overflow="fold")
    for row in rows:
        cells: list[str | RenderableType] = [
            row.id,
            badge_text(row.health, row.colour),
            long_form(row.current_due),
        ]
        if details:
            cells.append(str(row.slip_days))
        if own_column:
            cells.append(row.workstream)
        if details and not own_column:
            cells.append(console.text(row.title) + console.text(f"\n{row.workstream}", "dim"))
        else:
            cells.append(row.title)
        table.add_row(*cells)
    return table


def list_text(
    rows: Sequence[MilestoneRow],
    total: int,
    as_of: date,
    terminal: console.Terminal = console.PLAIN,
) -> str:
    if not rows:
        return f"no milestones match ({_footer(0, total, as_of)})\n"
    table = console.indented(_milestone_table(rows, terminal.width - 2), 2)
    return console.render(terminal, table, "", _footer(len(rows), total, as_of))


def list_markdown(rows: Sequence[MilestoneRow], total: int, as_of: date) -> str:
    if not rows:
        return f"No milestones match ({_footer(0, total, as_of)}).\n"
    table = milestone_table_markdown(rows)
    return escape_terminal(f"{table}\n\n{_footer(len(rows), total, as_of)}.\n")


# -- one item in full ----------------------------------------------------------------


def meeting_words(meeting_id: str) -> str:
    """'3 Nov 2025' for the meeting '2025-11-03' (meeting ids are their dates)."""
    try:
        return long_form(date.fromisoformat(meeting_id))
    except ValueError:
        return meeting_id


def _status_line(milestone: Milestone, row: MilestoneRow) -> str:
    if row.status == milestone.status:
        return status_word(row.status)
    return f"{status_word(row.status)} (now {status_word(milestone.status)}, dated later)"


def _milestone_history(milestone: Milestone, row: MilestoneRow) -> list[tuple[str, str]]:
    """(label, text) lines of a milestone's dates, re-profiles, updates and withdrawal."""
    lines: list[tuple[str, str]] = [
        ("Status", _status_line(milestone, row)),
        ("Health", badge(row.health, row.colour)),
        ("Why", row.reason),
        ("Original date", long_form(row.baseline_due)),
        (
            "Current date",
            f"{long_form(row.current_due)} (slip {days(row.slip_days)}, {moves(row.reprofiles)})",
        ),
    ]
    if milestone.started_on:
        lines.append(("Started", long_form(milestone.started_on)))
    if milestone.completed_on:
        lines.append(
            ("Completed", long_form(milestone.completed_on) + (" (late)" if row.late else ""))
        )
    if milestone.owner:
        lines.append(("Owner", milestone.owner))
    if milestone.at_risk:
        lines.append(("At risk", milestone.at_risk))
    for number, entry in enumerate(milestone.reprofiles, start=1):
        if entry.agreed_at is not None:
            state = f"agreed at the {meeting_words(entry.agreed_at)} board"
            if entry in row.pending:
                state += " (after the as-of date)"
        else:
            state = "proposed, awaiting the board"
        if entry.proposed_on:
            state += f", proposed {long_form(entry.proposed_on)}"
        lines.append((f"Re-profile {number}", f"to {long_form(entry.to)}, {state}: {entry.reason}"))
    if milestone.withdrawn:
        how = (
            f"superseded by {milestone.withdrawn.superseded_by}"
            if milestone.withdrawn.superseded_by
            else "withdrawn"
        )
        at = meeting_words(milestone.withdrawn.agreed_at)
        lines.append(("Withdrawn", f"{how} at the {at} board: {milestone.withdrawn.reason}"))
    for update in milestone.updates:
        status = f" [{status_word(update.status)}]" if update.status else ""
        lines.append((f"Update {long_form(update.on)}", f"{update.note}{status}"))
    if milestone.illustrative:
        lines.append(("Note", "the status is illustrative, not from the sources"))
    if milestone.note:
        lines.append(("Note", milestone.note))
    return lines


def _chain(detail: ItemDetail) -> list[tuple[str, str]]:
    lines = [("Priority", f"{detail.priority.id}. {detail.priority.title}")]
    if detail.outcome is not None:
        lines.append(("Outcome", f"{detail.outcome.id} {detail.outcome.text}"))
    if detail.action is not None:
        action = detail.action
        stream = detail.workstream_names.get(action.workstream, action.workstream)
        lines.append(("Action", f"{action.id} {action.title}"))
        lines.append(("Workstream", stream))
        if action.leads:
            lines.append(("Leads", "; ".join(action.leads)))
        lines.append(("Action due", long_form(action.due)))
        if action.source_ref:
            lines.append(("Source ref", action.source_ref))
        for criterion in action.success_criteria:
            lines.append(("Success", criterion))
    return lines


def _labelled(lines: list[tuple[str, str | Text]]) -> Table:
    """'Label: text', the text wrapping under itself; the texts start one cell after the
    longest label (its value reads 'Update 1 Jun 2025: "C:\\new"', as typed)."""
    table = console.grid(gap=1)
    table.add_column(no_wrap=True)
    table.add_column(overflow="fold")
    for label, text in lines:
        table.add_row(f"{label}:", text)
    return table


def show_text(detail: ItemDetail, as_of: date, terminal: console.Terminal = console.PLAIN) -> str:
    if detail.milestone is not None:
        title = detail.milestone.title
    elif detail.action is not None:
        title = detail.action.title
    elif detail.outcome is not None:
        title = detail.outcome.text
    else:
        title = detail.priority.title
    out: list[RenderableType] = [
        f"{_NOUN[detail.kind]} {detail.id}: {title}",
        f"{detail.file}:{detail.line} · as of {long_form(as_of)}",
        "",
    ]
    chain = _chain(detail)
    if detail.kind != "priority":
        chain = [line for line in chain if not (detail.kind == "action" and line[0] == "Action")]
        out.append(_labelled(list(chain)))
    if detail.milestone is not None:
        row = detail.rows[0]
        history: list[tuple[str, str | Text]] = [
            (label, badge_text(row.health, row.colour) if label == "Health" else text)
            for label, text in _milestone_history(detail.milestone, row)
        ]
        out.extend(["", _labelled(history)])
    else:
        out.extend(["", f"Milestones ({len(detail.rows)})"])
        table = _milestone_table(detail.rows, terminal.width - 2, details=False)
        out.append(console.indented(table, 2))
    return console.render(terminal, *out)


def show_json(detail: ItemDetail, as_of: date) -> str:
    data: dict[str, Any] = {
        "as_of": as_of.isoformat(),
        "kind": detail.kind,
        "id": detail.id,
        "file": detail.file,
        "line": detail.line,
        "priority": {"id": detail.priority.id, "title": detail.priority.title},
    }
    if detail.outcome is not None:
        data["outcome"] = {"id": detail.outcome.id, "text": detail.outcome.text}
    if detail.action is not None:
        data["action"] = detail.action.model_dump(mode="json", exclude={"milestones"})
    if detail.milestone is not None:
        data["milestone"] = {
            **row_json(detail.rows[0]),
            "record": detail.milestone.model_dump(mode="json", exclude_defaults=True),
        }
    else:
        data["milestones"] = [row_json(row) for row in detail.rows]
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
