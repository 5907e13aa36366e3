"""Returned rows → the ordinary edits, as one reviewed change (``apply_returns``).

Each filled row becomes the edits the CLI would make for it, in this order: the status
and note (``sendtrack update``), at risk (``sendtrack at-risk``), a proposed new date
(``sendtrack reprofile --proposed``); an action row is ``sendtrack actions update``; a
measure row is a measure record (through ``measures.MeasureSource``). Rows run in file
order, each seeing the ones before it (``edit.batch``), so the result is the diff the
same commands would have made one after another.

A row is applied whole or not at all. It is refused, with its cell and a hint, when
reading found it unsafe (a formula, merged cells, no id), when its id is unknown or was
not in that workbook, when a value is not allowed (a status, a date, personal data in
the text), when the item changed since the workbook was made (its digest, see
``make``), or when an edit refuses it or the re-check finds it would add an error.
The other rows still apply.

Applying the same return again changes nothing: a row whose every change is already in
the repository (the status, an update with that date and note, the proposal, the at-risk
reason) counts as already applied, even though its item's digest has moved on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from sendtrack.board.actions import find_action, update_action
from sendtrack.board.common import BoardError
from sendtrack.core.dates import long_form
from sendtrack.edit.batch import Batch, PlanOne
from sendtrack.edit.planned import EditRefused, PlannedEdit, Workspace
from sendtrack.models.plan import Milestone, MilestoneStatus
from sendtrack.models.tracker import BoardAction, BoardActionStatus
from sendtrack.models.vocabulary import vocabulary
from sendtrack.plan import edits as plan_edits
from sendtrack.returns import make
from sendtrack.returns.measures import REPOSITORY_MEASURES, MeasureSource
from sendtrack.returns.read import CellProblem, ReadReturn, ReturnRow, Where
from sendtrack.returns.words import Words, words_for
from sendtrack.review.privacy import scan
from sendtrack.store.edits import EditError

TEXT_HEADERS = (make.NOTE, make.DATE_REASON, make.AT_RISK_REASON, make.UPDATE)
"""Free text a lead types: scanned for personal data before anything is planned."""
_YES = {"yes", "y", "true"}
_NO = {"no", "n", "false"}


@dataclass
class LeadSummary:
    """What one return does: rows to apply, rows already applied, rows refused."""

    file: str
    lead: str
    applied: int = 0
    unchanged: int = 0
    refused: int = 0
    summary: list[str] = field(default_factory=list)
    """The edits its rows make, in the board's words."""


@dataclass
class ApplyReport:
    leads: list[LeadSummary]
    problems: list[CellProblem]
    """Rows refused (errors), files that could not be read, and warnings."""
    plan: PlannedEdit
    """Every applied row as one edit: ``diff()`` for a dry run, ``commit()`` to write."""

    @property
    def applied(self) -> int:
        return sum(lead.applied for lead in self.leads)

    @property
    def errors(self) -> list[CellProblem]:
        return [p for p in self.problems if p.severity.value == "error"]


class _RowProblem(Exception):
    """Why a row is refused: one problem (``_RowProblem(code, message, where, hint)``) or
    several (``_RowProblem.of(...)``)."""

    def __init__(self, code: str, message: str, where: Where, hint: str = "") -> None:
        super().__init__(message)
        self.problems = [CellProblem(code, message, where, hint)]

    @classmethod
    def of(cls, *problems: CellProblem) -> _RowProblem:
        refused = cls(problems[0].code, problems[0].message, problems[0].where, problems[0].hint)
        refused.problems = list(problems)
        return refused


@dataclass
class _Edit:
    """One edit a row asks for, where in the row it comes from, and whether the
    repository already has it."""

    plan: PlanOne
    where: Where
    done: bool


