"""The risk register: listing by score, the 5×5 heat map, and the writes that keep a
risk's score history (rescore, add, close).

Scoring is the UK public-sector 5×5 matrix: score = likelihood × impact, each 1–5. The
bands are the NHS's (National Patient Safety Agency, "A risk matrix for risk managers",
2008): 1–3 low, 4–6 moderate, 8–12 high, 15–25 extreme. Each cell of the heat map
carries its score, band, count and ids in text, so nothing depends on colour alone.

The trend compares the current score with the score in force at the last board held on
or before the as-of date, read from the history (the latest entry dated on or before
that board). A risk rescored for the first time has no history to read, so ``rescore``
first records the score it replaces, dated when that score was known to be in force
(the later of the last board and the day the risk was raised): the history then always
answers "what was it at the board?".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from sendtrack.board.actions import append_in_order
from sendtrack.board.common import (
    BoardError,
    last_board,
    natural_key,
    nearest,
    resolve_meeting,
)
from sendtrack.core.dates import long_form
from sendtrack.edit.planned import PlannedEdit
from sendtrack.models import Meeting, Risk
from sendtrack.models.risks import ScoreEntry
from sendtrack.store.edits import Quoted
from sendtrack.store.repository import Repository

REGISTER_FILE = "risks/register.yaml"
RISK_FIELDS = list(Risk.model_fields)
MEETING_FIELDS = list(Meeting.model_fields)

LIKELIHOOD_LABELS = {1: "rare", 2: "unlikely", 3: "possible", 4: "likely", 5: "almost certain"}
IMPACT_LABELS = {1: "negligible", 2: "minor", 3: "moderate", 4: "major", 5: "catastrophic"}

Band = Literal["low", "moderate", "high", "extreme"]
Trend = Literal["up", "down", "same", "new"]
TREND_SYMBOLS: dict[str, str] = {"up": "↑", "down": "↓", "same": "→", "new": "new"}
BASELINE_NOTE = "Score in force before the first rescore (recorded by 'sendtrack risks rescore')."


def band(score: int) -> Band:
    """The NPSA band of a 5×5 score."""
    if score <= 3:
        return "low"
    if score <= 6:
        return "moderate"
    if score <= 12:
        return "high"
    return "extreme"


def _raised_on(risk: Risk, repo: Repository) -> date | None:
    if risk.raised_on is not None:
        return risk.raised_on
    meeting = repo.meeting(risk.raised_at) if risk.raised_at else None
    return meeting.date if meeting is not None else None


def score_at(risk: Risk, day: date) -> int | None:
    """The score in force on ``day`` from the history; None if the history cannot say
    (no entry on or before it, while later entries exist)."""
    in_force: ScoreEntry | None = None
    for entry in risk.history:
        if entry.on <= day:
            in_force = entry
    if in_force is not None:
        return in_force.score
    return None if risk.history else risk.score


@dataclass(frozen=True)
class TrendResult:
    trend: Trend | None
    """up, down, same, new (raised after the board), or None when unknown."""
    board: Meeting | None
    score_at_board: int | None

    @property
    def symbol(self) -> str:
        return TREND_SYMBOLS[self.trend] if self.trend else "?"

    @property
    def words(self) -> str:
        """'↑ up from 12', '→ same', 'new since the last board', '? unknown': never an arrow
        without its word, in the terminal and in the papers alike."""
        if self.trend is None:
            return "–" if self.board is None else "? unknown"
        if self.trend == "new":
            return "new since the last board"
        if self.trend == "same":
            return f"{self.symbol} same"
        return f"{self.symbol} {self.trend} from {self.score_at_board}"


def trend(risk: Risk, repo: Repository, as_of: date) -> TrendResult:
    """How the current score compares with the score at the last board."""
    board = last_board(repo, as_of)
    if board is None:
        return TrendResult(None, None, None)
    raised = _raised_on(risk, repo)
    if raised is not None and raised > board.date:
        return TrendResult("new", board, None)
    then = score_at(risk, board.date)
    if then is None:
        return TrendResult(None, board, None)
    now = risk.score
    direction: Trend = "up" if now > then else "down" if now < then else "same"
    return TrendResult(direction, board, then)


@dataclass(frozen=True)
class RiskRow:
    risk: Risk
    trend: TrendResult
    review_overdue: bool

    @property
    def score(self) -> int:
        return self.risk.score

    @property
    def target_score(self) -> int:
        return self.risk.target.score

    @property
    def band(self) -> Band:
        return band(self.risk.score)


@dataclass(frozen=True)
class RiskListing:
    as_of: date
    rows: list[RiskRow]
    filters: list[str] = field(default_factory=list)


def review_overdue(risk: Risk, as_of: date) -> bool:
    return risk.status == "open" and risk.review_date is not None and risk.review_date < as_of


def list_risks(
    repo: Repository,
    as_of: date,
    *,
    min_score: int | None = None,
    owner: str | None = None,
    overdue_review: bool = False,
    include_closed: bool = False,
) -> RiskListing:
    """Risks, highest score first (then by id), filtered."""
    filters: list[str] = [] if include_closed else ["open"]
    if min_score is not None:
        filters.append(f"score ≥ {min_score}")
    if owner:
        filters.append(f"owner contains '{owner}'")
    if overdue_review:
        filters.append("review overdue")
    rows = []
    for risk in repo.risks:
        if not include_closed and risk.status == "closed":
            continue
        if min_score is not None and risk.score < min_score:
            continue
        if owner and owner.casefold() not in risk.owner.casefold():
            continue
        overdue = review_overdue(risk, as_of)
        if overdue_review and not overdue:
            continue
        rows.append(RiskRow(risk, trend(risk, repo, as_of), overdue))
    rows.sort(key=lambda r: (-r.score, natural_key(r.risk.id)))
    return RiskListing(as_of, rows, filters)


# -- heat map ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class HeatCell:
    likelihood: int
    impact: int
    ids: list[str]

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    @property
    def band(self) -> Band:
        return band(self.score)

    @property
    def count(self) -> int:
        return len(self.ids)


@dataclass(frozen=True)
class Heatmap:
    as_of: date
    cells: list[HeatCell]
    """25 cells: likelihood 5 down to 1, and within each, impact 1 up to 5."""
    total: int

    def cell(self, likelihood: int, impact: int) -> HeatCell:
        return self.cells[(5 - likelihood) * 5 + (impact - 1)]


def heatmap(repo: Repository, as_of: date) -> Heatmap:
    """Open risks placed on the 5×5 grid by their current likelihood and impact."""
    placed: dict[tuple[int, int], list[str]] = {}
    total = 0
    for risk in repo.risks:
        if risk.status == "closed":
            continue
        placed.setdefault((risk.likelihood, risk.impact), []).append(risk.id)
        total += 1
    cells = [
        HeatCell(likelihood, impact, sorted(placed.get((likelihood, impact), []), key=natural_key))
        for likelihood in range(5, 0, -1)
        for impact in range(1, 6)
    ]
    return Heatmap(as_of, cells, total)


# -- writes -----------------------------------------------------------------------------------


def find_risk(repo: Repository, risk_id: str) -> Risk:
    for risk in repo.risks:
        if risk.id == risk_id:
            return risk
    raise BoardError(
        f"no risk '{risk_id}' in risks/",
        nearest(risk_id, [r.id for r in repo.risks]) or "risk ids look like R01",
    )


def _where(repo: Repository, risk: Risk) -> tuple[str, tuple[str | int, ...]]:
    origin = repo.origin(risk)
    if origin is None:  # pragma: no cover - every loaded risk has an origin
        raise BoardError(f"cannot tell which file holds risk {risk.id}")
    return origin.file, origin.path


def _before(key: str) -> list[str]:
    return RISK_FIELDS[: RISK_FIELDS.index(key)]


def rescore(
    repo: Repository,
    as_of: date,
    risk_id: str,
    *,
    likelihood: int,
    impact: int,
    note: str,
    on: date,
) -> tuple[PlannedEdit, TrendResult]:
    """Plan a rescore: the current likelihood and impact change and a dated entry is
    appended to the history. Returns the change and the trend it gives as of ``on``."""
    risk = find_risk(repo, risk_id)
    for name, value in (("likelihood", likelihood), ("impact", impact)):
        if not 1 <= value <= 5:
            raise BoardError(f"{name} {value} is off the 5×5 scale", "use 1 to 5")
    note = note.strip()
    if not note:
        raise BoardError("a rescore needs a note saying why", "give --note TEXT")
    if risk.status == "closed":
        raise BoardError(f"risk {risk_id} is closed; a closed risk is not rescored")
    if risk.history and on < risk.history[-1].on:
        raise BoardError(
            f"rescore dated {long_form(on)} is earlier than the latest history entry "
            f"({long_form(risk.history[-1].on)}); the history is kept in date order",
            "use --on with a date on or after it",
        )
    file, path = _where(repo, risk)
    change = PlannedEdit.start(repo, as_of)
    editor = change.editor
    entries = [ScoreEntry(on=on, likelihood=likelihood, impact=impact, note=note)]
    if not risk.history:
        board = last_board(repo, on)
        known = [day for day in (board.date if board else None, _raised_on(risk, repo)) if day]
        baseline_on = min(max(known), on) if known else on
        baseline = ScoreEntry(
            on=baseline_on, likelihood=risk.likelihood, impact=risk.impact, note=BASELINE_NOTE
        )
        entries.insert(0, baseline)
    editor.set_field(file, path, "likelihood", likelihood, after=_before("likelihood"))
    editor.set_field(file, path, "impact", impact, after=_before("impact"))
    for entry in entries:
        append_in_order(editor, file, path, "history", _entry_fields(entry), RISK_FIELDS)

    rescored = risk.model_copy(deep=True)
    rescored.likelihood, rescored.impact = likelihood, impact
    rescored.history.extend(entries)
    result = trend(rescored, repo, on)
    was = f"{risk.likelihood}×{risk.impact} = {risk.score}"
    change.summary.append(
        f"rescored {risk_id} on {long_form(on)}: {was} → "
        f"{likelihood}×{impact} = {likelihood * impact} ({band(likelihood * impact)}) in {file}"
    )
    return change, result


def _entry_fields(entry: ScoreEntry) -> dict[str, Any]:
    return {
        "on": entry.on,
        "likelihood": entry.likelihood,
        "impact": entry.impact,
        "note": entry.note,
    }


def next_risk_id(repo: Repository) -> str:
    """One more than the highest 'R<n>' in use, zero-padded like the register's ids."""
    numbers = [int(r.id[1:]) for r in repo.risks if r.id[:1] == "R" and r.id[1:].isdigit()]
    width = max((len(r.id) - 1 for r in repo.risks if r.id[1:].isdigit()), default=2)
    return f"R{max(numbers, default=0) + 1:0{width}d}"


