"""What the plan says about a workstream's items: their narrative, for its highlight report.

Figures say how far a workstream has got; a reader of its highlight report also needs
what the plan says the work is for and where it stands in words — "where are we now",
"what we will see", "the difference this will make", "key changes", "evidence". Each
partnership declares those fields per level, with its own labels
(``plan/partnership.yaml`` 'levels'; Lancashire's are its priorities' evidence of impact
and difference for children and young people, and its actions' success criteria).

Here a workstream's items are the plan items above any of its milestones (dated or not)
that had entered the plan by the report's date, in plan order: each top-level item with
the fields it fills, and under it each lower item that fills any. Items that fill none
are left out; a top-level item stays when an item under it has something to say, so
every item is read under the one it belongs to.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sendtrack.models.plan import Action, NarrativeValue, Outcome, Priority, is_implicit
from sendtrack.models.vocabulary import Vocabulary, narrative, slot_of
from sendtrack.plan.lifecycle import entered_on, existed, plan_agreed_on
from sendtrack.plan.status import meeting_dates
from sendtrack.store.repository import Repository


@dataclass(frozen=True)
class NarrativeField:
    """One filled field: the partnership's label and what the item says."""

    label: str
    value: NarrativeValue


@dataclass(frozen=True)
class ItemNarrative:
    """One plan item's narrative: ``level`` is the plan's word for it ('Concern')."""

    level: str
    id: str
    title: str
    fields: tuple[NarrativeField, ...]
    below: tuple[ItemNarrative, ...] = ()
    """Lower items of the same top-level item that fill a field, in plan order."""


def _title(item: Priority | Outcome | Action) -> str:
    return item.text if isinstance(item, Outcome) else item.title


def _own(item: Priority | Outcome | Action, words: Vocabulary) -> ItemNarrative:
    level = words.level(slot_of(item))
    return ItemNarrative(
        level.name if level is not None else words.noun(slot_of(item)).name,
        item.id,
        _title(item),
        tuple(NarrativeField(label, value) for label, value in narrative(item, level)),
    )


def workstream_narrative(
    repo: Repository, words: Vocabulary, workstream: str, as_of: date
) -> list[ItemNarrative]:
    """The narrative of the items above ``workstream``'s milestones ("" for those in no
    group) as of ``as_of``, top-level items first with their lower items under them."""
    dates = meeting_dates(repo)
    default = plan_agreed_on(repo.settings)
    chains: dict[str, list[Outcome | Action]] = {}
    tops: dict[str, Priority] = {}
    for entry in repo.entries():
        if (entry.workstream or "") != workstream:
            continue
        if not existed(entered_on(entry, dates, default), as_of):
            continue
        tops.setdefault(entry.priority.id, entry.priority)
        chain = chains.setdefault(entry.priority.id, [])
        for item in (entry.outcome, entry.action):
            if not is_implicit(item) and all(item is not seen for seen in chain):
                chain.append(item)
    found: list[ItemNarrative] = []
    for top_id, priority in tops.items():
        below = tuple(own for item in chains[top_id] if (own := _own(item, words)).fields)
        top = _own(priority, words)
        if top.fields or below:
            found.append(ItemNarrative(top.level, top.id, top.title, top.fields, below))
    return found
