"""What changed since the last board: the movement between two boards, computed from git.

A board asks "what has moved since we last met?", and a scrutiny committee asks how a
red milestone became green. The answer is the difference between the data as recorded
on the day of the last board (``store.recorded``) and the data the papers report now,
found by the same engine and the same words as ``sendtrack diff --since-board``
(``review.diff``), never recounted here. This module picks out of that diff what the
papers print: milestones completed, newly off track or delayed (with the reason), back on
track or complete (with the changes to the record that did it), re-profiles proposed and
agreed, new and rescored risks, measures with new figures; everything else is counted,
for ``diff --since-board`` to list.

Health is assessed on the old side as the board saw it on its own day, and on the new
side as of the papers' date: a milestone that fell past its date between the boards
with nothing recorded is newly off track, which is what the board needs to hear.

Without an earlier board's record (outside git, no board held yet, a board older than
the first commit, a record that does not load) the section has nothing to compare and
says why (``absent``), rather than failing or printing nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date

from sendtrack.core.dates import long_form
from sendtrack.core.problems import Severity
from sendtrack.papers.board_data import plan_workstreams, risk_workstreams
from sendtrack.plan.colours import DEFAULT_SCHEME
from sendtrack.plan.status import MeetingRef
from sendtrack.review.diff import Change, DiffReport, compare
from sendtrack.store.history import HistoryError
from sendtrack.store.recorded import NotInGit, Record, Recorded
from sendtrack.store.repository import Repository

Key = tuple[str, str]
"""(noun, id): 'milestone', 'risk', 'measure' or another kind's noun, and the item's id."""

EXCEPTIONS = ("off_track", "delayed")
RECOVERED = ("on_track", "complete")
HOW_KINDS = frozenset(
    {
        "milestone-status",
        "milestone-reprofiled",
        "milestone-edited",
        "milestone-baseline-changed",
        "milestone-history-rewritten",
    }
)
"""Changes to a milestone's own record that can move its health (not notes or titles)."""


def noun_of(change: Change) -> str:
    """The kind of item a change is about: a health change is a milestone's."""
    if change.kind.startswith(("health-", "colour-")):
        return "milestone"
    if change.kind.startswith("board-action-"):
        return "board-action"
    return change.kind.split("-", 1)[0]


def key_of(change: Change) -> Key:
    return (noun_of(change), change.id)


def board_record(record: Record, day: date) -> Recorded:
    """The data as recorded on the day of the board held on ``day``; HistoryError
    (``NotInGit`` outside git) when there is none."""
    past = record.history()
    if past.at(day) is None:
        raise HistoryError(
            f"the last board ({long_form(day)}) predates the record: {past.too_old(day)}"
        )
    return record.read(day)


def board_label(recorded: Recorded) -> str:
    """'the 3 Nov 2025 board as recorded (3f2a9c1)': how a comparison names its old side."""
    return f"the {long_form(recorded.day)} board as recorded ({recorded.commit.short})"


def since_board_report(old: Recorded, new: Repository, new_label: str, as_of: date) -> DiffReport:
    """Every change from the board's record to ``new``: the old side's health as the
    board saw it on its day, the new side's as of ``as_of``."""
    changes = compare(old.repo, new, as_of, base_as_of=old.day)
    return DiffReport(board_label(old), new_label, as_of, tuple(changes), base_as_of=old.day)


@dataclass(frozen=True)
class Item:
    """One line of the section: the change, the item's title, and for a milestone back on
    track the changes to its record that did it."""

    change: Change
    title: str
    how: tuple[Change, ...] = ()


