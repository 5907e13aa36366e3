"""Reading a returned workbook (or Markdown form) safely: rows of typed values, located.

A return arrives by email from outside the repository, so it is hostile until read:

* **Size before parsing.** An XLSX is a zip; a zip bomb declares a huge uncompressed
  size for a small file. The zip's own directory is checked first (``zipfile``, which
  reads no member): the file size, the number of members, the declared uncompressed
  total and each large member's compression ratio. Python's zip reader never inflates a
  member past its declared size, so the declared sizes bound what parsing can use.
* **No macros.** A macro-enabled workbook (``.xlsm``, or any workbook carrying
  ``vbaProject.bin``) is refused, never opened.
* **XML attacks.** openpyxl parses through defusedxml (a dependency for that reason), so
  entity expansion ("billion laughs") is refused.
* **Nothing evaluated or followed.** The workbook is opened with formulas as formulas
  (``data_only=False``) and without external links. A formula in a cell that is read is
  reported and that row skipped: its text is never used and its cached result never
  trusted. A hyperlink's target is not followed; only the cell's text is read.

What comes out: the return's recorded state (the hidden sheet, see ``make``), and one
``ReturnRow`` per filled row, each value typed (dates as dates: a real date cell, an ISO
date, a UK ``03/11/2025`` or any form ``core.dates`` reads) and located as
``FILE:Sheet!C12`` (a Markdown form: ``FILE:LINE``). Columns are found by their headers,
so moved or extra columns do not matter; a renamed sheet is found by its header row.
Problems that make a row unsafe to apply (a formula, a merged cell, a date that is not
one, no id) go with the row; ``apply`` refuses it whole.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sendtrack.core.dates import parse_date
from sendtrack.core.problems import Severity
from sendtrack.returns.make import (
    DATE_HEADERS,
    EDITABLE,
    ID,
    KINDS,
    README_SHEET,
    STATE_SHEET,
    Kind,
    ReturnState,
)

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

MAX_FILE_BYTES = 10 * 1024 * 1024
"""A real return (a few hundred rows) is tens of kilobytes."""
MAX_UNCOMPRESSED = 64 * 1024 * 1024
"""Declared uncompressed total of every member of the zip."""
MAX_MEMBERS = 1000
MAX_RATIO = 100
"""Compression ratio allowed for a member over ``RATIO_FLOOR`` (XML runs at 5–20)."""
RATIO_FLOOR = 1024 * 1024
MAX_ROWS = 10_000
MAX_MARKDOWN_BYTES = 2 * 1024 * 1024
STATE_MARKER = "sendtrack-return"

_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_FORM_STATE = re.compile(rf"^<!--\s*{STATE_MARKER}\s+(\{{.*\}})\s*-->\s*$")
_FORM_FIELD = re.compile(r"^- ([^:]+):(.*)$")


@dataclass(frozen=True)
class Where:
    """Where a value is: ``FILE:Sheet!C12`` in a workbook, ``FILE:12`` in a form."""

    file: str
    sheet: str | None = None
    cell: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        if self.sheet is not None:
            return (
                f"{self.file}:{self.sheet}!{self.cell}"
                if self.cell
                else f"{self.file}:{self.sheet}"
            )
        if self.line is not None:
            return f"{self.file}:{self.line}"
        return self.file


@dataclass(frozen=True)
class CellProblem:
    """A problem with a return, at a cell (or line) of it: what ``apply`` reports."""

    code: str
    message: str
    where: Where
    hint: str = ""
    severity: Severity = Severity.ERROR

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "where": str(self.where),
            "message": self.message,
            "hint": self.hint,
        }


@dataclass(frozen=True)
class Field:
    """One filled-in editable cell."""

    header: str
    value: str | date
    where: Where


@dataclass
class ReturnRow:
    kind: Kind
    id: str | None
    where: Where
    """The row's id cell (or heading line)."""
    fields: dict[str, Field] = field(default_factory=dict)
    problems: list[CellProblem] = field(default_factory=list)
    """What makes the row unsafe to apply; ``apply`` refuses a row that has any."""

    def text(self, header: str) -> str | None:
        found = self.fields.get(header)
        return found.value if found is not None and isinstance(found.value, str) else None

    def day(self, header: str) -> date | None:
        found = self.fields.get(header)
        return found.value if found is not None and isinstance(found.value, date) else None

    def at(self, header: str) -> Where:
        """Where a column's value is (the id cell when the column was left empty)."""
        found = self.fields.get(header)
        return found.where if found is not None else self.where


@dataclass
class ReadReturn:
    file: str
    state: ReturnState | None = None
    rows: list[ReturnRow] = field(default_factory=list)
    problems: list[CellProblem] = field(default_factory=list)
    """Problems of the file or of a whole sheet (no ``state``: nothing of the file can be
    applied; a sheet that cannot be read: none of its rows), and warnings (a renamed
    sheet, a hyperlink not followed)."""


