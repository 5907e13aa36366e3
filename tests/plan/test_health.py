"""Health rules at their boundaries, colour presets, and the one percentage rule."""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sendtrack.core.numbers import count_and_percent, percent
from sendtrack.models.plan import Milestone
from sendtrack.plan.colours import COLOURS, SCHEMES, badge, colour_for
from sendtrack.plan.health import Health, milestone_health
from tests.conftest import PROJECT_ROOT

AS_OF = date(2025, 6, 30)
MEETINGS = {
    "2025-05-15": date(2025, 5, 15),
    "2025-06-30": date(2025, 6, 30),
    "2025-07-10": date(2025, 7, 10),
}


def milestone(**fields: Any) -> Milestone:
    """A milestone from YAML-like text values, as the loader would build it."""
    data: dict[str, Any] = {"id": "1.1.1.1", "title": "A milestone", "due": "2025-06-30"}
    data.update(fields)
    return Milestone.model_validate(data)


AGREED_LATER = [
    {"to": "2025-09-30", "reason": "Partners asked for time.", "agreed_at": "2025-05-15"}
]
PROPOSED_LATER = [
    {
        "to": "2025-09-30",
        "reason": "Partners asked for time.",
        "proposed": "true",
        "proposed_on": "2025-06-01",
    }
]

# (case, fields, as_of, expected health, expected one-line reason)
CASES: list[tuple[str, dict[str, Any], date, Health, str]] = [
    (
        "in progress, due today: not yet past due",
        {"status": "in_progress"},
        AS_OF,
        Health.ON_TRACK,
        "due 30 Jun 2025; in progress, due today",
    ),
    (
        "in progress, due yesterday: off track",
        {"status": "in_progress", "due": "2025-06-29"},
        AS_OF,
        Health.OFF_TRACK,
        "due 29 Jun 2025; in progress, 1 day past due",
    ),
    (
        "not started, due today: inside the window, delayed",
        {},
        AS_OF,
        Health.DELAYED,
        "due 30 Jun 2025; not started and due today",
    ),
    (
        "not started, 30 days to go: window edge, delayed",
        {"due": "2025-07-30"},
        AS_OF,
        Health.DELAYED,
        "due 30 Jul 2025; not started and due in 30 days",
    ),
    (
        "not started, 31 days to go: outside the window, on track",
        {"due": "2025-07-31"},
        AS_OF,
        Health.ON_TRACK,
        "due 31 Jul 2025; not started, due in 31 days",
    ),
    (
        "agreed re-profile moves the date: delayed, not off track",
        {"status": "in_progress", "due": "2025-06-01", "reprofiles": AGREED_LATER},
        AS_OF,
        Health.DELAYED,
        "due 1 Jun 2025, re-profiled to 30 Sep 2025 at the 15 May 2025 board; in progress, "
        "due in 92 days",
    ),
    (
        "proposed re-profile does not move the date: off track",
        {"status": "in_progress", "due": "2025-06-01", "reprofiles": PROPOSED_LATER},
        AS_OF,
        Health.OFF_TRACK,
        "due 1 Jun 2025; in progress, 29 days past due; "
        "re-profile to 30 Sep 2025 awaiting the board",
    ),
    (
        "agreed at a meeting held on the as-of date: counts",
        {
            "status": "in_progress",
            "due": "2025-06-01",
            "reprofiles": [{**AGREED_LATER[0], "agreed_at": "2025-06-30"}],
        },
        AS_OF,
        Health.DELAYED,
        "due 1 Jun 2025, re-profiled to 30 Sep 2025 at the 30 Jun 2025 board; in progress, "
        "due in 92 days",
    ),
    (
        "agreed at a meeting after the as-of date: still awaiting the board",
        {
            "status": "in_progress",
            "due": "2025-06-01",
            "reprofiles": [{**AGREED_LATER[0], "agreed_at": "2025-07-10"}],
        },
        AS_OF,
        Health.OFF_TRACK,
        "due 1 Jun 2025; in progress, 29 days past due; "
        "re-profile to 30 Sep 2025 awaiting the board",
    ),
    (
        "completed on its baseline date: not late",
        {"status": "complete", "completed_on": "2025-06-30"},
        AS_OF,
        Health.COMPLETE,
        "due 30 Jun 2025; completed 30 Jun 2025",
    ),
    (
        "completed the day after its baseline: late",
        {"status": "complete", "due": "2025-06-20", "completed_on": "2025-06-21"},
        AS_OF,
        Health.COMPLETE,
        "due 20 Jun 2025; completed 21 Jun 2025, late: 1 day after the baseline",
    ),
    (
        "completed after the baseline but within an agreed re-profile: still late",
        {
            "status": "complete",
            "due": "2025-06-01",
            "completed_on": "2025-06-25",
            "reprofiles": AGREED_LATER,
        },
        AS_OF,
        Health.COMPLETE,
        "due 1 Jun 2025, re-profiled to 30 Sep 2025 at the 15 May 2025 board; completed "
        "25 Jun 2025, late: 24 days after the baseline, within its re-profiled date",
    ),
    (
        "completion dated after the as-of date: not complete yet",
        {"status": "complete", "due": "2025-06-01", "completed_on": "2025-07-05"},
        AS_OF,
        Health.OFF_TRACK,
        "due 1 Jun 2025; in progress, 29 days past due",
    ),
    (
        "at risk with a reason: delayed",
        {"status": "in_progress", "due": "2025-12-31", "at_risk": "Provider data not flowing."},
        AS_OF,
        Health.DELAYED,
        "due 31 Dec 2025; in progress, due in 184 days; at risk: Provider data not flowing.",
    ),
    (
        "withdrawn at a meeting held by the as-of date",
        {"withdrawn": {"reason": "Merged into 1.1.1.2.", "agreed_at": "2025-05-15"}},
        AS_OF,
        Health.WITHDRAWN,
        "withdrawn at the 15 May 2025 board: Merged into 1.1.1.2.",
    ),
    (
        "superseded",
        {
            "withdrawn": {
                "reason": "Replaced.",
                "agreed_at": "2025-05-15",
                "superseded_by": "1.1.1.2",
            }
        },
        AS_OF,
        Health.WITHDRAWN,
        "superseded by 1.1.1.2 at the 15 May 2025 board: Replaced.",
    ),
    (
        "withdrawal agreed after the as-of date: still live",
        {
            "status": "in_progress",
            "withdrawn": {"reason": "Replaced.", "agreed_at": "2025-07-10"},
        },
        AS_OF,
        Health.ON_TRACK,
        "due 30 Jun 2025; in progress, due today",
    ),
    (
        "started after the as-of date: not started then",
        {"status": "in_progress", "started_on": "2025-07-01", "due": "2025-12-31"},
        AS_OF,
        Health.ON_TRACK,
        "due 31 Dec 2025; not started, due in 184 days",
    ),
]


