"""The meeting cycle: the next board's record pre-filled, a meeting shown with its check
and challenge counted, and the board's forward plan.

The forward plan lives in the meeting records: each held board minutes what is coming
(standing items, deep dives, other items, each for a meeting or a month). ``meeting new``
reads the previous meeting's plan, puts on the new agenda what falls to this board, and
carries the rest forward in the new record, so the latest record always holds the plan.
An item planned for a month ("January 2026") falls to the board held in that month.

The new agenda is built on the standing items, in the board's own words and order, since
that is how the board's papers run. What sendtrack works out — the actions due, the
re-profiles awaiting a decision, the risks due for review — is written as a one-line
summary under the standing item it belongs to, found by its words ("action tracker",
"highlight report", "risk register"); where no standing item fits, an item is added.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sendtrack.board.common import BoardError, natural_key, resolve_meeting
from sendtrack.board.meeting_cycle import refuse_before_last_held
from sendtrack.core.dates import long_form
from sendtrack.edit.planned import PlannedEdit
from sendtrack.models import BoardAction, Meeting, Risk
from sendtrack.models.meetings import ForwardPlanItem
from sendtrack.store.edits import Quoted, render_block
from sendtrack.store.repository import Repository

MEETING_FIELDS = list(Meeting.model_fields)


# -- the forward plan -----------------------------------------------------------------------


def falls_to(item: ForwardPlanItem, meeting_id: str, day: date) -> bool:
    """Whether a forward-plan item is for the board of ``day`` (standing items recur)."""
    if item.meeting is not None:
        return item.meeting == meeting_id
    return item.when is not None and (item.when.year, item.when.month) == (day.year, day.month)


def target_meeting(item: ForwardPlanItem, repo: Repository) -> Meeting | None:
    """The meeting record an item is planned for, when there is one."""
    if item.meeting is not None:
        return repo.meeting(item.meeting)
    if item.when is None:
        return None
    month = (item.when.year, item.when.month)
    candidates = [
        m
        for m in repo.board_meetings()
        if m.status != "cancelled" and (m.date.year, m.date.month) == month
    ]
    return min(candidates, key=lambda m: m.date) if candidates else None


@dataclass(frozen=True)
class PlannedItem:
    item: ForwardPlanItem
    meeting: Meeting | None
    """The board it falls to, if that board has a record."""

    @property
    def day(self) -> date | None:
        return self.meeting.date if self.meeting else self.item.when


@dataclass(frozen=True)
class ForwardPlan:
    as_of: date
    source: Meeting | None
    """The meeting whose record holds the plan: the last board held by the as-of date."""
    standing: list[str]
    items: list[PlannedItem]


def forward_plan(repo: Repository, as_of: date) -> ForwardPlan:
    """The forward plan as the last board held on or before ``as_of`` minuted it."""
    held = [m for m in repo.board_meetings() if m.status == "held" and m.date <= as_of]
    if not held:
        return ForwardPlan(as_of, None, [], [])
    source = max(held, key=lambda m: m.date)
    standing = _unique(
        [*source.standing_items, *(i.item for i in source.forward_plan if i.kind == "standing")]
    )
    items = [
        PlannedItem(item, target_meeting(item, repo))
        for item in source.forward_plan
        if item.kind != "standing"
    ]
    items.sort(key=lambda p: (p.day is None, p.day or date.max))
    return ForwardPlan(as_of, source, standing, items)


def _unique(texts: list[str]) -> list[str]:
    seen: set[str] = set()
    result = []
    for text in texts:
        if text.casefold() not in seen:
            seen.add(text.casefold())
            result.append(text)
    return result


# -- meeting show ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemChallenges:
    number: str
    title: str
    challenges: int
    responses: int


@dataclass(frozen=True)
class RaisedAction:
    id: str
    action: BoardAction | None
    archived: bool


@dataclass(frozen=True)
class MeetingView:
    meeting: Meeting
    items: list[ItemChallenges]
    unanswered: list[tuple[str, str]]
    """(agenda item number, challenge) for every challenge minuted without a response."""
    actions: list[RaisedAction]
    risks_added: list[tuple[str, Risk | None]]
    previous: Meeting | None
    following: Meeting | None

    @property
    def challenges(self) -> int:
        return sum(item.challenges for item in self.items)

    @property
    def responses(self) -> int:
        return sum(item.responses for item in self.items)


def show_meeting(repo: Repository, reference: str) -> MeetingView:
    """One meeting with its check and challenge counted, and what it raised resolved."""
    meeting = resolve_meeting(repo, reference)
    items = [
        ItemChallenges(
            item.number,
            item.title,
            len(item.challenges),
            sum(1 for c in item.challenges if c.response is not None),
        )
        for item in meeting.agenda
    ]
    unanswered = [
        (item.number, c.challenge)
        for item in meeting.agenda
        for c in item.challenges
        if c.response is None
    ]
    archived = {id(a) for a in repo.archived_actions}
    by_id = {a.id: a for a in repo.board_actions()}
    raised_ids = list(meeting.actions_raised) or sorted(
        (a.id for a in repo.board_actions() if a.meeting == meeting.id), key=natural_key
    )
    actions = [
        RaisedAction(i, by_id.get(i), id(by_id[i]) in archived if i in by_id else False)
        for i in raised_ids
    ]
    risks = {r.id: r for r in repo.risks}
    ordered = sorted(repo.body_meetings(repo.body_of(meeting)), key=lambda m: m.date)
    earlier = [m for m in ordered if m.date < meeting.date]
    later = [m for m in ordered if m.date > meeting.date]
    following = repo.meeting(meeting.next_meeting) if meeting.next_meeting else None
    return MeetingView(
        meeting,
        items,
        unanswered,
        actions,
        [(r, risks.get(r)) for r in meeting.risks_added],
        earlier[-1] if earlier else None,
        following or (later[0] if later else None),
    )


# -- meeting new ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Prefill:
    """What the next board's record is pre-filled with, before it is written."""

    meeting_id: str
    day: date
    previous: Meeting | None
    standing: list[str]
    placed: list[ForwardPlanItem]
    carried: list[ForwardPlanItem]
    actions_due: list[BoardAction]
    reprofiles: list[tuple[str, date, str]]
    """(milestone id, proposed date, reason) awaiting the board's decision."""
    risks_due: list[Risk]
    following: Meeting | None