def parse_day(text: str) -> date:
    """A date typed in a return: ``03/11/2025`` is 3 November 2025 (UK order), or any
    form the repository accepts; ValueError says what to type."""
    value = text.strip()
    if match := _UK_DATE.match(value):
        day, month, year = (int(part) for part in match.groups())
        try:
            return date(year, month, day)
        except ValueError:
            raise ValueError(f"'{value}' is not a date (day/month/year)") from None
    try:
        return parse_date(value)
    except ValueError:
        raise ValueError(
            f"'{value}' is not a date; type it as 03/11/2025 (day/month/year) or 2025-11-03"
        ) from None


def read_return(path: Path, shown: str | None = None) -> ReadReturn:
    """Read one return (XLSX or Markdown form); never raises on what the file holds."""
    name = shown or str(path)
    whole = Where(name)
    result = ReadReturn(name)
    suffix = path.suffix.lower()
    if suffix in (".xlsm", ".xltm", ".xlam"):
        result.problems.append(_macros(whole))
        return result
    try:
        size = path.stat().st_size
    except OSError as exc:
        result.problems.append(
            CellProblem("return-unreadable", f"cannot read the file: {exc.strerror}", whole)
        )
        return result
    if suffix in (".md", ".markdown", ".txt"):
        if size > MAX_MARKDOWN_BYTES:
            result.problems.append(_too_large(whole, f"the file is {size:,} bytes"))
            return result
        return _read_form(path.read_bytes(), result)
    problem = _check_zip(path, size, whole)
    if problem is not None:
        result.problems.append(problem)
        return result
    return _read_workbook(path, result)


# -- the zip, before any parsing -----------------------------------------------------------


def _macros(where: Where) -> CellProblem:
    return CellProblem(
        "return-macros",
        "the workbook is macro-enabled; sendtrack never opens a workbook with macros",
        where,
        hint="save it as an Excel Workbook (.xlsx) and send that",
    )


def _too_large(where: Where, why: str) -> CellProblem:
    return CellProblem(
        "return-too-large",
        f"refused before reading: {why}, far more than any return",
        where,
        hint="send the workbook sendtrack made, filled in; not a different file",
    )


def _check_zip(path: Path, size: int, where: Where) -> CellProblem | None:
    if size > MAX_FILE_BYTES:
        return _too_large(where, f"the file is {size:,} bytes")
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return CellProblem(
            "return-unreadable",
            "not an XLSX workbook (it is not a zip file)",
            where,
            hint="send the workbook as .xlsx, or the Markdown form as .md",
        )
    if len(members) > MAX_MEMBERS:
        return _too_large(where, f"the workbook has {len(members):,} parts")
    total = sum(member.file_size for member in members)
    if total > MAX_UNCOMPRESSED:
        return _too_large(where, f"its parts declare {total:,} bytes uncompressed")
    for member in members:
        ratio = member.file_size // max(member.compress_size, 1)
        if member.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
            return _too_large(where, f"part {member.filename} compresses {ratio:,} to 1")
        if member.filename.lower().endswith("vbaproject.bin"):
            return _macros(where)
    return None


# -- the workbook ------------------------------------------------------------------------------


def _read_workbook(path: Path, result: ReadReturn) -> ReadReturn:
    from openpyxl import load_workbook

    whole = Where(result.file)
    try:
        workbook = load_workbook(
            path, read_only=False, keep_vba=False, data_only=False, keep_links=False
        )
    except Exception as exc:  # any failure to parse a hostile file is "unreadable"
        result.problems.append(
            CellProblem(
                "return-unreadable",
                f"the workbook cannot be read ({type(exc).__name__})",
                whole,
                hint="open it in Excel or LibreOffice, save it as .xlsx and send it again",
            )
        )
        return result
    try:
        return _read_sheets(workbook, result)
    finally:
        workbook.close()


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _state(workbook: Any, result: ReadReturn) -> ReturnState | None:
    whole = Where(result.file)
    if STATE_SHEET not in workbook.sheetnames:
        result.problems.append(
            CellProblem(
                "return-not-a-return",
                f"no '{STATE_SHEET}' sheet: this workbook was not made by 'sendtrack returns make'",
                whole,
                hint="fill in the workbook sendtrack made: its hidden sheet says what it came from",
            )
        )
        return None
    rows = [
        tuple("" if value is None else _text(value) for value in [*row, "", "", ""][:3])
        for row in workbook[STATE_SHEET].iter_rows(max_col=3, values_only=True)
    ]
    try:
        return ReturnState.from_rows([(k, i, v) for k, i, v in rows])
    except ValueError as exc:
        result.problems.append(
            CellProblem(
                "return-not-a-return",
                f"the '{STATE_SHEET}' sheet cannot be read: {exc}",
                Where(result.file, STATE_SHEET, "A1"),
                hint="make a new return with 'sendtrack returns make' and send that",
            )
        )
        return None


