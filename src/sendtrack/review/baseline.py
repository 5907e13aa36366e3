"""``check --base REV``: the board's record may grow, but what it agreed never changes.

The plan's credibility with inspectors rests on "the original milestone date would
remain to ensure transparent monitoring" (board minutes, 3 Nov 2025). So, compared with
a base revision (the pull request's target branch, or ``HEAD`` in a pre-commit hook):

* ``baseline-changed`` — a milestone's baseline ``due`` date was edited;
* ``reprofile-edited`` / ``reprofile-removed`` — a re-profile the board agreed was
  changed or taken out. A *proposed* re-profile is not yet the board's record: it may be
  agreed (``proposed: true`` → ``agreed_at``), revised or dropped;
* ``milestone-deleted`` / ``risk-deleted`` / ``board-action-deleted`` — an item is gone
  instead of being withdrawn (milestone), closed (risk) or closed and archived (board
  action); an id that changed while the rest stayed the same is reported the same way,
  since links, minutes and history refer to the old id;
* ``id-reused`` — an id now names a different item;
* ``measure-record-rewritten`` — an impact measure's recorded figure was removed or
  changed without keeping the old value under ``previous``, or a target was edited in
  place or removed instead of revised (a ``revisions`` entry with the agreeing meeting).

Each problem is an error located in the *new* version: at the edited value, or, for a
deletion, at the nearest place that still exists (the action that held the milestone,
the register that held the risk). Deletions are not judged for a kind of file that did
not load in the new version: its items are missing because the file is broken, which
``check`` already reports.

"A different item" is decided from evidence, never from wording alone (a retitle is
allowed and ``diff`` shows it): a milestone is reused when its title shares less than
half its words with the old title *and* its baseline date moved, its status went
backwards, or its history (re-profiles, progress notes) shrank; a risk when both its
title and its description are less than half alike; a board action when its meeting or
number — the parts its id is made of — changed.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from datetime import date
from typing import Any

from pydantic import BaseModel

from sendtrack.core.dates import due_words, long_form
from sendtrack.core.problems import Problem
from sendtrack.models import BoardAction, Milestone, Risk
from sendtrack.models.vocabulary import CHILD_KEY
from sendtrack.review.diff.engine import content, index_by_id, match, shown
from sendtrack.review.diff.plan import milestones_by_id
from sendtrack.store.repository import PlanEntry, Repository

SIMILAR_ENOUGH = 0.5
"""Word-sequence similarity below which two titles describe different things."""

_STATUS_ORDER = {"not_started": 0, "in_progress": 1, "complete": 2}


def similarity(first: str, second: str) -> float:
    """How alike two texts are, 0…1, compared word by word (case and punctuation ignored)."""
    words_a = re.findall(r"\w+", first.lower())
    words_b = re.findall(r"\w+", second.lower())
    return difflib.SequenceMatcher(None, words_a, words_b, autojunk=False).ratio()


def check_against_base(old: Repository, new: Repository, base: str) -> list[Problem]:
    """Every way ``new`` rewrites the record kept in ``old`` (``base`` names the revision)."""
    problems: list[Problem] = []
    problems.extend(_milestones(old, new, base))
    problems.extend(_risks(old, new, base))
    problems.extend(_board_actions(old, new, base))
    problems.extend(_measures(old, new, base))
    problems.sort(key=Problem.sort_key)
    return problems


# -- where things are in the new version ----------------------------------------------------


def _at(
    repo: Repository, item: Any, field: str | None = None, *, key: bool = False
) -> tuple[str, int, int]:
    """File, line and column of an item (or one of its fields; its key with ``key``)."""
    origin = repo.origin(item)
    if origin is None:
        return ("", 0, 0)
    doc = repo.documents[origin.file]
    path = origin.path if field is None else (*origin.path, field)
    line, column = doc.position(path, key=key)
    return (origin.file, line, column)


def _file_key(repo: Repository, file: str, key: str) -> tuple[str, int, int]:
    """Where ``key`` stands at the top of ``file`` in the new version (line 0: file gone)."""
    doc = repo.documents.get(file)
    if doc is None:
        return (file, 0, 0)
    line, column = doc.position((key,), key=True)
    return (file, line, column)


# -- milestones -------------------------------------------------------------------------------


def _milestones(old: Repository, new: Repository, base: str) -> Iterator[Problem]:
    olds, news = milestones_by_id(old), milestones_by_id(new)
    if "plan" not in new.incomplete:
        yield from _deleted_milestones(old, new, olds, news, base)
    for item_id, entry in news.items():
        before = olds.get(item_id)
        if before is None:
            continue
        evidence = _reuse_evidence(before.milestone, entry.milestone)
        if evidence:
            yield Problem(
                "id-reused",
                f"milestone id {item_id} now names a different milestone than in {base}: "
                + "; ".join(evidence),
                *_at(new, entry.milestone, "id"),
                item_id,
                "ids are permanent: withdraw the old milestone ('withdrawn:' with the reason "
                "and meeting) and give the new one an id of its own",
            )
            continue
        yield from _baseline(old, new, before, entry, base)
        yield from _reprofiles(new, before.milestone, entry.milestone, base)


def _reuse_evidence(before: Milestone, after: Milestone) -> list[str]:
    if before.title == after.title or similarity(before.title, after.title) >= SIMILAR_ENOUGH:
        return []
    evidence = []
    if before.due != after.due:
        evidence.append(f"baseline {due_words(before.due)} → {due_words(after.due)}")
    if _STATUS_ORDER[after.status] < _STATUS_ORDER[before.status]:
        evidence.append(f"status went back from {before.status} to {after.status}")
    if len(after.reprofiles) < len(before.reprofiles) or len(after.updates) < len(before.updates):
        evidence.append("its re-profiles or progress notes were dropped")
    if not evidence:
        return []
    return [f"title {shown(before.title)} → {shown(after.title)}", *evidence]


def _deleted_milestones(
    old: Repository,
    new: Repository,
    olds: dict[str, PlanEntry],
    news: dict[str, PlanEntry],
    base: str,
) -> Iterator[Problem]:
    matched = match(olds, news, lambda e: content(e.milestone))
    removed, renames = matched.removed, matched.renames
    hint = (
        "put it back and withdraw it instead: 'withdrawn:' with 'reason:' and 'agreed_at:' "
        "(the meeting that agreed it); withdrawn milestones leave every count but stay on record"
    )
    for item_id, entry in removed.items():
        title = shown(entry.milestone.title)
        if item_id in renames:
            new_id = renames[item_id]
            yield Problem(
                "milestone-deleted",
                f"milestone {item_id} ({title}) is now {new_id}: ids are permanent, since "
                "links, minutes and re-profile history refer to them",
                *_at(new, news[new_id].milestone, "id"),
                new_id,
                f'put back id: "{item_id}"',
            )
            continue
        yield Problem(
            "milestone-deleted",
            f"milestone {item_id} ({title}) was deleted; it is in {base}",
            *_nearest_plan_place(old, new, entry),
            item_id,
            hint,
        )


def _nearest_plan_place(old: Repository, new: Repository, entry: PlanEntry) -> tuple[str, int, int]:
    """Where a deleted milestone stood: its action's milestones, else outcome, else file."""
    actions = index_by_id((a.id, a) for _, _, a in new.plan_actions())
    outcomes = index_by_id((o.id, o) for p in new.priorities for o in p.outcomes)
    priorities = index_by_id((p.id, p) for p in new.priorities)
    parent: BaseModel | None
    for parent, field in (
        (actions.get(entry.action.id), "milestones"),
        (outcomes.get(entry.outcome.id), "actions"),
        (priorities.get(entry.priority.id), CHILD_KEY[entry.priority.depth]),
    ):
        if parent is not None:
            return _at(new, parent, field, key=True)
    origin = old.origin(entry.milestone)
    file = origin.file if origin else ""
    return (file, 1 if file in new.documents else 0, 1 if file in new.documents else 0)