@dataclass
class _Applier:
    workspace: Workspace
    measures: MeasureSource
    words: Words
    batch: Batch
    problems: list[CellProblem] = field(default_factory=list)
    changed_by: dict[str, Where] = field(default_factory=dict)
    """``'<kind>:<id>'`` → the row of this apply that changed it."""

    # -- one row -------------------------------------------------------------------------

    def row(self, book: ReadReturn, row: ReturnRow, lead: LeadSummary, seen: set[str]) -> None:
        try:
            if row.problems:
                raise _RowProblem.of(*row.problems)
            assert book.state is not None and row.id is not None  # checked by the reader
            item = f"{row.kind}:{row.id}"
            if item in seen:
                raise _RowProblem(
                    "return-duplicate-row",
                    f"{row.id} is in this return twice; only its first row is read",
                    row.where,
                    "delete the copy",
                )
            seen.add(item)
            self._personal_data(row)
            edits = self._edits(book, row)
            pending = [edit for edit in edits if not edit.done]
            if not pending:
                lead.unchanged += 1
                return
            recorded = book.state.digests.get(item)
            if recorded is None:
                raise self._not_in_workbook(book, row)
            if recorded != self._digest(row):
                raise self._stale(book, row, item)
            lead.summary.extend(self._step(row, pending))
            lead.applied += 1
            self.changed_by[item] = row.where
        except _RowProblem as refused:
            lead.refused += 1
            self.problems.extend(refused.problems)

    def _step(self, row: ReturnRow, pending: Sequence[_Edit]) -> list[str]:
        running = [pending[0].where]

        def tracked(edit: _Edit) -> PlanOne:
            def plan(ws: Workspace) -> PlannedEdit:
                running[0] = edit.where
                return edit.plan(ws)

            return plan

        try:
            return self.batch.step([tracked(edit) for edit in pending])
        except EditRefused as exc:
            if exc.problems:
                raise _RowProblem.of(
                    *(
                        CellProblem(
                            p.code,
                            f"{p.message} (the row would make the repository invalid)",
                            row.where,
                            p.hint,
                        )
                        for p in exc.problems
                    )
                ) from None
            raise _RowProblem("return-refused", str(exc), running[0]) from None
        except BoardError as exc:
            raise _RowProblem("return-refused", str(exc), running[0], exc.hint) from None
        except EditError as exc:
            raise _RowProblem("return-refused", str(exc), running[0]) from None

    # -- checks ----------------------------------------------------------------------------

    def _personal_data(self, row: ReturnRow) -> None:
        found = []
        for header in TEXT_HEADERS:
            text = row.text(header)
            if text is None:
                continue
            for finding in scan(text):
                found.append(
                    CellProblem(
                        "personal-data",
                        f"{header} contains what looks like a {finding.what} ({finding.masked})",
                        row.at(header),
                        "no personal details of children or families in a return: "
                        "remove it and send the return again",
                    )
                )
        if found:
            raise _RowProblem.of(*found)

    def _digest(self, row: ReturnRow) -> str | None:
        repo = self.batch.repo
        if row.kind == "milestones":
            return next((make.digest(m) for m in repo.milestones() if m.id == row.id), None)
        if row.kind == "actions":
            return next((make.digest(a) for a in repo.board_actions() if a.id == row.id), None)
        return self.measures.digest(repo, row.id or "")

    def _not_in_workbook(self, book: ReadReturn, row: ReturnRow) -> _RowProblem:
        assert book.state is not None
        return _RowProblem(
            "return-not-in-workbook",
            f"{row.id} was not in the return made for {book.state.lead}",
            row.where,
            "a lead updates the rows sendtrack made for them; ask the partnership manager",
        )

    def _stale(self, book: ReadReturn, row: ReturnRow, item: str) -> _RowProblem:
        assert book.state is not None
        by = self.changed_by.get(item)
        why = (
            f"row {by} of this apply changed it first"
            if by is not None
            else f"it was changed after the return was made on {long_form(book.state.made_on)}"
        )
        return _RowProblem(
            "return-stale",
            f"{row.id} is not as the return showed it: {why}",
            row.where,
            "check it with 'sendtrack show', then make the change by command or in a "
            "fresh return ('sendtrack returns make')",
        )

    def _day(self, row: ReturnRow, header: str = make.DATE) -> date:
        day = row.day(header) or self.workspace.today
        if day > self.workspace.today:
            raise _RowProblem(
                "return-date-in-future",
                f"{long_form(day)} is after today ({long_form(self.workspace.today)}): "
                "a return says what has happened",
                row.at(header),
                "put a future date in 'Proposed new date' instead",
            )
        return day

    def _status(self, row: ReturnRow, allowed: dict[str, str]) -> str | None:
        text = row.text(make.NEW_STATUS)
        if text is None:
            return None
        wanted = " ".join(text.replace("_", " ").split()).casefold()
        for stored, shown in allowed.items():
            if wanted in (shown.casefold(), stored.replace("_", " ")):
                return stored
        raise _RowProblem(
            "return-status-not-allowed",
            f"'{text}' is not a status; choose one of: {', '.join(allowed.values())}",
            row.at(make.NEW_STATUS),
        )

    # -- a row's edits --------------------------------------------------------------------------

    def _edits(self, book: ReadReturn, row: ReturnRow) -> list[_Edit]:
        if row.kind == "milestones":
            return self._milestone_edits(row)
        if row.kind == "actions":
            return self._action_edits(row)
        assert book.state is not None
        return self._measure_edits(row, book.state.lead)

    def _milestone(self, row: ReturnRow) -> Milestone:
        found = [m for m in self.batch.repo.milestones() if m.id == row.id]
        if len(found) != 1:
            message = (
                plan_edits.unknown_id_message(self.batch.repo, row.id or "", "milestone")
                if not found
                else f"{vocabulary(self.batch.repo.settings).tracked.word} id '{row.id}' is used "
                f"{len(found)} times"
            )
            raise _RowProblem("return-unknown-id", message, row.where)
        return found[0]

    def _milestone_edits(self, row: ReturnRow) -> list[_Edit]:
        milestone = self._milestone(row)
        status: MilestoneStatus | None = self._status(row, dict(self.words.statuses))  # type: ignore[assignment]
        note = row.text(make.NOTE)
        edits: list[_Edit] = []
        confirmed = status is not None and status == milestone.status and not note
        if confirmed:
            status = None  # the lead confirms the status (or it was applied): nothing to do
        if status is not None or note:
            on = self._day(row)
            if milestone.started_on is not None and on < milestone.started_on:
                raise _RowProblem(
                    "return-date-before-start",
                    f"{long_form(on)} is before {milestone.id} started "
                    f"({long_form(milestone.started_on)})",
                    row.at(make.DATE),
                    "give the day it happened, on or after the start",
                )
            done = any(
                u.on == on
                and (u.note.endswith(note) if note else u.status == status)
                and u.status in (None, status)
                for u in milestone.updates
            ) and (status is None or milestone.status == status)
            edits.append(
                _Edit(
                    lambda ws: plan_edits.update(ws, milestone.id, status, on, note),
                    row.at(make.NEW_STATUS if status else make.NOTE),
                    done,
                )
            )
        edits.extend(self._at_risk(row, milestone))
        edits.extend(self._proposal(row, milestone))
        if not edits and not confirmed and make.DATE in row.fields:
            raise _RowProblem(
                "return-incomplete-row",
                "a date with nothing to apply to it",
                row.at(make.DATE),
                f"fill in '{make.NEW_STATUS}' or '{make.NOTE}' too, or clear the date",
            )
        return edits

    def _at_risk(self, row: ReturnRow, milestone: Milestone) -> list[_Edit]:
        flag = row.text(make.AT_RISK)
        reason = row.text(make.AT_RISK_REASON)
        if flag is None and reason is None:
            return []
        answer = flag.casefold() if flag is not None else make.YES
        if answer not in _YES | _NO:
            raise _RowProblem(
                "return-invalid-value",
                f"'{flag}' is not yes or no",
                row.at(make.AT_RISK),
            )
        if answer in _YES:
            if reason is None:
                raise _RowProblem(
                    "return-incomplete-row",
                    "at risk, but no reason given",
                    row.at(make.AT_RISK),
                    f"say why in '{make.AT_RISK_REASON}'",
                )
            on = self._day(row)
            return [
                _Edit(
                    lambda ws: plan_edits.at_risk(ws, milestone.id, reason, on),
                    row.at(make.AT_RISK_REASON),
                    milestone.at_risk == reason,
                )
            ]
        if reason is not None:
            raise _RowProblem(
                "return-incomplete-row",
                f"'{make.AT_RISK}' is no, but a reason is given",
                row.at(make.AT_RISK_REASON),
                "leave the reason empty to clear 'at risk', or choose yes",
            )
        on = self._day(row)
        return [
            _Edit(
                lambda ws: plan_edits.at_risk(ws, milestone.id, None, on),
                row.at(make.AT_RISK),
                milestone.at_risk is None,
            )
        ]

    def _proposal(self, row: ReturnRow, milestone: Milestone) -> list[_Edit]:
        to = row.day(make.PROPOSED_DATE)
        reason = row.text(make.DATE_REASON)
        if to is None and reason is None:
            return []
        if to is None or reason is None:
            missing = make.PROPOSED_DATE if to is None else make.DATE_REASON
            raise _RowProblem(
                "return-incomplete-row",
                f"a new date needs both '{make.PROPOSED_DATE}' and '{make.DATE_REASON}'",
                row.at(make.DATE_REASON if to is None else make.PROPOSED_DATE),
                f"fill in '{missing}' too, or clear the other",
            )
        done = any(e.to == to and e.reason == reason for e in milestone.reprofiles)
        return [
            _Edit(
                lambda ws: plan_edits.reprofile(ws, milestone.id, to, reason, None, True),
                row.at(make.PROPOSED_DATE),
                done,
            )
        ]

    def _action(self, row: ReturnRow) -> BoardAction:
        try:
            return find_action(self.batch.repo, row.id or "")[0]
        except BoardError as exc:
            raise _RowProblem("return-unknown-id", str(exc), row.where, exc.hint) from None

    def _action_edits(self, row: ReturnRow) -> list[_Edit]:
        action = self._action(row)
        status: BoardActionStatus | None = self._status(row, dict(self.words.action_statuses))  # type: ignore[assignment]
        note = row.text(make.UPDATE)
        confirmed = status is not None and status == action.status and not note
        if confirmed:
            status = None
        if status is None and not note:
            if make.DATE in row.fields and not confirmed:
                raise _RowProblem(
                    "return-incomplete-row",
                    "a date with nothing to apply to it",
                    row.at(make.DATE),
                    f"fill in '{make.NEW_STATUS}' or '{make.UPDATE}' too, or clear the date",
                )
            return []
        on = self._day(row)
        done = any(
            u.on == on and (u.note == note if note else u.status == status) for u in action.updates
        ) and (status is None or action.status == status)

        def plan(ws: Workspace) -> PlannedEdit:
            return update_action(
                ws.repo, ws.today, action.id, on=on, status=status, note=note, editor=ws.editor()
            )

        return [_Edit(plan, row.at(make.NEW_STATUS if status else make.UPDATE), done)]

    def _measure_edits(self, row: ReturnRow, lead: str) -> list[_Edit]:
        period = row.text(make.PERIOD)
        value = row.text(make.NEW_FIGURE)
        note = row.text(make.NOTE)
        if period is None and value is None and note is None:
            return []
        if period is None or value is None:
            missing = make.PERIOD if period is None else make.NEW_FIGURE
            raise _RowProblem(
                "return-incomplete-row",
                f"a figure needs both '{make.PERIOD}' and '{make.NEW_FIGURE}'",
                row.at(make.NEW_FIGURE if period is None else make.PERIOD),
                f"fill in '{missing}' too",
            )
        measure_id = row.id or ""

        def plan(ws: Workspace) -> PlannedEdit:
            return self.measures.record(ws, measure_id, period, value, lead, note)

        done = self.measures.recorded(self.batch.repo, measure_id, period, value)
        return [_Edit(plan, row.at(make.NEW_FIGURE), done)]


