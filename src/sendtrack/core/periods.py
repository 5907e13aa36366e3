"""Reporting periods as published figures use them, so that they sort and compare truly.

Why a type of its own: a measure's figures come per calendar year (SEN2: ``2024``), per
academic year (``2021/22``; DfE files write ``202122``), per financial year, per quarter,
per school term or per month (NHS waiting lists: ``January 2023``). As text these do not
sort ("2021/22" > "2022" is false in no useful way) and a trajectory's interim targets
must be matched to the figure of the same span. Every period is a span of days; periods
order by their last day, then their first, so a calendar year sorts after the academic
year that ends inside it.

Forms accepted (the canonical one first, as written back into files):

* calendar year ``2024``;
* academic year ``2021/22`` (1 September to 31 August; DfE's ``202122`` on import);
* financial year ``FY2024-25`` (1 April to 31 March; ``FY2024/25`` too). A bare
  ``2024-25`` is refused: in a plan it is as often an academic year;
* calendar quarter ``2025 Q1`` (``2025-Q1``); financial quarter ``FY2025-26 Q1``
  (April to June 2025);
* term ``Autumn 2024`` (September–December), ``Spring 2025`` (January–March),
  ``Summer 2025`` (April–August);
* month ``2025-03`` (``March 2025``, ``Mar 2025``).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum

from sendtrack.core.dates import month_end


class PeriodKind(Enum):
    CALENDAR_YEAR = "calendar year"
    ACADEMIC_YEAR = "academic year"
    FINANCIAL_YEAR = "financial year"
    QUARTER = "quarter"
    FINANCIAL_QUARTER = "financial quarter"
    TERM = "term"
    MONTH = "month"


ACCEPTED_FORMS = (
    "2024 (calendar year), 2021/22 (academic year), FY2024-25 (financial year), "
    "2025 Q1 (quarter), FY2025-26 Q1 (financial quarter), Autumn 2024 (term), "
    "2025-03 or March 2025 (month)"
)

_YEAR_RANGE = (2000, 2100)
"""The same window as every other date sendtrack accepts (see ``core/dates.py``)."""

_MONTHS = {
    name: number
    for number in range(1, 13)
    for name in {calendar.month_name[number].lower(), calendar.month_abbr[number].lower()}
}
_MONTHS["sept"] = 9

_TERMS = {"autumn": (9, 12), "spring": (1, 3), "summer": (4, 8)}

_CALENDAR_YEAR = re.compile(r"^(\d{4})$")
_ACADEMIC = re.compile(r"^(\d{4})/(\d{2})$")
_DFE_ACADEMIC = re.compile(r"^(\d{4})(\d{2})$")
_FINANCIAL = re.compile(r"^FY\s?(\d{4})[-/](\d{2})$", re.IGNORECASE)
_QUARTER = re.compile(r"^(\d{4})[\s-]?Q([1-4])$", re.IGNORECASE)
_FIN_QUARTER = re.compile(r"^FY\s?(\d{4})[-/](\d{2})[\s-]?Q([1-4])$", re.IGNORECASE)
_TERM = re.compile(r"^(autumn|spring|summer)\s+(\d{4})$", re.IGNORECASE)
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_NAMED_MONTH = re.compile(r"^([A-Za-z]+)\.?\s+(\d{4})$")
_BARE_SPAN = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True, order=False)
class Period:
    """A span of days with the text that names it."""

    kind: PeriodKind
    start: date
    end: date
    text: str
    """The canonical form, as written back into files."""

    def sort_key(self) -> tuple[date, date]:
        return (self.end, self.start)

    def __lt__(self, other: Period) -> bool:
        return self.sort_key() < other.sort_key()

    def __le__(self, other: Period) -> bool:
        return self.sort_key() <= other.sort_key()

    def __gt__(self, other: Period) -> bool:
        return self.sort_key() > other.sort_key()

    def __ge__(self, other: Period) -> bool:
        return self.sort_key() >= other.sort_key()

    def __str__(self) -> str:
        return self.text

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def parse_period(text: str) -> Period:
    """Parse one period; raises ValueError with a message a person can act on."""
    value = " ".join(text.split())
    if match := _CALENDAR_YEAR.match(value):
        year = _year(int(match.group(1)), value)
        return Period(PeriodKind.CALENDAR_YEAR, date(year, 1, 1), date(year, 12, 31), str(year))
    if match := _ACADEMIC.match(value):
        year = _following(match.group(1), match.group(2), value)
        return academic_year(year)
    if match := _FIN_QUARTER.match(value):
        year = _following(match.group(1), match.group(2), value)
        return financial_quarter(year, int(match.group(3)))
    if match := _FINANCIAL.match(value):
        year = _following(match.group(1), match.group(2), value)
        return financial_year(year)
    if match := _QUARTER.match(value):
        year = _year(int(match.group(1)), value)
        quarter = int(match.group(2))
        first = 3 * quarter - 2
        return Period(
            PeriodKind.QUARTER,
            date(year, first, 1),
            month_end(year, first + 2),
            f"{year} Q{quarter}",
        )
    if match := _TERM.match(value):
        name = match.group(1).lower()
        year = _year(int(match.group(2)), value)
        first, last = _TERMS[name]
        return Period(
            PeriodKind.TERM, date(year, first, 1), month_end(year, last), f"{name.title()} {year}"
        )
    if (match := _ISO_MONTH.match(value)) and 1 <= int(match.group(2)) <= 12:
        return month(_year(int(match.group(1)), value), int(match.group(2)))
    if match := _NAMED_MONTH.match(value):
        number = _MONTHS.get(match.group(1).lower())
        if number is not None:
            return month(_year(int(match.group(2)), value), number)
    if _BARE_SPAN.match(value):
        raise ValueError(
            f"'{value}' is ambiguous: write FY{value} for a financial year or "
            f"{value.replace('-', '/')} for an academic year"
        )
    raise ValueError(f"'{value}' is not a period; write it as one of {ACCEPTED_FORMS}")


def academic_year(first_year: int) -> Period:
    return Period(
        PeriodKind.ACADEMIC_YEAR,
        date(first_year, 9, 1),
        date(first_year + 1, 8, 31),
        f"{first_year}/{(first_year + 1) % 100:02d}",
    )


def financial_year(first_year: int) -> Period:
    return Period(
        PeriodKind.FINANCIAL_YEAR,
        date(first_year, 4, 1),
        date(first_year + 1, 3, 31),
        f"FY{first_year}-{(first_year + 1) % 100:02d}",
    )


def financial_quarter(first_year: int, quarter: int) -> Period:
    first_month = 4 + 3 * (quarter - 1)
    year = first_year + (first_month - 1) // 12
    first_month = (first_month - 1) % 12 + 1
    return Period(
        PeriodKind.FINANCIAL_QUARTER,
        date(year, first_month, 1),
        month_end(year, first_month + 2),
        f"FY{first_year}-{(first_year + 1) % 100:02d} Q{quarter}",
    )


def month(year: int, number: int) -> Period:
    return Period(
        PeriodKind.MONTH,
        date(year, number, 1),
        month_end(year, number),
        f"{year}-{number:02d}",
    )


def dfe_period(text: str, kind: PeriodKind) -> Period:
    """A period as explore-education-statistics writes it: ``2022``, ``202122``, ``2023-01-01``.

    The column's kind is given by the measure's import mapping: six digits are an academic
    or financial year depending on the publication.
    """
    value = text.strip()
    if kind in (PeriodKind.ACADEMIC_YEAR, PeriodKind.FINANCIAL_YEAR):
        match = _DFE_ACADEMIC.match(value)
        if match is not None:
            year = _following(match.group(1), match.group(2), value)
            return academic_year(year) if kind is PeriodKind.ACADEMIC_YEAR else financial_year(year)
    if kind is PeriodKind.MONTH:
        iso = re.match(r"^(\d{4})-(\d{2})(?:-\d{2})?$", value)
        if iso is not None and 1 <= int(iso.group(2)) <= 12:
            return month(_year(int(iso.group(1)), value), int(iso.group(2)))
    period = parse_period(value)
    if period.kind is not kind:
        raise ValueError(f"'{value}' is a {period.kind.value}, not a {kind.value}")
    return period


def typical_gap(kind: PeriodKind) -> timedelta:
    """How far apart two consecutive periods of this kind end: the staleness yardstick."""
    return {
        PeriodKind.MONTH: timedelta(days=31),
        PeriodKind.QUARTER: timedelta(days=92),
        PeriodKind.FINANCIAL_QUARTER: timedelta(days=92),
        PeriodKind.TERM: timedelta(days=153),
    }.get(kind, timedelta(days=366))


def _year(year: int, value: str) -> int:
    low, high = _YEAR_RANGE
    if not low <= year <= high:
        raise ValueError(f"'{value}': the year {year} is outside {low}–{high}")
    return year


def _following(first: str, second: str, value: str) -> int:
    year = _year(int(first), value)
    if (year + 1) % 100 != int(second):
        raise ValueError(
            f"'{value}' is not a year span: after {year} comes {(year + 1) % 100:02d}, not {second}"
        )
    return year
