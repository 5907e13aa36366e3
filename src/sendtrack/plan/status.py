"""Where the plan stands as of a date: the status report, computed once as data.

``compute_status(repo, as_of)`` is what ``sendtrack status`` renders and what board
papers, the review diff and benchmarks build on. It holds every figure the board reads:
the headline ("79 (83%) of 95 milestones in progress or completed; 41 (43%) completed"),
counts by health and colour, tables per workstream and per priority, the exception list
(red first, then amber), re-profiles awaiting the board, overdue board actions, and what
falls due by the next scheduled board. Renderers (``render/status.py``) only format it.

Denominators: withdrawn milestones are out of every count and percentage and listed on
their own; milestones that had not entered the plan by the as-of date are not there at
all (``lifecycle.py``). "Started" means in progress or complete, as the board counts it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from sendtrack.core.exclusions import Exclusions
from sendtrack.core.ids import natural_key
from sendtrack.core.numbers import count_and_percent, percent
from sendtrack.measures.scorecard import Scorecard, build_scorecard
from sendtrack.models.plan import LeadRating, Milestone, MilestoneStatus, Reprofile, is_implicit
from sendtrack.models.settings import shown_name
from sendtrack.models.tracker import BoardAction
from sendtrack.models.vocabulary import DEFAULT, Noun, Vocabulary, vocabulary
from sendtrack.plan.colours import DEFAULT_SCHEME, SCHEMES, Colour
from sendtrack.plan.health import (
    DEFAULT_WINDOW_DAYS,
    Assessment,
    Health,
    meeting_date,
    milestone_health,
    status_as_of,
)
from sendtrack.plan.lifecycle import (
    carried_from,
    entered_on,
    existed,
    plan_agreed_on,
    priority_entered_on,
)
from sendtrack.store.repository import PlanEntry, Repository

LIVE_HEALTHS = (Health.OFF_TRACK, Health.DELAYED, Health.ON_TRACK, Health.COMPLETE)
"""The healths that count in the denominators, worst first."""


@dataclass(frozen=True, slots=True)
class MilestoneRow:
    """One milestone as every report shows it: where it sits, its dates, its health."""

    id: str
    title: str
    action: str | None
    """Id of the plan action it belongs to (None in a plan without that level)."""
    outcome: str | None
    """Id of its outcome (None in a plan without that level)."""
    priority: str
    workstream: str
    """Id of the action's workstream (else its top level's; "" where neither names one)."""
    status: MilestoneStatus
    """Status as of the report's date (see ``health``: later completions don't count yet)."""
    health: Health
    colour: Colour
    reason: str
    baseline_due: date
    current_due: date
    slip_days: int
    reprofiles: int
    """Times the date has moved (agreed re-profiles in force)."""
    late: bool
    """Complete, after the baseline date."""
    pending: tuple[Reprofile, ...]
    """Re-profiles awaiting the board."""
    completed_on: date | None
    illustrative: bool
    """The status is illustrative, not from the sources."""
    added_on: date | None = None
    """When it entered the plan (``lifecycle.entered_on``); None when nothing says."""
    lead_rating: LeadRating | None = None
    """The lead's own rating, if given by the report's date (figures never use it)."""
    continues: str | None = None
    """The milestone of an earlier plan it was carried forward from, if any."""
    original_due: date | None = None
    """That milestone's baseline: slip is measured from it (``slip_days``)."""

    @property
    def started(self) -> bool:
        return self.status != "not_started"

    @property
    def proposed_slip_days(self) -> int | None:
        """The slip if the latest re-profile awaiting the board is agreed, measured as
        ``slip_days`` is; None while none awaits."""
        if not self.pending:
            return None
        return (self.pending[-1].to - (self.original_due or self.baseline_due)).days

    @property
    def lead_differs(self) -> bool:
        """The lead rates it another colour than its derived health's."""
        return self.lead_rating is not None and self.lead_rating.colour != self.colour.name


