"""Dates as people write them in a plan: ISO days, and months meaning the month's last day.

The Lancashire PAP says "unless specified timescale dates will be the end of the month"
and writes "March 2025", "Sept 2025" and "Feb 26". We accept those, plus ``2025-03``,
and they all mean the last day of the month. ``2025-02-30`` is an error, never a guess.

Every date lies in a window, 2000-01-01 to 2100-12-31 (``EARLIEST``, ``LATEST``): a SEND
plan runs a few years, and a year like 9999 or 0001 is a typing slip that would make the
papers' date arithmetic overflow (a chart's axis runs past ``date.max``). Data outside it
is a located problem (``date-out-of-range``), an option outside it a usage error; so the
reports only ever compute with dates some days' arithmetic away from either end.
"""

from __future__ import annotations

import calendar
import contextlib
import re
from datetime import date, timedelta

_MONTHS = {
    name: number
    for number in range(1, 13)
    for name in {
        calendar.month_name[number].lower(),
        calendar.month_abbr[number].lower(),
    }
}
_MONTHS["sept"] = 9

_ABBREVIATED = tuple(calendar.month_abbr)
"""'Jan'…'Dec' read once: ``calendar.month_abbr`` runs strftime on every lookup, ~35 ms
of a status at 10,000 milestones (Python never sets the locale, so these are English)."""

_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_NAMED_MONTH = re.compile(r"^([A-Za-z]+)\.?\s+'?(\d{2}|\d{4})$")
_DAY_NAMED_MONTH = re.compile(r"^(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})$")

ACCEPTED_FORMS = "2025-03-31, 31 March 2025, 2025-03, March 2025, Mar 2025, Sept 2025 or Feb 26"

EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)
WINDOW = f"{EARLIEST.isoformat()} to {LATEST.isoformat()}"


class DateOutOfRange(ValueError):
    """A date (or a year) outside the window sendtrack accepts."""


def check_window(day: date) -> date:
    """``day`` itself, or ``DateOutOfRange`` if it lies outside the window."""
    if not EARLIEST <= day <= LATEST:
        raise DateOutOfRange(f"{long_form(day)} is outside the dates sendtrack accepts ({WINDOW})")
    return day


def shift(day: date, days: int) -> date:
    """``day`` moved by ``days``, stopping at ``date.min`` or ``date.max``: total, for a
    library caller who passes a date the window would have refused."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def parse_date(text: str) -> date:
    """Parse one date; raises ValueError with a message a person can act on."""
    value = text.strip()
    if len(value) == 10 and value[4] == value[7] == "-":
        # YYYY-MM-DD in ASCII digits, as almost every date in a repository is written:
        # datetime's own parser, ~10 times quicker than the pattern below. Whatever it
        # refuses, or a year outside the window, takes the path that explains why.
        with contextlib.suppress(ValueError):
            parsed = date.fromisoformat(value)
            if EARLIEST.year <= parsed.year <= LATEST.year:
                return parsed
    if match := _ISO_DAY.match(value):
        year, month, day = (int(part) for part in match.groups())
        return _checked_day(year, month, day, value)
    if match := _ISO_MONTH.match(value):
        year, month = int(match.group(1)), int(match.group(2))
        _check_month(month, value)
        return month_end(_checked_year(year, value), month)
    if match := _NAMED_MONTH.match(value):
        month = _month_number(match.group(1), value)
        year = int(match.group(2))
        if year < 100:
            year += 2000
        return month_end(_checked_year(year, value), month)
    if match := _DAY_NAMED_MONTH.match(value):
        month = _month_number(match.group(2), value)
        return _checked_day(int(match.group(3)), month, int(match.group(1)), value)
    raise ValueError(f"'{value}' is not a date; write it as one of {ACCEPTED_FORMS}")


def _month_number(name: str, value: str) -> int:
    number = _MONTHS.get(name.lower())
    if number is None:
        raise ValueError(f"'{name}' in '{value}' is not a month name")
    return number


def _check_month(month: int, value: str) -> None:
    if not 1 <= month <= 12:
        raise ValueError(f"'{value}' has month {month}; months run from 01 to 12")


def _checked_year(year: int, value: str) -> int:
    # The window is whole years, so the year alone decides, before any date is built
    # (year 0 cannot be built at all).
    if not EARLIEST.year <= year <= LATEST.year:
        raise DateOutOfRange(
            f"'{value}' is in the year {year}, outside the dates sendtrack accepts ({WINDOW})"
        )
    return year


def _checked_day(year: int, month: int, day: int, value: str) -> date:
    if EARLIEST.year <= year <= LATEST.year:
        # The common case, decided by datetime alone (37,000 dates at 10,000 milestones);
        # a day it refuses is explained below.
        with contextlib.suppress(ValueError):
            return date(year, month, day)
    _check_month(month, value)
    _checked_year(year, value)
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise ValueError(
            f"'{value}' does not exist: {calendar.month_name[month]} {year} has {last} days"
        )
    return date(year, month, day)


def long_form(day: date) -> str:
    """'31 Jan 2026': the form the board's papers use."""
    return f"{day.day} {_ABBREVIATED[day.month]} {day.year}"


def due_words(value: date | str) -> str:
    """A milestone's due as printed: '31 Mar 2025', or the word of an undated one ('ongoing')."""
    return long_form(value) if isinstance(value, date) else value
