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
from sendtrack.models.vocabulary import DEFAULT, Vocabulary, narrative
from sendtrack.plan.health import days, status_as_of
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
    undated_json,
)

# -- the list ------------------------------------------------------------------------


def list_json(rows: Sequence[MilestoneRow]) -> str:
    return json.dumps([row_json(row) for row in rows], indent=2, ensure_ascii=False) + "\n"


def _footer(shown: int, total: int, as_of: date, words: Vocabulary) -> str:
    return f"{shown} of {total} {words.tracked.words}, as of {long_form(as_of)}"


def list_text(
    rows: Sequence[MilestoneRow],
    total: int,
    as_of: date,
    width: int = DEFAULT_WIDTH,
    ansi: bool = False,
    words: Vocabulary = DEFAULT,
) -> str:
    if not rows:
        return f"no {words.tracked.words} match ({_footer(0, total, as_of, words)})\n"
    table = text_table(
        ["Id", "Health", "Due", "Slip", words.grouping.name, words.tracked.name],
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
    return terminal_text(
        "\n".join([*table, "", _footer(len(rows), total, as_of, words)]) + "\n", ansi
    )


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


_LABEL_COLUMN = 24
"""Labels longer than this (a plan's own narrative headings can be a sentence) go on a
line of their own, so the text beside the others keeps the width of the terminal."""


def _labelled(lines: list[tuple[str, str]], width: int) -> list[str]:
    fitting = [len(label) for label, _ in lines if len(label) + 2 <= _LABEL_COLUMN]
    label_width = max(fitting, default=0) + 2
    out: list[str] = []
    for label, text in lines:
        head = f"{label}:" if label else ""
        if len(head) + 1 > label_width:
            out.append(head)
            head = ""
        out.extend(
            textwrap.wrap(
                text,
                width=width,
                initial_indent=head.ljust(label_width),
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
    out.extend(textwrap.wrap(f"{detail.label} {detail.id}: {title}", width=width))
    out.append(f"{detail.file}:{detail.line} · as of {long_form(as_of)}")
    out.append("")
    chain = _chain(detail)
    if detail.kind == "action":
        chain = [line for line in chain if line[0] != detail.label]
    if detail.kind == "priority":
        chain = chain[1:]  # the heading already says it
    chain += _links(detail)
    if chain:
        out.extend(_labelled(chain, width))
    if detail.milestone is not None and not detail.rows:
        out.append("")
        out.extend(_labelled(_undated_history(detail.milestone, as_of), width))
    elif detail.milestone is not None:
        out.append("")
        out.extend(_labelled(_milestone_history(detail.milestone, detail.rows[0], as_of), width))
    else:
        out.append("")
        out.append(f"{detail.words.tracked.plural} ({len(detail.rows) + len(detail.undated)})")
    if detail.milestone is None and detail.rows:
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
    if detail.milestone is None and detail.undated:
        out.append(f"  undated, counted on their own ({len(detail.undated)}):")
        for undated in detail.undated:
            out.extend(
                textwrap.wrap(
                    f"{undated.id}  due {undated.word} · {status_word(undated.status)} · "
                    f"{undated.title}",
                    width=width,
                    initial_indent="  ",
                    subsequent_indent="    ",
                    break_on_hyphens=False,
                )
            )
    return terminal_text("\n".join(out) + "\n", ansi)


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
