"""Who a return goes to: each live milestone's leads and each open board action's owner.

A milestone's leads are its own ``owner`` if it has one, else its action's ``leads``,
else its workstream's named leads ("TBC" is nobody), the same order the
``missing-owner`` check accepts. A lead may answer for milestones in several
workstreams; a milestone with three leads is in all three returns (a second return of
the same milestone is then refused as stale, not applied twice). Names are matched
without regard to case; an owner written "Role, Organisation" matches the role.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field

from sendtrack.models.tracker import BoardAction
from sendtrack.models.vocabulary import vocabulary
from sendtrack.store.repository import PlanEntry, Repository

NOBODY = "TBC"


class ReturnsError(Exception):
    """A return cannot be made or read as asked; nothing was written."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.hint = hint


def key(name: str) -> str:
    """How two spellings of a lead are compared."""
    return " ".join(name.split()).casefold()


def entry_leads(entry: PlanEntry, stream_leads: dict[str, list[str]]) -> list[str]:
    if entry.milestone.owner:
        return [entry.milestone.owner]
    if entry.action.leads:
        return list(entry.action.leads)
    return stream_leads.get(entry.workstream or "", [])


def owner_matches(owner: str, lead: str) -> bool:
    return key(lead) in (key(owner), key(owner.split(",")[0]))


def is_live(entry: PlanEntry) -> bool:
    """Still to be delivered here: not complete, not withdrawn, not carried forward into a
    later plan, and dated (an undated milestone, 'ongoing' or 'TBC', has no date or health
    for a return to ask about; ``status`` lists those on their own)."""
    milestone = entry.milestone
    return (
        milestone.status != "complete"
        and milestone.withdrawn is None
        and milestone.carried_forward is None
        and milestone.baseline is not None
    )


@dataclass
class LeadWork:
    """One lead's live milestones (plan order) and open board actions (log order)."""

    lead: str
    entries: list[PlanEntry] = field(default_factory=list)
    actions: list[BoardAction] = field(default_factory=list)


def _stream_leads(repo: Repository) -> dict[str, list[str]]:
    streams = repo.settings.workstreams if repo.settings else []
    return {s.id: [lead for lead in s.leads if key(lead) != key(NOBODY)] for s in streams}


def work_by_lead(repo: Repository, workstream: str | None = None) -> list[LeadWork]:
    """Every lead with live milestones (of ``workstream`` only, if given) or open board
    actions, in the order they first appear in the plan, then in the action log."""
    stream_leads = _stream_leads(repo)
    found: dict[str, LeadWork] = {}
    for entry in repo.entries():
        if not is_live(entry) or (workstream and entry.workstream != workstream):
            continue
        for lead in entry_leads(entry, stream_leads):
            found.setdefault(key(lead), LeadWork(lead)).entries.append(entry)
    open_actions = [a for a in repo.open_actions if a.status != "closed"]
    for action in open_actions:
        owners = [work for k, work in found.items() if owner_matches(action.owner, work.lead)]
        if owners:
            for work in owners:
                work.actions.append(action)
        elif workstream is None:
            found.setdefault(key(action.owner), LeadWork(action.owner)).actions.append(action)
    return list(found.values())


def select(
    repo: Repository, *, lead: str | None = None, workstream: str | None = None
) -> list[LeadWork]:
    """The leads a ``returns make`` asks for: one lead, one workstream's leads, or all."""
    if workstream is not None:
        named = repo.settings.workstream_named(workstream) if repo.settings else None
        workstream = named.id if named is not None else workstream  # as the board names it
        known = [s.id for s in (repo.settings.workstreams if repo.settings else [])]
        if workstream not in known:
            group = vocabulary(repo.settings).grouping.word
            raise ReturnsError(f"no {group} '{workstream}'", _nearest(workstream, known))
    everyone = work_by_lead(repo, workstream)
    if lead is None:
        return everyone
    chosen = [work for work in everyone if key(work.lead) == key(lead)]
    if not chosen:
        raise ReturnsError(
            f"no lead '{lead}' has live {vocabulary(repo.settings).tracked.words} or open "
            "board actions",
            _nearest(lead, [work.lead for work in everyone]),
        )
    return chosen


def _nearest(wanted: str, known: Iterable[str]) -> str:
    names = list(known)
    near = difflib.get_close_matches(wanted, names, n=3, cutoff=0.5)
    if near:
        return "nearest: " + "; ".join(near)
    return "known: " + "; ".join(names) if names else ""