def _headers(sheet: Worksheet) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for cell in sheet[1] if sheet.max_row >= 1 else ():
        if isinstance(cell.value, str) and cell.value.strip():
            found.setdefault(" ".join(cell.value.split()), []).append(int(cell.column or 0))
    return found


def _find_sheet(workbook: Any, kind: Kind, state: ReturnState, result: ReadReturn) -> Any | None:
    wanted = state.sheets.get(kind)
    if wanted is not None and wanted in workbook.sheetnames:
        return workbook[wanted]
    for sheet in workbook.worksheets:
        if sheet.title in (STATE_SHEET, README_SHEET, *state.sheets.values()):
            continue
        headers = _headers(sheet)
        if ID in headers and all(h in headers for h in EDITABLE[kind]):
            result.problems.append(
                CellProblem(
                    "return-sheet-renamed",
                    f"the sheet '{wanted}' is now called '{sheet.title}'; read by its header row",
                    Where(result.file, sheet.title, "A1"),
                    severity=Severity.WARNING,
                )
            )
            return sheet
    return None


def _read_sheets(workbook: Any, result: ReadReturn) -> ReadReturn:
    state = _state(workbook, result)
    if state is None:
        return result
    result.state = state
    for kind in KINDS:
        has_rows = any(item.startswith(f"{kind}:") for item in state.digests)
        sheet = _find_sheet(workbook, kind, state, result)
        if sheet is None:
            if has_rows:
                result.problems.append(
                    CellProblem(
                        "return-sheet-missing",
                        f"no sheet '{state.sheets.get(kind)}' (or one with its header row): "
                        f"none of its rows can be read",
                        Where(result.file),
                        hint="send the workbook with its sheets as sendtrack made them",
                    )
                )
            continue
        _read_sheet(sheet, kind, result)
    return result


def _merged_rows(sheet: Worksheet, columns: Iterable[int]) -> dict[int, str]:
    """Row → a merged range with a value over a column that is read."""
    wanted = set(columns)
    rows: dict[int, str] = {}
    for merged in sheet.merged_cells.ranges:
        if merged.size["rows"] * merged.size["columns"] == 1:
            continue
        if not wanted.intersection(range(merged.min_col, merged.max_col + 1)):
            continue
        if sheet.cell(row=merged.min_row, column=merged.min_col).value is None:
            continue  # empty merged cells hold nothing to misread
        for row in range(merged.min_row, merged.max_row + 1):
            rows.setdefault(row, merged.coord)
    return rows


def _read_sheet(sheet: Worksheet, kind: Kind, result: ReadReturn) -> None:
    from openpyxl.utils import get_column_letter

    headers = _headers(sheet)
    title = sheet.title
    for header, columns in headers.items():
        if len(columns) > 1 and (header == ID or header in EDITABLE[kind]):
            result.problems.append(
                CellProblem(
                    "return-column-duplicated",
                    f"two columns are headed '{header}'; the sheet cannot be read",
                    Where(result.file, title, f"{get_column_letter(columns[1])}1"),
                    hint="delete the copy, keeping the column sendtrack made",
                )
            )
            return
    if ID not in headers:
        result.problems.append(
            CellProblem(
                "return-column-missing",
                f"no column headed '{ID}'; the sheet cannot be read",
                Where(result.file, title, "A1"),
                hint="keep the header row as sendtrack made it",
            )
        )
        return
    for header in EDITABLE[kind]:
        if header not in headers:
            result.problems.append(
                CellProblem(
                    "return-column-missing",
                    f"no column headed '{header}'; nothing in it can be read",
                    Where(result.file, title, "A1"),
                    severity=Severity.WARNING,
                )
            )
    if sheet.max_row > MAX_ROWS:
        result.problems.append(
            _too_large(Where(result.file, title), f"the sheet has {sheet.max_row:,} rows")
        )
        return
    id_column = headers[ID][0]
    read: dict[str, int] = {h: headers[h][0] for h in EDITABLE[kind] if h in headers}
    merged = _merged_rows(sheet, [id_column, *read.values()])
    for number in range(2, sheet.max_row + 1):
        id_cell = sheet.cell(row=number, column=id_column)
        where = Where(result.file, title, id_cell.coordinate)
        row = ReturnRow(kind, None, where)
        if id_cell.data_type == "f":
            row.problems.append(_formula(where))
        elif id_cell.value is not None and _text(id_cell.value).strip():
            row.id = _text(id_cell.value).strip()
        for header, column in read.items():
            cell = sheet.cell(row=number, column=column)
            at = Where(result.file, title, cell.coordinate)
            if cell.data_type == "f":
                row.problems.append(_formula(at))
                continue
            if cell.hyperlink is not None:
                result.problems.append(
                    CellProblem(
                        "return-hyperlink",
                        "the cell's link is not followed; only its text is read",
                        at,
                        severity=Severity.WARNING,
                    )
                )
            _typed(row, header, cell.value, at)
        if number in merged:
            row.problems.append(
                CellProblem(
                    "return-merged-cells",
                    f"cells {merged[number]} are merged: which row a merged value belongs "
                    "to cannot be told",
                    Where(result.file, title, merged[number].split(":")[0]),
                    hint="unmerge them and type the value in each row it is for",
                )
            )
        if row.fields or row.problems:
            if row.id is None and not any(p.code == "return-formula" for p in row.problems):
                row.problems.append(
                    CellProblem(
                        "return-missing-id",
                        "a filled-in row with no id: which item it is for cannot be told",
                        where,
                        hint="fill in the rows sendtrack made; a new item is for the "
                        "partnership manager to add",
                    )
                )
            result.rows.append(row)


