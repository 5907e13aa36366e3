"""Dates out of order are problems, in ``check`` and in every write (issue 14 §2).

Completed before started, a board action closed before the meeting that raised it,
milestone updates and agreed re-profiles out of date order, a proposal dated after the
board that agreed it, and a re-profile agreed before the milestone was in the plan: each
is located at the date that is wrong, with a fix.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from sendtrack.checks.validate import check_repository
from sendtrack.core.problems import Problem
from tests.conftest import PROJECT_ROOT, MakeRepo
from tests.one_milestone import one_milestone_priority

Cli = Callable[..., Any]
AS_OF = date(2026, 6, 1)
FILE = "plan/priority-1.yaml"


def meeting(day: str) -> str:
    return f'id: "{day}"\nboard: SEND Improvement Board\ndate: {day}\nstatus: held\n'


def repo_with(make_repo: MakeRepo, extra: str, **files: str) -> Path:
    return make_repo({FILE: one_milestone_priority(extra, milestone_due="2025-06"), **files})


def date_problems(root: Path, as_of: date = AS_OF) -> list[Problem]:
    """The problems of the codes this file is about (the template has its own dates)."""
    codes = {
        "completed-before-started",
        "history-out-of-order",
        "proposal-after-agreement",
        "reprofile-before-added",
    }
    return [p for p in check_repository(root, as_of).problems if p.code in codes]


def held(*days: str) -> dict[str, str]:
    """Meeting files for the boards held on ``days``, that re-profiles are agreed at."""
    return {f"meetings/{day}.yaml": meeting(day) for day in days}


def the_one_problem(make_repo: MakeRepo, extra: str, *boards: str) -> Problem:
    """The one date problem of the milestone with ``extra``, boards held on ``boards``."""
    [problem] = date_problems(repo_with(make_repo, extra, **held(*boards)))
    return problem


def located(problem: Problem) -> tuple[str, str, int, int, str]:
    return (problem.code, problem.file, problem.line, problem.column, problem.message)


def test_completed_before_started(make_repo: MakeRepo) -> None:
    extra = (
        "            status: complete\n"
        "            started_on: 2026-01-10\n"
        "            completed_on: 2025-01-01\n"
    )
    problem = the_one_problem(make_repo, extra)
    assert located(problem) == (
        "completed-before-started",
        FILE,
        19,
        27,
        "milestone 1.1.1.2 is completed on 1 Jan 2025, before it started (10 Jan 2026)",
    )
    assert problem.hint == (
        "check the year of completed_on and started_on; a milestone completes on or after "
        "the day it starts"
    )


def test_board_action_closed_before_the_meeting_that_raised_it(make_repo: MakeRepo) -> None:
    log = """\
actions:
  - id: "2025-04-10/A1"
    meeting: "2025-04-10"
    number: 1
    text: Circulate the revised terms of reference to all partners.
    owner: SEND Partnership Manager
    due: 2025-05-15
    status: closed
    closed_on: 2024-04-20
