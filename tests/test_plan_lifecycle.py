"""Items across time (issue 12 §2): ``--as-of`` counts only what existed then, and a
later 'at risk' does not colour an earlier view."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from sendtrack.checks.validate import check_repository
from sendtrack.plan.health import Health
from sendtrack.plan.status import compute_status
from tests.conftest import MakeRepo

Cli = Callable[..., Any]

BOARD = {
    "tracker/actions.yaml": "actions: []\n",
    "tracker/archive.yaml": "actions: []\n",
    "risks/register.yaml": "risks: []\n",
    "meetings/2025-04-10.yaml": "",
    "meetings/2025-05-15.yaml": "",
    "meetings/2025-07-10.yaml": (
        'id: "2025-07-10"\nboard: SEND Improvement Board\ndate: 2025-07-10\nstatus: held\n'
    ),
}

SETTINGS = """\
partnership: Example SEND Partnership
board: SEND Improvement Board
{extra}workstreams:
  - id: lead
    name: Leadership
    leads:
      - Director of Education
"""


def plan(milestone_two: str = "", action_two: str = "") -> str:
    return f"""\
id: "1"
title: Leaders improve governance.
workstream: lead
outcomes:
  - id: "1.1"
    text: Clear governance.
    actions:
      - id: "1.1.1"
        title: Create the board.
        milestones:
          - id: "1.1.1.1"
            title: Chair appointed
            due: 2025-09
            status: in_progress
            started_on: 2025-04-01
          - id: "1.1.1.2"
            title: Terms of reference agreed
            due: 2025-10
{milestone_two}
      - id: "1.1.2"
        title: Agree a dashboard.
{action_two}
        milestones:
          - id: "1.1.2.1"
            title: Dashboard agreed
            due: 2025-12
