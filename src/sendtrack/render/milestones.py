"""``sendtrack milestones`` and ``sendtrack show`` rendered as text, Markdown and JSON.

Pure functions over ``status.MilestoneRow`` and ``query.ItemDetail``; a milestone's JSON
object is the same one the status report's exceptions use (``row_json``). Text is laid
out plain and goes out through ``status.terminal_text`` (escaped, then coloured).
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Sequence
from datetime import date
from typing import Any

from sendtrack.core.dates import long_form
from sendtrack.core.escaping import escape_terminal
from sendtrack.models.plan import Milestone
from sendtrack.plan.health import days
from sendtrack.plan.query import ItemDetail
from sendtrack.plan.status import MilestoneRow
from sendtrack.render.status import (
    DEFAULT_WIDTH,
    badge,
    milestone_table_markdown,
    moves,
    row_json,
    status_word,
    terminal_text,
    text_table,
)

_NOUN = {"priority": "Priority", "outcome": "Outcome", "action": "Action", "milestone": "Milestone"}


# -- the list ------------------------------------------------------------------------


def list_json(rows: Sequence[MilestoneRow]) -> str:
    return json.dumps([row_json(row) for row in rows], indent=2, ensure_ascii=False) + "\n"


def _footer(shown: int, total: int, as_of: date) -> str:
    return f"{shown} of {total} milestones, as of {long_form(as_of)}"


def list_text(
    rows: Sequence[MilestoneRow],
    total: int,
    as_of: date,
    width: int = DEFAULT_WIDTH,
    ansi: bool = False,
) -> str:
    if not rows:
        return f"no milestones match ({_footer(0, total, as_of)})\n"
    table = text_table(
        ["Id", "Health", "Due", "Slip", "Workstream", "Milestone"],
        [
            [
                row.id,
                badge(row.health, row.colour),
                long_form(row.current_due),
                row.slip_days,
                row.workstream,
                row.title,
            ]
            for row in rows
        ],
        width,
        wrap=5,
        align=("left", "left", "right", "right", "left", "left"),
    )
    return terminal_text("\n".join([*table, "", _footer(len(rows), total, as_of)]) + "\n", ansi)


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


def _labelled(lines: list[tuple[str, str]], width: int) -> list[str]:
    label_width = max(len(label) for label, _ in lines) + 2
    out: list[str] = []
    for label, text in lines:
        out.extend(
            textwrap.wrap(
                text,
                width=width,
                initial_indent=f"{label}:".ljust(label_width),
                subsequent_indent=" " * label_width,
                break_on_hyphens=False,
            )
        )
    return out


def show_text(
    detail: ItemDetail, as_of: date, width: int = DEFAULT_WIDTH, ansi: bool = False
) -> str:
    out: list[str] = []
    if detail.milestone is not None:
        title = detail.milestone.title
    elif detail.action is not None:
        title = detail.action.title
    elif detail.outcome is not None:
        title = detail.outcome.text
    else:
        title = detail.priority.title
    out.extend(textwrap.wrap(f"{_NOUN[detail.kind]} {detail.id}: {title}", width=width))
    out.append(f"{detail.file}:{detail.line} · as of {long_form(as_of)}")
    out.append("")
    chain = _chain(detail)
    if detail.kind != "priority":
        chain = [line for line in chain if not (detail.kind == "action" and line[0] == "Action")]
        out.extend(_labelled(chain, width))
    if detail.milestone is not None:
        out.append("")
        out.extend(_labelled(_milestone_history(detail.milestone, detail.rows[0]), width))
    else:
        out.append("")
        out.append(f"Milestones ({len(detail.rows)})")
        out.extend(
            text_table(
                ["Id", "Health", "Due", "Milestone"],
                [
                    [
                        row.id,
                        badge(row.health, row.colour),
                        long_form(row.current_due),
                        row.title,
                    ]
                    for row in detail.rows
                ],
                width,
                wrap=3,
                align=("left", "left", "right", "left"),
            )
        )
    return terminal_text("\n".join(out) + "\n", ansi)


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