def add_risk(
    repo: Repository,
    as_of: date,
    *,
    title: str,
    description: str,
    owner: str,
    category: str,
    likelihood: int,
    impact: int,
    target_likelihood: int,
    target_impact: int,
    risk_id: str | None = None,
    raised_at: str | None = None,
    raised_on: date | None = None,
    appetite: str | None = None,
    mitigations: Sequence[str] = (),
    review_date: date | None = None,
    links: Sequence[str] = (),
) -> tuple[PlannedEdit, str]:
    """Plan a new risk at the end of the register; a meeting that raised it lists it in
    its ``risks_added``."""
    new_id = risk_id or next_risk_id(repo)
    if new_id in {r.id for r in repo.risks}:
        raise BoardError(f"risk id '{new_id}' is already used", f"try {next_risk_id(repo)}")
    texts = {"title": title, "description": description, "owner": owner, "category": category}
    for name, text in texts.items():
        if not text.strip():
            raise BoardError(f"the risk's {name} cannot be empty")
    for name, value in (
        ("likelihood", likelihood),
        ("impact", impact),
        ("target likelihood", target_likelihood),
        ("target impact", target_impact),
    ):
        if not 1 <= value <= 5:
            raise BoardError(f"{name} {value} is off the 5×5 scale", "use 1 to 5")
    known = repo.all_ids()
    for link in links:
        if link not in known:
            raise BoardError(
                f"link '{link}' is not a priority, milestone, action, risk or meeting id",
                nearest(link, known) or "check the id",
            )
    meeting = resolve_meeting(repo, raised_at) if raised_at else None
    entry: dict[str, Any] = {"id": Quoted(new_id)}
    entry.update({name: value.strip() for name, value in texts.items()})
    if meeting is not None:
        entry["raised_at"] = Quoted(meeting.id)
    if raised_on is not None or meeting is not None:
        entry["raised_on"] = raised_on or (meeting.date if meeting else None)
    entry.update(
        likelihood=likelihood,
        impact=impact,
        target={"likelihood": target_likelihood, "impact": target_impact},
    )
    if appetite:
        entry["appetite"] = appetite.strip()
    if mitigations:
        entry["mitigations"] = [{"text": m.strip(), "owner": owner.strip()} for m in mitigations]
    if review_date is not None:
        entry["review_date"] = review_date
    entry["status"] = "open"
    if links:
        entry["links"] = [Quoted(link) for link in links]

    change = PlannedEdit.start(repo, as_of)
    target = _register_file(repo)
    change.editor.append(target, (), "risks", entry)
    score = likelihood * impact
    change.summary.append(
        f"added risk {new_id} '{title.strip()}' ({likelihood}×{impact} = {score}, "
        f"{band(score)}) to {target}"
    )
    if meeting is not None:
        origin = repo.origin(meeting)
        if origin is not None and new_id not in meeting.risks_added:
            append_in_order(
                change.editor, origin.file, (), "risks_added", Quoted(new_id), MEETING_FIELDS
            )
            change.summary.append(f"listed {new_id} in {origin.file} risks_added")
    return change, new_id


