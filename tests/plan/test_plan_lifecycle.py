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


# -- carried forward into a later plan ---------------------------------------------------------

TWO_PLANS_SETTINGS = """\
partnership: Example SEND Partnership
board: SEND Improvement Board
plan_agreed_on: 2018-05-01
levels:
  - name: Plan
  - name: Action
workstreams:
  - id: lead
    name: Leadership
    leads:
      - Director of Education
"""

WSOA = """\
id: WSoA
title: Written Statement of Action, May 2018.
workstream: lead
milestones:
  - {id: W1, title: Board set up, due: 2018-09, status: complete, completed_on: 2018-09-20}
  - {id: W2, title: Vision agreed, due: 2018-12, status: complete, completed_on: 2018-12-10}
  - {id: W3, title: DCO appointed, due: 2019-01, status: complete, completed_on: 2019-02-01}
  - id: W4
    title: Local offer rebuilt
    due: 2019-03
    status: in_progress
    started_on: 2018-10-01
    carried_forward: {into: IP2.5, agreed_at: "2019-04-10"}
  - id: W5
    title: ND pathway agreed
    due: 2019-02
    status: in_progress
    started_on: 2018-11-01
    carried_forward: {into: IP3.4, agreed_at: "2019-04-10", note: IP 3.4}
"""

IMPROVEMENT_PLAN = """\
id: IP
title: Improvement Plan 2019-2020.
workstream: lead
added_at: "2019-04-10"
milestones:
  - id: IP2.5
    title: Local offer site launched
    due: 2019-10
    status: in_progress
    started_on: 2019-05-01
    links: [IP3.4]
  - {id: IP3.4, title: ND pathway implemented, due: 2020-03, status: not_started}
  - {id: IP3.6, title: SALT and OT re-commissioned, due: 2020-03, status: not_started}
"""


def meeting(day: str, status: str = "held") -> str:
    return f'id: "{day}"\nboard: SEND Improvement Board\ndate: {day}\nstatus: {status}\n'


def two_plans(make_repo: MakeRepo, wsoa: str = WSOA, plan: str = IMPROVEMENT_PLAN) -> Path:
    return make_repo(
        {
            **BOARD,
            "meetings/2025-07-10.yaml": "",
            "meetings/2019-04-10.yaml": meeting("2019-04-10"),
            "meetings/2019-12-05.yaml": meeting("2019-12-05", "scheduled"),
            "plan/partnership.yaml": TWO_PLANS_SETTINGS,
            "plan/priority-1.yaml": "",
            "plan/wsoa.yaml": wsoa,
            "plan/ip.yaml": plan,
        }
    )


@pytest.mark.parametrize(
    ("day", "wsoa", "ip", "overall"),
    [
        # Before the board that agreed the hand-over: no improvement plan, nothing carried.
        pytest.param("2019-04-09", (5, 3, 0), None, (5, 3, 0), id="before the hand-over"),
        # "Of the 47 actions, 33 had been completed and 14 were carried forward".
        pytest.param("2019-04-10", (5, 3, 2), (3, 0, 0), (8, 3, 2), id="at the hand-over"),
        pytest.param("2019-06-01", (5, 3, 2), (3, 0, 0), (8, 3, 2), id="after it"),
    ],
)
def test_carried_forward_is_counted_as_itself_in_its_own_plan(
    make_repo: MakeRepo,
    day: str,
    wsoa: tuple[int, int, int],
    ip: tuple[int, int, int] | None,
    overall: tuple[int, int, int],
) -> None:
    root = two_plans(make_repo)
    assert check_repository(root, date(2019, 6, 1)).problems == []
    as_of = date.fromisoformat(day)
    report = compute_status(check_repository(root, as_of).repo, as_of)
    groups = {
        g.id: (g.counts.total, g.counts.complete, g.counts.carried_forward)
        for g in report.by_priority
    }
    assert groups.get("WSoA") == wsoa
    assert groups.get("IP") == ip
    counts = report.milestones
    assert (counts.total, counts.complete, counts.carried_forward) == overall
    # The denominators: carried forward is neither complete nor withdrawn nor started.
    assert (
        counts.not_started + counts.in_progress + counts.complete + counts.carried_forward
        == counts.total
    )
    assert counts.withdrawn == 0


def test_the_report_says_carried_forward_as_the_seed_does(make_repo: MakeRepo, cli: Cli) -> None:
    root = two_plans(make_repo)
    text = cli("--repo", str(root), "status", "--as-of", "2019-06-01").output
    # The headline wraps at the width of a pipe (80 cells): read it as a sentence.
    assert (
        "4 (50%) of 8 actions in progress or completed; 3 (38%) completed; 2 carried forward"
        in " ".join(text.split())
    )
    assert "By status: not started 2 · in progress 1 · complete 3 · carried forward 2" in text
    assert "Carried forward into a later plan (2)" in text
    assert "carried forward into IP2.5 at the 10 Apr 2019 board" in text
    wsoa_row = next(line for line in text.splitlines() if line.strip().startswith("WSoA. "))
    assert "5" in wsoa_row and "3 (60%)" in wsoa_row and "2 (40%)" in wsoa_row
    data = json.loads(
        cli("--repo", str(root), "status", "--as-of", "2019-06-01", "--format", "json").output
    )
    assert data["milestones"]["carried_forward"] == 2
    assert [row["id"] for row in data["carried_forward"]] == ["W4", "W5"]
    assert {row["health"] for row in data["carried_forward"]} == {"carried_forward"}