@dataclass(frozen=True)
class Counts:
    """Milestone counts for the whole plan or one group. Withdrawn ones are not in ``total``;
    carried-forward ones are ("of the 47 actions, 33 had been completed and 14 were carried
    forward"), in a count of their own."""

    total: int
    not_started: int
    in_progress: int
    complete: int
    withdrawn: int
    by_health: dict[Health, int]
    """Every live health (off track, delayed, on track, complete): with ``carried_forward``
    they sum to ``total``."""
    by_colour: dict[str, int]
    """Colour name → live milestones of that colour in the report's scheme."""
    carried_forward: int = 0
    """Carried forward into a later plan: counted in ``total``, neither started nor complete."""
    undated: int = 0
    """Undated ('ongoing', 'TBC'): counted in ``total`` and by status, in no health."""

    @property
    def started(self) -> int:
        return self.in_progress + self.complete

    @property
    def started_pct(self) -> int:
        return percent(self.started, self.total)

    @property
    def complete_pct(self) -> int:
        return percent(self.complete, self.total)

    def headline(self, tracked: Noun = DEFAULT.tracked) -> str:
        """The board's sentence: '79 (83%) of 95 milestones in progress or completed; …'."""
        noun = tracked.word if self.total == 1 else tracked.words
        text = (
            f"{count_and_percent(self.started, self.total)} of {self.total} {noun} in "
            f"progress or completed; {count_and_percent(self.complete, self.total)} completed"
        )
        if self.carried_forward:
            text += f"; {self.carried_forward} carried forward"
        if self.undated:
            text += f"; {self.undated} undated"
        if self.withdrawn:
            text += f"; {self.withdrawn} withdrawn (not counted)"
        return text


@dataclass(frozen=True)
class Group:
    """Counts for one workstream or one priority."""

    id: str
    name: str
    counts: Counts
    short: str | None = None
    """A short title for tables (upper levels may carry one), else None."""
    also_known_as: tuple[str, ...] = ()
    """Other names the board uses for a workstream, where they differ from ``name``."""

    @property
    def shown(self) -> str:
        """The name with its other names, as headings and tables print it."""
        return shown_name(self.name, self.also_known_as)


@dataclass(frozen=True)
class AwaitingBoard:
    """A re-profile not in force as of the report's date: proposed, or agreed later."""

    milestone: MilestoneRow
    to: date
    reason: str
    proposed_on: date | None
    agreed_at: str | None
    """Set when the record says a later meeting agreed it (looking back with --as-of)."""


@dataclass(frozen=True)
class ActionRow:
    """A board action from the action log, as the overdue list shows it."""

    id: str
    meeting: str
    text: str
    owner: str
    due: date
    status: str
    days_overdue: int


@dataclass(frozen=True)
class MeetingRef:
    id: str
    date: date
    board: str


@dataclass(frozen=True)
class StatusReport:
    """Everything ``sendtrack status`` prints, in every format."""

    as_of: date
    partnership: str
    board: str
    scheme: str
    """Name of the colour scheme used (a key of ``colours.SCHEMES``)."""
    window_days: int
    milestones: Counts
    rows: list[MilestoneRow]
    """Every milestone in plan order, withdrawn ones included."""
    by_workstream: list[Group]
    by_priority: list[Group]
    exceptions: list[MilestoneRow]
    """Off track, then delayed; plan order within each."""
    withdrawn: list[MilestoneRow]
    awaiting_board: list[AwaitingBoard]
    overdue_actions: list[ActionRow]
    next_meeting: MeetingRef | None
    due_before_next: list[MilestoneRow]
    """Live, not complete, current date from the as-of date up to the next board's date."""
    notes: list[str] = field(default_factory=list)
    """Caveats a reader needs, e.g. how many statuses are illustrative."""
    words: Vocabulary = DEFAULT
    """The plan's own words for its levels and groups."""
    carried_forward: list[MilestoneRow] = field(default_factory=list)
    """Carried forward into a later plan by the as-of date, in plan order."""
    undated: list[UndatedRow] = field(default_factory=list)
    """Milestones with no date ('ongoing', 'TBC'), not withdrawn: counted on their own."""
    excluded: Exclusions = field(default_factory=Exclusions)
    """Files with problems left out of every figure (``checks.readable``)."""
    measures: Scorecard | None = None
    """The impact measures' scorecard in the same colours (None: the plan has none)."""

    @property
    def headline(self) -> str:
        return self.excluded.mark(self.milestones.headline(self.words.tracked), "plan")


# -- computing ------------------------------------------------------------------------


