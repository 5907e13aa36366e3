"""The highlight report: one workstream's page for the board, shaped like PRINCE2's.

PRINCE2's highlight report gives the board, at a set interval, the status of a stage:
the period covered, a status summary, work done this period and planned for the next,
tolerance issues (exceptions), decisions the board must take, and the key issues and
risks. Here the stage is a workstream and the interval is the gap between boards:

* header: workstream, leads, period (since the last board), as-of date, overall health
  with its reason (a workstream takes the health of its worst milestone, so nothing red
  is averaged away);
* status summary: counts and percentages, started and completed (``status.Counts``);
* this period: milestones completed, started and re-profiled, and progress notes;
* next period: what falls due before the next board;
* exceptions: red and amber milestones with original and current dates, slip, reason;
* decisions needed: re-profiles proposed for the board to agree;
* key risks linked to the workstream, highest score first, and its board actions;
* a key explaining every colour and symbol used.

Every figure comes from ``status.compute_status``: the highlight report filters and
arranges, it does not recount.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from sendtrack.board.risks import RiskRow
from sendtrack.models.plan import Milestone
from sendtrack.models.settings import shown_name
from sendtrack.models.vocabulary import DEFAULT, Noun, Vocabulary, vocabulary
from sendtrack.papers.board_data import (
    BAND_COLOURS,
    BAND_SCORES,
    BANDS,
    ActionLog,
    RiskSummary,
    action_log,
    risk_summary,
)
from sendtrack.papers.burn_up import BurnUp, burn_up
from sendtrack.papers.impact import Impact, compute_impact
from sendtrack.papers.narrative import ItemNarrative, workstream_narrative
from sendtrack.papers.period import Period, resolve_period
from sendtrack.papers.since_board import SinceBoard, since_board
from sendtrack.plan.colours import SCHEMES, Colour
from sendtrack.plan.health import Health, meeting_date
from sendtrack.plan.started import recorded_start
from sendtrack.plan.status import AwaitingBoard, Counts, MilestoneRow, StatusReport, compute_status
from sendtrack.store.recorded import Record
from sendtrack.store.repository import Repository

HEALTH_RULES: dict[Health, str] = {
    Health.OFF_TRACK: "not complete and past its current due date",
    Health.DELAYED: "not complete and not yet past its current date, but moved later than "
    "its baseline, marked at risk, or not started within {window} days of its due date",
    Health.ON_TRACK: "not complete, not yet due, and none of the signs of delay",
    Health.COMPLETE: "completed",
    Health.CARRIED_FORWARD: "not complete, carried forward into a later plan; counted here as "
    "carried forward",
    Health.WITHDRAWN: "withdrawn or superseded by the board; not counted in any figure",
}
"""What each health means, in the words the key prints (``plan/health.py`` has the rules)."""


@dataclass(frozen=True)
class KeyEntry:
    """One line of a paper's key: a colour with its symbol, and what it means."""

    colour: Colour
    name: str
    meaning: str


def key_entries(scheme: str, window_days: int, carried_forward: bool = False) -> list[KeyEntry]:
    """The key to every colour and symbol the papers print: health, then risk bands.
    'Carried forward' is explained only in papers whose plan has any."""
    chosen = SCHEMES[scheme]
    entries = [
        KeyEntry(
            chosen.colour(health),
            health.label.capitalize(),
            HEALTH_RULES[health].format(window=window_days),
        )
        for health in Health
        if carried_forward or health is not Health.CARRIED_FORWARD
    ]
    entries += [
        KeyEntry(
            BAND_COLOURS[each],
            f"{each.capitalize()} risk",
            f"risk score (likelihood × impact) {BAND_SCORES[each]}",
        )
        for each in BANDS
    ]
    return entries


@dataclass(frozen=True)
class OverallHealth:
    health: Health
    colour: Colour
    reason: str


def _ids(rows: Sequence[MilestoneRow]) -> str:
    return ", ".join(row.id for row in rows)