def test_a_continuation_slips_from_the_original_baseline_and_is_healthy_by_its_own(
    make_repo: MakeRepo, cli: Cli
) -> None:
    root = two_plans(make_repo)
    rows = {
        row.id: row
        for row in compute_status(
            check_repository(root, date(2019, 6, 1)).repo, date(2019, 6, 1)
        ).rows
    }
    continuation = rows["IP2.5"]
    assert continuation.continues == "W4" and continuation.original_due == date(2019, 3, 31)
    assert continuation.slip_days == (date(2019, 10, 31) - date(2019, 3, 31)).days == 214
    assert continuation.health is Health.ON_TRACK  # its own date, 31 Oct 2019, is ahead
    assert rows["W4"].health is Health.CARRIED_FORWARD and rows["W4"].slip_days == 0
    assert rows["IP3.6"].continues is None and rows["IP3.6"].slip_days == 0
    shown = cli("--repo", str(root), "show", "IP2.5", "--as-of", "2019-06-01").output
    assert (
        "W4, carried forward from an earlier plan: slip is measured from its baseline, 31 Mar 2019"
        in " ".join(shown.split())
    )
    original = cli("--repo", str(root), "show", "W5", "--as-of", "2019-06-01").output
    assert "into IP3.4 at the 10 Apr 2019 board (IP 3.4)" in " ".join(original.split())


def test_a_second_hand_over_still_slips_from_the_first_plan(make_repo: MakeRepo) -> None:
    plan = IMPROVEMENT_PLAN.replace(
        "    links: [IP3.4]\n",
        '    links: [IP3.4]\n    carried_forward: {into: IP3.6, agreed_at: "2019-12-05"}\n',
    )
    root = two_plans(make_repo, plan=plan)
    day = date(2019, 12, 5)
    rows = {row.id: row for row in compute_status(check_repository(root, day).repo, day).rows}
    assert rows["IP3.6"].continues == "W4"
    assert rows["IP3.6"].slip_days == (date(2020, 3, 31) - date(2019, 3, 31)).days


@pytest.mark.parametrize(
    ("change", "code", "message"),
    [
        pytest.param(
            ("into: IP2.5", "into: IP2.6"),
            "unknown-link",
            "action W4 is carried forward into 'IP2.6', which is not an action of the plan",
            id="into nothing",
        ),
        pytest.param(
            ('agreed_at: "2019-04-10"}\n  - id: W5', 'agreed_at: "2019-04-11"}\n  - id: W5'),
            "unknown-meeting",
            "the carrying forward of action W4 names meeting '2019-04-11', which has no "
            "record in meetings/",
            id="unknown meeting",
        ),
        pytest.param(
            (
                "    carried_forward: {into: IP2.5",
                '    withdrawn: {reason: Merged., agreed_at: "2019-04-10"}\n'
                "    carried_forward: {into: IP2.5",
            ),
            "invalid-carry-forward",
            "action W4 is both withdrawn and carried forward",
            id="withdrawn as well",
        ),
    ],
)
def test_a_hand_over_is_validated(
    make_repo: MakeRepo, change: tuple[str, str], code: str, message: str
) -> None:
    assert WSOA.count(change[0]) == 1
    root = two_plans(make_repo, wsoa=WSOA.replace(*change))
    problems = check_repository(root, date(2019, 6, 1)).problems
    assert [(p.code, p.message) for p in problems] == [(code, message)]
    assert problems[0].file == "plan/wsoa.yaml"


def test_a_hand_over_loop_is_refused(make_repo: MakeRepo) -> None:
    plan = IMPROVEMENT_PLAN.replace(
        "    links: [IP3.4]\n",
        '    links: [IP3.4]\n    carried_forward: {into: W4, agreed_at: "2019-12-05"}\n',
    )
    root = two_plans(make_repo, plan=plan)
    codes = [(p.code, p.id) for p in check_repository(root, date(2019, 6, 1)).problems]
    assert codes == [("invalid-carry-forward", "IP2.5"), ("invalid-carry-forward", "W4")]


# -- links, many to many ----------------------------------------------------------------------


def test_links_are_many_to_many_and_shown_both_ways(make_repo: MakeRepo, cli: Cli) -> None:
    plan = IMPROVEMENT_PLAN.replace("links: [IP3.4]", "links: [IP3.4, W5]")
    root = two_plans(make_repo, plan=plan)
    assert check_repository(root, date(2019, 6, 1)).problems == []
    shown = cli("--repo", str(root), "show", "IP2.5", "--as-of", "2019-06-01").output
    assert "Links:" in shown and "IP3.4, W5" in shown
    target = json.loads(
        cli("--repo", str(root), "show", "W5", "--format", "json", "--as-of", "2019-06-01").output
    )
    assert target["linked_from"] == ["IP2.5"]


def test_an_unknown_link_is_reported_with_a_suggestion(make_repo: MakeRepo) -> None:
    plan = IMPROVEMENT_PLAN.replace("links: [IP3.4]", "links: [IP3.5]")
    root = two_plans(make_repo, plan=plan)
    (problem,) = check_repository(root, date(2019, 6, 1)).problems
    assert problem.code == "unknown-link"
    assert problem.message == "IP2.5 links to 'IP3.5', which is not another item of the plan"
    assert problem.hint in ("did you mean 'IP3.4'?", "did you mean 'IP3.6'?")