def meeting_dates(repo: Repository) -> dict[str, date]:
    """Meeting id → date, for ``health.milestone_health``."""
    return {meeting.id: meeting.date for meeting in repo.meetings}


def scheme_of(repo: Repository, override: str | None = None) -> str:
    """The colour scheme: ``override`` if given, else the settings', else the default."""
    if override is not None:
        if override not in SCHEMES:
            raise ValueError(f"unknown colour scheme '{override}'; known: {', '.join(SCHEMES)}")
        return override
    return repo.settings.colour_scheme if repo.settings else DEFAULT_SCHEME


def window_of(repo: Repository) -> int:
    return repo.settings.not_started_window_days if repo.settings else DEFAULT_WINDOW_DAYS


def chain_ids(entry: PlanEntry) -> tuple[str | None, str | None]:
    """The ids a milestone's row names for its outcome and action: None for a stand-in."""
    outcome, action = entry.outcome, entry.action
    return (
        None if is_implicit(outcome) else outcome.id,
        None if is_implicit(action) else action.id,
    )


def milestone_row(
    entry: PlanEntry,
    chain: tuple[str | None, str | None],
    assessment: Assessment,
    scheme: str,
    added_on: date | None = None,
    continues: Milestone | None = None,
    as_of: date | None = None,
) -> MilestoneRow:
    """A milestone's row; ``chain``: the ids of its outcome and action as written (None
    for a stand-in); ``continues`` is the earlier plan's milestone it carries on, whose
    baseline its slip is measured from (its health stays its own)."""
    milestone = entry.milestone
    slip = assessment.slip_days
    original = continues.baseline if continues is not None else None
    if original is not None:
        slip = (assessment.current_due - original).days
    return MilestoneRow(
        id=milestone.id,
        title=milestone.title,
        action=chain[1],
        outcome=chain[0],
        priority=entry.priority.id,
        workstream=entry.workstream or "",
        status=assessment.status,
        health=assessment.health,
        colour=SCHEMES[scheme].colour(assessment.health),
        reason=assessment.reason,
        baseline_due=assessment.baseline_due,
        current_due=assessment.current_due,
        slip_days=slip,
        reprofiles=assessment.reprofiles,
        late=assessment.late,
        pending=assessment.pending,
        completed_on=milestone.completed_on if assessment.status == "complete" else None,
        illustrative=milestone.illustrative,
        added_on=added_on,
        lead_rating=(
            milestone.lead_rating
            if milestone.lead_rating is not None
            and (as_of is None or milestone.lead_rating.on <= as_of)
            else None
        ),
        continues=continues.id if original is not None and continues is not None else None,
        original_due=original,
    )


def milestone_rows(
    repo: Repository, as_of: date, scheme: str | None = None, *, existing_only: bool = True
) -> list[MilestoneRow]:
    """Every milestone's row in plan order: what ``sendtrack milestones`` filters.

    Only milestones that had entered the plan by ``as_of`` (``lifecycle``), unless
    ``existing_only`` is False (``show`` looks any item up, saying when it was added).
    """
    chosen = scheme_of(repo, scheme)
    dates = meeting_dates(repo)
    window = window_of(repo)
    default = plan_agreed_on(repo.settings)
    originals = carried_from(repo)
    rows = []
    for entry in repo.entries():
        if entry.milestone.baseline is None:
            continue  # undated: counted and listed on its own (undated_rows)
        added = entered_on(entry, dates, default)
        if existing_only and not existed(added, as_of):
            continue
        health = milestone_health(entry.milestone, as_of, dates, window)
        original = originals.get(entry.milestone.id)
        rows.append(milestone_row(entry, chain_ids(entry), health, chosen, added, original, as_of))
    return rows


@dataclass(frozen=True, slots=True)
class UndatedRow:
    """A milestone with no date ('ongoing', 'TBC'): it has a status but no health, so it is
    counted and listed on its own, never as on track."""

    id: str
    title: str
    action: str | None
    outcome: str | None
    priority: str
    workstream: str
    status: MilestoneStatus
    """As of the report's date."""
    word: str
    """What the plan writes for its date: 'ongoing', 'TBC' or 'TBD'."""
    withdrawn: bool
    """Withdrawn by a meeting held by the report's date: then counted as withdrawn."""
    illustrative: bool
    added_on: date | None


