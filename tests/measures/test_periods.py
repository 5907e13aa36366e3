"""Reporting periods: every published form parses to a span of days and sorts truly."""

from __future__ import annotations

from datetime import date

import pytest

from sendtrack.core.periods import PeriodKind, dfe_period, parse_period


@pytest.mark.parametrize(
    ("text", "kind", "start", "end", "canonical"),
    [
        ("2024", PeriodKind.CALENDAR_YEAR, date(2024, 1, 1), date(2024, 12, 31), "2024"),
        ("2021/22", PeriodKind.ACADEMIC_YEAR, date(2021, 9, 1), date(2022, 8, 31), "2021/22"),
        ("FY2024-25", PeriodKind.FINANCIAL_YEAR, date(2024, 4, 1), date(2025, 3, 31), "FY2024-25"),
        ("fy 2024/25", PeriodKind.FINANCIAL_YEAR, date(2024, 4, 1), date(2025, 3, 31), "FY2024-25"),
        ("2025 Q1", PeriodKind.QUARTER, date(2025, 1, 1), date(2025, 3, 31), "2025 Q1"),
        ("2025-q4", PeriodKind.QUARTER, date(2025, 10, 1), date(2025, 12, 31), "2025 Q4"),
        (
            "FY2025-26 Q4",
            PeriodKind.FINANCIAL_QUARTER,
            date(2026, 1, 1),
            date(2026, 3, 31),
            "FY2025-26 Q4",
        ),
        ("Autumn 2024", PeriodKind.TERM, date(2024, 9, 1), date(2024, 12, 31), "Autumn 2024"),
        ("summer  2025", PeriodKind.TERM, date(2025, 4, 1), date(2025, 8, 31), "Summer 2025"),
        ("2024-02", PeriodKind.MONTH, date(2024, 2, 1), date(2024, 2, 29), "2024-02"),
        ("January 2023", PeriodKind.MONTH, date(2023, 1, 1), date(2023, 1, 31), "2023-01"),
        ("Sept 2025", PeriodKind.MONTH, date(2025, 9, 1), date(2025, 9, 30), "2025-09"),
    ],
)
def test_forms(text: str, kind: PeriodKind, start: date, end: date, canonical: str) -> None:
    period = parse_period(text)
    assert (period.kind, period.start, period.end, period.text) == (kind, start, end, canonical)
    assert parse_period(period.text) == period


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2024-25", "ambiguous: write FY2024-25"),
        ("2021/23", "after 2021 comes 22"),
        ("1999", "outside 2000–2100"),
        ("2025 Q5", "not a period"),
        ("2025-13", "ambiguous"),
        ("Winter 2025", "not a period"),
        ("=HYPERLINK(1)", "not a period"),
        ("", "not a period"),
    ],
)
def test_refusals_say_what_to_write(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_period(text)


def test_periods_sort_by_their_last_day_then_first() -> None:
    texts = ["2023", "2022/23", "FY2022-23", "2023 Q1", "2023-01", "2021/22", "Autumn 2022"]
    ordered = [p.text for p in sorted(parse_period(t) for t in texts)]
    assert ordered == [
        "2021/22",
        "Autumn 2022",
        "2023-01",
        "FY2022-23",
        "2023 Q1",
        "2022/23",
        "2023",
    ]
    # As text these sort differently: that is why periods are a type.
    assert sorted(texts) != ordered


def test_dfe_six_digit_years_need_the_kind_from_the_mapping() -> None:
    assert dfe_period("202122", PeriodKind.ACADEMIC_YEAR).text == "2021/22"
    assert dfe_period("202122", PeriodKind.FINANCIAL_YEAR).text == "FY2021-22"
    assert dfe_period(" 2022 ", PeriodKind.CALENDAR_YEAR).text == "2022"
    assert dfe_period("2023-01-01", PeriodKind.MONTH).text == "2023-01"
    with pytest.raises(ValueError, match="is a calendar year, not a month"):
        dfe_period("2022", PeriodKind.MONTH)
    with pytest.raises(ValueError, match="after 2021 comes 22"):
        dfe_period("202123", PeriodKind.ACADEMIC_YEAR)
