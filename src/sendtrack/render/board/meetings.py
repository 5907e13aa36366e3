"""One meeting (attendance, agenda with challenges and responses, decisions, actions
raised) and the forward plan, as text, Markdown or JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sendtrack.board.meetings import ForwardPlan, MeetingView, PlannedItem
from sendtrack.core.dates import long_form
from sendtrack.core.escaping import escape_markdown
from sendtrack.render import console
from sendtrack.render.board.common import (
    bullets,
    dispatch,
    iso,
    md_table,
    plural,
    text_table,
)
from sendtrack.render.console import PLAIN, Terminal

if TYPE_CHECKING:
    from rich.console import RenderableType

# -- a meeting ----------------------------------------------------------------------------------


def render_meeting(view: MeetingView, fmt: str, terminal: Terminal = PLAIN) -> str:
    return dispatch(fmt, view, _meeting_text, _meeting_markdown, meeting_json, terminal)


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
        f"attendance, {plural(len(attendance.apologies), 'apology', 'apologies')}"
    )


def _challenge_line(view: MeetingView) -> str:
    unanswered = len(view.unanswered)
    return (
        f"Check and challenge: {plural(view.challenges, 'challenge')} minuted, "
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
        out.extend(bullets(decisions))
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
        out.extend(bullets([_plan_text(item) for item in meeting.forward_plan]))
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
    out = [
        f"## {escape_markdown(_meeting_title(view))}",
        "",
        f"- {escape_markdown(_attendance(view))}",
        f"- {escape_markdown(_challenge_line(view))}",
    ]
    if _neighbours(view):
        out.append(f"- Meetings: {escape_markdown(_neighbours(view))}")
    if meeting.standing_items:
        out.append("- Standing items: " + escape_markdown("; ".join(meeting.standing_items)))
    out.append("")
    if view.items:
        out.append("### Agenda")
        out.append("")
        rows = [[i.number, i.title, str(i.challenges), str(i.responses)] for i in view.items]
        out.append(md_table(["Item", "Title", "Challenges", "Responses"], rows))
    if view.unanswered:
        out.append("### Unanswered challenges")
        out.append("")
        out.extend(
            f"- Item {escape_markdown(number)}: {escape_markdown(challenge)}"
            for number, challenge in view.unanswered
        )
        out.append("")
    if view.actions:
        out.append("### Actions raised")
        out.append("")
        out.append(md_table(["Action", "Status", "Owner", "Due", "Text"], _raised_status(view)))
    if view.risks_added:
        out.append("### Risks added")
        out.append("")
        out.extend(f"- {escape_markdown(_risk_label(i, r))}" for i, r in view.risks_added)
        out.append("")
    if meeting.forward_plan:
        out.append("### Forward plan")
        out.append("")
        out.extend(f"- {escape_markdown(_plan_text(item))}" for item in meeting.forward_plan)
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
            {"item": f.item, "kind": f.kind, "when": iso(f.when), "meeting": f.meeting}
            for f in meeting.forward_plan
        ],
        "previous_meeting": view.previous.id if view.previous else None,
        "next_meeting": view.following.id if view.following else None,
    }


# -- the forward plan ---------------------------------------------------------------------------


def render_forward_plan(plan: ForwardPlan, fmt: str, terminal: Terminal = PLAIN) -> str:
    return dispatch(fmt, plan, _plan_text_report, _plan_markdown, forward_plan_json, terminal)


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
    out = [f"## {escape_markdown(_plan_headline(plan))}", ""]
    if plan.source is None:
        out.append("No board has been held yet, so there is no forward plan.")
        return "\n".join(out) + "\n"
    if plan.standing:
        out.append("Standing items (every board): " + escape_markdown("; ".join(plan.standing)))
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
                "date": iso(entry.day),
                "when": iso(entry.item.when),
            }
            for entry in plan.items
        ],
    }