"""


def repo_with(make_repo: MakeRepo, settings_extra: str = "", **plan_parts: str) -> Path:
    return make_repo(
        {
            **BOARD,
            "plan/partnership.yaml": SETTINGS.format(extra=settings_extra),
            "plan/priority-1.yaml": plan(**plan_parts),
        }
    )


def ids_as_of(root: Path, day: date) -> list[str]:
    report = compute_status(check_repository(root, day).repo, day)
    return [row.id for row in report.rows]


@pytest.mark.parametrize(
    ("milestone_two", "action_two", "settings_extra", "expected"),
    [
        pytest.param("", "", "", {"2025-06-01": 3, "2025-08-01": 3}, id="nothing dated"),
        pytest.param(
            "            added_on: 2025-07-01\n",
            "",
            "",
            {"2025-06-01": 2, "2025-07-01": 3},
            id="milestone added_on",
        ),
        pytest.param(
            '            added_at: "2025-07-10"\n',
            "",
            "",
            {"2025-07-09": 2, "2025-07-10": 3},
            id="milestone added_at a meeting",
        ),
        pytest.param(
            "",
            "        added_on: 2025-08-15\n",
            "",
            {"2025-08-14": 2, "2025-08-15": 3},
            id="its action's date is inherited",
        ),
        pytest.param(
            "",
            "",
            "plan_agreed_on: 2025-03-05\n",
            {"2025-03-04": 0, "2025-03-05": 3},
            id="the plan's date is the default",
        ),
    ],
)
def test_as_of_counts_only_what_existed(
    make_repo: MakeRepo,
    milestone_two: str,
    action_two: str,
    settings_extra: str,
    expected: dict[str, int],
) -> None:
    root = repo_with(make_repo, settings_extra, milestone_two=milestone_two, action_two=action_two)
    assert check_repository(root, date(2025, 9, 1)).problems == []
    for day, count in expected.items():
        report = compute_status(
            check_repository(root, date.fromisoformat(day)).repo, date.fromisoformat(day)
        )
        assert report.milestones.total == count, day
        assert sum(group.counts.total for group in report.by_workstream) == count


def test_before_it_existed_an_item_is_in_no_figure_and_no_list(
    make_repo: MakeRepo, cli: Cli
) -> None:
    root = repo_with(make_repo, milestone_two="            added_on: 2025-07-01\n")
    before = cli("--repo", str(root), "status", "--as-of", "2025-06-01", "--format", "json")
    data = json.loads(before.output)
    assert data["milestones"]["total"] == 2
    assert data["headline"].startswith("1 (50%) of 2 milestones")
    listed = json.loads(
        cli("--repo", str(root), "milestones", "--as-of", "2025-06-01", "--format", "json").output
    )
    assert [row["id"] for row in listed] == ["1.1.1.1", "1.1.2.1"]
    after = json.loads(
        cli("--repo", str(root), "milestones", "--as-of", "2025-07-01", "--format", "json").output
    )
    assert [row["added_on"] for row in after] == [None, "2025-07-01", None]
    shown = cli("--repo", str(root), "show", "1.1.1.2", "--as-of", "2025-06-01").output
    assert (
        "Added:" in shown and "1 Jul 2025, after the as-of date: not yet in the plan then" in shown
    )
    action = cli("--repo", str(root), "show", "1.1.1", "--as-of", "2025-06-01").output
    assert "Milestones (1)" in action


def test_a_top_level_item_added_later_has_no_row_before(make_repo: MakeRepo) -> None:
    second = (
        'id: "2"\ntitle: A later priority.\nworkstream: lead\nadded_on: 2025-08-01\n'
        'outcomes:\n  - id: "2.1"\n    text: Later.\n    actions:\n      - id: "2.1.1"\n'
        '        title: Later action.\n        milestones:\n          - id: "2.1.1.1"\n'
        "            title: Later milestone\n            due: 2025-12\n"
    )
    root = make_repo(
        {
            **BOARD,
            "plan/partnership.yaml": SETTINGS.format(extra=""),
            "plan/priority-1.yaml": plan(),
            "plan/priority-2.yaml": second,
        }
    )
    early = compute_status(check_repository(root, date(2025, 7, 1)).repo, date(2025, 7, 1))
    assert [group.id for group in early.by_priority] == ["1"]
    late = compute_status(check_repository(root, date(2025, 8, 1)).repo, date(2025, 8, 1))
    assert [(group.id, group.counts.total) for group in late.by_priority] == [("1", 3), ("2", 1)]


def test_at_risk_counts_from_its_date(make_repo: MakeRepo) -> None:
    marked = (
        "            at_risk: The chair's post is vacant.\n            at_risk_since: 2025-06-15\n"
    )
    root = repo_with(make_repo, milestone_two=marked)
    repo = check_repository(root, date(2025, 7, 1)).repo

    def health(day: date) -> tuple[Health, str]:
        row = next(r for r in compute_status(repo, day).rows if r.id == "1.1.1.2")
        return row.health, row.reason

    assert health(date(2025, 6, 1)) == (
        Health.ON_TRACK,
        "due 31 Oct 2025; not started, due in 152 days",
    )
    later, reason = health(date(2025, 6, 15))
    assert later is Health.DELAYED and reason.endswith("at risk: The chair's post is vacant.")


def test_an_unknown_added_at_meeting_is_reported(make_repo: MakeRepo) -> None:
    root = repo_with(make_repo, milestone_two='            added_at: "2025-07-11"\n')
    (problem,) = check_repository(root, date(2025, 9, 1)).problems
    assert problem.code == "unknown-meeting"
    assert problem.message == (
        "1.1.1.2 says it was added at meeting '2025-07-11', which has no record in meetings/"
    )
    assert problem.hint == "did you mean '2025-07-10'?"


def _git_init(root: Path) -> None:
    subprocess.run(["git", "init", "-q", str(root)], check=True)


def test_in_git_a_plan_that_never_says_when_items_entered_is_warned_about(
    make_repo: MakeRepo, cli: Cli
) -> None:
    root = repo_with(make_repo)
    assert check_repository(root, date(2025, 9, 1)).problems == []  # not in git: no warning
    _git_init(root)
    (problem,) = check_repository(root, date(2025, 9, 1)).problems
    assert problem.code == "added-on-missing" and problem.severity == "warning"
    assert problem.file == "plan/priority-1.yaml" and problem.line == 1
    assert problem.message == (
        "priority 1 does not say when it entered the plan, so '--as-of' counts it on every date"
    )
    result = cli("--repo", str(root), "check", "--as-of", "2025-09-01")
    assert result.exit_code == 0 and "1 warning" in result.output
    dated = repo_with(make_repo, "plan_agreed_on: 2025-03-05\n")
    assert check_repository(dated, date(2025, 9, 1)).problems == []
