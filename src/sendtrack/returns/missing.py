"""Which leads to chase: those with live milestones that have had no update since the last
board (or since a given day), with their counts.

"An update" is anything a lead's return or command leaves in the milestone's record: an
``updates`` entry (a status change, a note, at risk), or a re-profile proposed, dated on
or after the day the period starts. The period starts the day after the last board held
on or before the as-of date, so what was reported *at* that board does not count as news
since it; with ``since``, on that day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sendtrack.board.common import last_board
from sendtrack.models.plan import Milestone
from sendtrack.models.vocabulary import DEFAULT, Noun, vocabulary
from sendtrack.returns.leads import ReturnsError, work_by_lead
from sendtrack.store.repository import Repository


@dataclass(frozen=True)
class LeadMissing:
    lead: str
    live: int
    updated: int
    ids: tuple[str, ...]
    """Live milestones with no update in the period, in plan order."""

    @property
    def missing(self) -> int:
        return len(self.ids)


@dataclass(frozen=True)
class MissingReport:
    as_of: date
    since: date
    """The first day an update counts from."""
    board: str | None
    """The meeting the period runs from, when it is 'since the last board'."""
    leads: list[LeadMissing]
    """Leads with at least one live milestone not updated: most missing first."""
    tracked: Noun = DEFAULT.tracked
    """What the plan calls its tracked items ('milestone', 'next step')."""

    def as_dict(self) -> dict[str, object]:
        return {
            "as_of": self.as_of.isoformat(),
            "since": self.since.isoformat(),
            "since_board": self.board,
            "leads": [
                {
                    "lead": lead.lead,
                    "live": lead.live,
                    "updated": lead.updated,
                    "missing": lead.missing,
                    "milestones": list(lead.ids),
                }
                for lead in self.leads
            ],
        }


def updated_since(milestone: Milestone, since: date) -> bool:
    return any(u.on >= since for u in milestone.updates) or any(
        r.proposed_on is not None and r.proposed_on >= since for r in milestone.reprofiles
    )


def missing_updates(repo: Repository, as_of: date, since: date | None = None) -> MissingReport:
    """Leads with live milestones and no update since the last board (or ``since``)."""
    board = None
    if since is None:
        held = last_board(repo, as_of)
        if held is None:
            raise ReturnsError(
                "no board has met on or before the as-of date, so 'since the last board' "
                "means nothing yet",
                "give --since DATE",
            )
        board, since = held.id, held.date + timedelta(days=1)
    leads = []
    for work in work_by_lead(repo):
        if not work.entries:
            continue
        stale = tuple(e.milestone.id for e in work.entries if not updated_since(e.milestone, since))
        if stale:
            leads.append(
                LeadMissing(work.lead, len(work.entries), len(work.entries) - len(stale), stale)
            )
    leads.sort(key=lambda lead: -lead.missing)
    return MissingReport(as_of, since, board, leads, vocabulary(repo.settings).tracked)
