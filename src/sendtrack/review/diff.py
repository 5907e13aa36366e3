"""What changed in the plan between two states of the repository, in the board's words.

A reviewer of a pull request wants "1.4.2.1 due 31 May 2025 → 31 Jan 2026, +245 days,
2nd re-profile, agreed 3 Nov 2025: …", not a YAML diff. ``compare`` matches every item
by its id — never by its position in a file — so moving a milestone, reordering a list
or renaming a file changes nothing, and an item whose id changed while everything else
stayed the same is reported as a rename, not as a removal plus an addition.

Changes are plain values (``Change``: kind, id, field, old, new) that a caller can filter
and that ``render/diff.py`` renders as text, markdown or JSON. ``KINDS`` lists every
kind with what it means and whether it is *flagged*: something a reviewer must look at
because the board's record should not change that way (a milestone removed rather than
withdrawn, a baseline date edited, an agreed re-profile rewritten). ``check --base``
(``baseline.py``) turns the same situations into errors.

Health and colour are derived (``health.py``, ``colours.py``), so they are compared as
of one date for both sides: a change of health means the edit changed the board's
picture on that date, not that time passed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, NamedTuple, TypeVar

from pydantic import BaseModel

from sendtrack.core.dates import due_words, long_form
from sendtrack.models import BoardAction, Meeting, Milestone, Risk
from sendtrack.models.plan import Reprofile
from sendtrack.plan.colours import DEFAULT_SCHEME, badge, colour_for
from sendtrack.plan.health import DEFAULT_WINDOW_DAYS, Assessment, milestone_health
from sendtrack.store.repository import PlanEntry, Repository

JsonValue = str | int | float | bool | None | list[Any] | dict[str, Any]


class Section(StrEnum):
    """Where a change is reported; the order here is the order of the report."""

    PLAN = "Milestones and plan"
    HEALTH = "Health and colour"
    BOARD_ACTIONS = "Board actions"
    RISKS = "Risks"
    MEETINGS = "Meetings"
    SETTINGS = "Settings"


class KindInfo(NamedTuple):
    section: Section
    flagged: bool
    meaning: str


KINDS: dict[str, KindInfo] = {
    "milestone-added": KindInfo(Section.PLAN, False, "A milestone is new."),
    "milestone-removed": KindInfo(
        Section.PLAN, True, "A milestone is gone: withdraw it instead, so the record stays."
    ),
    "milestone-renamed": KindInfo(
        Section.PLAN, True, "A milestone's id changed; all else is the same."
    ),
    "milestone-moved": KindInfo(Section.PLAN, False, "A milestone now sits under another action."),
    "milestone-retitled": KindInfo(Section.PLAN, False, "A milestone's title changed."),
    "milestone-status": KindInfo(Section.PLAN, False, "A milestone's reported status moved."),
    "milestone-withdrawn": KindInfo(
        Section.PLAN, False, "A milestone was withdrawn or superseded."
    ),
    "milestone-reinstated": KindInfo(Section.PLAN, False, "A withdrawal was removed."),
    "milestone-reprofiled": KindInfo(Section.PLAN, False, "An agreed re-profile moved the date."),
    "milestone-reprofile-proposed": KindInfo(
        Section.PLAN, False, "A re-profile was proposed (or its proposal revised)."
    ),
    "milestone-reprofile-dropped": KindInfo(
        Section.PLAN, False, "A proposed re-profile was taken out before the board agreed it."
    ),
    "milestone-history-rewritten": KindInfo(
        Section.PLAN, True, "An agreed re-profile was edited or removed."
    ),
    "milestone-baseline-changed": KindInfo(
        Section.PLAN, True, "A baseline due date was edited: it never changes, re-profile instead."
    ),
    "milestone-update-added": KindInfo(Section.PLAN, False, "A progress note was added."),
    "milestone-edited": KindInfo(Section.PLAN, False, "Another field of a milestone changed."),
    "plan-action-added": KindInfo(Section.PLAN, False, "A plan action is new."),
    "plan-action-removed": KindInfo(Section.PLAN, True, "A plan action is gone."),
    "plan-action-retitled": KindInfo(Section.PLAN, False, "A plan action's wording changed."),
    "plan-action-edited": KindInfo(Section.PLAN, False, "Another field of a plan action changed."),
    "outcome-added": KindInfo(Section.PLAN, False, "An outcome is new."),
    "outcome-removed": KindInfo(Section.PLAN, True, "An outcome is gone."),
    "outcome-edited": KindInfo(Section.PLAN, False, "An outcome's text changed."),
    "priority-added": KindInfo(Section.PLAN, False, "A priority is new."),
    "priority-removed": KindInfo(Section.PLAN, True, "A priority is gone."),
    "priority-edited": KindInfo(Section.PLAN, False, "A field of a priority changed."),
    "health-changed": KindInfo(Section.HEALTH, False, "A milestone's derived health changed."),
    "colour-changed": KindInfo(
        Section.HEALTH, False, "Same health, another colour (the colour scheme changed)."
    ),
    "board-action-raised": KindInfo(Section.BOARD_ACTIONS, False, "A board action is new."),
    "board-action-closed": KindInfo(Section.BOARD_ACTIONS, False, "A board action was closed."),
    "board-action-reopened": KindInfo(
        Section.BOARD_ACTIONS, False, "A closed board action is open again."
    ),
    "board-action-status": KindInfo(Section.BOARD_ACTIONS, False, "A board action's status moved."),
    "board-action-archived": KindInfo(
        Section.BOARD_ACTIONS, False, "A board action moved to the archive."
    ),
    "board-action-unarchived": KindInfo(
        Section.BOARD_ACTIONS, False, "A board action moved back from the archive."
    ),
    "board-action-update-added": KindInfo(
        Section.BOARD_ACTIONS, False, "An update was added to a board action."
    ),
    "board-action-removed": KindInfo(
        Section.BOARD_ACTIONS, True, "A board action is gone: close and archive it instead."
    ),
    "board-action-renamed": KindInfo(
        Section.BOARD_ACTIONS, True, "A board action's id changed; all else is the same."
    ),
    "board-action-edited": KindInfo(
        Section.BOARD_ACTIONS, False, "Another field of a board action changed."
    ),
    "risk-added": KindInfo(Section.RISKS, False, "A risk is new."),
    "risk-closed": KindInfo(Section.RISKS, False, "A risk was closed."),
    "risk-reopened": KindInfo(Section.RISKS, False, "A closed risk is open again."),
    "risk-rescored": KindInfo(
        Section.RISKS, False, "A risk's current score moved (↑ worse, ↓ better)."
    ),
    "risk-removed": KindInfo(Section.RISKS, True, "A risk is gone: close it instead."),
    "risk-renamed": KindInfo(Section.RISKS, True, "A risk's id changed; all else is the same."),
    "risk-edited": KindInfo(Section.RISKS, False, "Another field of a risk changed."),
    "meeting-added": KindInfo(Section.MEETINGS, False, "A meeting record is new."),
    "meeting-status": KindInfo(
        Section.MEETINGS, False, "A meeting was held, cancelled or rescheduled."
    ),
    "meeting-removed": KindInfo(Section.MEETINGS, True, "A meeting record is gone."),
    "meeting-edited": KindInfo(Section.MEETINGS, False, "A field of a meeting record changed."),
    "settings-edited": KindInfo(Section.SETTINGS, False, "A partnership setting changed."),
}
"""Every kind of change, with its section, whether it is flagged, and what it means."""


@dataclass(frozen=True, slots=True)
class Change:
    """One change to one item. ``old``/``new`` are JSON values (dates as YYYY-MM-DD)."""

    kind: str
    id: str
    field: str | None
    old: JsonValue
    new: JsonValue
    text: str
    """The change in words, without the id: "due 31 May 2025 → 31 Jan 2026, …"."""

    @property
    def flagged(self) -> bool:
        return KINDS[self.kind].flagged

    @property
    def section(self) -> Section:
        return KINDS[self.kind].section

    @property
    def summary(self) -> str:
        return f"{self.id} {self.text}"

    def as_dict(self) -> dict[str, JsonValue]:
        return {
            "kind": self.kind,
            "id": self.id,
            "field": self.field,
            "old": self.old,
            "new": self.new,
            "flagged": self.flagged,
            "summary": self.summary,
        }


@dataclass(frozen=True)
class DiffReport:
    """Everything a renderer needs: both sides' names, the as-of date, the changes."""

    base: str
    head: str
    as_of: date
    changes: tuple[Change, ...]

    @property
    def flagged(self) -> list[Change]:
        return [change for change in self.changes if change.flagged]

    def sections(self) -> list[tuple[Section, list[Change]]]:
        grouped: dict[Section, list[Change]] = {}
        for change in self.changes:
            grouped.setdefault(change.section, []).append(change)
        return [(section, grouped[section]) for section in Section if section in grouped]