def _baseline(
    old: Repository, new: Repository, before: PlanEntry, after: PlanEntry, base: str
) -> Iterator[Problem]:
    was, now = before.milestone.due, after.milestone.due
    if was == now or not isinstance(was, date):
        return  # unchanged, or an undated milestone ('ongoing') given its first date
    written = _written(old, before.milestone, "due") or was.isoformat()
    yield Problem(
        "baseline-changed",
        f"milestone {after.milestone.id}: baseline due date changed from {long_form(was)} "
        f"(in {base}) to {due_words(now)}",
        *_at(new, after.milestone, "due"),
        after.milestone.id,
        f"put back 'due: {written}': the baseline is never edited; record the new date as a "
        "re-profile under 'reprofiles:' (to, reason, agreed_at or proposed: true)",
    )


def _written(repo: Repository, item: Any, field: str) -> str | None:
    """A value exactly as it is written in the file (e.g. '2025-04' rather than a date)."""
    origin = repo.origin(item)
    if origin is None:
        return None
    value = repo.documents[origin.file].value_at((*origin.path, field))
    return value if isinstance(value, str) else None


def _reprofiles(
    new: Repository, before: Milestone, after: Milestone, base: str
) -> Iterator[Problem]:
    news = after.reprofiles
    matched: set[int] = set()
    for index, entry in enumerate(before.reprofiles):
        if entry.agreed_at is None:
            continue  # a proposal may still be agreed, revised or dropped
        found = next(
            (j for j, candidate in enumerate(news) if j not in matched and candidate == entry),
            None,
        )
        if found is not None:
            matched.add(found)
            continue
        agreed = f"agreed at {entry.agreed_at}"
        what = (
            f"re-profile {index + 1} of milestone {after.id} (to {long_form(entry.to)}, {agreed})"
        )
        counterpart = news[index] if index < len(news) else None
        if counterpart is not None and counterpart not in before.reprofiles:
            changed = [
                name
                for name in type(entry).model_fields
                if getattr(entry, name) != getattr(counterpart, name)
            ]
            edits = "; ".join(
                f"{name} {shown(getattr(entry, name))} → {shown(getattr(counterpart, name))}"
                for name in changed
            )
            yield Problem(
                "reprofile-edited",
                f"{what} was edited: {edits}",
                *_at(new, counterpart, changed[0]),
                after.id,
                f"an agreed re-profile is the board's record: restore it as it is in {base}, "
                "and append a new entry for a new date",
            )
        else:
            yield Problem(
                "reprofile-removed",
                f"{what} was removed; it is in {base}",
                *_at(new, after, "reprofiles", key=True),
                after.id,
                "an agreed re-profile is the board's record: put it back; a later date is a "
                "new entry appended after it",
            )


