"""The board's action log: what is open, what is late, what keeps coming back, and the
three writes the partnership manager makes to it (add, update, archive).

"Carried over" counts the boards held after the action was raised at which it was still
open: the number a chair asks about ("this is the third board this has come back to").
An action closed on the day of a board was dealt with at that board, so it does not
count as carried over to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sendtrack.board.common import (
    BoardError,
    held_boards,
    natural_key,
    nearest,
    next_scheduled,
    resolve_meeting,
)
from sendtrack.core.dates import long_form
from sendtrack.edit.planned import PlannedEdit
from sendtrack.models import BoardAction, Meeting
from sendtrack.models.tracker import ActionUpdate, BoardActionStatus
from sendtrack.store.edits import Editor, Quoted, reindent, render_block
from sendtrack.store.repository import Repository
from sendtrack.store.yamlio import Path

ACTIONS_FILE = "tracker/actions.yaml"
ARCHIVE_FILE = "tracker/archive.yaml"
ACTION_FIELDS = list(BoardAction.model_fields)
MEETING_FIELDS = list(Meeting.model_fields)
_NEW_ARCHIVE_HEADER = "# Closed board actions, kept for the record.\n"
_NEW_ACTIONS_HEADER = (
    "# The board's action log: open actions. Closed ones move to archive.yaml\n"
    "# ('sendtrack actions archive'); their ids keep resolving.\n"
)


@dataclass(frozen=True)
class ActionRow:
    """One board action as the action log shows it on a given day."""

    action: BoardAction
    archived: bool
    raised_on: date | None
    days_overdue: int
    carried_over: int

    @property
    def latest_update(self) -> ActionUpdate | None:
        return self.action.updates[-1] if self.action.updates else None


@dataclass(frozen=True)
class ActionListing:
    as_of: date
    rows: list[ActionRow]
    filters: list[str] = field(default_factory=list)
    """The filters applied, in words ("open", "owner contains 'Head of SEND'")."""


def days_overdue(action: BoardAction, as_of: date) -> int:
    """Days past its due date, for an action not closed; 0 when not overdue."""
    if action.status == "closed" or as_of <= action.due:
        return 0
    return (as_of - action.due).days


def carried_over(action: BoardAction, raised_on: date | None, boards: Sequence[Meeting]) -> int:
    """How many of ``boards`` (held ones) came after it was raised while it was still open."""
    if raised_on is None:
        return 0
    return sum(
        1
        for board in boards
        if board.date > raised_on and (action.closed_on is None or action.closed_on > board.date)
    )


def list_actions(
    repo: Repository,
    as_of: date,
    *,
    open_only: bool = False,
    overdue_only: bool = False,
    owner: str | None = None,
    meeting: str | None = None,
) -> ActionListing:
    """The action log (open file and archive), oldest raised first, filtered."""
    boards = held_boards(repo, as_of)
    dates = {m.id: m.date for m in repo.meetings}
    filters: list[str] = []
    meeting_id = None
    if meeting is not None:
        meeting_id = resolve_meeting(repo, meeting).id
        filters.append(f"raised at {meeting_id}")
    if open_only:
        filters.append("open")
    if overdue_only:
        filters.append("overdue")
    if owner:
        filters.append(f"owner contains '{owner}'")
    rows: list[ActionRow] = []
    archived_ids = {id(a) for a in repo.archived_actions}
    for action in repo.board_actions():
        raised_on = dates.get(action.meeting)
        row = ActionRow(
            action,
            id(action) in archived_ids,
            raised_on,
            days_overdue(action, as_of),
            carried_over(action, raised_on, boards),
        )
        if meeting_id is not None and action.meeting != meeting_id:
            continue
        if open_only and action.status == "closed":
            continue
        if overdue_only and not row.days_overdue:
            continue
        if owner and owner.casefold() not in action.owner.casefold():
            continue
        rows.append(row)
    rows.sort(key=lambda r: (r.raised_on or date.min, r.action.number, natural_key(r.action.id)))
    return ActionListing(as_of, rows, filters)


def find_action(repo: Repository, action_id: str) -> tuple[BoardAction, bool]:
    """The action with this id and whether it is archived, or a BoardError naming the
    nearest ids."""
    for action in repo.open_actions:
        if action.id == action_id:
            return action, False
    for action in repo.archived_actions:
        if action.id == action_id:
            return action, True
    known = [a.id for a in repo.board_actions()]
    raise BoardError(
        f"no board action '{action_id}' in tracker/",
        nearest(action_id, known) or "board action ids look like 2025-11-03/A3",
    )


def append_in_order(
    editor: Editor, file: str, mapping: Path, key: str, item: Any, fields: list[str]
) -> None:
    """Append to the list ``key``, creating it where the model puts it if it is absent."""
    if (*mapping, key) in editor.document(file).nodes:
        editor.append(file, mapping, key, item)
    else:
        before = fields[: fields.index(key)]
        editor.set_field(file, mapping, key, [item], after=before)


# -- add ------------------------------------------------------------------------------------


def add_action(
    repo: Repository,
    as_of: date,
    *,
    meeting: str,
    owner: str,
    text: str,
    due: date | None = None,
    links: Sequence[str] = (),
) -> tuple[PlannedEdit, str]:
    """Plan a new action numbered within its meeting; returns the change and its id.

    The number is one more than the highest the meeting has used (open or archived), the
    way the minutes number them; the due date defaults to the next scheduled board. The
    meeting record's ``actions_raised`` gains the id, so the two stay in agreement.
    """
    raised = resolve_meeting(repo, meeting)
    owner, text = owner.strip(), text.strip()
    if not owner:
        raise BoardError("the owner cannot be empty", "give a role, e.g. --owner 'Head of SEND'")
    if not text:
        raise BoardError("the action's text cannot be empty")
    same_meeting = [a for a in repo.board_actions() if a.meeting == raised.id]
    number = max((a.number for a in same_meeting), default=0) + 1
    action_id = f"{raised.id}/A{number}"
    if action_id in {a.id for a in repo.board_actions()}:
        raise BoardError(
            f"board action id '{action_id}' is already used",
            "an existing action's id does not match its meeting and number; fix it first",
        )
    due_note = ""
    if due is None:
        following = next_scheduled(repo, raised.date)
        if following is None:
            raise BoardError(
                f"no scheduled board after {long_form(raised.date)} to make the action due at",
                "give --due DATE, or add the next meeting to meetings/ with status: scheduled",
            )
        due, due_note = following.date, ", the next board"
    if due < raised.date:
        raise BoardError(
            f"due date {long_form(due)} is before the {long_form(raised.date)} meeting that "
            "raises the action"
        )
    known = repo.all_ids()
    for link in links:
        if link not in known:
            from sendtrack.models.vocabulary import link_kinds, vocabulary

            raise BoardError(
                f"link '{link}' is not {link_kinds(vocabulary(repo.settings))}",
                nearest(link, known) or "check the id",
            )

    change = PlannedEdit.start(repo, as_of)
    entry: dict[str, Any] = {
        "id": Quoted(action_id),
        "meeting": Quoted(raised.id),
        "number": number,
        "text": text,
        "owner": owner,
        "due": due,
        "status": "open",
    }
    if links:
        entry["links"] = [Quoted(link) for link in links]
    target = _actions_file(repo)
    if (repo.root / target).exists():
        change.editor.append(target, (), "actions", entry)
    else:
        lines = render_block({"actions": [entry]}, 0)
        change.editor.create(
            target, _NEW_ACTIONS_HEADER + "\n".join(lines) + "\n", {"actions": [entry]}
        )
    change.summary.append(
        f"added {action_id} (owner {owner}; due {long_form(due)}{due_note}) to {target}"
    )

    origin = repo.origin(raised)
    if origin is not None:
        ids = list(raised.actions_raised)
        missing = [] if ids else [a.id for a in sorted(same_meeting, key=lambda a: a.number)]
        for item in [*missing, action_id]:
            append_in_order(
                change.editor, origin.file, (), "actions_raised", Quoted(item), MEETING_FIELDS
            )
        change.summary.append(f"listed {action_id} in {origin.file} actions_raised")
    return change, action_id


def _actions_file(repo: Repository) -> str:
    """Where new actions go: tracker/actions.yaml, or the open-actions file in use."""
    files = {
        origin.file for action in repo.open_actions if (origin := repo.origin(action)) is not None
    }
    if ACTIONS_FILE in files or not files:
        return ACTIONS_FILE
    return sorted(files)[0]


# -- update ----------------------------------------------------------------------------------


def update_action(
    repo: Repository,
    as_of: date,
    action_id: str,
    *,
    on: date,
    status: BoardActionStatus | None = None,
    note: str | None = None,
    editor: Editor | None = None,
) -> PlannedEdit:
    """Plan a dated update: appended to ``updates`` (never overwriting one); a status
    change also sets ``status`` and, on closing, ``closed_on`` (cleared on re-opening).

    ``editor``: a batch's (``edit.batch``), whose text holds the batch's earlier steps."""
    action, archived = find_action(repo, action_id)
    note = note.strip() if note is not None else None
    if status is None and not note:
        raise BoardError("nothing to update", "give --status, --note or both")
    if status is not None and archived and status != action.status:
        raise BoardError(
            f"board action {action_id} is archived (closed); its status cannot change",
            "to re-open it, move it back from tracker/archive.yaml to tracker/actions.yaml",
        )
    if status is not None and status == action.status and not note:
        raise BoardError(f"board action {action_id} is already {status}")
    raised = repo.meeting(action.meeting)
    if raised is not None and on < raised.date:
        raise BoardError(
            f"update dated {long_form(on)} is before the {long_form(raised.date)} meeting "
            f"that raised {action_id}"
        )
    if action.updates and on < action.updates[-1].on:
        raise BoardError(
            f"update dated {long_form(on)} is earlier than the latest update "
            f"({long_form(action.updates[-1].on)}); updates are kept in date order",
            "use --on with a date on or after it",
        )
    changing = status is not None and status != action.status
    if not note:
        note = f"Status changed from {action.status} to {status}."

    origin = repo.origin(action)
    if origin is None:  # pragma: no cover - every loaded action has an origin
        raise BoardError(f"cannot tell which file holds {action_id}")
    file, path = origin
    change = PlannedEdit.start(repo, as_of, editor)
    editor = change.editor
    update: dict[str, Any] = {"on": on, "note": note}
    if changing:
        update["status"] = status
        editor.set_field(file, path, "status", status, after=_before("status"))
        if status == "closed":
            editor.set_field(file, path, "closed_on", on, after=_before("closed_on"))
        elif action.closed_on is not None:
            editor.delete_field(file, path, "closed_on")
    append_in_order(editor, file, path, "updates", update, ACTION_FIELDS)
    what = f"status {action.status} → {status}" if changing else "a note"
    change.summary.append(f"updated {action_id} on {long_form(on)}: {what} (in {file})")
    return change


def _before(key: str) -> list[str]:
    return ACTION_FIELDS[: ACTION_FIELDS.index(key)]


# -- archive ----------------------------------------------------------------------------------


def archive_actions(repo: Repository, as_of: date) -> PlannedEdit:
    """Plan the move of every closed action from the open log to tracker/archive.yaml.

    Each action's lines move as written (comments and all). Both files are written by
    one journaled commit: interrupted, the next command finishes it, so no action is
    ever lost or in both files.
    """
    change = PlannedEdit.start(repo, as_of)
    editor = change.editor
    by_file: dict[str, list[tuple[int, BoardAction]]] = {}
    for action in repo.open_actions:
        origin = repo.origin(action)
        if action.status == "closed" and origin is not None:
            by_file.setdefault(origin.file, []).append((int(origin.path[-1]), action))
    moved: list[tuple[str, int, str]] = []
    for file in sorted(by_file):
        taken: list[tuple[str, int, str]] = []
        for index, action in sorted(by_file[file], key=lambda pair: pair[0], reverse=True):
            block, column = editor.take_item(file, ("actions",), index)
            taken.append((block, column, action.id))
        moved.extend(reversed(taken))
    if not moved:
        return change
    archive_path = repo.root / ARCHIVE_FILE
    if archive_path.exists():
        for block, column, _ in moved:
            editor.append_block(ARCHIVE_FILE, "actions", block, column)
    else:
        text = "".join(reindent(block, 2 - column) for block, column, _ in moved)
        change.editor.create(ARCHIVE_FILE, _NEW_ARCHIVE_HEADER + "actions:\n" + text)
    ids = [action_id for _, _, action_id in moved]
    change.summary.append(
        f"archived {len(ids)} closed action{'s' if len(ids) != 1 else ''}: {', '.join(ids)}"
    )
    return change
