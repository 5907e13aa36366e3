"""The plan, the action log and the risk register as spreadsheet tables (CSV and XLSX).

Why: boards, finance teams and inspectors work in spreadsheets. An export must open
cleanly in Excel and LibreOffice and must never run anything. Three tables, one sheet
(XLSX) or one file (CSV) each, in a column order that does not change between releases:

* ``Milestones`` — original and current dates, slip, health, colour, re-profile count;
* ``Board actions`` — open and archived, status as of the export date, days overdue;
* ``Risks`` — current and target scores, band, trend since the last board;
* ``Measure figures`` — every figure of every impact measure, its own and its
  comparators', a suppressed one with its code (never 0), and where each came from.

Values are typed: dates are dates (XLSX: real date cells shown ``yyyy-mm-dd``; CSV:
ISO ``YYYY-MM-DD``), counts are numbers, and everything else is text.

Formula injection: a text value starting with ``=``, ``+``, ``-`` or ``@`` (or a tab or
carriage return) would be read as a formula by a spreadsheet. In XLSX every text cell is
written as a string cell (``data_type 's'``), so the exact text shows and nothing is
evaluated. In CSV there is no cell type, so such a value gets the OWASP treatment: it is
prefixed with a single quote (``'=HYPERLINK(...)``) and every field is double-quoted
(https://owasp.org/www-community/attacks/CSV_Injection). Numbers are never prefixed: a
negative slip stays a number.

The library returns bytes and text; the CLI writes them.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Literal

from sendtrack.models.vocabulary import Slot, Vocabulary
from sendtrack.papers.spreadsheet import ExportRows, FigureRow
from sendtrack.plan.status import MilestoneRow

Kind = Literal["text", "date", "number"]
Value = str | int | float | date | None

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read text as a formula (OWASP's list)."""
MAX_WIDTH = 60
"""Widest a column gets (characters); longer text wraps within it."""
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
"""Control characters XML (so XLSX) cannot hold."""


@dataclass(frozen=True)
class ExportColumn:
    header: str
    kind: Kind


@dataclass(frozen=True)
class Sheet:
    """One table: a sheet of the workbook, or one CSV file."""

    name: str
    file: str
    columns: tuple[ExportColumn, ...]
    rows: list[tuple[Value, ...]]


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _columns(*spec: tuple[str, Kind]) -> tuple[ExportColumn, ...]:
    return tuple(ExportColumn(header, kind) for header, kind in spec)


MILESTONE_COLUMNS = _columns(
    ("ID", "text"),
    ("Title", "text"),
    ("Priority", "text"),
    ("Outcome", "text"),
    ("Action", "text"),
    ("Workstream", "text"),
    ("Status", "text"),
    ("Health", "text"),
    ("Colour", "text"),
    ("Symbol", "text"),
    ("Original due", "date"),
    ("Current due", "date"),
    ("Slip (days)", "number"),
    ("Re-profiles", "number"),
    ("Proposed date awaiting the board", "date"),
    ("Completed on", "date"),
    ("Completed late", "text"),
    ("Reason", "text"),
    ("Illustrative", "text"),
)

ACTION_COLUMNS = _columns(
    ("ID", "text"),
    ("Meeting", "text"),
    ("Number", "number"),
    ("Action", "text"),
    ("Owner", "text"),
    ("Due", "date"),
    ("Status", "text"),
    ("Closed on", "date"),
    ("Days overdue", "number"),
    ("Boards carried over", "number"),
    ("Links", "text"),
    ("Archived", "text"),
    ("Illustrative", "text"),
)

RISK_COLUMNS = _columns(
    ("ID", "text"),
    ("Title", "text"),
    ("Description", "text"),
    ("Owner", "text"),
    ("Category", "text"),
    ("Likelihood", "number"),
    ("Impact", "number"),
    ("Score", "number"),
    ("Band", "text"),
    ("Target likelihood", "number"),
    ("Target impact", "number"),
    ("Target score", "number"),
    ("Trend since last board", "text"),
    ("Review date", "date"),
    ("Review overdue", "text"),
    ("Status", "text"),
    ("Raised on", "date"),
    ("Links", "text"),
    ("Mitigations", "text"),
    ("Illustrative", "text"),
)