def _register_file(repo: Repository) -> str:
    """The register file new risks go to: the one holding the last risk, else the default."""
    for risk in reversed(repo.risks):
        origin = repo.origin(risk)
        if origin is not None:
            return origin.file
    if (repo.root / REGISTER_FILE).exists():
        return REGISTER_FILE
    raise BoardError(
        f"no risk register to add to ({REGISTER_FILE} is missing)",
        "create it with a first line 'risks: []' (see 'sendtrack init')",
    )


def close_risk(repo: Repository, as_of: date, risk_id: str, *, reason: str, at: str) -> PlannedEdit:
    """Plan a closure: ``status: closed`` and ``closed: {reason, at}``."""
    risk = find_risk(repo, risk_id)
    if risk.status == "closed":
        where = f" at {risk.closed.at}" if risk.closed else ""
        raise BoardError(f"risk {risk_id} is already closed{where}")
    reason = reason.strip()
    if not reason:
        raise BoardError("closing a risk needs a reason", "give --reason TEXT")
    meeting = resolve_meeting(repo, at)
    if meeting.date > as_of:
        raise BoardError(
            f"the {long_form(meeting.date)} meeting is after {long_form(as_of)}; a risk is "
            "closed by a board that has met"
        )
    file, path = _where(repo, risk)
    change = PlannedEdit.start(repo, as_of)
    change.editor.set_field(file, path, "status", "closed", after=_before("status"))
    closure = {"reason": reason, "at": Quoted(meeting.id)}
    change.editor.set_field(file, path, "closed", closure, after=_before("closed"))
    change.summary.append(
        f"closed risk {risk_id} at the {long_form(meeting.date)} board: {reason} (in {file})"
    )
    return change
