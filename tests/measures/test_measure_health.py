"""Health of a measure: trajectory, polarity, direction, comparators, staleness."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from sendtrack.core.periods import parse_period
from sendtrack.measures.health import (
    Direction,
    MeasureHealth,
    colour_of,
    format_value,
    measure_state,
    target_for,
)
from sendtrack.models.measures import Measure

ENTERED = {"entered_by": "Data team", "on": "2025-11-03"}


def measure(**fields: Any) -> Measure:
    data: dict[str, Any] = {
        "id": "M1",
        "title": "EHC plans within 20 weeks",
        "description": "Timeliness.",
        "unit": "percent",
        "polarity": "higher",
        "frequency": "annual",
        "owner": "Head of SEND",
        "source": {"title": "SEN2"},
    }
    data.update(fields)
    return Measure.model_validate(data)


def actual(period: str, value: str | None = None, unavailable: str | None = None) -> dict[str, Any]:
    figure: dict[str, Any] = {"period": period, "source": ENTERED}
    if value is not None:
        figure["value"] = value
    if unavailable is not None:
        figure["unavailable"] = unavailable
    return figure


TRAJECTORY = {
    "baseline": {"period": "2022", "value": "20"},
    "trajectory": [{"period": "2024", "target": "40"}, {"period": "2026", "target": "60"}],
}


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("2021", None),  # before the baseline: no target
        ("2022", 20.0),  # the baseline itself
        ("2024", 40.0),  # an interim target
        ("2025", 40.0 + 20.0 * 365 / 730),  # between targets, by the days each year ends
        ("2026", 60.0),
        ("2028", 60.0),  # after the last target: the final target
        ("2023 Q2", 20.0 + 20.0 * 181 / 731),  # another kind of period, by its last day
    ],
)
def test_trajectory_interpolates_between_targets(period: str, expected: float | None) -> None:
    found = target_for(measure(**TRAJECTORY), parse_period(period), date(2030, 1, 1))
    if expected is None:
        assert found is None
    else:
        assert found == pytest.approx(expected)


def test_higher_is_better_on_and_off_trajectory_with_tolerance() -> None:
    on = measure(**TRAJECTORY, tolerance="2", actuals=[actual("2023", "28.5")])
    state = measure_state(on, date(2025, 11, 3))
    target = 20 + 20 * 365 / 731
    assert state.target == pytest.approx(target)
    assert state.health is MeasureHealth.ON_TRAJECTORY  # 28.5 ≥ 29.98 − 2
    off = measure(**TRAJECTORY, tolerance="1", actuals=[actual("2023", "28.5")])
    state = measure_state(off, date(2025, 11, 3))
    assert state.health is MeasureHealth.OFF_TRAJECTORY
    assert state.reason.startswith("28.5% in 2023, 1.5 percentage points below the target of 30.0%")
    assert state.needs_commentary


def test_lower_is_better_reverses_the_judgement_and_the_direction() -> None:
    waits = measure(
        unit="weeks",
        polarity="lower",
        baseline={"period": "2023", "value": "30"},
        trajectory=[{"period": "2025", "target": "18"}],
        actuals=[actual("2023", "30"), actual("2024", "26")],
    )
    state = measure_state(waits, date(2025, 11, 3))
    assert state.target == pytest.approx(30 - 12 * 366 / 731)
    assert state.health is MeasureHealth.OFF_TRAJECTORY  # 26 > 23.99
    assert state.reason == "26 weeks in 2024, 2.0 weeks above the target of 24.0 weeks"
    assert state.trend.direction is Direction.IMPROVING
    assert state.trend.words == "↓ improving"  # the value fell, which is better
    rising = measure(
        unit="weeks", polarity="lower", actuals=[actual("2023", "20"), actual("2024", "26")]
    )
    assert measure_state(rising, date(2025, 11, 3)).trend.words == "↑ worsening"
    flat = measure(actuals=[actual("2023", "20"), actual("2024", "20")])
    assert measure_state(flat, date(2025, 11, 3)).trend.words == "→ no change"


def test_suppressed_figures_are_never_zero() -> None:
    suppressed = measure(**TRAJECTORY, actuals=[actual("2023", "25"), actual("2024", None, "c")])
    state = measure_state(suppressed, date(2025, 11, 3))
    assert state.latest is not None and state.latest.unavailable == "c"
    assert state.judged is not None and state.judged.period == "2023"  # the last real value
    assert state.value == 25.0
    only = measure(actuals=[actual("2024", None, "z")])
    state = measure_state(only, date(2025, 11, 3))
    assert state.health is MeasureHealth.NO_DATA
    assert state.value is None
    assert "not applicable (z)" in state.reason


def test_a_figure_counts_only_once_its_period_has_ended() -> None:
    later = measure(**TRAJECTORY, actuals=[actual("2023", "35"), actual("2024", "10")])
    assert measure_state(later, date(2024, 12, 30)).period == "2023"
    assert measure_state(later, date(2024, 12, 31)).period == "2024"


def test_stale_after_two_gaps_of_the_frequency() -> None:
    monthly = measure(frequency="monthly", actuals=[actual("2025-06", "40")])
    assert not measure_state(monthly, date(2025, 8, 1)).stale
    state = measure_state(monthly, date(2025, 9, 1))
    assert state.stale
    assert state.stale_reason == "no data since 2025-06"
    assert state.reason.endswith("; no data since 2025-06")


def test_comparators_and_gaps_for_the_judged_period() -> None:
    compared = measure(
        actuals=[actual("2024", "17")],
        comparators=[
            {"name": "England", "kind": "national", "figures": [actual("2024", "46.4")]},
            {"name": "North West", "figures": [actual("2023", "55")]},
        ],
    )
    state = measure_state(compared, date(2025, 11, 3))
    assert state.comparators == {"England": 46.4, "North West": None}
    assert state.gaps["England"] == pytest.approx(-29.4)
    assert state.gaps["North West"] is None


def test_match_target_reaches_the_comparator() -> None:
    matching = measure(
        baseline={"period": "2024", "value": "17"},
        trajectory=[{"period": "2026", "match": "England"}],
        actuals=[actual("2024", "17"), actual("2025", "20")],
        comparators=[{"name": "England", "figures": [actual("2024", "46"), actual("2025", "48")]}],
    )
    state = measure_state(matching, date(2026, 2, 1))
    assert state.final_target == 48.0
    assert state.target == pytest.approx(17 + (48 - 17) * 365 / 730)
    assert state.health is MeasureHealth.OFF_TRAJECTORY


def test_revised_target_is_used_and_the_original_stays() -> None:
    revised = measure(
        trajectory=[
            {
                "period": "2024",
                "target": "50",
                "revisions": [{"target": "40", "reason": "Demand", "agreed_at": "2025-11-03"}],
            }
        ],
        actuals=[actual("2024", "42")],
    )
    state = measure_state(revised, date(2025, 11, 3))
    assert state.target == 40.0
    assert revised.trajectory[0].target == 50.0
    assert state.health is MeasureHealth.ON_TRAJECTORY


def test_colour_follows_the_partnership_scheme_with_grey_for_no_data() -> None:
    assert colour_of(MeasureHealth.ON_TRAJECTORY, "board").name == "green"
    assert colour_of(MeasureHealth.ON_TRAJECTORY, "pap").name == "amber"
    assert colour_of(MeasureHealth.OFF_TRAJECTORY, "nhse-brag").name == "red"
    assert colour_of(MeasureHealth.NO_DATA, "board").name == "grey"


def test_units_read_as_people_say_them() -> None:
    assert format_value(measure(), 46.4) == "46.4%"
    assert format_value(measure(unit="count"), 1234) == "1,234"
    assert format_value(measure(unit="rate", per="10000"), 12.34) == "12.3 per 10,000"
    assert format_value(measure(unit="weeks"), 12.5) == "12.5 weeks"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"unit": "rate"}, "a rate needs 'per'"),
        ({"actuals": [{"period": "2024", "source": ENTERED}]}, "either a 'value' or"),
        ({"actuals": [actual("2024", "0", "c")]}, "either a 'value' or"),
        ({"actuals": [{"period": "2024", "value": "1"}]}, "Field required"),
        ({"actuals": [actual("2024", "1,234")]}, "is not a number"),
        ({"actuals": [actual("2024", "nan")]}, "is not a number"),
        ({"actuals": [actual("2024-25", "1")]}, "ambiguous"),
        ({"trajectory": [{"period": "2024"}]}, "either a 'target' or a 'match'"),
    ],
)
def test_model_refuses_shapes_that_would_mislead(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        measure(**fields)
