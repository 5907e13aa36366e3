"""'Started this period' places only milestones whose start is recorded (issue 14 §2).

A milestone already in progress before the period, with no ``started_on``, that is
completed in the period was listed as started on its completion day: the completion
update was read as a start. A start that was not recorded is unknown, and the papers say
so by id instead of guessing a date.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from sendtrack.models.plan import Milestone
from sendtrack.plan.started import recorded_start
from tests.conftest import PROJECT_ROOT

Cli = Callable[..., Any]
BOARD = "2025-11-03"


def _section(text: str, heading: str, following: str) -> str:
    """The text between a section's heading line and the next section's, read as one line
    (wrapped sentences joined)."""
    lines = text.splitlines()
    start = lines.index(heading)
    end = lines.index(following, start)
    return " ".join(" ".join(lines[start:end]).split())


def _highlight(cli: Cli, root: Path, workstream: str) -> str:
    result = cli(
        "--repo", str(root), "report", "highlight", "--workstream", workstream,
        "--as-of", BOARD, "--format", "text", "--width", "200",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return str(result.output)


def test_completing_a_milestone_in_progress_before_the_period_is_no_start(
    cli: Cli, shipped_copy: Path
) -> None:
    # 4.3.2.1 (leadership) is in progress with no started_on in the shipped data; the
    # period of the 3 November board is 14 Oct to 3 Nov 2025.
    done = cli(
        "--repo", str(shipped_copy), "update", "4.3.2.1",
        "--status", "complete", "--on", "2025-10-20",
    )  # fmt: skip
    assert done.exit_code == 0, done.output

    text = _highlight(cli, shipped_copy, "leadership")
    completed = _section(text, "Completed", "Started")
    started = _section(text, "Started", "Re-profiled")
    assert "4.3.2.1" in completed
    assert "No milestone has a start date in this period." in started
    assert "Start date not recorded" in started
    # 1.4.1.2, completed on 3 Nov 2025 in the shipped data, has no start recorded either.
    assert (
        "2 completed this period (1.4.1.2, completed 3 Nov 2025; 4.3.2.1, completed 20 Oct 2025)"
        in started
    )


def test_a_start_recorded_in_the_period_is_listed(cli: Cli, shipped_copy: Path) -> None:
    # 2.3.1.2 and 2.3.1.3 are not started in the shipped data: the updates record the start.
    for milestone, status, on in (
        ("2.3.1.2", "in_progress", "2025-10-20"),
        ("2.3.1.3", "complete", "2025-10-21"),
    ):
        done = cli(
            "--repo", str(shipped_copy), "update", milestone, "--status", status, "--on", on
        )  # fmt: skip
        assert done.exit_code == 0, done.output

    started = _section(_highlight(cli, shipped_copy, "ehcp"), "Started", "Re-profiled")
    assert "2.3.1.2" in started and "20 Oct 2025" in started
    assert "2.3.1.3" in started and "21 Oct 2025" in started


def test_the_shipped_unknown_starts_are_named(cli: Cli) -> None:
    """The shipped EHCP workstream has 11 milestones in progress with no start recorded."""
    started = _section(_highlight(cli, PROJECT_ROOT, "ehcp"), "Started", "Re-profiled")
    assert "No milestone has a start date in this period." in started
    assert "Start date not recorded: 11 milestones in progress" in started
    for milestone in ("2.1.1.1", "2.1.4.1", "2.3.2.1", "2.7.2.1"):
        assert milestone in started


def _milestone(**fields: object) -> Milestone:
    return Milestone.model_validate(
        {"id": "9.1.1.1", "title": "A thing", "due": "2025-12-31"} | fields
    )


def test_only_a_move_into_progress_is_a_start() -> None:
    on = date(2025, 10, 20)
    recorded = _milestone(status="in_progress", started_on="2025-09-01")
    assert recorded_start(recorded) == date(2025, 9, 1)
    # The completion is not the start: it started before, on a day not recorded.
    completed = _milestone(
        status="complete",
        completed_on="2025-10-20",
        updates=[{"on": "2025-10-20", "note": "Done.", "status": "complete"}],
    )
    assert recorded_start(completed) is None
    moved = _milestone(
        status="complete",
        completed_on="2025-11-20",
        updates=[
            {"on": "2025-10-01", "note": "Planning.", "status": "not_started"},
            {"on": "2025-10-20", "note": "Begun.", "status": "in_progress"},
            {"on": "2025-11-20", "note": "Done.", "status": "complete"},
        ],
    )
    assert recorded_start(moved) == on
    # Re-opened after an unrecorded start: the later move back into progress is not it.
    reopened = _milestone(
        status="in_progress",
        updates=[
            {"on": "2025-10-01", "note": "Done.", "status": "complete"},
            {"on": "2025-10-20", "note": "Re-opened: more to do.", "status": "in_progress"},
        ],
    )
    assert recorded_start(reopened) is None