def undated_rows(repo: Repository, as_of: date) -> list[UndatedRow]:
    """Every undated milestone in the plan on ``as_of``, in plan order."""
    dates = meeting_dates(repo)
    default = plan_agreed_on(repo.settings)
    rows = []
    for entry in repo.entries():
        milestone = entry.milestone
        if milestone.baseline is not None:
            continue
        added = entered_on(entry, dates, default)
        if not existed(added, as_of):
            continue
        withdrawal = milestone.withdrawn
        held = meeting_date(withdrawal.agreed_at, dates) if withdrawal else None
        outcome_id, action_id = chain_ids(entry)
        rows.append(
            UndatedRow(
                id=milestone.id,
                title=milestone.title,
                action=action_id,
                outcome=outcome_id,
                priority=entry.priority.id,
                workstream=entry.workstream or "",
                status=status_as_of(milestone, as_of),
                word=str(milestone.due),
                withdrawn=held is not None and held <= as_of,
                illustrative=milestone.illustrative,
                added_on=added,
            )
        )
    return rows


def _count(
    live: list[MilestoneRow],
    withdrawn: int,
    scheme: str,
    carried_forward: int = 0,
    undated: Sequence[UndatedRow] = (),
) -> Counts:
    by_health = {health: 0 for health in LIVE_HEALTHS}
    by_colour: dict[str, int] = {}
    for health in LIVE_HEALTHS:
        by_colour.setdefault(SCHEMES[scheme].colour(health).name, 0)
    for row in live:
        by_health[row.health] += 1
        by_colour[row.colour.name] += 1
    dated_and_not: list[MilestoneRow | UndatedRow] = [*live, *undated]
    return Counts(
        total=len(dated_and_not) + carried_forward,
        not_started=sum(1 for row in dated_and_not if row.status == "not_started"),
        in_progress=sum(1 for row in dated_and_not if row.status == "in_progress"),
        complete=sum(1 for row in dated_and_not if row.status == "complete"),
        withdrawn=withdrawn,
        by_health=by_health,
        by_colour=by_colour,
        carried_forward=carried_forward,
        undated=len(undated),
    )


def _counts(rows: list[MilestoneRow], scheme: str, undated: Sequence[UndatedRow] = ()) -> Counts:
    counted = [row for row in rows if row.health is not Health.WITHDRAWN]
    live = [row for row in counted if row.health is not Health.CARRIED_FORWARD]
    current = [row for row in undated if not row.withdrawn]
    withdrawn = len(rows) - len(counted) + len(undated) - len(current)
    return _count(live, withdrawn, scheme, len(counted) - len(live), current)


def _groups(
    rows: list[MilestoneRow],
    key: str,
    names: Mapping[str, str],
    scheme: str,
    shorts: Mapping[str, str | None] | None = None,
    undated: Sequence[UndatedRow] = (),
    also: Mapping[str, tuple[str, ...]] | None = None,
) -> list[Group]:
    """One group per id, in the order given by ``names`` then first appearance."""
    members: dict[str, list[MilestoneRow]] = {name: [] for name in names}
    for row in rows:
        members.setdefault(getattr(row, key), []).append(row)
    no_date: dict[str, list[UndatedRow]] = {}
    for undated_row in undated:
        members.setdefault(getattr(undated_row, key), [])
        no_date.setdefault(getattr(undated_row, key), []).append(undated_row)
    return [
        Group(
            group_id,
            names.get(group_id, group_id),
            _counts(group_rows, scheme, no_date.get(group_id, [])),
            (shorts or {}).get(group_id),
            (also or {}).get(group_id, ()),
        )
        for group_id, group_rows in members.items()
    ]


def _workstream_names(
    repo: Repository, rows: Sequence[MilestoneRow | UndatedRow], words: Vocabulary
) -> dict[str, str]:
    """The declared groups, and a group for milestones that none of their levels puts in one."""
    names = repo.workstream_names()
    if any(row.workstream == "" for row in rows):
        names[""] = f"No {words.grouping.word}"
    return names


