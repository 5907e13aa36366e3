"""The edits a workstream lead makes to a milestone: update, re-profile, at risk, agree,
withdraw.

Each function plans its change as text patches (``store.edits.Editor``) and returns a
``PlannedEdit`` (``edit.planned``, the path every write command shares): the diff to
show, and a ``commit`` that re-validates the whole repository and writes atomically.
Nothing touches disk until ``commit``.

The rules these functions keep (issue 3, and DESIGN "Re-profiling"):

* No edit changes a baseline ``due`` or rewrites a history entry (a re-profile, an
  update, a withdrawal). Edits add keys and list items; the only values they replace are
  a milestone's ``status`` and ``at_risk`` (what the lead reports now; each change also
  appends an ``updates`` entry, so the history stays) and, when a proposed re-profile is
  agreed, that entry's ``proposed: true`` — see ``agree``.
* An edit that would add a problem is refused; problems the repository already had do
  not block it (they are compared before and after, by code, file, id and message, since
  line numbers move when lines are added).
* Refusals say what is wrong in words a lead can act on, name the nearest ids when an
  id is unknown, and change nothing on disk.

Agreeing a proposed re-profile: the entry ``{to, reason, proposed: true, proposed_on}``
gains ``agreed_at: "<meeting>"`` and its ``proposed: true`` becomes ``proposed: false``.
That completes the entry rather than rewriting it: its date, reason and proposal date
stay as written, and the record now shows both when it was proposed and which board
agreed it. A board that agrees a *different* date is a new re-profile (``reprofile
--agreed-at``); the original proposal is left as it was, still visibly proposed.

Taking a proposal back: the entry's ``proposed: true`` becomes ``proposed: false`` and it
gains ``withdrawn: {on, reason}``, so what was asked, and when, stays on the record. Three
edits do this: ``withdraw_proposal`` (the lead takes it back), ``reprofile --revise`` (a
new proposal replaces it; the reason names the new date) and ``update --status complete``
(a completed milestone needs no new date).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date

from sendtrack.core.dates import due_words, long_form
from sendtrack.edit.planned import EditRefused, PlannedEdit, Workspace
from sendtrack.models.plan import Milestone, MilestoneStatus, Outcome, Priority, Reprofile
from sendtrack.models.vocabulary import Slot, vocabulary, with_article
from sendtrack.store.edits import Editor, Quoted
from sendtrack.store.repository import Repository
from sendtrack.store.yamlio import Path

# Milestone keys in model order: new keys go after the last of these that is present.
_BEFORE_REPROFILES = ("id", "title", "due", "status", "started_on", "completed_on", "owner")
_BEFORE_REPROFILES_AT_RISK = (*_BEFORE_REPROFILES, "at_risk")
_BEFORE_WITHDRAWN = (*_BEFORE_REPROFILES_AT_RISK, "reprofiles")
_BEFORE_UPDATES = (*_BEFORE_WITHDRAWN, "withdrawn")
_REPROFILE_KEYS_BEFORE_AGREED_AT = ("to", "reason")
_REPROFILE_KEYS_BEFORE_WITHDRAWN = ("to", "reason", "agreed_at", "proposed", "proposed_on")


# -- finding the milestone -------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    milestone: Milestone
    file: str
    path: Path


def find_milestone(workspace: Workspace, milestone_id: str) -> Target:
    """The milestone with this id and where it is, or ``EditRefused`` naming nearby ids."""
    repo = workspace.repo
    found = [m for m in repo.milestones() if m.id == milestone_id]
    if len(found) > 1:
        raise EditRefused(
            f"milestone id '{milestone_id}' is used {len(found)} times; make the ids unique "
            "first ('sendtrack check' shows where)"
        )
    if not found:
        raise EditRefused(unknown_id_message(repo, milestone_id, "milestone"))
    milestone = found[0]
    origin = repo.origin(milestone)
    if origin is None:  # every loaded milestone is remembered by the loader
        raise EditRefused(f"cannot tell which file holds milestone {milestone_id}")
    return Target(milestone, origin.file, origin.path)


def nearest_ids(wanted: str, known: list[str], count: int = 3) -> list[str]:
    """Known ids closest to ``wanted``: longest shared beginning first (``2.1.41`` →
    ``2.1.4.1`` before ``5.2.1.1``), then spelling similarity."""

    def shared(candidate: str) -> int:
        # Characters, not path parts: '2.1.41' shares '2.1.4' with '2.1.4.1'.
        return next(
            (i for i, (a, b) in enumerate(zip(wanted, candidate, strict=False)) if a != b),
            min(len(wanted), len(candidate)),
        )

    similar = [k for k in known if difflib.SequenceMatcher(None, wanted, k).ratio() >= 0.6]
    similar.sort(key=lambda k: (-shared(k), -difflib.SequenceMatcher(None, wanted, k).ratio(), k))
    return similar[:count]


def unknown_id_message(repo: Repository, wanted: str, noun: str) -> str:
    """'no milestone '2.1.41'; nearest: 2.1.4.1, 2.1.1.4' (or what the id is instead), in
    the plan's words ('no next step', 'is a concern, not a next step'). ``noun`` is
    'milestone' (the tracked level) or 'plan item'."""
    words = vocabulary(repo.settings)
    tracked = words.tracked
    shown = tracked.word if noun == "milestone" else noun
    not_it = f"not {with_article(shown)}"
    for priority, outcome, action in repo.plan_actions():
        if action.id == wanted:
            ids = ", ".join(m.id for m in action.milestones)
            return (
                f"'{wanted}' is {with_article(words.noun('action').word)}, {not_it}; its "
                f"{tracked.words}: {ids}"
            )
        upper: tuple[tuple[Slot, Outcome | Priority], ...] = (
            ("outcome", outcome),
            ("priority", priority),
        )
        for slot, item in upper:
            if item.id == wanted and noun == "milestone":
                return (
                    f"'{wanted}' is {with_article(words.noun(slot).word)}, {not_it}; see "
                    f"'sendtrack show {wanted}'"
                )
    known = (
        sorted(m.id for m in repo.milestones()) if noun == "milestone" else sorted(repo.plan_ids())
    )
    near = nearest_ids(wanted, known)
    message = f"no {shown} '{wanted}'"
    if near:
        message += f"; nearest: {', '.join(near)}"
    if "plan" in repo.incomplete:
        message += " (a plan file did not load: run 'sendtrack check')"
    return message


def _meeting_date(workspace: Workspace, meeting_id: str) -> date:
    meeting = workspace.repo.meeting(meeting_id)
    if meeting is None:
        known = sorted(m.id for m in workspace.repo.meetings)
        near = difflib.get_close_matches(meeting_id, known, n=3, cutoff=0.6)
        hint = f"; nearest: {', '.join(near)}" if near else f"; known: {', '.join(known)}"
        raise EditRefused(f"no meeting '{meeting_id}' in meetings/{hint if known else ''}")
    if meeting.date > workspace.today:
        raise EditRefused(
            f"the {long_form(meeting.date)} board has not met yet; until it agrees, "
            "record the change as proposed (--proposed)"
        )
    if meeting.status == "cancelled":
        raise EditRefused(f"the {long_form(meeting.date)} board was cancelled")
    return meeting.date


def _editable(workspace: Workspace, milestone_id: str) -> Target:
    """The milestone an edit changes: one that exists and is not withdrawn."""
    target = find_milestone(workspace, milestone_id)
    if target.milestone.withdrawn is not None:
        raise EditRefused(
            f"milestone {target.milestone.id} is withdrawn "
            f"({target.milestone.withdrawn.reason}); it takes no further edits"
        )
    return target


# -- the edits --------------------------------------------------------------------------

_STATUS_WORDS: dict[str, str] = {
    "not_started": "not started",
    "in_progress": "in progress",
    "complete": "complete",
}


def update(
    workspace: Workspace,
    milestone_id: str,
    status: MilestoneStatus | None,
    on: date,
    note: str | None,
) -> PlannedEdit:
    """Set a milestone's status (and its start or completion date) and log an update.

    Every change appends an ``updates`` entry (date, note, status), so the file keeps a
    history of status moves even though ``status`` itself holds only the latest.
    """
    target = _editable(workspace, milestone_id)
    milestone = target.milestone
    if status is None and not note:
        raise EditRefused("give --status, --note or both")
    if on > workspace.today:
        raise EditRefused(f"--on {on.isoformat()} is after today ({long_form(workspace.today)})")
    if status == milestone.status and not note:
        raise EditRefused(
            f"milestone {milestone.id} is already {_STATUS_WORDS[status]}; nothing to change"
        )
    reopening = milestone.status == "complete" and status not in (None, "complete")
    if reopening and not note:
        done = milestone.completed_on
        raise EditRefused(
            f"milestone {milestone.id} was completed on "
            f"{long_form(done) if done else 'an unknown date'}; "
            "re-opening it needs --note saying why"
        )

    editor = workspace.editor()
    file, path = target.file, target.path
    changed_status = status is not None and status != milestone.status
    if changed_status and status is not None:
        editor.set_field(file, path, "status", status, after=("id", "title", "due"))
        if status == "in_progress" and milestone.started_on is None:
            editor.set_field(file, path, "started_on", on, after=("id", "title", "due", "status"))
        if status == "complete":
            if milestone.started_on is None and milestone.status == "not_started":
                editor.set_field(
                    file, path, "started_on", on, after=("id", "title", "due", "status")
                )
            editor.set_field(
                file, path, "completed_on", on, after=("id", "title", "due", "status", "started_on")
            )
    if reopening:
        # The completion date leaves the milestone, so the update entry keeps it.
        editor.delete_field(file, path, "completed_on")
        if status == "not_started":
            editor.delete_field(file, path, "started_on")
        done = milestone.completed_on
        note = f"Re-opened (was completed on {done.isoformat() if done else 'no date'}): {note}"
    text = note or (
        f"Status changed from {_STATUS_WORDS[milestone.status]} to "
        f"{_STATUS_WORDS[status or milestone.status]}."
    )
    entry: dict[str, object] = {"on": on, "note": text}
    if changed_status:
        entry["status"] = status
    _append(editor, file, path, "updates", entry, after=_BEFORE_UPDATES)
    closed = []
    if changed_status and status == "complete":
        for index, pending in enumerate(milestone.reprofiles):
            if pending.proposed:
                reason = f"Closed: the milestone was completed on {long_form(on)}."
                _take_back(editor, target, index, on, reason)
                closed.append(long_form(pending.to))

    if changed_status and status is not None:
        summary = (
            f"{milestone.id}: status {_STATUS_WORDS[milestone.status]} → {_STATUS_WORDS[status]}"
            f" on {long_form(on)}"
        )
    else:
        summary = f"{milestone.id}: note added on {long_form(on)}"
    if closed:
        summary += f"; proposed re-profile to {', '.join(closed)} closed"
    return workspace.edit(editor, summary)


def reprofile(
    workspace: Workspace,
    milestone_id: str,
    to: date,
    reason: str,
    agreed_at: str | None,
    proposed: bool,
    proposed_on: date | None = None,
    revise: bool = False,
) -> PlannedEdit:
    """Append a re-profile: agreed at a meeting already held, or proposed on
    ``proposed_on`` (default today, never later).

    The baseline ``due`` is never touched. A milestone with a proposal awaiting the board
    takes no second proposal unless ``revise``: the new one then replaces it, and the old
    one is withdrawn with a reason naming the new date (see the module docstring).
    """
    if (agreed_at is None) == (not proposed):
        raise EditRefused("give exactly one of --agreed-at MEETING or --proposed")
    target = _editable(workspace, milestone_id)
    milestone = target.milestone
    if milestone.status == "complete":
        raise EditRefused(
            f"milestone {milestone.id} is complete; a complete milestone keeps its dates"
        )
    if not reason.strip():
        raise EditRefused("--reason cannot be empty: the board needs to know why the date moves")
    baseline = _dated(milestone)
    current = milestone.current_due()
    if to == current:
        raise EditRefused(f"milestone {milestone.id} is already due {long_form(to)}")
    if to < baseline:
        raise EditRefused(
            f"{long_form(to)} is before the baseline date {long_form(baseline)}; "
            "a re-profile moves a date later, and finishing early needs none"
        )
    pending = milestone.proposed_reprofiles()
    if proposed and pending and not revise:
        raise EditRefused(
            f"milestone {milestone.id} already has a re-profile to "
            f"{long_form(pending[-1].to)} awaiting the board; agree it with 'sendtrack agree "
            f"{milestone.id} --agreed-at MEETING', replace it with --revise, or take it back "
            "with --withdraw-proposal"
        )
    if revise and not (proposed and pending):
        raise EditRefused(
            f"milestone {milestone.id} has no proposed re-profile awaiting the board to revise"
            if proposed
            else "--revise replaces a proposal with a new one: give --proposed"
        )
    day = proposed_on or workspace.today
    if day > workspace.today:
        raise EditRefused(f"--on {day.isoformat()} is after today ({long_form(workspace.today)})")
    if proposed_on is not None and agreed_at is not None:
        raise EditRefused("--on dates a proposal; an agreed re-profile is dated by its meeting")
    entry: dict[str, object] = {"to": to, "reason": reason.strip()}
    editor = workspace.editor()
    if agreed_at is not None:
        held = _meeting_date(workspace, agreed_at)
        entry["agreed_at"] = Quoted(agreed_at)
        how = f"agreed at the {long_form(held)} board"
    else:
        entry["proposed"] = True
        entry["proposed_on"] = day
        dated = f" on {long_form(day)}" if proposed_on is not None else ""
        how = f"proposed{dated}, awaiting the board"
        for index, old in enumerate(milestone.reprofiles):
            if old.proposed:
                why = f"Revised: replaced by the proposal to {long_form(to)}."
                _take_back(editor, target, index, day, why)
                how += f" (replacing the proposal to {long_form(old.to)})"
    _append(editor, target.file, target.path, "reprofiles", entry, after=_BEFORE_REPROFILES_AT_RISK)
    summary = (
        f"{milestone.id}: re-profiled from {long_form(current or baseline)} to "
        f"{long_form(to)}, {how} (baseline {long_form(baseline)} kept)"
    )
    return workspace.edit(editor, summary)


def at_risk(workspace: Workspace, milestone_id: str, reason: str | None, on: date) -> PlannedEdit:
    """Mark a milestone at risk with a reason (it then counts as delayed), or clear the
    mark (``reason`` None), logging an ``updates`` entry either way.

    Clearing writes ``at_risk: null`` rather than deleting the line, so a comment on it
    stays.
    """
    target = _editable(workspace, milestone_id)
    milestone = target.milestone
    if on > workspace.today:
        raise EditRefused(f"--on {on.isoformat()} is after today ({long_form(workspace.today)})")
    editor = workspace.editor()
    file, path = target.file, target.path
    if reason is None:
        if milestone.at_risk is None:
            raise EditRefused(f"milestone {milestone.id} is not marked at risk; nothing to change")
        editor.set_value(file, (*path, "at_risk"), None)
        note = f"No longer at risk (was: {milestone.at_risk})."
        summary = f"{milestone.id}: no longer at risk, on {long_form(on)}"
    else:
        reason = reason.strip()
        if not reason:
            raise EditRefused("--reason cannot be empty: say what puts the milestone at risk")
        if milestone.status == "complete":
            raise EditRefused(f"milestone {milestone.id} is complete; it cannot be at risk")
        if milestone.at_risk == reason:
            raise EditRefused(f"milestone {milestone.id} is already at risk: {reason}")
        editor.set_field(file, path, "at_risk", reason, after=_BEFORE_REPROFILES)
        note = f"At risk: {reason}"
        summary = f"{milestone.id}: at risk ({reason}), on {long_form(on)}"
    _append(editor, file, path, "updates", {"on": on, "note": note}, after=_BEFORE_UPDATES)
    return workspace.edit(editor, summary)


def agree(
    workspace: Workspace, milestone_id: str, agreed_at: str, to: date | None = None
) -> PlannedEdit:
    """Record the board's agreement to a proposed re-profile (see the module docstring).

    ``to`` picks the proposal when a milestone has several; by default the latest.
    """
    target = _editable(workspace, milestone_id)
    milestone = target.milestone
    proposals = [(i, e) for i, e in enumerate(milestone.reprofiles) if e.proposed]
    if to is not None:
        proposals = [(i, e) for i, e in proposals if e.to == to]
    if not proposals:
        which = f" to {long_form(to)}" if to is not None else ""
        raise EditRefused(
            f"milestone {milestone.id} has no proposed re-profile{which} awaiting the board"
            + _pending_hint(milestone.reprofiles)
        )
    index, entry = proposals[-1]
    held = _meeting_date(workspace, agreed_at)
    if entry.proposed_on is not None and held < entry.proposed_on:
        raise EditRefused(
            f"the re-profile was proposed on {long_form(entry.proposed_on)}; the "
            f"{long_form(held)} board met before that and cannot have agreed it"
        )
    editor = workspace.editor()
    entry_path: Path = (*target.path, "reprofiles", index)
    editor.set_field(
        target.file,
        entry_path,
        "agreed_at",
        Quoted(agreed_at),
        after=_REPROFILE_KEYS_BEFORE_AGREED_AT,
    )
    editor.set_value(target.file, (*entry_path, "proposed"), False)
    summary = (
        f"{milestone.id}: re-profile to {long_form(entry.to)} agreed at the "
        f"{long_form(held)} board (baseline {due_words(milestone.due)} kept)"
    )
    return workspace.edit(editor, summary)


def withdraw_proposal(
    workspace: Workspace, milestone_id: str, reason: str, on: date | None = None
) -> PlannedEdit:
    """Take back the proposed re-profile awaiting the board (see the module docstring)."""
    target = _editable(workspace, milestone_id)
    milestone = target.milestone
    if not reason.strip():
        raise EditRefused("--reason cannot be empty: say why the proposal is taken back")
    day = on or workspace.today
    if day > workspace.today:
        raise EditRefused(f"--on {day.isoformat()} is after today ({long_form(workspace.today)})")
    pending = [(i, e) for i, e in enumerate(milestone.reprofiles) if e.proposed]
    if not pending:
        raise EditRefused(f"milestone {milestone.id} has no proposed re-profile awaiting the board")
    editor = workspace.editor()
    for index, _ in pending:
        _take_back(editor, target, index, day, reason.strip())
    dates = ", ".join(long_form(e.to) for _, e in pending)
    summary = f"{milestone.id}: proposed re-profile to {dates} withdrawn on {long_form(day)}"
    return workspace.edit(editor, summary)


def _take_back(editor: Editor, target: Target, index: int, on: date, reason: str) -> None:
    """A proposal withdrawn: ``proposed: false`` and a ``withdrawn`` record, kept in place."""
    entry_path: Path = (*target.path, "reprofiles", index)
    editor.set_value(target.file, (*entry_path, "proposed"), False)
    editor.set_field(
        target.file,
        entry_path,
        "withdrawn",
        {"on": on, "reason": reason},
        after=_REPROFILE_KEYS_BEFORE_WITHDRAWN,
    )


def _dated(milestone: Milestone) -> date:
    """The baseline of a milestone to re-profile; an undated one has none to move from."""
    if milestone.baseline is None:
        raise EditRefused(
            f"milestone {milestone.id} is undated ('{milestone.due}'): there is no date to "
            "re-profile; its first date is its baseline — write it as its 'due'"
        )
    return milestone.baseline


def _pending_hint(entries: list[Reprofile]) -> str:
    proposed = [e for e in entries if e.proposed]
    if not proposed:
        return ""
    return "; proposed: " + ", ".join(long_form(e.to) for e in proposed)


def withdraw(
    workspace: Workspace,
    milestone_id: str,
    reason: str,
    agreed_at: str,
    superseded_by: str | None = None,
) -> PlannedEdit:
    """Withdraw a milestone (out of every denominator from then on), as a board agreed."""
    target = _editable(workspace, milestone_id)
    milestone = target.milestone
    if not reason.strip():
        raise EditRefused("--reason cannot be empty: say why the milestone no longer counts")
    held = _meeting_date(workspace, agreed_at)
    record: dict[str, object] = {"reason": reason.strip(), "agreed_at": Quoted(agreed_at)}
    if superseded_by is not None:
        if superseded_by == milestone.id:
            raise EditRefused("a milestone cannot supersede itself")
        find_milestone(workspace, superseded_by)
        record["superseded_by"] = Quoted(superseded_by)
    editor = workspace.editor()
    editor.set_field(target.file, target.path, "withdrawn", record, after=_BEFORE_WITHDRAWN)
    how = f"superseded by {superseded_by}" if superseded_by else "withdrawn"
    summary = f"{milestone.id}: {how}, agreed at the {long_form(held)} board"
    return workspace.edit(editor, summary)


def _append(
    editor: Editor,
    file: str,
    path: Path,
    key: str,
    item: dict[str, object],
    *,
    after: tuple[str, ...],
) -> None:
    """Append to the list ``key``, or create it in model order when it is absent."""
    editor.append_or_create(file, path, key, item, after=after)
