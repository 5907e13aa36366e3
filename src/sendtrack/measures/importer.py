"""Published statistics (CSV) → the figures a measure does not have yet, and revisions.

Why reading is separate from writing: an import must first show what it would add and
which recorded figures the publisher has since revised, and refuse a file it cannot read
with the row and column at fault. This module computes that as a value
(``ImportReport``); ``measures/edits.py`` turns it into text patches.

Each measure's ``source.mapping`` says how to read it: which column holds the value and
which the period (and of what kind), which rows are the partnership's own (``area``),
fixed ``filters`` on other columns, and which rows are comparators (England, the region,
an average of statistical neighbours). Names are compared ignoring case and runs of
spaces, since publishers re-case them between releases ("Lancashire and South Cumbria",
"LANCASHIRE AND SOUTH CUMBRIA"). Values are numbers with or without surrounding spaces
(DfE writes `` 49.166``), or a code for a missing figure: DfE's ``c``, ``x``, ``z`` and
``low``, NHS England's ``NA``; a blank cell is recorded as not available, never as zero.
Cell text is data, never evaluated: ``=HYPERLINK(...)`` in a value column is an
unparseable value.
"""

from __future__ import annotations

import csv
import difflib
import fnmatch
import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sendtrack.core.periods import Period, PeriodKind, dfe_period
from sendtrack.core.problems import Problem
from sendtrack.models.measures import Figure, ImportMapping, Measure

MAX_BYTES = 200 * 1024 * 1024
"""Larger files are refused before parsing (the largest DfE SEND file is ~30 MB)."""

_CODES = {"c": "c", "x": "x", "z": "z", "low": "low", "na": "NA", ":": "x"}
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


class CsvError(Exception):
    """The file cannot be read as a CSV at all (binary, not UTF-8, too large)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


@dataclass(frozen=True)
class Published:
    """One figure as the file publishes it, for one measure's own series or a comparator."""

    measure: str
    series: str | None
    """None for the measure's own figures; else the comparator's name."""
    period: str
    value: float | None
    unavailable: str | None
    row: int
    note: str | None = None

    def same_as(self, figure: Figure) -> bool:
        if self.unavailable is not None or figure.unavailable is not None:
            return self.unavailable == figure.unavailable
        assert self.value is not None and figure.value is not None
        return math.isclose(self.value, figure.value, rel_tol=1e-9, abs_tol=1e-9)

    def shown(self) -> str:
        return self.unavailable if self.unavailable is not None else f"{self.value:g}"


@dataclass(frozen=True)
class Revision:
    """A published figure that differs from the one recorded."""

    published: Published
    recorded: Figure


@dataclass
class ImportReport:
    file: str
    measures: list[str] = field(default_factory=list)
    """Ids of the measures whose mapping fits the file."""
    additions: list[Published] = field(default_factory=list)
    revisions: list[Revision] = field(default_factory=list)
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class _Table:
    name: str
    header: list[str]
    rows: list[tuple[int, list[str]]]
    """(row number in the file, 1 being the header; cells)."""

    def column(self, name: str) -> int | None:
        try:
            return self.header.index(name)
        except ValueError:
            return None


def read_published(path: Path, measures: Sequence[Measure]) -> ImportReport:
    """Read ``path`` with the mapping of every measure that fits it."""
    display = path.name
    report = ImportReport(file=display)
    try:
        table = _read_table(path, display)
    except CsvError as exc:
        report.problems.append(exc.problem)
        return report
    fitting = [m for m in measures if _fits(m, table, display)]
    if not fitting:
        report.problems.append(
            Problem(
                "import-no-measure",
                f"no measure's source mapping fits {display}",
                display,
                1,
                1,
                hint="give a measure a 'source: mapping:' whose 'value' column is in the "
                "file's first row (or whose 'file' pattern matches its name)",
            )
        )
        return report
    for measure in fitting:
        report.measures.append(measure.id)
        published, problems = _measure_figures(measure, table)
        report.problems.extend(problems)
        if problems:
            continue
        _compare(measure, published, report)
    return report