def _formula(where: Where) -> CellProblem:
    return CellProblem(
        "return-formula",
        "the cell holds a formula; formulas are never worked out or followed, so the row "
        "was not read",
        where,
        hint="type the value itself (copy, then paste as values only)",
    )


def _typed(row: ReturnRow, header: str, value: Any, where: Where) -> None:
    """Add a filled cell to ``row`` as its column's type (or a problem saying why not)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return
    if header in DATE_HEADERS:
        if isinstance(value, datetime):
            row.fields[header] = Field(header, value.date(), where)
            return
        if isinstance(value, date):
            row.fields[header] = Field(header, value, where)
            return
        if isinstance(value, str):
            try:
                row.fields[header] = Field(header, parse_day(value), where)
            except ValueError as exc:
                row.problems.append(CellProblem("return-invalid-date", str(exc), where))
            return
        row.problems.append(
            CellProblem(
                "return-invalid-date",
                f"'{_text(value)}' is a number, not a date",
                where,
                hint="type the date as 03/11/2025",
            )
        )
        return
    if isinstance(value, (datetime, date)):
        shown = value.date() if isinstance(value, datetime) else value
        row.fields[header] = Field(header, shown.isoformat(), where)
        return
    row.fields[header] = Field(header, " ".join(_text(value).split()), where)


# -- the Markdown form --------------------------------------------------------------------------


def _read_form(raw: bytes, result: ReadReturn) -> ReadReturn:
    whole = Where(result.file)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.problems.append(
            CellProblem("return-unreadable", "the form is not UTF-8 text", whole)
        )
        return result
    lines = text.splitlines()
    for line in reversed(lines):
        if match := _FORM_STATE.match(line.strip()):
            try:
                result.state = ReturnState.from_json(match.group(1))
            except ValueError as exc:
                result.problems.append(
                    CellProblem(
                        "return-not-a-return", f"the form's last line cannot be read: {exc}", whole
                    )
                )
                return result
            break
    if result.state is None:
        result.problems.append(
            CellProblem(
                "return-not-a-return",
                f"no '<!-- {STATE_MARKER} ... -->' line: this form was not made by "
                "'sendtrack returns make --format markdown'",
                whole,
                hint="fill in the form sendtrack made; keep its last line",
            )
        )
        return result
    sections: Mapping[str, Kind] = {name: kind for kind, name in result.state.sheets.items()}
    kind: Kind | None = None
    row: ReturnRow | None = None

    def finish() -> None:
        if row is not None and (row.fields or row.problems):
            result.rows.append(row)

    for number, line in enumerate(lines, start=1):
        where = Where(result.file, line=number)
        if line.startswith("## "):
            finish()
            row = None
            kind = sections.get(line[3:].strip())
        elif line.startswith("### ") and kind is not None:
            finish()
            parts = line[4:].split(maxsplit=1)
            row = ReturnRow(kind, parts[0] if parts else None, where)
        elif row is not None and (match := _FORM_FIELD.match(line)):
            header = " ".join(match.group(1).split())
            if header not in EDITABLE[row.kind]:
                continue  # a fact line, not a field
            if header in row.fields:
                row.problems.append(
                    CellProblem(
                        "return-column-duplicated",
                        f"'{header}' is filled in twice for {row.id}",
                        where,
                        hint="keep one line per field",
                    )
                )
                continue
            _typed(row, header, match.group(2).strip(), where)
    finish()
    return result
