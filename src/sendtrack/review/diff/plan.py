"""What changed in the plan: priorities, outcomes, plan actions, milestones, health.

Milestones are matched by id across files (``milestones_by_id``), so moving one to
another action or file is a move, not a removal and an addition. Re-profiles are read as
the board's record: an agreed entry edited or removed is history rewritten (flagged), a
proposal added or revised is a proposal. Health and colour are derived (``plan.health``,
``plan.colours``), so both sides are assessed as of one date: a change of health means
the edit changed the board's picture on that date, not that time passed. Since a board
(``base_as_of``) the old side is assessed on the board's own day instead: the board asks
what turned red since it last met, and a date passing without the work done is part of it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date

from sendtrack.core.dates import due_words, long_form
from sendtrack.models import Milestone
from sendtrack.models.plan import Reprofile
from sendtrack.models.vocabulary import Slot, vocabulary
from sendtrack.plan.colours import DEFAULT_SCHEME, badge, colour_for
from sendtrack.plan.health import DEFAULT_WINDOW_DAYS, Assessment, milestone_health
from sendtrack.review.diff.engine import (
    Change,
    appended,
    at_meeting,
    content,
    field_edits,
    index_by_id,
    label,
    match,
    meeting_dates,
    shown,
    to_json,
)
from sendtrack.store.repository import PlanEntry, Repository


def milestones_by_id(repo: Repository) -> dict[str, PlanEntry]:
    return index_by_id((entry.milestone.id, entry) for entry in repo.entries())


def ordinal(number: int) -> str:
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def signed_days(count: int) -> str:
    unit = "day" if abs(count) == 1 else "days"
    return f"{count:+d} {unit}"


_SLOT_OF: dict[str, Slot] = {"priority": "priority", "outcome": "outcome", "plan-action": "action"}


def plan_item_changes(old: Repository, new: Repository) -> Iterator[Change]:
    """Priorities, outcomes and plan actions: added, removed, edited (milestones apart)."""
    old_priorities = index_by_id((p.id, p) for p in old.priorities)
    new_priorities = index_by_id((p.id, p) for p in new.priorities)
    old_outcomes = index_by_id((o.id, o) for p in old.priorities for o in p.outcomes)
    new_outcomes = index_by_id((o.id, o) for p in new.priorities for o in p.outcomes)
    old_actions = index_by_id((a.id, a) for _, _, a in old.plan_actions())
    new_actions = index_by_id((a.id, a) for _, _, a in new.plan_actions())

    plan_words = vocabulary(new.settings)
    for noun, olds, news, title_field, nested in (
        ("priority", old_priorities, new_priorities, "title", "outcomes"),
        ("outcome", old_outcomes, new_outcomes, "text", "actions"),
        ("plan-action", old_actions, new_actions, "title", "milestones"),
    ):
        # The kind keeps the contract's noun; the sentence uses the plan's own word ('plan
        # action', 'plan next step': never read as one of the board's actions).
        words = plan_words.noun(_SLOT_OF[noun]).word
        if noun == "plan-action":
            words = f"plan {words}"
        for item_id, item in news.items():
            before = olds.get(item_id)
            if before is None:
                yield Change(
                    f"{noun}-added",
                    item_id,
                    None,
                    None,
                    getattr(item, title_field),
                    f"{words} added: {shown(getattr(item, title_field))}",
                )
                continue
            if noun == "plan-action":
                was, now = getattr(before, title_field), getattr(item, title_field)
                if was != now:
                    yield Change(
                        "plan-action-retitled",
                        item_id,
                        "title",
                        was,
                        now,
                        f"retitled: {shown(was)} → {shown(now)}",
                    )
                yield from field_edits(
                    "plan-action-edited", item_id, before, item, (title_field, nested)
                )
            else:
                # A top-level item lists its items under one of three keys (its depth).
                below = ("outcomes", "actions", "milestones") if noun == "priority" else (nested,)
                yield from field_edits(f"{noun}-edited", item_id, before, item, below)
        for item_id, item in olds.items():
            if item_id not in news:
                yield Change(
                    f"{noun}-removed",
                    item_id,
                    None,
                    getattr(item, title_field),
                    None,
                    f"{words} removed: {shown(getattr(item, title_field))}",
                )


# -- milestones -----------------------------------------------------------------------------


def milestone_changes(
    old: Repository, new: Repository, as_of: date, base_as_of: date | None = None
) -> Iterator[Change]:
    matched = match(milestones_by_id(old), milestones_by_id(new), lambda e: content(e.milestone))
    olds, news, removed, added = matched.olds, matched.news, matched.removed, matched.added
    renames, renamed_to = matched.renames, matched.renamed_to
    old_dates, new_dates = meeting_dates(old), meeting_dates(new)

    for item_id, entry in news.items():
        if item_id in renamed_to:
            continue
        if item_id in added:
            milestone = entry.milestone
            yield Change(
                "milestone-added",
                item_id,
                None,
                None,
                milestone.title,
                f"added to action {entry.action.id}: {shown(milestone.title)}, "
                f"due {due_words(milestone.due)}",
            )
            continue
        yield from _milestone_pair(item_id, olds[item_id], entry, new_dates)
    for old_id, entry in olds.items():
        if old_id in renames:
            new_id = renames[old_id]
            yield Change(
                "milestone-renamed",
                new_id,
                "id",
                old_id,
                new_id,
                f"was {old_id} (renamed; everything else is unchanged)",
            )
            yield from _milestone_pair(new_id, entry, news[new_id], new_dates)
        elif old_id in removed:
            yield Change(
                "milestone-removed",
                old_id,
                None,
                entry.milestone.title,
                None,
                f"removed: {shown(entry.milestone.title)}; withdraw it instead "
                "('withdrawn:' with the reason and meeting) so the record stays",
            )

    yield from _health(
        old, new, olds, news, renames, old_dates, new_dates, as_of, base_as_of or as_of
    )


def _milestone_pair(
    item_id: str, before_entry: PlanEntry, after_entry: PlanEntry, dates: Mapping[str, date]
) -> Iterator[Change]:
    before, after = before_entry.milestone, after_entry.milestone
    if before_entry.action.id != after_entry.action.id:
        yield Change(
            "milestone-moved",
            item_id,
            "action",
            before_entry.action.id,
            after_entry.action.id,
            f"moved from action {before_entry.action.id} to {after_entry.action.id}",
        )
    if before.title != after.title:
        yield Change(
            "milestone-retitled",
            item_id,
            "title",
            before.title,
            after.title,
            f"retitled: {shown(before.title)} → {shown(after.title)}",
        )
    if before.due != after.due:
        yield Change(
            "milestone-baseline-changed",
            item_id,
            "due",
            to_json(before.due),
            to_json(after.due),
            f"baseline due date edited: {due_words(before.due)} → {due_words(after.due)}; "
            "the baseline never changes, append a re-profile instead",
        )
    if before.status != after.status:
        yield Change(
            "milestone-status",
            item_id,
            "status",
            before.status,
            after.status,
            _status_words(before, after),
        )
    yield from _withdrawal(item_id, before, after, dates)
    yield from _reprofiles(item_id, before, after, dates)
    yield from appended(
        item_id,
        before.updates,
        after.updates,
        "milestone-update-added",
        "milestone-edited",
        lambda update: f"progress note ({long_form(update.on)}): {shown(update.note)}",
    )
    skip = ["title", "due", "status", "withdrawn", "reprofiles", "updates"]
    if before.status != after.status:
        skip += ["started_on", "completed_on"]  # the status sentence gives the dates
    for change in field_edits("milestone-edited", item_id, before, after, skip):
        if change.field == "at_risk":
            text = (
                f"now at risk: {shown(after.at_risk)}"
                if after.at_risk
                else f"no longer at risk (was: {shown(before.at_risk)})"
            )
            change = Change(change.kind, item_id, "at_risk", change.old, change.new, text)
        yield change


_STATUS_WORDS = {"not_started": "not started", "in_progress": "in progress", "complete": "complete"}


def _status_words(before: Milestone, after: Milestone) -> str:
    words = f"{_STATUS_WORDS[before.status]} → {_STATUS_WORDS[after.status]}"
    if after.status == "complete" and after.completed_on is not None:
        words += f" (completed {long_form(after.completed_on)})"
    elif after.status == "in_progress" and after.started_on is not None:
        words += f" (started {long_form(after.started_on)})"
    return words


def _withdrawal(
    item_id: str, before: Milestone, after: Milestone, dates: Mapping[str, date]
) -> Iterator[Change]:
    if before.withdrawn == after.withdrawn:
        return
    old_json, new_json = to_json(before.withdrawn), to_json(after.withdrawn)
    if after.withdrawn is None:
        yield Change(
            "milestone-reinstated",
            item_id,
            "withdrawn",
            old_json,
            None,
            "reinstated: its withdrawal was removed",
        )
        return
    withdrawal = after.withdrawn
    how = f"superseded by {withdrawal.superseded_by}" if withdrawal.superseded_by else "withdrawn"
    where = at_meeting(withdrawal.agreed_at, dates)
    if before.withdrawn is None:
        yield Change(
            "milestone-withdrawn",
            item_id,
            "withdrawn",
            None,
            new_json,
            f"{how}, agreed {where}: {shown(withdrawal.reason)}",
        )
    else:
        yield Change(
            "milestone-edited",
            item_id,
            "withdrawn",
            old_json,
            new_json,
            f"withdrawal edited: now {how}, agreed {where}: {shown(withdrawal.reason)}",
        )


def _reprofile_words(
    milestone: Milestone, entries: list[Reprofile], index: int, dates: Mapping[str, date]
) -> tuple[date, str]:
    """The date in force before entry ``index``, and the sentence for that entry."""
    in_force = milestone.baseline
    agreed_count = 0
    for entry in entries[:index]:
        if entry.agreed_at is not None:
            in_force = entry.to
            agreed_count += 1
    entry = entries[index]
    if in_force is None:  # an undated milestone ('ongoing') given its first date
        in_force = entry.to
    move = (
        f"due {long_form(in_force)} → {long_form(entry.to)}, "
        f"{signed_days((entry.to - in_force).days)}"
    )
    if entry.agreed_at is not None:
        agreed = at_meeting(entry.agreed_at, dates)
        words = f"{move}, {ordinal(agreed_count + 1)} re-profile, agreed {agreed}"
    else:
        proposed = f" on {long_form(entry.proposed_on)}" if entry.proposed_on else ""
        words = f"re-profile proposed{proposed}: {move}, awaiting the board"
    return in_force, f"{words}: {entry.reason}"


def _reprofiles(
    item_id: str, before: Milestone, after: Milestone, dates: Mapping[str, date]
) -> Iterator[Change]:
    olds, news = before.reprofiles, after.reprofiles
    for index in range(max(len(olds), len(news))):
        old_entry = olds[index] if index < len(olds) else None
        new_entry = news[index] if index < len(news) else None
        if old_entry == new_entry:
            continue
        position = f"reprofiles[{index}]"
        if new_entry is None:
            assert old_entry is not None
            if old_entry.agreed_at is not None:
                yield Change(
                    "milestone-history-rewritten",
                    item_id,
                    position,
                    to_json(old_entry),
                    None,
                    f"agreed re-profile {index + 1} (to {long_form(old_entry.to)}, agreed "
                    f"{at_meeting(old_entry.agreed_at, dates)}) was removed",
                )
            else:
                yield Change(
                    "milestone-reprofile-dropped",
                    item_id,
                    position,
                    to_json(old_entry),
                    None,
                    f"proposed re-profile to {long_form(old_entry.to)} taken out",
                )
            continue
        if old_entry is not None and old_entry.agreed_at is not None:
            yield Change(
                "milestone-history-rewritten",
                item_id,
                position,
                to_json(old_entry),
                to_json(new_entry),
                f"agreed re-profile {index + 1} was edited: "
                + "; ".join(_entry_edits(old_entry, new_entry)),
            )
            continue
        in_force, words = _reprofile_words(after, news, index, dates)
        if new_entry.agreed_at is not None:
            yield Change(
                "milestone-reprofiled",
                item_id,
                position,
                in_force.isoformat(),
                new_entry.to.isoformat(),
                words,
            )
        else:
            yield Change(
                "milestone-reprofile-proposed",
                item_id,
                position,
                in_force.isoformat(),
                new_entry.to.isoformat(),
                words,
            )


def _entry_edits(before: Reprofile, after: Reprofile) -> list[str]:
    edits = []
    for name in type(after).model_fields:
        was, now = getattr(before, name), getattr(after, name)
        if was != now:
            edits.append(f"{label(name)} {shown(was)} → {shown(now)}")
    return edits


def _assess(
    milestone: Milestone, repo: Repository, dates: Mapping[str, date], as_of: date
) -> Assessment:
    window = repo.settings.not_started_window_days if repo.settings else DEFAULT_WINDOW_DAYS
    return milestone_health(milestone, as_of, dates, window)


def _health(
    old: Repository,
    new: Repository,
    olds: Mapping[str, PlanEntry],
    news: Mapping[str, PlanEntry],
    renames: Mapping[str, str],
    old_dates: Mapping[str, date],
    new_dates: Mapping[str, date],
    as_of: date,
    base_as_of: date,
) -> Iterator[Change]:
    old_scheme = old.settings.colour_scheme if old.settings else DEFAULT_SCHEME
    new_scheme = new.settings.colour_scheme if new.settings else DEFAULT_SCHEME
    back = {new_id: old_id for old_id, new_id in renames.items()}
    when = long_form(as_of)
    then = long_form(base_as_of)
    for item_id, entry in news.items():
        old_id = back.get(item_id, item_id)
        if old_id not in olds:
            continue
        if olds[old_id].milestone.baseline is None or entry.milestone.baseline is None:
            continue  # an undated milestone has no health to compare
        before = _assess(olds[old_id].milestone, old, old_dates, base_as_of)
        after = _assess(entry.milestone, new, new_dates, as_of)
        old_colour = colour_for(before.health, old_scheme)
        new_colour = colour_for(after.health, new_scheme)
        if before.health != after.health:
            yield Change(
                "health-changed",
                item_id,
                "health",
                before.health.value,
                after.health.value,
                (
                    f"as of {when}: {badge(before.health, old_scheme)} → "
                    if base_as_of == as_of
                    else f"{badge(before.health, old_scheme)} on {then} → as of {when} "
                )
                + f"{badge(after.health, new_scheme)}: {after.reason}",
            )
        elif old_colour != new_colour:
            yield Change(
                "colour-changed",
                item_id,
                "colour",
                old_colour.name,
                new_colour.name,
                f"as of {when}: {old_colour.symbol} {old_colour.label} → {new_colour.symbol} "
                f"{new_colour.label}, still {after.health.label} (colour scheme "
                f"{old_scheme} → {new_scheme})",
            )