# -- shared helpers (also used by baseline.py) ------------------------------------------


def id_key(value: str) -> tuple[tuple[int, int | str], ...]:
    """Natural order for ids: 1.9 before 1.10, R2 before R10, A3 before A11."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part)
        for part in re.split(r"(\d+)", value)
        if part
    )


T = TypeVar("T")


def index_by_id(items: Iterable[tuple[str, T]]) -> dict[str, T]:
    """id → item, keeping the first of duplicates (``check`` reports duplicate ids)."""
    found: dict[str, T] = {}
    for item_id, item in items:
        found.setdefault(item_id, item)
    return found


def milestones_by_id(repo: Repository) -> dict[str, PlanEntry]:
    return index_by_id((entry.milestone.id, entry) for entry in repo.entries())


def content(model: BaseModel, *also_exclude: str) -> dict[str, Any]:
    """An item's data without its id: what "the rest matches" compares."""
    return model.model_dump(mode="json", exclude={"id", *also_exclude})


def pair_renames(
    removed: Mapping[str, T], added: Mapping[str, T], key: Callable[[T], Any]
) -> dict[str, str]:
    """old id → new id for removed items whose content reappears under a new id."""
    pairs: dict[str, str] = {}
    taken: set[str] = set()
    for old_id, old_item in removed.items():
        wanted = key(old_item)
        for new_id, new_item in added.items():
            if new_id not in taken and key(new_item) == wanted:
                pairs[old_id] = new_id
                taken.add(new_id)
                break
    return pairs