def compute_status(repo: Repository, as_of: date, scheme: str | None = None) -> StatusReport:
    """The status report of ``repo`` as of ``as_of`` (pure: no clock, no I/O).

    ``scheme`` overrides the colour scheme of ``plan/partnership.yaml``.
    """
    chosen = scheme_of(repo, scheme)
    rows = milestone_rows(repo, as_of, chosen)
    undated = undated_rows(repo, as_of)
    by_id = {row.id: row for row in rows}
    # Still this plan's work: neither withdrawn nor carried forward into a later plan.
    live = [row for row in rows if row.health not in (Health.WITHDRAWN, Health.CARRIED_FORWARD)]

    exceptions = sorted(
        (row for row in live if row.health.is_exception), key=lambda row: row.health.rank
    )
    awaiting = [
        AwaitingBoard(by_id[row.id], entry.to, entry.reason, entry.proposed_on, entry.agreed_at)
        for row in live
        for entry in row.pending
    ]
    next_meeting = _next_meeting(repo, as_of)
    due_before_next = (
        [
            row
            for row in live
            if row.status != "complete" and as_of <= row.current_due <= next_meeting.date
        ]
        if next_meeting
        else []
    )
    due_before_next.sort(key=lambda row: row.current_due)
    settings = repo.settings
    words = vocabulary(settings)
    dates = meeting_dates(repo)
    present = [
        priority
        for priority in repo.priorities
        if existed(priority_entered_on(priority, dates, plan_agreed_on(settings)), as_of)
    ]
    illustrative = sum(1 for row in rows if row.illustrative) + sum(
        1 for row in undated if row.illustrative
    )
    notes = (
        [
            f"{illustrative} of {len(rows) + len(undated)} {words.tracked.word} statuses are "
            "illustrative, not from the sources"
        ]
        if illustrative
        else []
    )
    return StatusReport(
        as_of=as_of,
        partnership=settings.partnership if settings else "",
        board=_board_name(repo),
        scheme=chosen,
        window_days=window_of(repo),
        milestones=_counts(rows, chosen, undated),
        rows=rows,
        by_workstream=_groups(
            rows,
            "workstream",
            _workstream_names(repo, [*rows, *undated], words),
            chosen,
            undated=undated,
            also={s.id: s.other_names for s in repo.settings.workstreams} if repo.settings else {},
        ),
        by_priority=_groups(
            rows,
            "priority",
            {p.id: p.title for p in present},
            chosen,
            {p.id: p.short_title for p in present},
            undated,
        ),
        exceptions=exceptions,
        withdrawn=[row for row in rows if row.health is Health.WITHDRAWN],
        carried_forward=[row for row in rows if row.health is Health.CARRIED_FORWARD],
        undated=[row for row in undated if not row.withdrawn],
        awaiting_board=awaiting,
        overdue_actions=_overdue(repo.board_actions(), as_of),
        next_meeting=next_meeting,
        due_before_next=due_before_next,
        notes=notes,
        words=words,
        measures=build_scorecard(repo, as_of, chosen) if repo.measures else None,
    )


def _board_name(repo: Repository) -> str:
    """The body the figures report to, by name (the settings' board where one body meets)."""
    settings = repo.settings
    if settings is None:
        return ""
    body = repo.reporting_body()
    named = {b.id: b.name for b in settings.bodies}
    return named.get(body or "", settings.board)


def _next_meeting(repo: Repository, as_of: date) -> MeetingRef | None:
    """The first meeting after the as-of date that is not cancelled."""
    upcoming = sorted(
        (m for m in repo.board_meetings() if m.date > as_of and m.status != "cancelled"),
        key=lambda m: m.date,
    )
    if not upcoming:
        return None
    return MeetingRef(upcoming[0].id, upcoming[0].date, upcoming[0].board)


def _overdue(actions: Iterable[BoardAction], as_of: date) -> list[ActionRow]:
    """Open board actions whose due date has passed (closed later than as-of counts as open)."""
    rows = [
        ActionRow(
            action.id,
            action.meeting,
            action.text,
            action.owner,
            action.due,
            action.status,
            (as_of - action.due).days,
        )
        for action in actions
        if action.due < as_of
        and (
            action.status != "closed" or (action.closed_on is not None and action.closed_on > as_of)
        )
    ]
    return sorted(rows, key=lambda row: (row.due, natural_key(row.id)))
