"""The figures at every board, as the board saw them: the trend, computed from git.

For each held meeting, oldest first, the repository is read as committed by the end of
that day (``store.recorded``) and evaluated at that date: milestones total, started and
completed (counts and percentages), red and amber, measures on trajectory, open and
overdue board actions, risks by band. A board older than the first commit is listed as
not recorded, never guessed; a board whose recorded data did not load says so.

Why not evaluate today's data at each board's date: a milestone added in April would
count in March, and a September "at risk" would colour a March view. The record in git
is what the board actually had.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sendtrack.board.risks import band
from sendtrack.core.problems import Severity
from sendtrack.measures.health import MeasureHealth
from sendtrack.measures.scorecard import build_scorecard
from sendtrack.plan.health import Health
from sendtrack.plan.status import Counts, StatusReport, compute_status
from sendtrack.store.cache import ModelCache
from sendtrack.store.history import HistoryError
from sendtrack.store.recorded import Commit, NotInGit, Record
from sendtrack.store.repository import Repository

BANDS = ("extreme", "high", "moderate", "low")


@dataclass(frozen=True)
class BoardFigures:
    """What one board saw."""

    meeting: str
    day: date
    commit: Commit | None
    """None when nothing was recorded by that day."""
    note: str | None
    """Why the figures are missing or may mislead (not recorded, did not load, rewritten)."""
    milestones: Counts | None
    off_track: list[str] = field(default_factory=list)
    delayed: list[str] = field(default_factory=list)
    measures: dict[str, int] = field(default_factory=dict)
    """Measure health value → count."""
    open_actions: int = 0
    overdue_actions: int = 0
    risks: dict[str, int] = field(default_factory=dict)
    """Band → open risks."""
    status: StatusReport | None = None

    @property
    def recorded(self) -> bool:
        return self.milestones is not None


@dataclass(frozen=True)
class Trend:
    body: str
    boards: list[BoardFigures]

    def recorded(self) -> list[BoardFigures]:
        return [board for board in self.boards if board.recorded]


def figures_of(repo: Repository, day: date) -> tuple[StatusReport, dict[str, int]]:
    """The status report and the measure counts of ``repo`` as of ``day``."""
    report = compute_status(repo, day)
    scorecard = build_scorecard(repo, day, report.scheme)
    measures = {health.value: scorecard.count(health) for health in MeasureHealth}
    return report, measures


def _board(
    meeting: str, day: date, repo: Repository, commit: Commit, note: str | None
) -> BoardFigures:
    report, measures = figures_of(repo, day)
    open_actions = [a for a in repo.open_actions if a.status != "closed"]
    risks = {name: 0 for name in BANDS}
    for risk in repo.risks:
        if risk.status == "open":
            risks[band(risk.score)] += 1
    return BoardFigures(
        meeting=meeting,
        day=day,
        commit=commit,
        note=note,
        milestones=report.milestones,
        off_track=[r.id for r in report.exceptions if r.health is Health.OFF_TRACK],
        delayed=[r.id for r in report.exceptions if r.health is Health.DELAYED],
        measures=measures,
        open_actions=len(open_actions),
        overdue_actions=len(report.overdue_actions),
        risks=risks,
        status=report,
    )


def board_trend(
    root: Path, repo: Repository, *, until: date | None = None, record: Record | None = None
) -> Trend:
    """The figures at every held meeting in ``repo`` (the current data names the boards),
    each read as recorded on its own day. ``HistoryError`` outside git. ``record``: one
    already opened (a board pack reads it again for what changed since the last board)."""
    own = record is None
    active = record or Record(root, ModelCache(root, persist=False))
    try:
        return _trend(active, repo, until)
    finally:
        if own:
            active.close()


def recorded_trend(record: Record, repo: Repository, until: date) -> Trend | str:
    """The trend for a paper: the figures, or why there are none (outside git), which
    the paper says in a sentence where ``sendtrack trend`` fails with it."""
    try:
        return board_trend(record.root, repo, until=until, record=record)
    except NotInGit:
        return "the data is not kept in git, so no board's figures were recorded"
    except HistoryError as exc:
        return str(exc)


def _trend(record: Record, repo: Repository, until: date | None) -> Trend:
    past = record.history()
    # The meetings of the body the figures report to: a scrutiny committee meeting on
    # its own day is not a board whose figures the trend compares.
    meetings = sorted(
        (
            m
            for m in repo.board_meetings()
            if m.status == "held" and (until is None or m.date <= until)
        ),
        key=lambda m: (m.date, m.id),
    )
    boards: list[BoardFigures] = []
    for meeting in meetings:
        commit = past.at(meeting.date)
        if commit is None:
            boards.append(
                BoardFigures(
                    meeting.id,
                    meeting.date,
                    None,
                    "not recorded: no commit on or before that day",
                    None,
                )
            )
            continue
        recorded = record.read(meeting.date)
        errors = [p for p in recorded.problems if p.severity is Severity.ERROR]
        if errors:
            files = ", ".join(sorted({p.file for p in errors}))
            boards.append(
                BoardFigures(
                    meeting.id,
                    meeting.date,
                    commit,
                    f"the data recorded then did not load ({files})",
                    None,
                )
            )
            continue
        boards.append(_board(meeting.id, meeting.date, recorded.repo, commit, recorded.note))
    body = repo.settings.board if repo.settings else "board"
    return Trend(body, boards)


__all__ = [
    "BoardFigures",
    "HistoryError",
    "Trend",
    "board_trend",
    "figures_of",
    "recorded_trend",
]