@dataclass(frozen=True)
class SinceBoard:
    """What changed since ``board``, as the papers print it."""

    as_of: date
    board: MeetingRef | None
    scheme: str
    absent: str | None = None
    """Why there is nothing to compare (the section says it in a sentence)."""
    commit: str | None = None
    """The commit read for the board, as papers name it: '3f2a9c1 (3 Nov 2025 17:05)'."""
    note: str | None = None
    """Why that commit's date may not be when the board saw it (history rewritten)."""
    report: DiffReport | None = None
    titles: Mapping[Key, str] = field(default_factory=dict)
    streams: Mapping[Key, frozenset[str]] = field(default_factory=dict)
    """Item → the workstreams it belongs to (a risk or measure: those of its links)."""

    @property
    def changes(self) -> tuple[Change, ...]:
        return self.report.changes if self.report else ()

    def _items(self, wanted: Iterable[Change]) -> list[Item]:
        return [Item(change, self.titles.get(key_of(change), "")) for change in wanted]

    def completed(self) -> list[Item]:
        return self._items(
            c for c in self.changes if c.kind == "milestone-status" and c.new == "complete"
        )

    def newly_exceptions(self) -> list[Item]:
        """Milestones newly off track or delayed (worse, or delayed from off track)."""
        return self._items(
            c for c in self.changes if c.kind == "health-changed" and c.new in EXCEPTIONS
        )

    def recovered(self) -> list[Item]:
        """Milestones off track or delayed at the board, on track or complete now, each
        with the changes to its record that did it."""
        items = []
        for change in self.changes:
            if (
                change.kind == "health-changed"
                and change.old in EXCEPTIONS
                and change.new in RECOVERED
            ):
                how = tuple(c for c in self.changes if c.id == change.id and c.kind in HOW_KINDS)
                items.append(Item(change, self.titles.get(key_of(change), ""), how))
        return items

    def proposed(self) -> list[Item]:
        return self._items(c for c in self.changes if c.kind == "milestone-reprofile-proposed")

    def agreed(self) -> list[Item]:
        return self._items(c for c in self.changes if c.kind == "milestone-reprofiled")

    def new_risks(self) -> list[Item]:
        return self._items(c for c in self.changes if c.kind == "risk-added")

    def rescored(self) -> list[Item]:
        return self._items(c for c in self.changes if c.kind == "risk-rescored")

    def new_figures(self) -> list[tuple[str, str, list[Change]]]:
        """(measure id, title, its new figures) for each measure with new figures."""
        found: dict[str, list[Change]] = {}
        for change in self.changes:
            if change.kind == "measure-figure-added":
                found.setdefault(change.id, []).append(change)
        return [
            (measure, self.titles.get(("measure", measure), ""), figures)
            for measure, figures in found.items()
        ]

    def others(self) -> int:
        """Changes the section does not print: ``diff --since-board`` lists them."""
        shown = {
            item.change
            for group in (
                self.completed(),
                self.newly_exceptions(),
                self.proposed(),
                self.agreed(),
                self.new_risks(),
                self.rescored(),
            )
            for item in group
        }
        for item in self.recovered():
            shown.add(item.change)
            shown.update(item.how)
        for _, _, figures in self.new_figures():
            shown.update(figures)
        # A completion's own health change (on track → complete) says nothing more.
        done = {item.change.id for item in self.completed()}
        shown.update(c for c in self.changes if c.kind == "health-changed" and c.id in done)
        return sum(1 for change in self.changes if change not in shown)

    def for_workstream(self, workstream: str) -> SinceBoard:
        """Only the changes to items of ``workstream`` (milestones in it, risks and
        measures linked to it)."""
        if self.report is None:
            return self
        kept = tuple(c for c in self.changes if workstream in self.streams.get(key_of(c), ()))
        return replace(self, report=replace(self.report, changes=kept))


def _titles(*repos: Repository) -> dict[Key, str]:
    """Titles of milestones, risks and measures; the later repository's win."""
    found: dict[Key, str] = {}
    for repo in repos:
        found.update({("milestone", e.milestone.id): e.milestone.title for e in repo.entries()})
        found.update({("risk", r.id): r.title for r in repo.risks})
        found.update({("measure", m.id): m.title for m in repo.measures})
    return found


def _streams(*repos: Repository) -> dict[Key, frozenset[str]]:
    """Workstreams of milestones, risks and measures on either side."""
    found: dict[Key, frozenset[str]] = {}
    for repo in repos:
        plan = plan_workstreams(repo)
        for entry in repo.entries():
            key = ("milestone", entry.milestone.id)
            found[key] = found.get(key, frozenset()) | plan.get(entry.milestone.id, frozenset())
        for risk, streams in risk_workstreams(repo).items():
            found[("risk", risk)] = found.get(("risk", risk), frozenset()) | streams
        for measure in repo.measures:
            linked = frozenset(s for link in measure.links for s in plan.get(link, ()))
            key = ("measure", measure.id)
            found[key] = found.get(key, frozenset()) | linked
    return found


def since_board(
    record: Record,
    repo: Repository,
    board: MeetingRef | None,
    as_of: date,
    label: str = "the papers' data",
) -> SinceBoard:
    """What changed from the record of ``board`` to ``repo`` (the papers' data) as of
    ``as_of``; ``absent`` says why when there is nothing to compare."""
    scheme = repo.settings.colour_scheme if repo.settings else DEFAULT_SCHEME
    if board is None:
        why = f"no board was held before {long_form(as_of)}, so there is none to compare with"
        return SinceBoard(as_of, None, scheme, absent=why)
    day = long_form(board.date)
    try:
        past = record.history()
        if past.at(board.date) is None:
            why = f"the {day} board is older than the record in git ({past.too_old(board.date)})"
            return SinceBoard(as_of, board, scheme, absent=why)
        old = record.read(board.date)
    except NotInGit:
        why = "the data is not kept in git, so no earlier board's record exists to compare with"
        return SinceBoard(as_of, board, scheme, absent=why)
    except HistoryError as exc:
        return SinceBoard(as_of, board, scheme, absent=str(exc))
    errors = sorted({p.file for p in old.problems if p.severity is Severity.ERROR})
    if errors:
        why = (
            f"the data recorded for the {day} board (commit "
            f"{old.commit.short}) does not load ({', '.join(errors)})"
        )
        return SinceBoard(as_of, board, scheme, absent=why)
    return SinceBoard(
        as_of,
        board,
        scheme,
        commit=old.commit.label(),
        note=old.note,
        report=since_board_report(old, repo, label, as_of),
        titles=_titles(old.repo, repo),
        streams=_streams(old.repo, repo),
    )