def meeting_id_for(repo: Repository, day: date, body: str | None) -> str:
    """A meeting's id: its date, with the body added only when it must be, because another
    body's meeting already holds the date ('2025-11-03-hwb' beside the board's
    '2025-11-03'). The body's own record of that day keeps the id it has, so a scheduled
    record is filled in rather than doubled; ids once written never change."""
    wanted = body or repo.reporting_body()
    plain = day.isoformat()
    same_day = [m for m in repo.meetings if m.date == day]
    own = [m for m in same_day if wanted is None or repo.body_of(m) == wanted]
    if own:
        return own[0].id
    if (
        not any(m.id == plain for m in repo.meetings)
        and not (repo.root / "meetings" / f"{plain}.yaml").exists()
    ):
        return plain
    return f"{plain}-{wanted}" if wanted else plain


def prefill(repo: Repository, day: date, body: str | None = None) -> Prefill:
    meeting_id = meeting_id_for(repo, day, body)
    ordered = sorted(repo.body_meetings(body), key=lambda m: m.date)
    earlier = [m for m in ordered if m.date < day and m.status != "cancelled"]
    later = [m for m in ordered if m.date > day and m.status != "cancelled"]
    previous = earlier[-1] if earlier else None
    plan = previous.forward_plan if previous else []
    standing = _unique(
        [
            *(previous.standing_items if previous else []),
            *(i.item for i in plan if i.kind == "standing"),
        ]
    )
    placed = [i for i in plan if i.kind != "standing" and falls_to(i, meeting_id, day)]
    carried = [i for i in plan if i.kind == "standing" or not falls_to(i, meeting_id, day)]
    actions_due = sorted(
        (a for a in repo.open_actions if a.status != "closed" and a.due <= day),
        key=lambda a: natural_key(a.id),
    )
    reprofiles = [
        (milestone.id, entry.to, entry.reason)
        for milestone in repo.milestones()
        if milestone.withdrawn is None and milestone.status != "complete"
        for entry in milestone.proposed_reprofiles()
    ]
    risks_due = sorted(
        (
            r
            for r in repo.risks
            if r.status == "open" and r.review_date is not None and r.review_date <= day
        ),
        key=lambda r: natural_key(r.id),
    )
    return Prefill(
        meeting_id,
        day,
        previous,
        standing,
        placed,
        carried,
        actions_due,
        reprofiles,
        risks_due,
        later[0] if later else None,
    )