@pytest.mark.parametrize(
    ("fields", "as_of", "health", "reason"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_health_rules(fields: dict[str, Any], as_of: date, health: Health, reason: str) -> None:
    assessment = milestone_health(milestone(**fields), as_of, MEETINGS, window_days=30)
    assert (assessment.health, assessment.reason) == (health, reason)


def test_slip_and_moves_count_only_agreed_reprofiles() -> None:
    both = milestone(
        status="in_progress", due="2025-06-01", reprofiles=[*AGREED_LATER, *PROPOSED_LATER]
    )
    assessment = milestone_health(both, AS_OF, MEETINGS)
    assert (assessment.current_due, assessment.slip_days, assessment.reprofiles) == (
        date(2025, 9, 30),
        121,
        1,
    )
    proposed = milestone_health(
        milestone(due="2025-06-01", reprofiles=PROPOSED_LATER), AS_OF, MEETINGS
    )
    assert (proposed.current_due, proposed.slip_days, proposed.reprofiles) == (
        date(2025, 6, 1),
        0,
        0,
    )
    assert [entry.to for entry in proposed.pending] == [date(2025, 9, 30)]


def test_late_flag() -> None:
    late = milestone_health(
        milestone(status="complete", due="2025-06-20", completed_on="2025-06-21"), AS_OF, MEETINGS
    )
    on_time = milestone_health(
        milestone(status="complete", completed_on="2025-06-30"), AS_OF, MEETINGS
    )
    assert (late.late, on_time.late) == (True, False)


def test_window_comes_from_the_caller() -> None:
    tomorrow = milestone(due="2025-07-01")
    assert milestone_health(tomorrow, AS_OF, MEETINGS, window_days=0).health is Health.ON_TRACK
    assert milestone_health(tomorrow, AS_OF, MEETINGS, window_days=1).health is Health.DELAYED


def test_unknown_meeting_falls_back_to_the_date_in_its_id() -> None:
    moved = milestone(
        status="in_progress",
        due="2025-06-01",
        reprofiles=[{**AGREED_LATER[0], "agreed_at": "2025-06-02"}],
    )
    assert milestone_health(moved, AS_OF, {}).current_due == date(2025, 9, 30)
    unreadable = milestone(
        status="in_progress",
        due="2025-06-01",
        reprofiles=[{**AGREED_LATER[0], "agreed_at": "june-board"}],
    )
    assert milestone_health(unreadable, AS_OF, {}).health is Health.OFF_TRACK


# -- colours ------------------------------------------------------------------------


def test_every_scheme_colours_every_health_with_a_label_and_a_symbol() -> None:
    assert set(SCHEMES) == {"board", "pap", "nhse-brag"}
    for scheme in SCHEMES.values():
        assert set(scheme.mapping) == set(Health)
        for colour in scheme.mapping.values():
            assert colour.label and colour.symbol
    assert len({colour.symbol for colour in COLOURS}) == len(COLOURS)


@pytest.mark.parametrize(
    ("scheme", "expected"),
    [
        (
            "board",
            {"off_track": "red", "delayed": "amber", "on_track": "green", "complete": "green"},
        ),
        ("pap", {"off_track": "red", "delayed": "red", "on_track": "amber", "complete": "green"}),
        (
            "nhse-brag",
            {"off_track": "red", "delayed": "amber", "on_track": "yellow", "complete": "green"},
        ),
    ],
)
def test_presets(scheme: str, expected: dict[str, str]) -> None:
    assert {
        h.value: colour_for(h, scheme).name
        for h in Health
        if h not in (Health.WITHDRAWN, Health.CARRIED_FORWARD)
    } == expected
    assert colour_for(Health.WITHDRAWN, scheme).name == "grey"
    assert colour_for(Health.CARRIED_FORWARD, scheme).name == "grey"


def test_badge_always_carries_words() -> None:
    assert badge(Health.DELAYED) == "▲ Amber (delayed)"
    assert badge(Health.ON_TRACK, "pap") == "▲ Amber (on track)"
    assert badge(Health.OFF_TRACK, "nhse-brag") == "✖ Red (off track)"


def test_unknown_scheme_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match="known: board, pap, nhse-brag"):
        colour_for(Health.DELAYED, "traffic-lights")


# -- percentages --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [
        (79, 95, 83),
        (41, 95, 43),
        (1, 8, 13),  # 12.5: half up (Python's round gives 12)
        (5, 8, 63),  # 62.5
        (1, 200, 1),  # 0.5
        (0, 0, 0),
        (0, 7, 0),
        (7, 7, 100),
        (1, 3, 33),
        (2, 3, 67),
    ],
)
def test_percent_rounds_half_up(part: int, whole: int, expected: int) -> None:
    assert percent(part, whole) == expected