def apply_returns(
    workspace: Workspace,
    returns: Sequence[ReadReturn],
    measures: MeasureSource = REPOSITORY_MEASURES,
    progress: Callable[[str], None] | None = None,
) -> ApplyReport:
    """Plan every filled row of ``returns`` (read by ``read.read_return``), in order.

    Nothing is written: the report's ``plan`` is the one edit to show or commit.
    ``progress`` is told each file's name as it is reached.
    """
    applier = _Applier(workspace, measures, words_for(workspace.repo), Batch(workspace))
    leads = []
    partnership = workspace.repo.settings.partnership if workspace.repo.settings else ""
    for book in returns:
        if progress is not None:
            progress(book.file)
        applier.problems.extend(book.problems)
        if book.state is None:
            continue
        lead = LeadSummary(book.file, book.state.lead)
        leads.append(lead)
        if book.state.partnership and book.state.partnership != partnership:
            applier.problems.append(
                CellProblem(
                    "return-other-repository",
                    f"the return was made for {book.state.partnership}, not {partnership}",
                    Where(book.file),
                    "apply it in that partnership's repository",
                )
            )
            lead.refused = len(book.rows)
            continue
        seen: set[str] = set()
        for row in book.rows:
            applier.row(book, row, lead, seen)
    return ApplyReport(leads, applier.problems, applier.batch.planned())