DEFAULT_SPINE = [
    "Welcome, introductions and apologies",
    "Minutes and actions from the previous meeting",
    "Action tracker",
    "Highlight report and Priority Action Plan tracker",
    "Risk register",
    "Forward plan",
    "Any other business",
]
"""The agenda's spine when the previous meeting names no standing items."""

# Words that pick out, among the standing items, where each pre-filled part belongs.
_ACTIONS = ("action tracker", "action log", "actions")
_REPROFILES = ("action plan tracker", "highlight report", "priority action plan")
_RISKS = ("risk register",)
_CLOSING = ("risk register", "forward plan", "any other business")
_CLOSING_EXACT = ("aob", "close")


def _find(titles: list[list[str]], words: tuple[str, ...]) -> int | None:
    """Index of the first agenda title containing one of ``words`` (tried in order)."""
    for word in words:
        for index, (title, _) in enumerate(titles):
            if word in title.casefold():
                return index
    return None


def _closing(titles: list[list[str]]) -> int:
    """Where the closing run of the agenda (risk register, forward plan, AOB) begins."""
    for index, (title, _) in enumerate(titles):
        folded = title.casefold()
        if folded in _CLOSING_EXACT or any(word in folded for word in _CLOSING):
            return index
    return len(titles)


def _agenda(pre: Prefill) -> list[dict[str, Any]]:
    """The standing items in order, the forward plan's items for this board before the
    closing items, and the actions due, re-profiles proposed and risks due for review
    summarised under the standing item each belongs to (an item is added where none
    fits: the action tracker after the opening item, the others before the closing run)."""
    titles = [[title, ""] for title in (pre.standing or DEFAULT_SPINE)]
    placed = []
    for item in pre.placed:
        title = item.item
        if item.kind == "deep_dive" and not title.casefold().startswith("deep dive"):
            title = f"Deep dive: {title}"
        placed.append([title, ""])
    at = _closing(titles)
    titles[at:at] = placed

    due = ", ".join(a.id for a in pre.actions_due)
    proposed = "; ".join(f"{mid} to {long_form(to)}" for mid, to, _ in pre.reprofiles)
    risks = ", ".join(r.id for r in pre.risks_due)
    parts = [
        (due and f"Due by this board ({len(pre.actions_due)}): {due}.", _ACTIONS, "Action tracker"),
        (
            proposed and f"Re-profiles proposed for decision: {proposed}.",
            _REPROFILES,
            "Re-profiles proposed for decision",
        ),
        (risks and f"Due for review ({len(pre.risks_due)}): {risks}.", _RISKS, "Risk register"),
    ]
    for summary, words, fallback in parts:
        if not summary:
            continue
        index = _find(titles, words)
        if index is None:
            index = min(1, len(titles)) if words is _ACTIONS else _closing(titles)
            titles.insert(index, [fallback, ""])
        titles[index][1] = f"{titles[index][1]} {summary}".strip()

    agenda = []
    for number, (title, summary) in enumerate(titles, start=1):
        entry: dict[str, Any] = {"number": Quoted(str(number)), "title": title}
        if summary:
            entry["summary"] = summary
        agenda.append(entry)
    return agenda


def _carried_items(repo: Repository, pre: Prefill) -> list[dict[str, Any]]:
    """The items carried forward, as the previous record wrote them ("2026-01" stays a
    month), with meeting ids quoted."""
    previous = pre.previous
    origin = repo.origin(previous) if previous is not None else None
    document = repo.documents.get(origin.file) if origin is not None else None
    raw = document.data.get("forward_plan") if document is not None else None
    items = []
    for item in pre.carried:
        index = previous.forward_plan.index(item) if previous is not None else -1
        written = raw[index] if isinstance(raw, list) and 0 <= index < len(raw) else None
        entry: dict[str, Any] = (
            dict(written) if isinstance(written, dict) else item.model_dump(exclude_defaults=True)
        )
        entry.setdefault("kind", item.kind)
        if entry.get("meeting") is not None:
            entry["meeting"] = Quoted(str(entry["meeting"]))
        items.append(entry)
    return items