def _fits(measure: Measure, table: _Table, display: str) -> bool:
    mapping = measure.source.mapping
    if mapping is None:
        return False
    if mapping.file is not None:
        return fnmatch.fnmatch(display.lower(), mapping.file.lower())
    return table.column(mapping.value) is not None


def _read_table(path: Path, display: str) -> _Table:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise CsvError(
                Problem(
                    "import-not-csv",
                    f"{display} is {size // (1024 * 1024)} MiB; files over "
                    f"{MAX_BYTES // (1024 * 1024)} MiB are refused",
                    display,
                    hint="filter the file to the rows needed first",
                )
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise CsvError(
            Problem("import-not-csv", f"cannot read {display}: {exc.strerror or exc}", display)
        ) from None
    if b"\x00" in raw:
        offset = raw.index(b"\x00")
        line = raw.count(b"\n", 0, offset) + 1
        raise CsvError(
            Problem(
                "import-not-csv",
                f"{display} is not a CSV: it holds binary data (a NUL byte)",
                display,
                line,
                offset - (raw.rfind(b"\n", 0, offset) + 1) + 1,
                hint="export the sheet as CSV (comma separated, UTF-8) and import that",
            )
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise CsvError(
            Problem(
                "import-not-csv",
                f"{display} is not UTF-8 text (byte {exc.start})",
                display,
                line,
                exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1,
                hint="save the file as CSV UTF-8",
            )
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    try:
        header = next(reader, None)
        if header is None or len(header) < 2:
            raise CsvError(
                Problem(
                    "import-not-csv",
                    f"{display} is not a CSV: its first row has "
                    f"{'no' if not header else 'one'} comma-separated column",
                    display,
                    1,
                    1,
                    hint="the first row must name the columns, separated by commas",
                )
            )
        for cells in reader:
            if not cells:
                continue
            if len(cells) != len(header):
                raise CsvError(
                    Problem(
                        "import-bad-row",
                        f"row {reader.line_num} has {len(cells)} cells; the header has "
                        f"{len(header)}",
                        display,
                        reader.line_num,
                        1,
                        hint="a cell with a comma or a line break must be in double quotes",
                    )
                )
            rows.append((reader.line_num, cells))
    except csv.Error as exc:
        raise CsvError(
            Problem(
                "import-bad-row",
                f"{display} cannot be read as CSV at row {reader.line_num}: {exc}",
                display,
                reader.line_num,
                1,
                hint="check the quoting on that row",
            )
        ) from None
    return _Table(display, [name.strip() for name in header], rows)


def _same(cell: str, wanted: str) -> bool:
    return " ".join(cell.split()).casefold() == " ".join(wanted.split()).casefold()


def _measure_figures(measure: Measure, table: _Table) -> tuple[list[Published], list[Problem]]:
    mapping = measure.source.mapping
    assert mapping is not None
    problems = _missing_columns(measure, mapping, table)
    if problems:
        return [], problems
    kind = PeriodKind(mapping.period_kind)
    filtered = [
        (number, cells)
        for number, cells in table.rows
        if all(_same(cells[_col(table, name)], value) for name, value in mapping.filters.items())
    ]
    published: list[Published] = []
    own = [
        (number, cells)
        for number, cells in filtered
        if all(_same(cells[_col(table, name)], value) for name, value in mapping.area.items())
    ]
    if not own:
        return [], [_area_not_found(measure, mapping, table, filtered)]
    series, found = _series(measure, None, mapping, table, own, kind)
    problems.extend(found)
    published.extend(series)
    for name, rows_spec in mapping.comparators.items():
        if rows_spec.members:
            figures, found = _average(measure, name, mapping, table, filtered, kind)
        else:
            chosen = [
                (number, cells)
                for number, cells in filtered
                if all(
                    _same(cells[_col(table, column)], value)
                    for column, value in rows_spec.where.items()
                )
            ]
            figures, found = _series(measure, name, mapping, table, chosen, kind)
            if not chosen:
                shown = ", ".join(f"{c} = {v}" for c, v in rows_spec.where.items())
                found = [
                    Problem(
                        "import-area-not-found",
                        f"no row for comparator '{name}' of measure {measure.id} ({shown})",
                        table.name,
                        1,
                        _col(table, next(iter(rows_spec.where))) + 1,
                        measure.id,
                        "check the comparator's 'where' values against the file",
                    )
                ]
        problems.extend(found)
        published.extend(figures)
    return published, problems


def _col(table: _Table, name: str) -> int:
    index = table.column(name)
    assert index is not None  # _missing_columns ran first
    return index


def _missing_columns(measure: Measure, mapping: ImportMapping, table: _Table) -> list[Problem]:
    needed = [mapping.value, mapping.period, *mapping.area, *mapping.filters]
    for rows_spec in mapping.comparators.values():
        needed.extend(rows_spec.where)
        if rows_spec.column is not None:
            needed.append(rows_spec.column)
    problems = []
    for name in dict.fromkeys(needed):
        if table.column(name) is None:
            close = difflib.get_close_matches(name, table.header, n=1, cutoff=0.6)
            problems.append(
                Problem(
                    "import-missing-column",
                    f"{table.name} has no column '{name}' (needed by measure {measure.id})",
                    table.name,
                    1,
                    1,
                    measure.id,
                    f"did you mean '{close[0]}'? (columns are renamed between releases: "
                    "update the measure's mapping)"
                    if close
                    else "update the measure's source mapping to this release's columns",
                )
            )
    return problems


def _area_not_found(
    measure: Measure, mapping: ImportMapping, table: _Table, rows: list[tuple[int, list[str]]]
) -> Problem:
    column, wanted = next(iter(mapping.area.items()))
    index = _col(table, column)
    values = sorted({cells[index].strip() for _, cells in rows})
    close = difflib.get_close_matches(wanted, values, n=3, cutoff=0.6)
    shown = ", ".join(f"{c} = {v}" for c, v in mapping.area.items())
    return Problem(
        "import-area-not-found",
        f"no row of {table.name} has {shown} for measure {measure.id}"
        + (" (with its filters)" if mapping.filters else ""),
        table.name,
        1,
        index + 1,
        measure.id,
        f"nearest values in '{column}': {', '.join(close)}"
        if close
        else f"is this the right file for measure {measure.id}?",
    )


def _cell_figure(
    text: str, table: _Table, row: int, column: int
) -> tuple[float | None, str | None, Problem | None]:
    value = text.strip()
    if not value:
        return None, "x", None
    code = _CODES.get(value.casefold())
    if code is not None:
        return None, code, None
    cleaned = value.replace(",", "") if re.fullmatch(r"[\d,]+(\.\d+)?", value) else value
    if _NUMBER.match(cleaned):
        number = float(cleaned)
        if math.isfinite(number):
            return number, None, None
    return (
        None,
        None,
        Problem(
            "import-bad-value",
            f"'{_clip(value)}' in column '{table.header[column]}' is not a number or a "
            "suppression code",
            table.name,
            row,
            column + 1,
            hint="expected a number, or c, x, z, low or NA for a missing figure",
        ),
    )


def _period_of(
    text: str, kind: PeriodKind, table: _Table, row: int, column: int
) -> tuple[Period | None, Problem | None]:
    try:
        return dfe_period(text, kind), None
    except ValueError as exc:
        return None, Problem(
            "import-bad-value",
            f"period '{_clip(text.strip())}' in column '{table.header[column]}': {exc}",
            table.name,
            row,
            column + 1,
            hint=f"the mapping says this column holds a {kind.value}",
        )


def _series(
    measure: Measure,
    series: str | None,
    mapping: ImportMapping,
    table: _Table,
    rows: list[tuple[int, list[str]]],
    kind: PeriodKind,
) -> tuple[list[Published], list[Problem]]:
    value_col, period_col = _col(table, mapping.value), _col(table, mapping.period)
    figures: dict[str, Published] = {}
    problems: list[Problem] = []
    for number, cells in rows:
        period, problem = _period_of(cells[period_col], kind, table, number, period_col)
        if period is None:
            if problem is not None:
                problems.append(problem)
            continue
        value, code, problem = _cell_figure(cells[value_col], table, number, value_col)
        if problem is not None:
            problems.append(problem)
            continue
        if period.text in figures:
            problems.append(
                Problem(
                    "import-duplicate-period",
                    f"{period.text} appears twice for "
                    f"{'measure ' + measure.id if series is None else series} "
                    f"(rows {figures[period.text].row} and {number})",
                    table.name,
                    number,
                    period_col + 1,
                    measure.id,
                    "add a filter to the mapping that tells the rows apart",
                )
            )
            continue
        note = "blank in the published file" if not cells[value_col].strip() else None
        figures[period.text] = Published(measure.id, series, period.text, value, code, number, note)
    return list(figures.values()), problems


def _average(
    measure: Measure,
    name: str,
    mapping: ImportMapping,
    table: _Table,
    rows: list[tuple[int, list[str]]],
    kind: PeriodKind,
) -> tuple[list[Published], list[Problem]]:
    rows_spec = mapping.comparators[name]
    assert rows_spec.column is not None
    member_col = _col(table, rows_spec.column)
    members = {" ".join(m.split()).casefold(): m for m in rows_spec.members}
    value_col, period_col = _col(table, mapping.value), _col(table, mapping.period)
    by_period: dict[str, list[tuple[str, float | None, int]]] = {}
    problems: list[Problem] = []
    for number, cells in rows:
        member = members.get(" ".join(cells[member_col].split()).casefold())
        if member is None:
            continue
        if not all(
            _same(cells[_col(table, column)], value) for column, value in rows_spec.where.items()
        ):
            continue
        period, problem = _period_of(cells[period_col], kind, table, number, period_col)
        if period is None:
            if problem is not None:
                problems.append(problem)
            continue
        value, _code, problem = _cell_figure(cells[value_col], table, number, value_col)
        if problem is not None:
            problems.append(problem)
            continue
        by_period.setdefault(period.text, []).append((member, value, number))
    figures = []
    for period_text, entries in by_period.items():
        valued = [value for _, value, _ in entries if value is not None]
        missing = [member for member, value, _ in entries if value is None]
        absent = [m for m in rows_spec.members if m not in {e[0] for e in entries}]
        parts = [f"mean of {len(valued)} of {len(rows_spec.members)} authorities"]
        if missing:
            parts.append(f"no figure for {', '.join(missing)}")
        if absent:
            parts.append(f"not in the file: {', '.join(absent)}")
        note = "; ".join(parts)
        first_row = min(row for _, _, row in entries)
        if valued:
            mean = round(sum(valued) / len(valued), 6)
            figures.append(Published(measure.id, name, period_text, mean, None, first_row, note))
        else:
            figures.append(Published(measure.id, name, period_text, None, "x", first_row, note))
    return figures, problems


def _compare(measure: Measure, published: list[Published], report: ImportReport) -> None:
    recorded: dict[tuple[str | None, str], Figure] = {
        (None, figure.period): figure for figure in measure.actuals
    }
    for comparator in measure.comparators:
        for figure in comparator.figures:
            recorded[(comparator.name, figure.period)] = figure
    for item in published:
        existing = recorded.get((item.series, item.period))
        if existing is None:
            report.additions.append(item)
        elif item.same_as(existing):
            report.unchanged += 1
        else:
            report.revisions.append(Revision(item, existing))


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