"""
    root = repo_with(make_repo, "", **{"tracker/actions.yaml": log, "tracker/archive.yaml": ""})
    found = [located(p) for p in date_problems(root)]
    assert found == [
        (
            "completed-before-started",
            "tracker/actions.yaml",
            9,
            16,
            "board action 2025-04-10/A1 is closed on 20 Apr 2024, before the 10 Apr 2025 "
            "meeting that raised it",
        )
    ]


def test_milestone_updates_out_of_date_order(make_repo: MakeRepo) -> None:
    extra = (
        "            status: in_progress\n"
        "            started_on: 2025-04-01\n"
        "            updates:\n"
        "              - on: 2025-05-02\n"
        "                note: Shortlist agreed.\n"
        "              - on: 2025-04-20\n"
        "                note: Interviews held.\n"
    )
    problem = the_one_problem(make_repo, extra)
    assert located(problem) == (
        "history-out-of-order",
        FILE,
        22,
        21,
        "update 2 of milestone 1.1.1.2 is dated 20 Apr 2025, before update 1 (2 May 2025)",
    )
    assert problem.hint == "keep updates oldest first; append new ones at the end"


def test_agreed_reprofiles_out_of_meeting_order(make_repo: MakeRepo) -> None:
    extra = (
        "            reprofiles:\n"
        "              - to: 2025-09-30\n"
        "                reason: Second round of interviews.\n"
        '                agreed_at: "2025-06-12"\n'
        "              - to: 2025-08-31\n"
        "                reason: Interviews.\n"
        '                agreed_at: "2025-05-15"\n'
    )
    problem = the_one_problem(make_repo, extra, "2025-05-15", "2025-06-12")
    assert located(problem) == (
        "history-out-of-order",
        FILE,
        23,
        28,
        "re-profile 2 of milestone 1.1.1.2 is agreed at the 15 May 2025 board, before "
        "re-profile 1 (agreed at the 12 Jun 2025 board)",
    )
    assert "oldest first" in problem.hint


def test_proposal_dated_after_its_agreement(make_repo: MakeRepo) -> None:
    extra = (
        "            reprofiles:\n"
        "              - to: 2025-09-30\n"
        "                reason: Interviews.\n"
        '                agreed_at: "2025-06-12"\n'
        "                proposed: false\n"
        "                proposed_on: 2025-07-01\n"
    )
    problem = the_one_problem(make_repo, extra, "2025-06-12")
    assert located(problem) == (
        "proposal-after-agreement",
        FILE,
        22,
        30,
        "re-profile 1 of milestone 1.1.1.2 was proposed on 1 Jul 2025, after the "
        "12 Jun 2025 board that agreed it",
    )
    assert problem.hint == (
        "a board agrees a proposal made before it met: correct proposed_on, or agreed_at "
        "(the meeting that agreed it)"
    )


def test_reprofile_agreed_before_the_milestone_was_in_the_plan(make_repo: MakeRepo) -> None:
    extra = (
        "            added_on: 2025-06-01\n"
        "            reprofiles:\n"
        "              - to: 2025-09-30\n"
        "                reason: Interviews.\n"
        '                agreed_at: "2025-05-15"\n'
    )
    problem = the_one_problem(make_repo, extra, "2025-05-15")
    assert located(problem) == (
        "reprofile-before-added",
        FILE,
        21,
        28,
        "re-profile 1 of milestone 1.1.1.2 is agreed at the 15 May 2025 board, before the "
        "milestone entered the plan (1 Jun 2025), so before its baseline was set",
    )


def test_dates_in_order_are_clean(make_repo: MakeRepo) -> None:
    extra = (
        "            status: complete\n"
        "            started_on: 2025-04-01\n"
        "            completed_on: 2025-04-01\n"
        "            reprofiles:\n"
        "              - to: 2025-09-30\n"
        "                reason: Interviews.\n"
        '                agreed_at: "2025-05-15"\n'
        "                proposed: false\n"
        "                proposed_on: 2025-05-15\n"
        "            updates:\n"
        "              - on: 2025-04-01\n"
        "                note: Begun and done.\n"
        "              - on: 2025-04-01\n"
        "                note: The same day.\n"
    )
    root = repo_with(make_repo, extra, **held("2025-05-15"))
    assert date_problems(root) == []


def test_the_shipped_data_has_its_dates_in_order() -> None:
    assert date_problems(PROJECT_ROOT, date(2025, 12, 31)) == []


def test_update_completing_before_the_start_is_refused(make_repo: MakeRepo, cli: Cli) -> None:
    started = "            status: in_progress\n            started_on: 2026-01-10\n"
    root = repo_with(make_repo, started)
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    result = cli(
        "--repo", str(root), "update", "1.1.1.2", "--status", "complete", "--on", "2025-01-01"
    )  # fmt: skip
    assert result.exit_code == 1, result.output
    output = " ".join(str(result.output).split())
    assert f"{FILE}:19:27: completed-before-started milestone 1.1.1.2 is completed on " in output
    assert "1 Jan 2025, before it started (10 Jan 2026)" in output
    assert "nothing written" in output
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before
    # The example's May board, not minuted, is a warning; no error is left.
    assert check_repository(root, AS_OF).errors == []


def test_a_back_dated_note_is_refused(make_repo: MakeRepo, cli: Cli) -> None:
    extra = (
        "            status: in_progress\n"
        "            started_on: 2025-04-01\n"
        "            updates:\n"
        "              - on: 2025-05-02\n"
        "                note: Shortlist agreed.\n"
    )
    root = repo_with(make_repo, extra)
    before = (root / FILE).read_bytes()
    result = cli(
        "--repo", str(root), "update", "1.1.1.2", "--note", "Interviews held.",
        "--on", "2025-04-20",
    )  # fmt: skip
    assert result.exit_code == 1, result.output
    assert "history-out-of-order" in result.output
    assert (root / FILE).read_bytes() == before