_LEVEL_COLUMNS: dict[str, Slot] = {"Priority": "priority", "Outcome": "outcome", "Action": "action"}
"""The milestone sheet's columns that name a level of the plan, by their Lancashire header."""


def milestone_columns(words: Vocabulary) -> tuple[int, ...]:
    """Which of ``MILESTONE_COLUMNS`` a plan in these words has: a level it does not have
    is no column (a 3-level plan has no outcome)."""
    return tuple(
        index
        for index, column in enumerate(MILESTONE_COLUMNS)
        if column.header not in _LEVEL_COLUMNS or words.level(_LEVEL_COLUMNS[column.header])
    )


def _milestone_header(column: ExportColumn, words: Vocabulary) -> ExportColumn:
    """A level or group column headed in the plan's words ('Recommendation', 'Thematic
    group'); Lancashire's words are the defaults, so its headers stay as they were."""
    if column.header in _LEVEL_COLUMNS:
        return replace(column, header=words.noun(_LEVEL_COLUMNS[column.header]).name)
    if column.header == "Workstream":
        return replace(column, header=words.grouping.name)
    return column


def _milestone(row: MilestoneRow) -> tuple[Value, ...]:
    return (
        row.id,
        row.title,
        row.priority,
        row.outcome,
        row.action,
        row.workstream,
        row.status.replace("_", " "),
        row.health.label,
        row.colour.label,
        row.colour.symbol,
        row.baseline_due,
        row.current_due,
        row.slip_days,
        row.reprofiles,
        row.pending[-1].to if row.pending else None,
        row.completed_on,
        _yes(row.late) if row.status == "complete" else "",
        row.reason,
        _yes(row.illustrative),
    )


FIGURE_COLUMNS = _columns(
    ("Measure", "text"),
    ("Title", "text"),
    ("Unit", "text"),
    ("Polarity", "text"),
    ("Series", "text"),
    ("Period", "text"),
    ("Value", "number"),
    ("Unavailable", "text"),
    ("Source file", "text"),
    ("Release", "text"),
    ("Row", "number"),
    ("Entered by", "text"),
    ("Recorded on", "date"),
    ("Note", "text"),
    ("Illustrative", "text"),
)


def _figure(row: FigureRow) -> tuple[Value, ...]:
    measure, figure = row.measure, row.figure
    source = figure.source
    return (
        measure.id,
        measure.title,
        measure.unit if measure.unit != "rate" else f"rate per {measure.per}",
        f"{measure.polarity} is better",
        row.series or "own figures",
        figure.period,
        figure.value,
        figure.unavailable,
        source.file if source else None,
        source.release if source else None,
        source.row if source else None,
        source.entered_by if source else None,
        source.on if source else None,
        figure.note,
        _yes(measure.illustrative),
    )


def export_sheets(rows: ExportRows) -> list[Sheet]:
    """The tables (``papers.spreadsheet.export_rows``): milestones, board actions, risks,
    measure figures (a repository without impact measures gets no empty sheet for them)."""
    kept = milestone_columns(rows.words)
    milestone_heads = tuple(_milestone_header(MILESTONE_COLUMNS[i], rows.words) for i in kept)
    milestones = [tuple(values[i] for i in kept) for values in map(_milestone, rows.milestones)]
    actions: list[tuple[Value, ...]] = [
        (
            row.id,
            row.action.meeting,
            row.action.number,
            row.action.text,
            row.action.owner,
            row.action.due,
            row.status_label,
            row.closed_on,
            row.days_overdue,
            row.carried_over,
            "; ".join(row.action.links),
            _yes(row.archived),
            _yes(row.action.illustrative),
        )
        for row in rows.actions
    ]
    risks: list[tuple[Value, ...]] = [
        (
            row.risk.id,
            row.risk.title,
            row.risk.description,
            row.risk.owner,
            row.risk.category,
            row.risk.likelihood,
            row.risk.impact,
            row.score,
            row.band,
            row.risk.target.likelihood,
            row.risk.target.impact,
            row.target_score,
            row.trend.trend or "unknown",
            row.risk.review_date,
            _yes(row.review_overdue),
            row.risk.status,
            row.risk.raised_on,
            "; ".join(row.risk.links),
            "; ".join(m.text for m in row.risk.mitigations),
            _yes(row.risk.illustrative),
        )
        for row in rows.risks
    ]
    sheets = [
        Sheet(rows.words.tracked.plural, "milestones.csv", milestone_heads, milestones),
        Sheet("Board actions", "board-actions.csv", ACTION_COLUMNS, actions),
        Sheet("Risks", "risks.csv", RISK_COLUMNS, risks),
    ]
    if rows.figures:
        figures = [_figure(row) for row in rows.figures]
        sheets.append(Sheet("Measure figures", "measure-figures.csv", FIGURE_COLUMNS, figures))
    return sheets


