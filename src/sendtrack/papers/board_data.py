"""The board's own records as the papers show them, built on ``sendtrack.board``.

``sendtrack.board`` lists the action log (days overdue, boards carried over), the risk
register (score, band, trend since the last board) and the 5×5 heat map. The papers add
three things it does not need for its own commands:

* which workstream a board action or a risk belongs to. Neither names one; both link to
  plan items (priorities, outcomes, actions, milestones), and a board action may link to
  a risk. A link to a plan item puts the record in that item's workstream; a priority
  means its lead workstream;
* the action log *as of* the paper's date: an action closed after that date was still
  open then (as ``status`` counts it), and one raised later is not listed;
* the colour and symbol printed beside each risk band.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from sendtrack.board.actions import list_actions
from sendtrack.board.risks import Band, RiskRow, list_risks, trend
from sendtrack.core.dates import shift
from sendtrack.models.plan import is_implicit
from sendtrack.models.tracker import BoardAction, BoardActionStatus
from sendtrack.papers.period import Period
from sendtrack.plan.colours import AMBER, GREEN, RED, YELLOW, Colour
from sendtrack.store.repository import Repository

# -- workstreams of linked records ----------------------------------------------------------


def plan_workstreams(repo: Repository) -> dict[str, frozenset[str]]:
    """Plan id (priority, outcome, action or milestone) → the workstreams it belongs to."""
    found: dict[str, set[str]] = {}
    for priority in repo.priorities:
        found.setdefault(priority.id, set()).update(filter(None, [priority.workstream]))
    for entry in repo.entries():
        streams = set(filter(None, [entry.workstream]))
        # A stand-in for a level the plan lacks carries the top level's id: skip it.
        if not is_implicit(entry.outcome):
            found.setdefault(entry.outcome.id, set()).update(streams)
        if not is_implicit(entry.action):
            found.setdefault(entry.action.id, set()).update(streams)
        found.setdefault(entry.milestone.id, set()).update(streams)
    return {key: frozenset(value) for key, value in found.items()}


def _linked(links: Iterable[str], lookup: dict[str, frozenset[str]]) -> frozenset[str]:
    streams: set[str] = set()
    for link in links:
        streams |= lookup.get(link, frozenset())
    return frozenset(streams)


def risk_workstreams(repo: Repository) -> dict[str, frozenset[str]]:
    """Risk id → the workstreams of the plan items it links to."""
    plan = plan_workstreams(repo)
    return {risk.id: _linked(risk.links, plan) for risk in repo.risks}


# -- the action log --------------------------------------------------------------------------


@dataclass(frozen=True)
class BoardActionRow:
    """A board action as of the paper's date, with what the action log marks about it."""

    action: BoardAction
    status: BoardActionStatus
    """As of the paper's date: an action closed later was still open then."""
    closed_on: date | None
    raised_on: date | None
    days_overdue: int
    """Days past its due date while open; 0 when not overdue."""
    carried_over: int
    """Boards held after it was raised at which it was still open."""
    workstreams: frozenset[str]
    archived: bool

    @property
    def id(self) -> str:
        return self.action.id

    @property
    def open(self) -> bool:
        return self.status != "closed"

    @property
    def status_label(self) -> str:
        return self.status.replace("_", " ")


@dataclass(frozen=True)
class ActionLog:
    """The action log for a paper: open (overdue ones marked), and closed in the period."""

    open: list[BoardActionRow]
    """Open and in-progress actions, oldest raised first."""
    closed_since: list[BoardActionRow]
    """Closed within the reporting period."""

    @property
    def overdue(self) -> list[BoardActionRow]:
        return [row for row in self.open if row.days_overdue]

    def for_workstream(self, workstream: str) -> ActionLog:
        return ActionLog(
            [row for row in self.open if workstream in row.workstreams],
            [row for row in self.closed_since if workstream in row.workstreams],
        )


def _status_as_of(action: BoardAction, as_of: date) -> BoardActionStatus:
    """The status on ``as_of``: a closure dated later is undone, using dated updates."""
    if action.status != "closed" or action.closed_on is None or action.closed_on <= as_of:
        return action.status
    earlier = [
        update.status
        for update in action.updates
        if update.status is not None and update.status != "closed" and update.on <= as_of
    ]
    return earlier[-1] if earlier else "open"


def action_rows(repo: Repository, as_of: date) -> list[BoardActionRow]:
    """Every board action raised by ``as_of`` (open file and archive), as of that date,
    oldest raised first."""
    lookup = {**plan_workstreams(repo), **risk_workstreams(repo)}
    rows: list[BoardActionRow] = []
    for listed in list_actions(repo, as_of).rows:
        action = listed.action
        if listed.raised_on is not None and listed.raised_on > as_of:
            continue
        status = _status_as_of(action, as_of)
        is_open = status != "closed"
        rows.append(
            BoardActionRow(
                action=action,
                status=status,
                closed_on=None if is_open else action.closed_on,
                raised_on=listed.raised_on,
                days_overdue=(as_of - action.due).days if is_open and action.due < as_of else 0,
                carried_over=listed.carried_over,
                workstreams=_linked(action.links, lookup),
                archived=listed.archived,
            )
        )
    return rows


def action_log(repo: Repository, period: Period) -> ActionLog:
    """The action log as of ``period.end``: open actions, and those closed in the period."""
    rows = action_rows(repo, period.end)
    return ActionLog(
        [row for row in rows if row.open],
        [row for row in rows if not row.open and period.contains(row.closed_on)],
    )


# -- risks -------------------------------------------------------------------------------------

BAND_COLOURS: dict[Band, Colour] = {"extreme": RED, "high": AMBER, "moderate": YELLOW, "low": GREEN}
"""The colour (with its symbol) printed beside each band's name, never alone."""
BAND_SCORES: dict[Band, str] = {"extreme": "15–25", "high": "8–12", "moderate": "4–6", "low": "1–3"}
BANDS: tuple[Band, ...] = ("extreme", "high", "moderate", "low")


@dataclass(frozen=True)
class RiskSummary:
    """The register's summary for the board pack."""

    open: list[RiskRow]
    """Open risks, highest score first, then by id (``board.risks.list_risks``)."""
    closed: int
    by_band: dict[Band, int]
    """Open risks per band, every band present, worst first."""
    workstreams: dict[str, frozenset[str]]
    """Risk id → linked workstreams."""

    @property
    def review_overdue(self) -> list[RiskRow]:
        return [row for row in self.open if row.review_overdue]

    def for_workstream(self, workstream: str) -> list[RiskRow]:
        return [row for row in self.open if workstream in self.workstreams[row.risk.id]]


def risk_rows(repo: Repository, as_of: date, include_closed: bool = False) -> list[RiskRow]:
    """``board.risks.list_risks``, with the trend measured against the last board held
    *before* ``as_of``: on the day of a board its papers compare with the board before,
    as the reporting period does (a risk added at this board is 'new')."""
    day_before = shift(as_of, -1)
    return [
        replace(row, trend=trend(row.risk, repo, day_before))
        for row in list_risks(repo, as_of, include_closed=include_closed).rows
    ]


def risk_summary(repo: Repository, as_of: date) -> RiskSummary:
    listed = risk_rows(repo, as_of)
    by_band: dict[Band, int] = dict.fromkeys(BANDS, 0)
    for row in listed:
        by_band[row.band] += 1
    return RiskSummary(
        open=listed,
        closed=sum(1 for risk in repo.risks if risk.status == "closed"),
        by_band=by_band,
        workstreams=risk_workstreams(repo),
    )