def new_meeting(
    repo: Repository,
    as_of: date,
    day: date,
    *,
    board: str | None = None,
    time: str | None = None,
    location: str | None = None,
    body: str | None = None,
    backfill: bool = False,
) -> tuple[PlannedEdit, Prefill]:
    """Plan the record of the board meeting on ``day``, pre-filled.

    ``body`` is another body's meeting (plan/partnership.yaml 'bodies'): pre-filled from
    that body's previous meeting, with the body in its id; by default the body the
    figures report to. A date before that body's last board held is refused unless
    ``backfill`` (``meeting_cycle.refuse_before_last_held``).

    A new file ``meetings/<date>.yaml``; or, when a scheduled record already exists
    (written when the date was set), the fields it lacks are added to it. The previous
    meeting gains ``next_meeting`` if it has none.
    """
    declared = {b.id: b.name for b in repo.settings.bodies} if repo.settings else {}
    if body is not None and body not in declared:
        raise BoardError(
            f"no body '{body}' in plan/partnership.yaml",
            f"known bodies: {', '.join(declared)}"
            if declared
            else "declare it under 'bodies:' (id and name)",
        )
    if body == repo.reporting_body():
        body = None
    if not backfill:
        refuse_before_last_held(repo, day, body)
    pre = prefill(repo, day, body)
    if body is None and pre.meeting_id != day.isoformat():
        # Another body holds the date: the board's record names its body, as its id does.
        body = repo.reporting_body()
    existing = repo.meeting(pre.meeting_id)
    if existing is not None and existing.status == "held":
        raise BoardError(
            f"the {long_form(day)} meeting is already held; its record is minutes, not a plan",
            f"see it with 'sendtrack meeting show {pre.meeting_id}'",
        )
    if existing is not None and existing.status == "cancelled":
        raise BoardError(
            f"the {long_form(day)} meeting is cancelled",
            "set its status to scheduled first if it is back on",
        )
    if existing is not None and existing.agenda:
        raise BoardError(
            f"the {long_form(day)} meeting already has an agenda",
            "edit its record by hand, or delete its agenda to pre-fill it again",
        )
    previous = pre.previous
    fields: dict[str, Any] = {
        "id": Quoted(pre.meeting_id),
        "board": board
        or (declared.get(body) if body else None)
        or (previous.board if previous and body else None)
        or (repo.settings.board if repo.settings else None)
        or (previous.board if previous else None),
        "body": body,
        "date": day,
        "time": time or (previous.time if previous else None),
        "location": location or (previous.location if previous else None),
        "status": "scheduled",
        "standing_items": pre.standing,
        "agenda": _agenda(pre),
        "forward_plan": _carried_items(repo, pre),
        "next_meeting": Quoted(pre.following.id) if pre.following else None,
        "note": "Pre-filled by 'sendtrack meeting new'"
        + (f" from the forward plan of the {previous.id} meeting." if previous else "."),
    }
    fields = {key: value for key, value in fields.items() if value not in (None, [])}
    if not fields.get("board"):
        raise BoardError("no board name to put on the record", "give --board NAME")

    change = PlannedEdit.start(repo, as_of)
    if existing is None:
        file = f"meetings/{pre.meeting_id}.yaml"
        if (repo.root / file).exists():
            raise BoardError(f"{file} exists but does not hold meeting {pre.meeting_id}")
        header = (
            f"# The {long_form(day)} board, scheduled. Pre-filled by 'sendtrack meeting "
            "new':\n# check the agenda, then record attendance, challenges and decisions.\n"
        )
        text = header + "\n".join(render_block(fields, 0)) + "\n"
        change.editor.create(file, text, fields)
        change.summary.append(f"wrote {file}: the {long_form(day)} board, pre-filled")
    else:
        origin = repo.origin(existing)
        if origin is None:  # pragma: no cover - every loaded meeting has an origin
            raise BoardError(f"cannot tell which file holds meeting {existing.id}")
        file = origin.file
        document = change.editor.document(file)
        added = []
        for key, value in fields.items():
            if (key,) in document.nodes or key == "note":
                continue
            position = MEETING_FIELDS.index(key)
            change.editor.set_field(file, (), key, value, after=MEETING_FIELDS[:position])
            document = change.editor.document(file)
            added.append(key)
        change.summary.append(f"pre-filled {file}: added {', '.join(added) or 'nothing'}")
    if previous is not None and previous.next_meeting is None:
        origin = repo.origin(previous)
        if origin is not None:
            after = MEETING_FIELDS[: MEETING_FIELDS.index("next_meeting")]
            change.editor.set_field(
                origin.file, (), "next_meeting", Quoted(pre.meeting_id), after=after
            )
            change.summary.append(f"set next_meeting of {previous.id} to {pre.meeting_id}")
    return change, pre
