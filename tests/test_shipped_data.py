"""The shipped repository (the real Lancashire plan and board) is clean and complete."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from datetime import date

from sendtrack.checks.validate import check_repository
from tests.conftest import PROJECT_ROOT

NOV_BOARD = date(2025, 11, 3)


def test_shipped_data_has_no_problems_today_and_at_the_board() -> None:
    # The data stop at the November board: today, the December board it scheduled is
    # past and unminuted, and check says so (a warning), as it would for any partnership.
    today = check_repository(PROJECT_ROOT).problems
    assert [(p.code, p.severity.value, p.id) for p in today] == [
        ("meeting-not-minuted", "warning", "2025-12-05")
    ]
    assert check_repository(PROJECT_ROOT, NOV_BOARD).problems == []


def test_real_counts() -> None:
    repo = check_repository(PROJECT_ROOT, NOV_BOARD).repo
    assert [p.id for p in repo.priorities] == ["1", "2", "3", "4", "5"]
    assert [p.kind for p in repo.priorities] == ["priority_action"] * 3 + ["improvement"] * 2
    actions = [action for _, _, action in repo.plan_actions()]
    assert len(actions) == 76
    assert actions[0].id == "1.1.1" and actions[-1].id == "5.9.1"
    assert len(repo.milestones()) == 95
    assert len(repo.board_actions()) == 11
    assert [a.number for a in sorted(repo.board_actions(), key=lambda a: a.number)] == list(
        range(1, 12)
    )
    assert len(repo.risks) == 22
    assert {m.id for m in repo.meetings} >= {"2025-11-03", "2025-12-05"}
    assert repo.settings is not None and len(repo.settings.workstreams) == 5


def test_the_duplicated_ref_is_kept_and_explained() -> None:
    repo = check_repository(PROJECT_ROOT, NOV_BOARD).repo
    printed_as = [a for _, _, a in repo.plan_actions() if (a.source_ref or a.id) == "2.5.3"]
    assert len(printed_as) == 2
    renumbered = [a for a in printed_as if a.source_ref == "2.5.3"]
    assert len(renumbered) == 1 and renumbered[0].note and "2.5.3" in renumbered[0].note


def test_every_action_has_a_milestone_and_phased_ones_several() -> None:
    repo = check_repository(PROJECT_ROOT, NOV_BOARD).repo
    per_action = Counter(entry.action.id for entry in repo.entries())
    assert len(per_action) == 76
    assert per_action["2.3.2"] >= 3  # EHCP portal: design and testing → pilot → implementation


def test_started_figure_matches_the_minutes() -> None:
    # "seventy nine (83%) out of a total of ninety-five milestones in progress or completed"
    repo = check_repository(PROJECT_ROOT, NOV_BOARD).repo
    started = [m for m in repo.milestones() if m.status in ("in_progress", "complete")]
    assert len(started) == 79


def test_board_of_3_november_in_full() -> None:
    repo = check_repository(PROJECT_ROOT, NOV_BOARD).repo
    meeting = repo.meeting("2025-11-03")
    assert meeting is not None and meeting.status == "held"
    assert len(meeting.actions_raised) == 11
    assert sum(len(item.challenges) for item in meeting.agenda) >= 12
    assert meeting.next_meeting == "2025-12-05"
    assert len(meeting.risks_added) == 2
    nxt = repo.meeting("2025-12-05")
    assert nxt is not None and nxt.status == "scheduled"


def test_illustrative_values_are_marked_in_the_data() -> None:
    text = (PROJECT_ROOT / "plan" / "priority-1.yaml").read_text(encoding="utf-8")
    assert "illustrative: true" in text
    risks = (PROJECT_ROOT / "risks" / "register.yaml").read_text(encoding="utf-8")
    assert "illustrative: true" in risks


def test_check_through_a_real_process() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "sendtrack", "check", "--as-of", NOV_BOARD.isoformat()],
        cwd=PROJECT_ROOT / "plan",
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stdout) == (0, "ok: no problems in 16 files\n")
    assert done.stderr == ""
