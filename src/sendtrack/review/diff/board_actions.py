"""What changed in the board's action log: raised, closed, re-opened, archived, updated.

An action is matched by its id whether it sits in the open log or the archive, so
archiving is a move to the archive, not a removal; an action removed outright is
flagged (close and archive it instead, so the record stays).
"""

from __future__ import annotations

from collections.abc import Iterator

from sendtrack.core.dates import long_form
from sendtrack.models import BoardAction
from sendtrack.review.diff.engine import (
    Change,
    appended,
    at_meeting,
    content,
    field_edits,
    index_by_id,
    match,
    meeting_dates,
    shown,
)
from sendtrack.store.repository import Repository


def board_action_changes(old: Repository, new: Repository) -> Iterator[Change]:
    def located(repo: Repository) -> dict[str, tuple[BoardAction, bool]]:
        return index_by_id(
            [(a.id, (a, False)) for a in repo.open_actions]
            + [(a.id, (a, True)) for a in repo.archived_actions]
        )

    matched = match(located(old), located(new), lambda pair: content(pair[0]))
    olds, news, removed, added = matched.olds, matched.news, matched.removed, matched.added
    renames, renamed_to = matched.renames, matched.renamed_to
    dates = meeting_dates(new)

    for item_id, (action, archived) in news.items():
        if item_id in renamed_to or item_id not in added:
            continue
        where = " (straight to the archive)" if archived else ""
        yield Change(
            "board-action-raised",
            item_id,
            None,
            None,
            action.text,
            f"raised at the {at_meeting(action.meeting, dates)} board{where}: "
            f"{shown(action.text)} "
            f"(owner {action.owner}, due {long_form(action.due)})",
        )
    for old_id, (action, archived) in olds.items():
        if old_id in renames:
            new_id = renames[old_id]
            yield Change(
                "board-action-renamed",
                new_id,
                "id",
                old_id,
                new_id,
                f"was {old_id} (renamed; everything else is unchanged)",
            )
            yield from _board_action_pair(new_id, (action, archived), news[new_id])
        elif old_id in removed:
            yield Change(
                "board-action-removed",
                old_id,
                None,
                action.text,
                None,
                f"removed from the action log: {shown(action.text)}; close and archive it "
                "instead so the record stays",
            )
        else:
            yield from _board_action_pair(old_id, (action, archived), news[old_id])


def _board_action_pair(
    item_id: str, before_pair: tuple[BoardAction, bool], after_pair: tuple[BoardAction, bool]
) -> Iterator[Change]:
    (before, was_archived), (after, archived) = before_pair, after_pair
    if before.status != after.status:
        if after.status == "closed":
            on = f" on {long_form(after.closed_on)}" if after.closed_on else ""
            yield Change(
                "board-action-closed",
                item_id,
                "status",
                before.status,
                after.status,
                f"closed{on}",
            )
        elif before.status == "closed":
            yield Change(
                "board-action-reopened",
                item_id,
                "status",
                before.status,
                after.status,
                f"re-opened ({after.status.replace('_', ' ')})",
            )
        else:
            yield Change(
                "board-action-status",
                item_id,
                "status",
                before.status,
                after.status,
                f"{before.status.replace('_', ' ')} → {after.status.replace('_', ' ')}",
            )
    if archived != was_archived:
        kind = "board-action-archived" if archived else "board-action-unarchived"
        words = "moved to the archive" if archived else "moved back from the archive"
        yield Change(kind, item_id, "archived", was_archived, archived, words)
    yield from appended(
        item_id,
        before.updates,
        after.updates,
        "board-action-update-added",
        "board-action-edited",
        lambda update: f"update ({long_form(update.on)}): {shown(update.note)}",
    )
    skip = ["status", "updates"] + (["closed_on"] if before.status != after.status else [])
    yield from field_edits("board-action-edited", item_id, before, after, skip)