def overall_health(
    rows: Sequence[MilestoneRow], scheme: str, tracked: Noun = DEFAULT.tracked
) -> OverallHealth:
    """A workstream's health: that of its worst live milestone, with the ids that make it."""
    _milestones = tracked.count
    live = [row for row in rows if row.health is not Health.WITHDRAWN]
    off = [row for row in live if row.health is Health.OFF_TRACK]
    delayed = [row for row in live if row.health is Health.DELAYED]
    if off:
        health = Health.OFF_TRACK
        reason = f"{_milestones(len(off))} off track ({_ids(off)})"
        if delayed:
            reason += f" and {len(delayed)} delayed ({_ids(delayed)})"
    elif delayed:
        health = Health.DELAYED
        reason = f"{_milestones(len(delayed))} delayed ({_ids(delayed)}); none off track"
    elif live and all(row.health is Health.COMPLETE for row in live):
        health = Health.COMPLETE
        reason = f"all {_milestones(len(live))} complete"
    else:
        health = Health.ON_TRACK
        reason = (
            f"none of its {_milestones(len(live))} off track or delayed"
            if live
            else f"no {tracked.words}"
        )
    return OverallHealth(health, SCHEMES[scheme].colour(health), reason)


@dataclass(frozen=True)
class Completed:
    row: MilestoneRow
    on: date


@dataclass(frozen=True)
class Started:
    row: MilestoneRow
    on: date


@dataclass(frozen=True)
class Reprofiled:
    """A re-profile agreed at a board held within the period."""

    row: MilestoneRow
    moved_from: date
    to: date
    reason: str
    meeting: str
    meeting_date: date

    @property
    def days(self) -> int:
        return (self.to - self.moved_from).days


@dataclass(frozen=True)
class Note:
    row: MilestoneRow
    on: date
    note: str


@dataclass(frozen=True)
class HighlightReport:
    workstream: str
    name: str
    leads: tuple[str, ...]
    period: Period
    scheme: str
    overall: OverallHealth
    counts: Counts
    rows: list[MilestoneRow]
    """The workstream's milestones in plan order, withdrawn ones included."""
    burn_up: BurnUp
    completed: list[Completed]
    started: list[Started]
    unknown_starts: list[MilestoneRow]
    """No start recorded (``plan.started``), in progress or completed this period: they may
    have started in this period or before it, so they are named, not placed."""
    reprofiled: list[Reprofiled]
    notes: list[Note]
    next_period: list[MilestoneRow]
    exceptions: list[MilestoneRow]
    decisions: list[AwaitingBoard]
    risks: list[RiskRow]
    actions: ActionLog
    words: Vocabulary = DEFAULT
    """The plan's own words for its levels and groups."""
    lead_differs: list[MilestoneRow] = field(default_factory=list)
    """Live milestones whose lead rates them another colour than the derived one."""
    impact: Impact | None = None
    """The measures linked to the workstream's items; None when the repository has none."""
    also_known_as: tuple[str, ...] = ()
    """Other names the board uses for the workstream, where they differ from ``name``."""

    @property
    def shown(self) -> str:
        """The workstream's name with its other names, as headings print it."""
        return shown_name(self.name, self.also_known_as)

    since_board: SinceBoard | None = None
    """What changed in the workstream since the last board, from git (``since_board``)."""
    narrative: list[ItemNarrative] = field(default_factory=list)
    """What the plan says about the items above its milestones (``papers.narrative``)."""

    @property
    def as_of(self) -> date:
        return self.period.end


def _reprofiled(
    row: MilestoneRow, milestone: Milestone, period: Period, dates: dict[str, date]
) -> list[Reprofiled]:
    events: list[Reprofiled] = []
    current = milestone.baseline
    if current is None:
        return events  # undated: not in the dated rows the highlight report is built on
    for entry in milestone.reprofiles:
        held = meeting_date(entry.agreed_at, dates) if entry.agreed_at else None
        if entry.agreed_at is None or held is None or held > period.end:
            continue
        if period.contains(held):
            events.append(Reprofiled(row, current, entry.to, entry.reason, entry.agreed_at, held))
        current = entry.to
    return events