def test_count_and_percent() -> None:
    assert count_and_percent(79, 95) == "79 (83%)"


def test_percent_refuses_impossible_parts() -> None:
    with pytest.raises(ValueError, match="cannot take 5 as a percentage of 4"):
        percent(5, 4)


@given(
    st.integers(min_value=1, max_value=10**6).flatmap(
        lambda w: st.tuples(st.integers(0, w), st.just(w))
    )
)
def test_percent_is_exact_half_up(pair: tuple[int, int]) -> None:
    part, whole = pair
    value = percent(part, whole)
    assert 0 <= value <= 100
    exact = Fraction(100 * part, whole)
    assert value - Fraction(1, 2) <= exact < value + Fraction(1, 2)


def test_docs_state_every_preset_as_the_code_does() -> None:
    doc = (PROJECT_ROOT / "docs" / "health.md").read_text(encoding="utf-8")
    order = (Health.OFF_TRACK, Health.DELAYED, Health.ON_TRACK, Health.COMPLETE, Health.WITHDRAWN)
    rows = {
        line.split("|")[1].strip().split()[0].strip("`"): [
            cell.strip() for cell in line.split("|")[3:-1]
        ]
        for line in doc.splitlines()
        if line.startswith("| `")
    }
    for name, scheme in SCHEMES.items():
        colours = [scheme.colour(health) for health in order]
        assert rows[name] == [f"{c.symbol} {c.label}" for c in colours], name
    for colour in COLOURS:
        assert f"{colour.symbol} {colour.name}" in doc
