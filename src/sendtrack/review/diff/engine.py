"""The engine every comparison in ``review.diff`` shares: changes as values, keyed by id.

``KINDS`` lists every kind of change with its section, whether it is *flagged* (something
a reviewer must look at because the board's record should not change that way) and what
it means; ``Change`` is one change to one item and ``DiffReport`` what a renderer needs.
Items are matched by their id, never by their position in a file (``match``): an item
whose id changed while everything else stayed the same is paired as a rename. The
helpers below turn field edits, appended logs and values into the board's words; the
modules beside this one (``plan``, ``board_actions``, ``risks``, ``meetings``) say what
changed for each kind of item, and ``review/baseline.py`` uses the same matching.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, Generic, NamedTuple, TypeVar

from pydantic import BaseModel

from sendtrack.core.dates import long_form
from sendtrack.store.repository import Repository

JsonValue = str | int | float | bool | None | list[Any] | dict[str, Any]


class Section(StrEnum):
    """Where a change is reported; the order here is the order of the report."""

    PLAN = "Milestones and plan"
    HEALTH = "Health and colour"
    BOARD_ACTIONS = "Board actions"
    RISKS = "Risks"
    MEASURES = "Impact measures"
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
    "measure-added": KindInfo(Section.MEASURES, False, "An impact measure is new."),
    "measure-removed": KindInfo(Section.MEASURES, True, "An impact measure is gone."),
    "measure-figure-added": KindInfo(Section.MEASURES, False, "A figure (or comparator's) is new."),
    "measure-figure-revised": KindInfo(
        Section.MEASURES, False, "A figure was revised, the old value kept under 'previous'."
    ),
    "measure-figure-changed": KindInfo(
        Section.MEASURES, True, "A recorded figure changed without keeping the old value."
    ),
    "measure-figure-removed": KindInfo(Section.MEASURES, True, "A recorded figure is gone."),
    "measure-target-revised": KindInfo(
        Section.MEASURES, False, "A target was revised at a meeting; the original stays."
    ),
    "measure-target-changed": KindInfo(
        Section.MEASURES, True, "A target was edited in place, or removed, without a revision."
    ),
    "measure-target-added": KindInfo(Section.MEASURES, False, "A trajectory point is new."),
    "measure-edited": KindInfo(Section.MEASURES, False, "Another field of a measure changed."),
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
    base_as_of: date | None = None
    """The day ``base``'s health was assessed on, when not ``as_of`` (a board's day)."""

    def assessed(self) -> str:
        """How health was compared: 'as of 25 Nov 2025', or 'as the board saw it on 3 Nov
        2025 and as of 25 Nov 2025'."""
        if self.base_as_of is None or self.base_as_of == self.as_of:
            return f"as of {long_form(self.as_of)}"
        then, now = long_form(self.base_as_of), long_form(self.as_of)
        return f"as the board saw it on {then} and as of {now}"

    @property
    def flagged(self) -> list[Change]:
        return [change for change in self.changes if change.flagged]

    def sections(self) -> list[tuple[Section, list[Change]]]:
        grouped: dict[Section, list[Change]] = {}
        for change in self.changes:
            grouped.setdefault(change.section, []).append(change)
        return [(section, grouped[section]) for section in Section if section in grouped]


# -- matching by id ------------------------------------------------------------------------


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


@dataclass(frozen=True)
class Matched(Generic[T]):
    """Both sides' items by id, and how they pair up: what every comparison starts from."""

    olds: dict[str, T]
    news: dict[str, T]
    removed: dict[str, T]
    """Ids only the old side has (renamed items among them)."""
    added: dict[str, T]
    """Ids only the new side has (rename targets among them)."""
    renames: dict[str, str]
    """old id → new id, for removed items whose content reappears under a new id."""

    @property
    def renamed_to(self) -> set[str]:
        return set(self.renames.values())


def match(
    olds: dict[str, T], news: dict[str, T], key: Callable[[T], Any] | None = None
) -> Matched[T]:
    """Pair ``olds`` with ``news`` by id; with a ``key`` (an item's content without its id),
    a removed item whose content reappears under a new id is a rename."""
    removed = {i: item for i, item in olds.items() if i not in news}
    added = {i: item for i, item in news.items() if i not in olds}
    renames = pair_renames(removed, added, key) if key is not None else {}
    return Matched(olds, news, removed, added, renames)


# -- the board's words ------------------------------------------------------------------------


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


def label(field_name: str) -> str:
    return field_name.replace("_", " ")


def meeting_dates(repo: Repository) -> dict[str, date]:
    return {meeting.id: meeting.date for meeting in repo.meetings}


def at_meeting(meeting_id: str, dates: Mapping[str, date]) -> str:
    held = dates.get(meeting_id)
    if held is None:
        try:
            held = date.fromisoformat(meeting_id)
        except ValueError:
            return f"meeting {meeting_id}"
    return long_form(held)


def field_edits(
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
            words = f"{label(name)}: {_list_change(before, after)}"
        else:
            words = f"{label(name)} {shown(before)} → {shown(after)}"
        yield Change(kind, item_id, name, to_json(before), to_json(after), words)


def _list_change(before: list[Any], after: list[Any]) -> str:
    """'+ “2025-12-05/A1”' for lists of text; counts for lists of records."""
    if any(isinstance(item, BaseModel) for item in (*before, *after)):
        return f"{shown(before)} → {shown(after)}"
    added = [f"+ {shown(item)}" for item in after if item not in before]
    removed = [f"− {shown(item)}" for item in before if item not in after]
    return "; ".join(added + removed) or "reordered"


def appended(
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
