"""The second shipped example (issue 12 §4): Lancashire's 2019 Improvement Plan against
the twelve concerns of the 2017 inspection, in its own shape and words."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

from sendtrack.board.common import last_board, next_scheduled
from sendtrack.checks.validate import check_repository
from sendtrack.models.vocabulary import vocabulary
from sendtrack.plan.health import Health
from sendtrack.plan.status import compute_status
from sendtrack.render.console import Terminal
from sendtrack.render.status import render_markdown, render_text
from tests.conftest import PROJECT_ROOT

Cli = Callable[..., Any]
EXAMPLE = PROJECT_ROOT / "examples" / "lancashire-2019"
SELF_ASSESSMENT = date(2019, 9, 1)


def test_the_example_is_clean_then_and_now() -> None:
    assert check_repository(EXAMPLE, SELF_ASSESSMENT).problems == []
    # Today only the warning that its September 2019 board, scheduled, was never minuted.
    assert [p.code for p in check_repository(EXAMPLE).problems] == ["meeting-not-minuted"]


def test_its_shape_and_words() -> None:
    repo = check_repository(EXAMPLE, SELF_ASSESSMENT).repo
    words = vocabulary(repo.settings)
    assert [level.name for level in words.levels] == ["Concern", "Next step", "Milestone"]
    assert words.grouping.word == "thematic group"
    # Twelve concerns in their natural order, not the file names' (concern-10 < concern-2).
    assert [p.id for p in repo.priorities] == [f"C{n}" for n in range(1, 13)]
    steps = [action for _, _, action in repo.plan_actions()]
    assert len(steps) == 21
    refs = [step.source_ref for step in steps if step.source_ref]
    assert len(refs) == 14 and "IP 3.5" in refs and "WSoA 12.1" in refs
    assert all(ref.startswith(("IP ", "WSoA ")) for ref in refs)
    assert {p.id: p.links for p in repo.priorities if p.links} == {
        "C4": ["C12.2"],
        "C11": ["IP3.5", "IP3.6"],
    }


def test_its_figures_as_of_the_self_assessment() -> None:
    repo = check_repository(EXAMPLE, SELF_ASSESSMENT).repo
    report = compute_status(repo, SELF_ASSESSMENT)
    counts = report.milestones
    assert (counts.total, counts.started, counts.complete, counts.undated) == (32, 19, 2, 18)
    assert counts.carried_forward == 1
    assert report.headline == (
        "19 (59%) of 32 milestones in progress or completed; 2 (6%) completed; "
        "1 carried forward; 18 undated"
    )
    assert counts.by_health == {
        Health.OFF_TRACK: 0,
        Health.DELAYED: 4,
        Health.ON_TRACK: 8,
        Health.COMPLETE: 1,
    }
    assert [row.id for row in report.exceptions] == ["IP3.6.1", "IP1.4.2", "C12.2.1", "C12.2.2"]
    assert [(g.id, g.counts.total) for g in report.by_workstream] == [
        ("equal-partners", 2),
        ("", 30),
    ]
    assert [g.counts.total for g in report.by_priority] == [2, 3, 5, 2, 2, 2, 2, 3, 2, 3, 2, 4]
    # The local offer's delay is the seed's, dated: before it, the same milestone was green.
    launch = next(row for row in report.rows if row.id == "C12.2.2")
    assert launch.health is Health.DELAYED and "terminated in March 2019" in launch.reason
    earlier = compute_status(repo, date(2019, 3, 30))
    # The Improvement Plan was agreed in April 2019: before it, only the WSoA's action.
    assert [row.id for row in earlier.rows] == ["W12.1.1"]
    assert earlier.rows[0].health is Health.ON_TRACK and earlier.milestones.carried_forward == 0


def test_a_wsoa_action_carried_forward_into_the_improvement_plan() -> None:
    """Of the 47 actions, "33 had been completed and 14 were carried forward": the WSoA's
    action counts as carried forward (not withdrawn, not complete), and the Improvement
    Plan's item it continues as slips from the WSoA's baseline but is judged by its own."""
    repo = check_repository(EXAMPLE, SELF_ASSESSMENT).repo
    report = compute_status(repo, SELF_ASSESSMENT)
    assert [row.id for row in report.carried_forward] == ["W12.1.1"]
    original = report.carried_forward[0]
    assert original.health is Health.CARRIED_FORWARD and original.status == "in_progress"
    assert "carried forward into C12.2.2 at the 30 Apr 2019" in original.reason
    assert report.withdrawn == [] and report.milestones.withdrawn == 0
    assert original not in report.exceptions
    continuation = next(row for row in report.rows if row.id == "C12.2.2")
    assert continuation.continues == "W12.1.1"
    assert continuation.original_due == date(2019, 3, 31)
    assert continuation.current_due == date(2019, 10, 31)
    assert continuation.slip_days == 214  # from the WSoA's March 2019 date
    assert continuation.health is Health.DELAYED  # by its own October date and its risk
    concern = next(group for group in report.by_priority if group.id == "C12")
    assert (concern.counts.total, concern.counts.carried_forward) == (4, 1)
    # Before the April board agreed it, the WSoA's unfinished action was simply late.
    before = compute_status(repo, date(2019, 4, 15))
    late = next(row for row in before.rows if row.id == "W12.1.1")
    assert late.health is Health.OFF_TRACK and before.milestones.carried_forward == 0


def test_the_report_speaks_of_concerns_and_thematic_groups(cli: Cli) -> None:
    repo = check_repository(EXAMPLE, SELF_ASSESSMENT).repo
    report = compute_status(repo, SELF_ASSESSMENT)
    text = render_text(report, Terminal(width=120))
    heads = [line.split()[0] for line in text.splitlines() if "Total" in line]
    assert heads == ["Thematic", "Concern"]
    assert "  C11. Unequal provision " in text
    assert "Undated, counted on their own (18)" in text
    markdown = render_markdown(report)
    assert "## By thematic group" in markdown and "## By concern" in markdown
    data = json.loads(
        cli("--repo", str(EXAMPLE), "status", "--as-of", "2019-09-01", "--format", "json").output
    )
    assert data["labels"]["by_priority"] == "By concern"
    assert data["labels"]["grouping"] == {"name": "Thematic group", "plural": "Thematic groups"}
    assert data["board"] == "SEND Partnership Board"
    shown = " ".join(
        cli("--repo", str(EXAMPLE), "show", "IP3.5", "--as-of", "2019-09-01").output.split()
    )
    assert shown.startswith("Next step IP3.5: Continue to review provision")
    assert "Source ref: IP 3.5" in shown and "Linked from: C11" in shown
    concern = cli("--repo", str(EXAMPLE), "show", "C7", "--as-of", "2019-09-01").output
    assert concern.startswith("Concern C7: The absence of effective diagnostic pathways")
    assert "Key changes achieved:" in concern and "Evidence of impact" in concern


def test_the_board_is_the_body_the_figures_report_to() -> None:
    repo = check_repository(EXAMPLE, SELF_ASSESSMENT).repo
    held = last_board(repo, SELF_ASSESSMENT)
    coming = next_scheduled(repo, SELF_ASSESSMENT)
    # The Scrutiny Committee met later (31 July) but is not the board.
    assert held is not None and held.id == "2019-06-28"
    assert coming is not None and coming.id == "2019-09-30"
    # Alone on its date, its id is the date: the body is added only when two meet that day.
    assert {m.id: m.body for m in repo.meetings}["2019-07-31"] == "scrutiny"