def ordinal(number: int) -> str:
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def signed_days(count: int) -> str:
    unit = "day" if abs(count) == 1 else "days"
    return f"{count:+d} {unit}"


def to_json(value: Any) -> JsonValue:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [to_json(item) for item in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


_SHOWN_TEXT = 70


def shown(value: Any) -> str:
    """A value inside a sentence: dates long-form, text quoted and shortened, lists counted."""
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return long_form(value)
    if isinstance(value, list):
        return f"{len(value)} item" + ("" if len(value) == 1 else "s")
    if isinstance(value, BaseModel):
        return "set"
    text = " ".join(str(value).split())
    if len(text) > _SHOWN_TEXT:
        text = text[: _SHOWN_TEXT - 1].rstrip() + "…"
    return f"“{text}”"


def _label(field_name: str) -> str:
    return field_name.replace("_", " ")


def _meeting_dates(repo: Repository) -> dict[str, date]:
    return {meeting.id: meeting.date for meeting in repo.meetings}


def _at_meeting(meeting_id: str, dates: Mapping[str, date]) -> str:
    held = dates.get(meeting_id)
    if held is None:
        try:
            held = date.fromisoformat(meeting_id)
        except ValueError:
            return f"meeting {meeting_id}"
    return long_form(held)


# -- the comparison -----------------------------------------------------------------------


def compare(old: Repository, new: Repository, as_of: date) -> list[Change]:
    """Every change from ``old`` to ``new``, in report order (section, then natural id)."""
    changes: list[Change] = []
    changes.extend(_plan_items(old, new))
    changes.extend(_milestones(old, new, as_of))
    changes.extend(_board_actions(old, new))
    changes.extend(_risks(old, new))
    changes.extend(_meetings(old, new))
    changes.extend(_settings(old, new))
    sections = list(Section)
    # A stable sort: an item's own changes keep the order they were found in.
    return sorted(changes, key=lambda c: (sections.index(c.section), id_key(c.id)))


def _field_edits(
    kind: str, item_id: str, old: BaseModel, new: BaseModel, skip: Iterable[str]
) -> Iterator[Change]:
    skipped = {"id", *skip}
    for name in type(new).model_fields:
        if name in skipped:
            continue
        before, after = getattr(old, name), getattr(new, name)
        if before == after:
            continue
        if isinstance(before, list) and isinstance(after, list):
            words = f"{_label(name)}: {_list_change(before, after)}"
        else:
            words = f"{_label(name)} {shown(before)} → {shown(after)}"
        yield Change(kind, item_id, name, to_json(before), to_json(after), words)


def _list_change(before: list[Any], after: list[Any]) -> str:
    """'+ “2025-12-05/A1”' for lists of text; counts for lists of records."""
    if any(isinstance(item, BaseModel) for item in (*before, *after)):
        return f"{shown(before)} → {shown(after)}"
    added = [f"+ {shown(item)}" for item in after if item not in before]
    removed = [f"− {shown(item)}" for item in before if item not in after]
    return "; ".join(added + removed) or "reordered"


def _plan_items(old: Repository, new: Repository) -> Iterator[Change]:
    """Priorities, outcomes and plan actions: added, removed, edited (milestones apart)."""
    old_priorities = index_by_id((p.id, p) for p in old.priorities)
    new_priorities = index_by_id((p.id, p) for p in new.priorities)
    old_outcomes = index_by_id((o.id, o) for p in old.priorities for o in p.outcomes)
    new_outcomes = index_by_id((o.id, o) for p in new.priorities for o in p.outcomes)
    old_actions = index_by_id((a.id, a) for _, _, a in old.plan_actions())
    new_actions = index_by_id((a.id, a) for _, _, a in new.plan_actions())

    for noun, olds, news, title_field, nested in (
        ("priority", old_priorities, new_priorities, "title", "outcomes"),
        ("outcome", old_outcomes, new_outcomes, "text", "actions"),
        ("plan-action", old_actions, new_actions, "title", "milestones"),
    ):
        words = noun.replace("-", " ")
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
                yield from _field_edits(
                    "plan-action-edited", item_id, before, item, (title_field, nested)
                )
            else:
                # A top-level item lists its items under one of three keys (its depth).
                below = ("outcomes", "actions", "milestones") if noun == "priority" else (nested,)
                yield from _field_edits(f"{noun}-edited", item_id, before, item, below)
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


def _milestones(old: Repository, new: Repository, as_of: date) -> Iterator[Change]:
    olds, news = milestones_by_id(old), milestones_by_id(new)
    removed = {i: e for i, e in olds.items() if i not in news}
    added = {i: e for i, e in news.items() if i not in olds}
    renames = pair_renames(removed, added, lambda e: content(e.milestone))
    renamed_to = set(renames.values())
    old_dates, new_dates = _meeting_dates(old), _meeting_dates(new)

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

    yield from _health(old, new, olds, news, renames, old_dates, new_dates, as_of)


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
    yield from _appended(
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
    for change in _field_edits("milestone-edited", item_id, before, after, skip):
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
    where = _at_meeting(withdrawal.agreed_at, dates)
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
        agreed = _at_meeting(entry.agreed_at, dates)
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
                    f"{_at_meeting(old_entry.agreed_at, dates)}) was removed",
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
            edits.append(f"{_label(name)} {shown(was)} → {shown(now)}")
    return edits


def _appended(
    item_id: str,
    before: list[Any],
    after: list[Any],
    added_kind: str,
    edited_kind: str,
    words: Callable[[Any], str],
) -> Iterator[Change]:
    """Entries appended to a dated log; a log edited elsewhere is reported as an edit."""
    if before == after:
        return
    if after[: len(before)] == before:
        for entry in after[len(before) :]:
            yield Change(added_kind, item_id, "updates", None, to_json(entry), words(entry))
    else:
        yield Change(
            edited_kind,
            item_id,
            "updates",
            to_json(before),
            to_json(after),
            f"updates edited: {shown(before)} → {shown(after)}",
        )


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
) -> Iterator[Change]:
    old_scheme = old.settings.colour_scheme if old.settings else DEFAULT_SCHEME
    new_scheme = new.settings.colour_scheme if new.settings else DEFAULT_SCHEME
    back = {new_id: old_id for old_id, new_id in renames.items()}
    when = long_form(as_of)
    for item_id, entry in news.items():
        old_id = back.get(item_id, item_id)
        if old_id not in olds:
            continue
        if olds[old_id].milestone.baseline is None or entry.milestone.baseline is None:
            continue  # an undated milestone has no health to compare
        before = _assess(olds[old_id].milestone, old, old_dates, as_of)
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
                f"as of {when}: {badge(before.health, old_scheme)} → "
                f"{badge(after.health, new_scheme)}: {after.reason}",
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


# -- board actions, risks, meetings, settings ----------------------------------------------


def _board_actions(old: Repository, new: Repository) -> Iterator[Change]:
    def located(repo: Repository) -> dict[str, tuple[BoardAction, bool]]:
        return index_by_id(
            [(a.id, (a, False)) for a in repo.open_actions]
            + [(a.id, (a, True)) for a in repo.archived_actions]
        )

    olds, news = located(old), located(new)
    removed = {i: pair for i, pair in olds.items() if i not in news}
    added = {i: pair for i, pair in news.items() if i not in olds}
    renames = pair_renames(removed, added, lambda pair: content(pair[0]))
    renamed_to = set(renames.values())
    dates = _meeting_dates(new)

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
            f"raised at the {_at_meeting(action.meeting, dates)} board{where}: "
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
    yield from _appended(
        item_id,
        before.updates,
        after.updates,
        "board-action-update-added",
        "board-action-edited",
        lambda update: f"update ({long_form(update.on)}): {shown(update.note)}",
    )
    skip = ["status", "updates"] + (["closed_on"] if before.status != after.status else [])
    yield from _field_edits("board-action-edited", item_id, before, after, skip)


def _risks(old: Repository, new: Repository) -> Iterator[Change]:
    olds = index_by_id((r.id, r) for r in old.risks)
    news = index_by_id((r.id, r) for r in new.risks)
    removed = {i: r for i, r in olds.items() if i not in news}
    added = {i: r for i, r in news.items() if i not in olds}
    renames = pair_renames(removed, added, content)
    renamed_to = set(renames.values())
    dates = _meeting_dates(new)
    for item_id, risk in news.items():
        if item_id in added and item_id not in renamed_to:
            yield Change(
                "risk-added",
                item_id,
                None,
                None,
                risk.title,
                f"added: {shown(risk.title)}, score {risk.score} "
                f"(likelihood {risk.likelihood} × impact {risk.impact}), owner {risk.owner}",
            )
    for old_id, risk in olds.items():
        if old_id in renames:
            new_id = renames[old_id]
            yield Change(
                "risk-renamed",
                new_id,
                "id",
                old_id,
                new_id,
                f"was {old_id} (renamed; everything else is unchanged)",
            )
            yield from _risk_pair(new_id, risk, news[new_id], dates)
        elif old_id in removed:
            yield Change(
                "risk-removed",
                old_id,
                None,
                risk.title,
                None,
                f"removed from the register: {shown(risk.title)}; close it instead "
                "('status: closed' with the reason and meeting) so the record stays",
            )
        else:
            yield from _risk_pair(old_id, risk, news[old_id], dates)


def _risk_pair(
    item_id: str, before: Risk, after: Risk, dates: Mapping[str, date]
) -> Iterator[Change]:
    if before.status != after.status:
        if after.status == "closed":
            why = (
                f" at the {_at_meeting(after.closed.at, dates)} board: {shown(after.closed.reason)}"
                if after.closed
                else ""
            )
            yield Change(
                "risk-closed", item_id, "status", before.status, after.status, f"closed{why}"
            )
        else:
            yield Change(
                "risk-reopened", item_id, "status", before.status, after.status, "re-opened"
            )
    if before.score != after.score:
        arrow = "↑" if after.score > before.score else "↓"
        parts = [
            f"{name} {was} → {now}"
            for name, was, now in (
                ("likelihood", before.likelihood, after.likelihood),
                ("impact", before.impact, after.impact),
            )
            if was != now
        ]
        note = ""
        if after.history[: len(before.history)] == before.history and len(after.history) > len(
            before.history
        ):
            note = f": {after.history[-1].note}"
        yield Change(
            "risk-rescored",
            item_id,
            "score",
            before.score,
            after.score,
            f"rescored {before.score} → {after.score} {arrow} ({', '.join(parts)}){note}",
        )
    skip = ["status", "closed", "likelihood", "impact"]
    if before.score != after.score:
        skip.append("history")
    yield from _field_edits("risk-edited", item_id, before, after, skip)


def _meetings(old: Repository, new: Repository) -> Iterator[Change]:
    olds = index_by_id((m.id, m) for m in old.meetings)
    news = index_by_id((m.id, m) for m in new.meetings)
    for item_id, meeting in news.items():
        before = olds.get(item_id)
        if before is None:
            yield Change(
                "meeting-added",
                item_id,
                None,
                None,
                meeting.status,
                f"added: {meeting.board}, {long_form(meeting.date)} ({meeting.status})",
            )
            continue
        yield from _meeting_pair(item_id, before, meeting)
    for item_id, meeting in olds.items():
        if item_id not in news:
            yield Change(
                "meeting-removed",
                item_id,
                None,
                meeting.status,
                None,
                f"removed: {meeting.board}, {long_form(meeting.date)} ({meeting.status})",
            )


def _meeting_pair(item_id: str, before: Meeting, after: Meeting) -> Iterator[Change]:
    if before.status != after.status:
        yield Change(
            "meeting-status",
            item_id,
            "status",
            before.status,
            after.status,
            f"{before.status} → {after.status}",
        )
    yield from _field_edits("meeting-edited", item_id, before, after, ["status"])


def _settings(old: Repository, new: Repository) -> Iterator[Change]:
    if old.settings is None or new.settings is None:
        return
    yield from _field_edits("settings-edited", "settings", old.settings, new.settings, [])