def compute_highlights(
    repo: Repository,
    status: StatusReport,
    period: Period,
    actions: ActionLog,
    risks: RiskSummary,
    measures: Impact | None,
    workstreams: Sequence[str] | None = None,
) -> list[HighlightReport]:
    """One highlight report per workstream (all, in the settings' order, when None).

    ``status``, ``actions``, ``risks`` and ``measures`` (``compute_impact``) must be as
    of ``period.end``: the board pack computes them once for itself and its reports.
    """
    if status.as_of != period.end:
        raise ValueError("the status report and the period must end on the same date")
    settings = repo.settings
    streams = {stream.id: stream for stream in settings.workstreams} if settings else {}
    wanted = list(workstreams) if workstreams is not None else [g.id for g in status.by_workstream]
    milestones = {entry.milestone.id: entry.milestone for entry in repo.entries()}
    dates = {meeting.id: meeting.date for meeting in repo.meetings}
    groups = {group.id: group for group in status.by_workstream}
    as_of = period.end
    reports = []
    for stream_id in wanted:
        rows = [row for row in status.rows if row.workstream == stream_id]
        live = [row for row in rows if row.health is not Health.WITHDRAWN]
        stream = streams.get(stream_id)
        completed = sorted(
            (
                Completed(row, row.completed_on)
                for row in live
                if row.completed_on is not None and period.contains(row.completed_on)
            ),
            key=lambda event: (event.on, event.row.id),
        )
        starts = {row.id: recorded_start(milestones[row.id]) for row in live if row.started}
        started = sorted(
            (
                Started(row, on)
                for row in live
                if (on := starts.get(row.id)) is not None and period.contains(on)
            ),
            key=lambda event: (event.on, event.row.id),
        )
        reports.append(
            HighlightReport(
                workstream=stream_id,
                name=stream.name if stream else groups[stream_id].name,
                leads=tuple(stream.leads) if stream else (),
                period=period,
                scheme=status.scheme,
                overall=overall_health(rows, status.scheme, status.words.tracked),
                counts=groups[stream_id].counts,
                rows=rows,
                burn_up=burn_up(live, as_of),
                completed=completed,
                started=started,
                unknown_starts=[
                    row
                    for row in live
                    if row.started
                    and starts[row.id] is None
                    and (row.status == "in_progress" or period.contains(row.completed_on))
                ],
                reprofiled=[
                    event
                    for row in live
                    for event in _reprofiled(row, milestones[row.id], period, dates)
                ],
                notes=[
                    Note(row, update.on, update.note)
                    for row in live
                    for update in milestones[row.id].updates
                    if period.contains(update.on)
                ],
                next_period=[row for row in status.due_before_next if row.workstream == stream_id],
                exceptions=[row for row in status.exceptions if row.workstream == stream_id],
                decisions=[
                    item for item in status.awaiting_board if item.milestone.workstream == stream_id
                ],
                risks=risks.for_workstream(stream_id),
                actions=actions.for_workstream(stream_id),
                words=status.words,
                lead_differs=[row for row in live if row.lead_differs],
                impact=measures.for_workstream(stream_id) if measures else None,
                also_known_as=stream.other_names if stream else (),
                narrative=workstream_narrative(repo, status.words, stream_id, as_of),
            )
        )
    return reports


class UnknownWorkstream(ValueError):
    """``--workstream`` names no workstream of the partnership."""


@dataclass(frozen=True)
class HighlightPapers:
    """What ``sendtrack report highlight`` prints: one or more reports, with their key."""

    partnership: str
    board: str
    reports: list[HighlightReport]
    key: list[KeyEntry]
    notes: list[str]
    """Caveats from the status report (how many statuses are illustrative)."""


def highlight_papers(
    repo: Repository,
    as_of: date,
    since: str | None = None,
    workstream: str | None = None,
    record: Record | None = None,
) -> HighlightPapers:
    """Highlight reports as of ``as_of`` for one workstream, or all (None or 'all'); with
    git's ``record``, each says what changed in it since the period's board.

    Raises ``UnknownWorkstream`` and ``period.PeriodError`` for arguments that name
    nothing in the repository.
    """
    known = list(repo.workstream_names())
    named = repo.settings.workstream_named(workstream) if repo.settings and workstream else None
    if named is not None:
        workstream = named.id  # its name, or another name the board uses, as typed
    if workstream is not None and workstream != "all" and workstream not in known:
        close = difflib.get_close_matches(workstream, known, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        group = vocabulary(repo.settings).grouping
        raise UnknownWorkstream(
            f"no {group.word} '{workstream}'{hint}; known: {', '.join(known)} or 'all'"
        )
    status = compute_status(repo, as_of)
    period = resolve_period(repo, as_of, since)
    wanted = None if workstream in (None, "all") else [workstream]
    reports = compute_highlights(
        repo,
        status,
        period,
        action_log(repo, period),
        risk_summary(repo, as_of),
        compute_impact(repo, as_of, status.scheme),
        wanted,
    )
    if record is not None:
        changed = since_board(record, repo, period.start_meeting, as_of)
        reports = [replace(r, since_board=changed.for_workstream(r.workstream)) for r in reports]
    return HighlightPapers(
        status.partnership,
        status.board,
        reports,
        key_entries(status.scheme, status.window_days, bool(status.carried_forward)),
        status.notes,
    )
