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
from sendtrack.models.vocabulary import DEFAULT, Vocabulary, in_sentence, narrative
from sendtrack.plan.health import status_as_of
from sendtrack.plan.query import ItemDetail
from sendtrack.plan.status import MilestoneRow
from sendtrack.render import console
from sendtrack.render.slip import proposal_line, slip_words
from sendtrack.render.status import (
    badge,
    badge_text,
    milestone_table_markdown,
    moves,
    row_json,
    status_word,
    undated_json,
)

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.table import Table
    from rich.text import Text

# -- the list ------------------------------------------------------------------------


def list_json(rows: Sequence[MilestoneRow]) -> str:
    return json.dumps([row_json(row) for row in rows], indent=2, ensure_ascii=False) + "\n"


def _footer(shown: int, total: int, as_of: date, words: Vocabulary) -> str:
    return f"{shown} of {total} {words.tracked.words}, as of {long_form(as_of)}"


TITLE_MIN = 30
"""Cells a milestone's title gets at least; narrower, the workstream goes under it."""


def _milestone_table(
    rows: Sequence[MilestoneRow],
    width: int,
    *,
    details: bool = True,
    words: Vocabulary = DEFAULT,
) -> Table:
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
                [words.grouping.name, *(row.workstream for row in rows)],
            )
        )
        own_column = width - fixed >= TITLE_MIN
        if own_column:
            table.add_column(words.grouping.name, no_wrap=True)
    tracked = words.tracked.name
    grouping = in_sentence(words.grouping.name)
    title = tracked if own_column or not details else f"{tracked}, {grouping}"
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
        # A proposal's slip goes under the title, where the cell wraps, so the narrow Slip
        # column keeps the agreed figure and the table keeps its width.
        title_cell = console.text(row.title)
        proposal = proposal_line(row) if details else None
        if proposal:
            title_cell += console.text(f"\n{proposal}")
        if details and not own_column:
            title_cell += console.text(f"\n{row.workstream}", "dim")
        cells.append(title_cell)
        table.add_row(*cells)
    return table


def list_text(
    rows: Sequence[MilestoneRow],
    total: int,
    as_of: date,
    terminal: console.Terminal = console.PLAIN,
    words: Vocabulary = DEFAULT,
) -> str:
    if not rows:
        return f"no {words.tracked.words} match ({_footer(0, total, as_of, words)})\n"
    table = console.indented(_milestone_table(rows, terminal.width - 2, words=words), 2)
    return console.render(terminal, table, "", _footer(len(rows), total, as_of, words))


def list_markdown(
    rows: Sequence[MilestoneRow], total: int, as_of: date, words: Vocabulary = DEFAULT
) -> str:
    if not rows:
        return f"No {words.tracked.words} match ({_footer(0, total, as_of, words)}).\n"
    table = milestone_table_markdown(rows, words=words)
    return escape_terminal(f"{table}\n\n{_footer(len(rows), total, as_of, words)}.\n")


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


def _added_line(row: MilestoneRow, as_of: date) -> list[tuple[str, str]]:
    if row.added_on is None:
        return []
    later = ", after the as-of date: not yet in the plan then" if row.added_on > as_of else ""
    return [("Added", long_form(row.added_on) + later)]


def _undated_history(milestone: Milestone, as_of: date) -> list[tuple[str, str]]:
    """An undated milestone: its status, and why it has no health."""
    lines = [
        ("Status", status_word(status_as_of(milestone, as_of))),
        ("Due", f"{milestone.due}: undated, so it has no health and is counted on its own"),
    ]
    if milestone.owner:
        lines.append(("Owner", milestone.owner))
    for update in milestone.updates:
        lines.append((f"Update {long_form(update.on)}", update.note))
    if milestone.note:
        lines.append(("Note", milestone.note))
    return lines