# -- CSV ----------------------------------------------------------------------------------------


def csv_text(value: str) -> str:
    """A text value safe in a CSV: OWASP's single-quote prefix where it could be a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _csv_value(value: Value, kind: Kind) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if kind == "number":
        return str(value)
    return csv_text(str(value))


def to_csv(sheet: Sheet) -> str:
    """RFC 4180 CSV (CRLF, every field quoted), for writing as UTF-8 with a BOM.

    The BOM is what makes Excel read the file as UTF-8 (symbols such as ▲ included);
    LibreOffice and Python's ``utf-8-sig`` read it too.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow([column.header for column in sheet.columns])
    for row in sheet.rows:
        writer.writerow(
            [
                _csv_value(value, column.kind)
                for value, column in zip(row, sheet.columns, strict=True)
            ]
        )
    return buffer.getvalue()


# -- XLSX ---------------------------------------------------------------------------------------


def _display(value: Value) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)


def column_widths(sheet: Sheet) -> list[int]:
    """Characters per column: the longest value or header word, plus padding, capped."""
    widths = []
    for index, column in enumerate(sheet.columns):
        longest = max(
            [len(word) for word in column.header.split()]
            + [len(_display(row[index])) for row in sheet.rows]
        )
        if column.kind == "date":
            longest = max(longest, 10)
        widths.append(min(MAX_WIDTH, longest + 2))
    return widths


def to_xlsx(sheets: Sequence[Sheet], created: datetime | None = None) -> bytes:
    """The workbook: one sheet per table, typed cells, readable widths, filters, frozen header."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    workbook.properties.creator = "sendtrack"
    if created is not None:
        workbook.properties.created = created
    header_font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="E6E6E6")
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    setters: dict[Kind, Callable[[Value], Value]] = {
        "text": lambda value: _ILLEGAL.sub("?", str(value)),
        "date": lambda value: value,
        "number": lambda value: value,
    }
    for sheet in sheets:
        worksheet = workbook.create_sheet(sheet.name)
        widths = column_widths(sheet)
        for index, column in enumerate(sheet.columns, start=1):
            cell = worksheet.cell(row=1, column=index, value=column.header)
            cell.font = header_font
            cell.fill = header_fill
            cell.alignment = wrap
            worksheet.column_dimensions[get_column_letter(index)].width = widths[index - 1]
        for row_number, row in enumerate(sheet.rows, start=2):
            for index, (value, column) in enumerate(zip(row, sheet.columns, strict=True), start=1):
                if value is None:
                    continue
                cell = worksheet.cell(
                    row=row_number, column=index, value=setters[column.kind](value)
                )
                if column.kind == "text":
                    # openpyxl reads a leading '=' as a formula; force a string cell.
                    cell.data_type = "s"
                    cell.alignment = wrap if widths[index - 1] >= MAX_WIDTH else top
                elif column.kind == "date":
                    cell.number_format = "yyyy-mm-dd"
                    cell.alignment = top
                else:
                    cell.alignment = top
        worksheet.freeze_panes = "A2"
        last = get_column_letter(len(sheet.columns))
        worksheet.auto_filter.ref = f"A1:{last}{max(1, len(sheet.rows) + 1)}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