# -- risks and board actions -------------------------------------------------------------------


def _risks(old: Repository, new: Repository, base: str) -> Iterator[Problem]:
    olds = index_by_id((r.id, r) for r in old.risks)
    news = index_by_id((r.id, r) for r in new.risks)
    for item_id, risk in news.items():
        before = olds.get(item_id)
        if before is None:
            continue
        if (
            before.title != risk.title
            and similarity(before.title, risk.title) < SIMILAR_ENOUGH
            and similarity(before.description, risk.description) < SIMILAR_ENOUGH
        ):
            yield Problem(
                "id-reused",
                f"risk id {item_id} now names a different risk than in {base}: title "
                f"{shown(before.title)} → {shown(risk.title)}, and the description changed too",
                *_at(new, risk, "id"),
                item_id,
                "ids are permanent: close the old risk ('status: closed' with 'closed:') and "
                "add the new one with an id of its own",
            )
    if "risks" in new.incomplete:
        return
    matched = match(olds, news, content)
    removed, renames = matched.removed, matched.renames
    for item_id, risk in removed.items():
        message, where, shown_id, hint = _deletion(
            old, new, risk, item_id, renames, news, "risk", base
        )
        yield Problem(
            "risk-deleted",
            message,
            *where,
            shown_id,
            hint
            or "put it back and close it instead: 'status: closed' with 'closed:' (reason and "
            "the meeting); closed risks stay on record",
        )


def _board_actions(old: Repository, new: Repository, base: str) -> Iterator[Problem]:
    olds = index_by_id((a.id, a) for a in old.board_actions())
    news = index_by_id((a.id, a) for a in new.board_actions())
    for item_id, action in news.items():
        before = olds.get(item_id)
        if before is None:
            continue
        if (before.meeting, before.number) != (action.meeting, action.number):
            yield Problem(
                "id-reused",
                f"board action id {item_id} now names a different action than in {base}: "
                f"action {before.number} of meeting {before.meeting} → action "
                f"{action.number} of meeting {action.meeting}",
                *_at(new, action, "id"),
                item_id,
                "ids are permanent: give the new action the id '<meeting>/A<number>' of its own",
            )
    if {"actions", "archive"} & new.incomplete:
        return
    matched = match(olds, news, content)
    removed, renames = matched.removed, matched.renames
    for item_id, action in removed.items():
        message, where, shown_id, hint = _deletion(
            old, new, action, item_id, renames, news, "board action", base
        )
        yield Problem(
            "board-action-deleted",
            message,
            *where,
            shown_id,
            hint
            or "put it back and close it instead ('status: closed', 'closed_on:'), then archive "
            "it; the minutes refer to it",
        )


def _deletion(
    old: Repository,
    new: Repository,
    item: Risk | BoardAction,
    item_id: str,
    renames: dict[str, str],
    news: dict[str, Any],
    noun: str,
    base: str,
) -> tuple[str, tuple[str, int, int], str, str | None]:
    """Message, position, id and any special hint for a deleted (or renamed) item."""
    renamed_to = renames.get(item_id)
    if renamed_to is not None:
        message = (
            f"{noun} {item_id} is now {renamed_to}: ids are permanent, since links and "
            "minutes refer to them"
        )
        return message, _at(new, news[renamed_to], "id"), renamed_to, f'put back id: "{item_id}"'
    origin = old.origin(item)
    list_key = "risks" if isinstance(item, Risk) else "actions"
    where = _file_key(new, origin.file, list_key) if origin else ("", 0, 0)
    message = f"{noun} {item_id} ({shown(_title(item))}) was deleted; it is in {base}"
    return message, where, item_id, None


def _title(item: Risk | BoardAction) -> str:
    return item.title if isinstance(item, Risk) else item.text


# -- impact measures --------------------------------------------------------------------------

_REWRITES = ("measure-figure-changed", "measure-figure-removed", "measure-target-changed")


def _measures(old: Repository, new: Repository, base: str) -> Iterator[Problem]:
    from sendtrack.review.diff.measures import measure_changes

    news = index_by_id((m.id, m) for m in new.measures)
    for change in measure_changes(old, new):
        if change.kind not in _REWRITES:
            continue
        measure = news.get(change.id)
        field = "trajectory" if change.kind == "measure-target-changed" else "actuals"
        where = _at(new, measure, field, key=True) if measure is not None else ("", 0, 0)
        yield Problem(
            "measure-record-rewritten",
            f"measure {change.id}: {change.text} (compared with {base})",
            *where,
            change.id,
            "figures and targets the board has seen stay on record: keep a revised figure's "
            "old value under 'previous', and move a target with a 'revisions' entry",
        )