def _milestone_history(
    milestone: Milestone, row: MilestoneRow, as_of: date
) -> list[tuple[str, str]]:
    """(label, text) lines of a milestone's dates, re-profiles, updates and withdrawal."""
    lines: list[tuple[str, str]] = [
        *_added_line(row, as_of),
        ("Status", _status_line(milestone, row)),
        ("Health", badge(row.health, row.colour)),
        ("Why", row.reason),
        *(
            [("Lead says", f"{rating.colour} — {rating.reason} ({long_form(rating.on)})")]
            if (rating := row.lead_rating) is not None
            else []
        ),
        ("Original date", long_form(row.baseline_due)),
        (
            "Current date",
            f"{long_form(row.current_due)} ({slip_words(row)}, {moves(row.reprofiles)})",
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
        since = f" (since {long_form(milestone.at_risk_since)})" if milestone.at_risk_since else ""
        lines.append(("At risk", milestone.at_risk + since))
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
    if milestone.carried_forward:
        carried = milestone.carried_forward
        at = meeting_words(carried.agreed_at)
        note = f" ({carried.note})" if carried.note else ""
        lines.append(("Carried forward", f"into {carried.into} at the {at} board{note}"))
    if row.continues is not None and row.original_due is not None:
        lines.append(
            (
                "Continues",
                f"{row.continues}, carried forward from an earlier plan: slip is measured "
                f"from its baseline, {long_form(row.original_due)}",
            )
        )
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


def _narrative_lines(label: str, value: str | list[str]) -> list[tuple[str, str]]:
    """A narrative field as labelled lines: a paragraph on one, each point on its own."""
    points = [value] if isinstance(value, str) else value
    return [(label if index == 0 else "", point) for index, point in enumerate(points)]


def _chain(detail: ItemDetail) -> list[tuple[str, str]]:
    words = detail.words
    priority = detail.priority
    lines = [(words.top.name, f"{priority.id}. {priority.title}")]
    stream_id = (detail.action.workstream if detail.action else None) or priority.workstream
    if detail.kind == "priority":
        if priority.short_title:
            lines.append(("Short title", priority.short_title))
        if priority.leads:
            lines.append(("Leads", "; ".join(priority.leads)))
        for label, value in narrative(priority, words.level("priority")):
            lines.extend(_narrative_lines(label, value))
    if detail.outcome is not None:
        outcome = detail.outcome
        lines.append((words.noun("outcome").name, f"{outcome.id} {outcome.text}"))
        if detail.kind == "outcome":
            for label, value in narrative(outcome, words.level("outcome")):
                lines.extend(_narrative_lines(label, value))
    if detail.action is not None:
        action = detail.action
        noun = words.noun("action").name
        lines.append((noun, f"{action.id} {action.title}"))
        if stream_id:
            lines.append((words.grouping.name, detail.workstream_names.get(stream_id, stream_id)))
        if action.leads:
            lines.append(("Leads", "; ".join(action.leads)))
        if action.due is not None:
            lines.append((f"{noun} due", long_form(action.due)))
        if action.source_ref:
            lines.append(("Source ref", action.source_ref))
        for label, value in narrative(action, words.level("action")):
            if label == "Success criteria" and action.narrative.get("success_criteria") is None:
                label = "Success"  # Lancashire's own field, as 'show' has always headed it
                lines.extend((label, point) for point in action.success_criteria)
                continue
            lines.extend(_narrative_lines(label, value))
    elif detail.kind == "milestone" and stream_id:
        lines.append((words.grouping.name, detail.workstream_names.get(stream_id, stream_id)))
    return lines


def _links(detail: ItemDetail) -> list[tuple[str, str]]:
    item = detail.milestone or detail.action or detail.outcome or detail.priority
    lines = [("Links", ", ".join(item.links))] if item.links else []
    if detail.linked_from:
        lines.append(("Linked from", ", ".join(detail.linked_from)))
    return lines


def _labelled(lines: Sequence[tuple[str, str | Text]]) -> Table:
    """'Label: text', the text wrapping under itself; the texts start one cell after the
    longest label (its value reads 'Update 1 Jun 2025: "C:\\new"', as typed)."""
    table = console.grid(gap=1)
    table.add_column(no_wrap=True)
    table.add_column(overflow="fold")
    for label, text in lines:
        table.add_row(f"{label}:" if label else "", text)
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
        f"{detail.label} {detail.id}: {title}",
        f"{detail.file}:{detail.line} · as of {long_form(as_of)}",
        "",
    ]
    chain = _chain(detail)
    if detail.kind == "action":
        chain = [line for line in chain if line[0] != detail.label]
    if detail.kind == "priority":
        chain = chain[1:]  # the heading already says it
    chain += _links(detail)
    if chain:
        out.append(_labelled(chain))
    if detail.milestone is not None and not detail.rows:
        out.extend(["", _labelled(_undated_history(detail.milestone, as_of))])
    elif detail.milestone is not None:
        row = detail.rows[0]
        history: list[tuple[str, str | Text]] = [
            (label, badge_text(row.health, row.colour) if label == "Health" else text)
            for label, text in _milestone_history(detail.milestone, row, as_of)
        ]
        out.extend(["", _labelled(history)])
    else:
        out.extend(
            ["", f"{detail.words.tracked.plural} ({len(detail.rows) + len(detail.undated)})"]
        )
        if detail.rows:
            table = _milestone_table(detail.rows, terminal.width - 2, details=False)
            out.append(console.indented(table, 2))
        if detail.undated:
            out.append(f"  undated, counted on their own ({len(detail.undated)}):")
            for undated in detail.undated:
                body = f"due {undated.word} · {status_word(undated.status)} · {undated.title}"
                out.append(console.indented(console.hanging(undated.id, body), 2))
    return console.render(terminal, *out)


def show_json(detail: ItemDetail, as_of: date) -> str:
    data: dict[str, Any] = {
        "as_of": as_of.isoformat(),
        "kind": detail.kind,
        "label": detail.label,
        "id": detail.id,
        "linked_from": list(detail.linked_from),
        "file": detail.file,
        "line": detail.line,
        "priority": {"id": detail.priority.id, "title": detail.priority.title},
    }
    if detail.kind == "priority":
        data["priority"]["short_title"] = detail.priority.short_title
        data["priority"]["narrative"] = dict(
            narrative(detail.priority, detail.words.level("priority"))
        )
    if detail.outcome is not None:
        data["outcome"] = {"id": detail.outcome.id, "text": detail.outcome.text}
    if detail.action is not None:
        data["action"] = detail.action.model_dump(mode="json", exclude={"milestones"})
    if detail.milestone is not None and not detail.rows:
        data["milestone"] = {
            "id": detail.milestone.id,
            "due": detail.milestone.due,
            "status": status_as_of(detail.milestone, as_of),
            "health": None,
            "record": detail.milestone.model_dump(mode="json", exclude_defaults=True),
        }
    elif detail.milestone is not None:
        data["milestone"] = {
            **row_json(detail.rows[0]),
            "record": detail.milestone.model_dump(mode="json", exclude_defaults=True),
        }
    else:
        data["milestones"] = [row_json(row) for row in detail.rows]
        data["undated"] = [undated_json(row) for row in detail.undated]
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
