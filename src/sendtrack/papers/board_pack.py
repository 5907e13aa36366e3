"""The board pack: everything the improvement board reads before a meeting, as one object.

What a SEND improvement board's pack holds, in the order the board takes it: the overall
status (the headline sentence the minutes quote, "79 (83%) of 95 milestones in progress
or completed; …"), each workstream's highlight report, the re-profile register (every
milestone whose date the board has moved: original date, current date, slip, times
moved, the boards that agreed it — the minutes' "the original milestone date would
remain to ensure transparent monitoring"), the action log, the risk register with its
heat map, and the forward plan.

Which date the pack is "as of": a pack for a board already held is as of that board's
date, so it is reproducible; a pack for a board still to come is as of today (figures
cannot be known ahead). ``--as-of`` overrides both. ``today`` is passed in: nothing here
reads the clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sendtrack.board.common import BoardError, resolve_meeting
from sendtrack.board.meetings import ForwardPlan, forward_plan
from sendtrack.board.risks import Heatmap, heatmap
from sendtrack.core.dates import long_form
from sendtrack.models import Meeting
from sendtrack.papers.board_data import ActionLog, RiskSummary, action_log, risk_summary
from sendtrack.papers.burn_up import BurnUp, burn_up
from sendtrack.papers.highlight import HighlightReport, KeyEntry, compute_highlights, key_entries
from sendtrack.papers.impact import Impact, compute_impact
from sendtrack.papers.period import Period, resolve_period
from sendtrack.papers.since_board import SinceBoard, since_board
from sendtrack.papers.trend import Trend, recorded_trend
from sendtrack.plan.health import AgreedMove, milestone_health
from sendtrack.plan.status import MilestoneRow, StatusReport, compute_status, meeting_dates
from sendtrack.store.recorded import Record
from sendtrack.store.repository import Repository


@dataclass(frozen=True)
class RegisterEntry:
    """A re-profiled milestone: its row and every move in force, oldest first."""

    row: MilestoneRow
    moves: tuple[AgreedMove, ...]


@dataclass(frozen=True)
class BoardPack:
    meeting: Meeting
    """The board the pack is for."""
    period: Period
    status: StatusReport
    plan_title: str | None
    burn_up: BurnUp
    highlights: list[HighlightReport]
    register: list[RegisterEntry]
    actions: ActionLog
    risks: RiskSummary
    heat_map: Heatmap
    forward_plan: ForwardPlan
    key: list[KeyEntry]
    impact: Impact | None = None
    """The impact measures the pack opens with; None when the repository has none."""
    since_board: SinceBoard | None = None
    """What changed since the last board, from git; None when the record was not read."""
    trend: Trend | str | None = None
    """The figures at each board as recorded, or why there are none (outside git)."""

    @property
    def as_of(self) -> date:
        return self.period.end


def choose_meeting(repo: Repository, reference: str | None, today: date) -> Meeting:
    """The named meeting; else the next one on or after ``today``; else the latest.

    Raises ``BoardError`` (with a 'did you mean' hint) for a meeting not recorded.
    """
    if reference is not None:
        return resolve_meeting(repo, reference)
    candidates = [m for m in repo.board_meetings() if m.status != "cancelled"]
    if not candidates:
        raise BoardError("no meetings recorded in meetings/", "add the board's meetings first")
    upcoming = [m for m in candidates if m.date >= today]
    if upcoming:
        return min(upcoming, key=lambda m: m.date)
    return max(candidates, key=lambda m: m.date)


def reprofile_register(repo: Repository, status: StatusReport) -> list[RegisterEntry]:
    """Every milestone moved by an agreed re-profile in force on the status date."""
    dates = meeting_dates(repo)
    milestones = {entry.milestone.id: entry.milestone for entry in repo.entries()}
    return [
        RegisterEntry(
            row,
            milestone_health(milestones[row.id], status.as_of, dates, status.window_days).agreed,
        )
        for row in status.rows
        if row.reprofiles
    ]


def pack_day(repo: Repository, today: date, meeting: str | None = None) -> date:
    """The date a pack is as of without ``--as-of``: its board's, or today if sooner."""
    return min(today, choose_meeting(repo, meeting, today).date)


def compute_board_pack(
    repo: Repository,
    today: date,
    meeting: str | None = None,
    as_of: date | None = None,
    record: Record | None = None,
) -> BoardPack:
    """The pack for ``meeting`` (a meeting id or date; default the next board); with
    git's ``record``, what changed since the last board and the trend at every board."""
    chosen = choose_meeting(repo, meeting, today)
    day = as_of or pack_day(repo, today, meeting)
    if day > chosen.date:
        raise BoardError(
            f"--as-of {long_form(day)} is after the {long_form(chosen.date)} board",
            "a pack reports as of a date on or before its board",
        )
    status = compute_status(repo, day)
    period = resolve_period(repo, day)
    actions = action_log(repo, period)
    risks = risk_summary(repo, day)
    impact = compute_impact(repo, day, status.scheme)
    return BoardPack(
        meeting=chosen,
        period=period,
        status=status,
        plan_title=repo.settings.plan_title if repo.settings else None,
        burn_up=burn_up(status.rows, day),
        highlights=compute_highlights(repo, status, period, actions, risks, impact),
        register=reprofile_register(repo, status),
        actions=actions,
        risks=risks,
        heat_map=heatmap(repo, day),
        forward_plan=forward_plan(repo, day),
        key=key_entries(status.scheme, status.window_days, bool(status.carried_forward)),
        impact=impact,
        since_board=since_board(record, repo, period.start_meeting, day) if record else None,
        trend=recorded_trend(record, repo, day) if record else None,
    )
