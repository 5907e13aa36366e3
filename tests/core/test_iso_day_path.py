"""``parse_date``'s quick path for YYYY-MM-DD (datetime's parser) answers as the pattern
path does: the same day, or the same message, for every day around the window."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from sendtrack.core import dates


def by_pattern(value: str) -> date | str:
    match = dates._ISO_DAY.match(value)
    assert match is not None
    year, month, day = (int(part) for part in match.groups())
    try:
        return dates._checked_day(year, month, day, value)
    except ValueError as exc:
        return str(exc)


def parsed(value: str) -> date | str:
    try:
        return dates.parse_date(value)
    except ValueError as exc:
        return str(exc)


def test_every_day_around_the_window_parses_as_the_pattern_path_does() -> None:
    day, last = date(1999, 12, 1), date(2101, 1, 31)
    while day <= last:
        assert parsed(day.isoformat()) == by_pattern(day.isoformat())
        day += timedelta(days=1)


@pytest.mark.parametrize(
    "value",
    ["2025-02-29", "2024-02-30", "2025-13-01", "2025-00-10", "2025-04-31", "0000-01-01",
     "9999-12-31", "2025-１１-03", "２０２５-11-03"],
)  # fmt: skip
def test_an_impossible_or_unusual_day_gets_the_pattern_paths_answer(value: str) -> None:
    assert parsed(value) == by_pattern(value)
