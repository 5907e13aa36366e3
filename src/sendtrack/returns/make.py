"""A lead's return: what it holds (``LeadReturn``), and the XLSX workbook sent to them.

The workbook, per lead:

* a sheet of their live milestones: read-only columns (id, title, action, workstream,
  current due date, health and why, status, last update), then the columns they fill
  in. The header row is a contract other tools rely on: the id column is headed ``ID``
  and the editable ones ``New status``, ``Date``, ``Note``, ``Proposed new date``,
  ``Reason for new date``, then ``At risk`` and ``At risk reason``;
* a sheet of their open board actions (``New status``, ``Date``, ``Update``);
* a sheet of the measures they own, when there are any (``measures.MeasureSource``);
* a "Read me" sheet saying how to fill it in;
* a hidden, protected sheet naming the repository state it was made from (format,
  lead, as-of date, commit when the repository is in git, and a digest of every row's
  milestone, action or measure as it stood), so ``apply`` notices a row whose item
  changed since.

Read-only cells are locked and every sheet protected *without* a password (so nobody is
ever locked out: protection guards against slips, not people); the workbook's structure
is locked too, so sheets are not renamed or unhidden by accident. Dates are real date
cells, statuses a dropdown (data validation) of the words people use. Every text from
the repository is written as a string cell, so a title starting with ``=`` shows as
text and is never a formula. The file is byte-for-byte reproducible: its timestamps are
the day it was made.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel

from sendtrack.core.dates import long_form
from sendtrack.plan.status import milestone_rows
from sendtrack.returns.leads import LeadWork
from sendtrack.returns.measures import REPOSITORY_MEASURES, MeasureLine, MeasureSource
from sendtrack.returns.words import Words, heading, words_for
from sendtrack.store.repository import Repository

if TYPE_CHECKING:
    from openpyxl import Workbook

FORMAT = "sendtrack-return-1"
"""Written in every return; ``read`` refuses a return of any other format."""
STATE_SHEET = "sendtrack"
README_SHEET = "Read me"

# The header contract (issue 16): other tools find the columns by these names.
ID = "ID"
NEW_STATUS = "New status"
DATE = "Date"
NOTE = "Note"
PROPOSED_DATE = "Proposed new date"
DATE_REASON = "Reason for new date"
AT_RISK = "At risk"
AT_RISK_REASON = "At risk reason"
UPDATE = "Update"
PERIOD = "Period"
NEW_FIGURE = "New figure"
YES, NO = "yes", "no"

Kind = Literal["milestones", "actions", "measures"]
KINDS: tuple[Kind, ...] = ("milestones", "actions", "measures")
Value = str | date | None


@dataclass(frozen=True)
class Column:
    header: str
    kind: Literal["text", "date"] = "text"
    editable: bool = False
    width: int = 14


def milestone_columns(words: Words) -> tuple[Column, ...]:
    return (
        Column(ID, width=10),
        Column("Title", width=40),
        Column(heading(words.action), width=36),
        Column(heading(words.workstream), width=22),
        Column("Current due", "date"),
        Column("Health", width=11),
        Column("Why", width=40),
        Column("Status", width=12),
        Column("Last update on", "date"),
        Column("Last update", width=36),
        Column(NEW_STATUS, editable=True),
        Column(DATE, "date", editable=True),
        Column(NOTE, editable=True, width=40),
        Column(PROPOSED_DATE, "date", editable=True),
        Column(DATE_REASON, editable=True, width=32),
        Column(AT_RISK, editable=True, width=8),
        Column(AT_RISK_REASON, editable=True, width=32),
    )


ACTION_COLUMNS = (
    Column(ID, width=16),
    Column("Board action", width=48),
    Column("Raised on", "date"),
    Column("Due", "date"),
    Column("Status", width=12),
    Column("Last update on", "date"),
    Column("Last update", width=36),
    Column(NEW_STATUS, editable=True),
    Column(DATE, "date", editable=True),
    Column(UPDATE, editable=True, width=40),
)

MEASURE_COLUMNS = (
    Column(ID, width=12),
    Column("Measure", width=40),
    Column("Unit", width=12),
    Column("Latest period", width=14),
    Column("Latest figure", width=14),
    Column(PERIOD, editable=True),
    Column(NEW_FIGURE, editable=True),
    Column(NOTE, editable=True, width=40),
)


EDITABLE: Mapping[Kind, tuple[str, ...]] = {
    "milestones": (NEW_STATUS, DATE, NOTE, PROPOSED_DATE, DATE_REASON, AT_RISK, AT_RISK_REASON),
    "actions": tuple(c.header for c in ACTION_COLUMNS if c.editable),
    "measures": tuple(c.header for c in MEASURE_COLUMNS if c.editable),
}
"""The columns a lead fills in, by sheet: what ``read`` looks for."""
DATE_HEADERS = frozenset({DATE, PROPOSED_DATE})


def digest(item: BaseModel) -> str:
    """A short fingerprint of an item's whole state: any edit of it changes this."""
    return hashlib.sha256(item.model_dump_json().encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class MilestoneLine:
    id: str
    title: str
    action: str
    workstream: str
    current_due: date
    health: str
    why: str
    status: str
    last_update_on: date | None
    last_update: str
    digest: str

    def values(self) -> tuple[Value, ...]:
        return (
            self.id,
            self.title,
            self.action,
            self.workstream,
            self.current_due,
            self.health,
            self.why,
            self.status,
            self.last_update_on,
            self.last_update,
        )


@dataclass(frozen=True)
class ActionLine:
    id: str
    text: str
    raised_on: date | None
    due: date
    status: str
    last_update_on: date | None
    last_update: str
    digest: str

    def values(self) -> tuple[Value, ...]:
        return (
            self.id,
            self.text,
            self.raised_on,
            self.due,
            self.status,
            self.last_update_on,
            self.last_update,
        )


def measure_values(line: MeasureLine) -> tuple[Value, ...]:
    return (line.id, line.title, line.unit, line.latest_period, line.latest_value)


@dataclass(frozen=True)
class ReturnState:
    """What the hidden sheet records: enough for ``apply`` to notice stale rows."""

    lead: str
    partnership: str
    as_of: date
    made_on: date
    commit: str | None
    sheets: Mapping[Kind, str]
    """Which sheet (or Markdown section) holds which kind of row."""
    digests: Mapping[str, str] = field(default_factory=dict)
    """``'<kind>:<id>'`` → the item's digest when the return was made."""
    format: str = FORMAT

    def rows(self) -> list[tuple[str, str, str]]:
        """The hidden sheet, one (key, id, value) triple per row."""
        head = [
            ("format", "", self.format),
            ("lead", "", self.lead),
            ("partnership", "", self.partnership),
            ("as of", "", self.as_of.isoformat()),
            ("made on", "", self.made_on.isoformat()),
            ("commit", "", self.commit or ""),
        ]
        head += [("sheet", kind, name) for kind, name in self.sheets.items()]
        return head + [("digest", item, value) for item, value in self.digests.items()]

    @classmethod
    def from_rows(cls, rows: Sequence[tuple[str, str, str]]) -> ReturnState:
        """The inverse of ``rows``; ValueError says what is missing or wrong."""
        single = {key: value for key, item, value in rows if not item}
        if single.get("format") != FORMAT:
            raise ValueError(f"format is '{single.get('format', '')}', not {FORMAT}")
        sheets: dict[Kind, str] = {}
        for key, item, value in rows:
            if key == "sheet" and item in KINDS:
                sheets[item] = value
        try:
            return cls(
                lead=single["lead"],
                partnership=single.get("partnership", ""),
                as_of=date.fromisoformat(single["as of"]),
                made_on=date.fromisoformat(single["made on"]),
                commit=single.get("commit") or None,
                sheets=sheets,
                digests={item: value for key, item, value in rows if key == "digest"},
            )
        except KeyError as missing:
            raise ValueError(f"no {missing.args[0]!r}") from None

    def to_json(self) -> str:
        """For the Markdown form: JSON that cannot end the HTML comment it sits in."""
        data = {key: value for key, _, value in self.rows() if key not in ("sheet", "digest")}
        text = json.dumps(
            {**data, "sheets": dict(self.sheets), "digests": dict(self.digests)},
            ensure_ascii=True,
            sort_keys=True,
        )
        # '-->' and '--!>' both need a '>': escaped, no text can close the comment.
        return text.replace("<", "\\u003c").replace(">", "\\u003e")

    @classmethod
    def from_json(cls, text: str) -> ReturnState:
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("the state is not a JSON object")
        sheets = data.pop("sheets", {})
        digests = data.pop("digests", {})
        if not isinstance(sheets, dict) or not isinstance(digests, dict):
            raise ValueError("sheets and digests must be JSON objects")
        rows = [(str(k), "", str(v)) for k, v in data.items()]
        rows += [("sheet", str(k), str(v)) for k, v in sheets.items()]
        rows += [("digest", str(k), str(v)) for k, v in digests.items()]
        return cls.from_rows(rows)


@dataclass(frozen=True)
class LeadReturn:
    """One lead's return, ready to write as a workbook or a Markdown form."""

    state: ReturnState
    file_stem: str
    words: Words
    milestones: list[MilestoneLine]
    actions: list[ActionLine]
    measures: list[MeasureLine]

    @property
    def lead(self) -> str:
        return self.state.lead


def _one_line(text: str) -> str:
    """Repository text in one line (a title with line breaks stays one cell or line)."""
    return " ".join(text.split())


def file_stem(lead: str, taken: set[str]) -> str:
    """'Head of SEND, Lancashire' → 'head-of-send-lancashire' (unique among ``taken``)."""
    stem = re.sub(r"[^a-z0-9]+", "-", lead.casefold()).strip("-")[:60].strip("-") or "lead"
    chosen, number = stem, 1
    while chosen in taken:
        number += 1
        chosen = f"{stem}-{number}"
    taken.add(chosen)
    return chosen


def build_returns(
    repo: Repository,
    works: Sequence[LeadWork],
    *,
    as_of: date,
    made_on: date,
    commit: str | None,
    measures: MeasureSource = REPOSITORY_MEASURES,
) -> list[LeadReturn]:
    """One return per lead in ``works`` (``leads.select``), health as of ``as_of``."""
    words = words_for(repo)
    rows = {row.id: row for row in milestone_rows(repo, as_of)}
    streams = repo.workstream_names()
    meetings = {m.id: m.date for m in repo.meetings}
    sheets: dict[Kind, str] = {
        "milestones": heading(words.milestones),
        "actions": heading(words.board_actions),
        "measures": heading(words.measures),
    }
    taken: set[str] = set()
    books = []
    for work in works:
        lines = []
        for entry in work.entries:
            milestone, row = entry.milestone, rows.get(entry.milestone.id)
            if row is None:
                continue  # not yet in the plan on as_of ('added_on'): nothing to return
            last = milestone.updates[-1] if milestone.updates else None
            lines.append(
                MilestoneLine(
                    id=milestone.id,
                    title=_one_line(milestone.title),
                    action=_one_line(f"{entry.action.id} {entry.action.title}"),
                    workstream=_one_line(
                        streams.get(entry.workstream or "", entry.workstream or "")
                    ),
                    current_due=row.current_due,
                    health=row.health.label,
                    why=_one_line(row.reason),
                    status=words.statuses[milestone.status],
                    last_update_on=last.on if last else None,
                    last_update=_one_line(last.note) if last else "",
                    digest=digest(milestone),
                )
            )
        actions = []
        for action in work.actions:
            latest = action.updates[-1] if action.updates else None
            actions.append(
                ActionLine(
                    id=action.id,
                    text=_one_line(action.text),
                    raised_on=meetings.get(action.meeting),
                    due=action.due,
                    status=words.action_statuses[action.status],
                    last_update_on=latest.on if latest else None,
                    last_update=_one_line(latest.note) if latest else "",
                    digest=digest(action),
                )
            )
        owned = measures.owned(repo, work.lead)
        digests = {f"milestones:{line.id}": line.digest for line in lines}
        digests |= {f"actions:{line.id}": line.digest for line in actions}
        digests |= {f"measures:{line.id}": line.digest for line in owned}
        state = ReturnState(
            lead=work.lead,
            partnership=repo.settings.partnership if repo.settings else "",
            as_of=as_of,
            made_on=made_on,
            commit=commit,
            sheets=sheets,
            digests=digests,
        )
        books.append(LeadReturn(state, file_stem(work.lead, taken), words, lines, actions, owned))
    return books


# -- the workbook ---------------------------------------------------------------------------


def readme_lines(book: LeadReturn) -> list[str]:
    """What the "Read me" sheet (and the top of the Markdown form) says."""
    words, state = book.words, book.state
    statuses = ", ".join(words.statuses.values())
    return [
        f"Return for {state.lead}" + (f", {state.partnership}" if state.partnership else ""),
        f"Made on {long_form(state.made_on)}, showing health as of {long_form(state.as_of)}.",
        "",
        f"Each row is one of your live {words.milestones} or open {words.board_actions}. "
        "Fill in only the columns headed in yellow (the others are locked) and leave a row "
        "empty if nothing changed.",
        f"{NEW_STATUS}: one of {statuses}. {DATE}: the day it happened (03/11/2025); "
        "today if left empty.",
        f"{PROPOSED_DATE} and {DATE_REASON}: a new date to propose to the board, with why; "
        "the original date is kept.",
        f"{AT_RISK}: yes with a reason in {AT_RISK_REASON}, or no when it no longer is.",
        "Do not rename the sheets or change the ID column; type values, not formulas.",
        "No personal details of children or families, please.",
        "Send the file back to the partnership manager when you have filled it in.",
    ]


def _sheet_rows(book: LeadReturn, kind: Kind) -> tuple[tuple[Column, ...], list[tuple[Value, ...]]]:
    if kind == "milestones":
        return milestone_columns(book.words), [line.values() for line in book.milestones]
    if kind == "actions":
        return ACTION_COLUMNS, [line.values() for line in book.actions]
    return MEASURE_COLUMNS, [measure_values(line) for line in book.measures]


def to_xlsx(book: LeadReturn) -> bytes:
    """The workbook described in the module docstring, as bytes."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.workbook.protection import WorkbookProtection
    from openpyxl.worksheet.datavalidation import DataValidation

    stamp = datetime.combine(book.state.made_on, time())
    workbook = Workbook()
    workbook.properties.creator = "sendtrack"
    workbook.properties.created = stamp
    workbook.properties.modified = stamp
    readme = workbook.active
    assert readme is not None  # a new workbook has one sheet
    readme.title = README_SHEET
    for number, line in enumerate(readme_lines(book), start=1):
        cell = readme.cell(row=number, column=1, value=ILLEGAL_CHARACTERS_RE.sub("?", line))
        cell.data_type = "s"
    readme["A1"].font = Font(bold=True, size=13)
    readme.column_dimensions["A"].width = 110
    readme.protection.sheet = True

    header_font = Font(bold=True)
    locked_fill = PatternFill("solid", fgColor="E6E6E6")
    editable_fill = PatternFill("solid", fgColor="FFF2CC")
    unlocked = Protection(locked=False)
    top = Alignment(vertical="top", wrap_text=True)
    choices = {
        "milestones": {NEW_STATUS: tuple(book.words.statuses.values()), AT_RISK: (YES, NO)},
        "actions": {NEW_STATUS: tuple(book.words.action_statuses.values())},
        "measures": {},
    }
    for kind in KINDS:
        columns, rows = _sheet_rows(book, kind)
        if kind == "measures" and not rows:
            continue
        sheet = workbook.create_sheet(book.state.sheets[kind])
        last_row = max(2, len(rows) + 1)
        for index, column in enumerate(columns, start=1):
            cell = sheet.cell(row=1, column=index, value=column.header)
            cell.font = header_font
            cell.fill = editable_fill if column.editable else locked_fill
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            letter = get_column_letter(index)
            sheet.column_dimensions[letter].width = column.width
            if column.editable:
                for row in range(2, len(rows) + 2):
                    target = sheet.cell(row=row, column=index)
                    target.protection = unlocked
                    target.alignment = top
                    if column.kind == "date":
                        target.number_format = "dd/mm/yyyy"
                    else:
                        target.number_format = "@"  # typed text stays text
            options = choices[kind].get(column.header)
            if options:
                rule = DataValidation(
                    type="list",
                    formula1='"' + ",".join(options) + '"',
                    allow_blank=True,
                    showErrorMessage=True,
                    errorTitle=column.header,
                    error="Choose one of: " + ", ".join(options),
                )
                rule.add(f"{letter}2:{letter}{last_row}")
                sheet.add_data_validation(rule)
            elif column.editable and column.kind == "date":
                rule = DataValidation(
                    type="date",
                    operator="greaterThan",
                    formula1="36526",  # 1 January 2000, as a spreadsheet serial number
                    allow_blank=True,
                    showErrorMessage=True,
                    errorStyle="warning",
                    errorTitle=column.header,
                    error="Type a date, such as 03/11/2025.",
                )
                rule.add(f"{letter}2:{letter}{last_row}")
                sheet.add_data_validation(rule)
        for number, values in enumerate(rows, start=2):
            for index, value in enumerate(values, start=1):
                if value is None or value == "":
                    continue
                if isinstance(value, date):
                    cell = sheet.cell(row=number, column=index, value=value)
                    cell.number_format = "d mmm yyyy"
                else:
                    cell = sheet.cell(
                        row=number, column=index, value=ILLEGAL_CHARACTERS_RE.sub("?", value)
                    )
                    cell.data_type = "s"  # never a formula, whatever the text starts with
                cell.alignment = top
        sheet.freeze_panes = "B2"
        sheet.protection.sheet = True
        sheet.protection.formatColumns = False  # widen a column to read it
        sheet.protection.formatRows = False
    workbook.active = 1

    state = workbook.create_sheet(STATE_SHEET)
    for number, triple in enumerate(book.state.rows(), start=1):
        for index, text in enumerate(triple, start=1):
            if text:
                state.cell(row=number, column=index, value=text).data_type = "s"
    state.sheet_state = "hidden"
    state.protection.sheet = True
    workbook.security = WorkbookProtection(lockStructure=True)
    return _reproducible(workbook, stamp)


def _reproducible(workbook: Workbook, stamp: datetime) -> bytes:
    """The workbook's bytes with no clock in them. ``Workbook.save`` stamps the time of
    saving into its properties and the zip dates each part with the clock; openpyxl's
    own writer, given a zip whose parts are dated ``stamp``, does neither."""
    from openpyxl.writer.excel import ExcelWriter

    class Dated(zipfile.ZipFile):
        def writestr(
            self,
            zinfo_or_arcname: str | zipfile.ZipInfo,
            data: Any,
            compress_type: int | None = None,
            compresslevel: int | None = None,
        ) -> None:
            name = (
                zinfo_or_arcname.filename
                if isinstance(zinfo_or_arcname, zipfile.ZipInfo)
                else zinfo_or_arcname
            )
            dated = zipfile.ZipInfo(name, stamp.timetuple()[:6])
            dated.compress_type = zipfile.ZIP_DEFLATED
            super().writestr(dated, data)

        def write(
            self,
            filename: Any,
            arcname: Any = None,
            compress_type: int | None = None,
            compresslevel: int | None = None,
        ) -> None:
            with open(filename, "rb") as stream:  # a sheet openpyxl wrote to a temporary file
                self.writestr(str(arcname or filename), stream.read())

    buffer = io.BytesIO()
    with Dated(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    return buffer.getvalue()
