"""Several governance bodies (issue 12 §3): the figures report to one; 'the last board',
'the next board', a paper's period and 'meeting new' follow its meetings; two bodies may
meet on one date."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from sendtrack.board.common import last_board, next_scheduled, resolve_meeting
from sendtrack.checks.validate import check_repository
from sendtrack.papers.period import resolve_period
from sendtrack.plan.status import compute_status
from tests.conftest import MakeRepo

Cli = Callable[..., Any]

SETTINGS = """\
partnership: Example SEND Partnership
board: SEND Partnership Board
plan_agreed_on: 2025-03-01
bodies:
  - id: board
    name: SEND Partnership Board
  - id: ops
    name: Operational Group
  - id: hwb
    name: Health and Wellbeing Board
reports_to: {reports_to}
workstreams:
  - id: lead
    name: Leadership
    leads:
      - Director of Education
"""

PLAN = """\
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
            reprofiles:
              - to: 2025-12-31
                reason: Recruitment re-run.
                agreed_at: "2025-11-20-ops"
"""


def meeting(meeting_id: str, day: str, status: str, body: str | None, board: str) -> str:
    line = f"body: {body}\n" if body else ""
    return (
        f'id: "{meeting_id}"\nboard: {board}\n{line}date: {day}\nstatus: {status}\n'
        "time: 10:00-12:00\nlocation: County Hall\n"
    )


MEETINGS = {
    "meetings/2025-11-03.yaml": meeting(
        "2025-11-03", "2025-11-03", "held", None, "SEND Partnership Board"
    ),
    # The Health and Wellbeing Board meets the same day: its id carries its body.
    "meetings/2025-11-03-hwb.yaml": meeting(
        "2025-11-03-hwb", "2025-11-03", "held", "hwb", "Health and Wellbeing Board"
    ),
    "meetings/2025-11-20-ops.yaml": meeting(
        "2025-11-20-ops", "2025-11-20", "held", "ops", "Operational Group"
    ),
    "meetings/2025-12-01-ops.yaml": meeting(
        "2025-12-01-ops", "2025-12-01", "scheduled", "ops", "Operational Group"
    ),
    "meetings/2025-12-05.yaml": meeting(
        "2025-12-05", "2025-12-05", "scheduled", "board", "SEND Partnership Board"
    ),
}


def bodies_repo(make_repo: MakeRepo, reports_to: str = "board") -> Path:
    return make_repo(
        {
            "tracker/actions.yaml": "actions: []\n",
            "tracker/archive.yaml": "actions: []\n",
            "risks/register.yaml": "risks: []\n",
            "meetings/2025-04-10.yaml": "",
            "meetings/2025-05-15.yaml": "",
            **MEETINGS,
            "plan/partnership.yaml": SETTINGS.format(reports_to=reports_to),
            "plan/priority-1.yaml": PLAN,
        }
    )


AS_OF = date(2025, 11, 25)


def test_two_bodies_on_one_date_are_clean(make_repo: MakeRepo) -> None:
    result = check_repository(bodies_repo(make_repo), AS_OF)
    assert result.problems == []
    same_day = [m.id for m in result.repo.meetings if m.date == date(2025, 11, 3)]
    assert sorted(same_day) == ["2025-11-03", "2025-11-03-hwb"]
    # A date names the board the figures report to; the id names either.
    assert resolve_meeting(result.repo, "3 November 2025").id == "2025-11-03"
    assert resolve_meeting(result.repo, "2025-11-03-hwb").body == "hwb"


@pytest.mark.parametrize(
    ("reports_to", "last", "next_", "board"),
    [
        ("board", "2025-11-03", "2025-12-05", "SEND Partnership Board"),
        ("ops", "2025-11-20-ops", "2025-12-01-ops", "Operational Group"),
    ],
)
def test_the_last_and_next_board_are_the_reporting_bodys(
    make_repo: MakeRepo, reports_to: str, last: str, next_: str, board: str
) -> None:
    repo = check_repository(bodies_repo(make_repo, reports_to), AS_OF).repo
    assert repo.reporting_body() == reports_to
    held = last_board(repo, AS_OF)
    scheduled = next_scheduled(repo, AS_OF)
    assert held is not None and held.id == last
    assert scheduled is not None and scheduled.id == next_
    report = compute_status(repo, AS_OF)
    assert report.board == board
    assert report.next_meeting is not None and report.next_meeting.id == next_
    period = resolve_period(repo, AS_OF)
    assert period.start_meeting is not None and period.start_meeting.id == last


def test_a_reprofile_agreed_by_another_body_counts(make_repo: MakeRepo) -> None:
    repo = check_repository(bodies_repo(make_repo), AS_OF).repo
    row = compute_status(repo, AS_OF).rows[0]
    assert row.current_due == date(2025, 12, 31) and row.reprofiles == 1
    assert "at the 20 Nov 2025 board" in row.reason


def test_meeting_new_follows_the_body(make_repo: MakeRepo, cli: Cli) -> None:
    root = bodies_repo(make_repo)
    board = cli("--repo", str(root), "meeting", "new", "2026-01-09", "--dry-run").output
    assert "+++ b/meetings/2026-01-09.yaml" in board
    assert "+board: SEND Partnership Board" in board and "+body:" not in board
    assert "next_meeting" in board and "2025-12-05.yaml" in board  # the board's previous
    assert cli("--repo", str(root), "meeting", "new", "2026-01-09").exit_code == 0
    # The board holds 9 January: the operations group's meeting that day adds its body.
    ops = cli(
        "--repo", str(root), "meeting", "new", "2026-01-09", "--body", "ops", "--dry-run"
    ).output
    assert "+++ b/meetings/2026-01-09-ops.yaml" in ops
    assert '+id: "2026-01-09-ops"' in ops and "+body: ops" in ops
    assert "+board: Operational Group" in ops
    assert "2025-12-01-ops.yaml" in ops  # the operations group's previous meeting
    written = cli("--repo", str(root), "meeting", "new", "2026-01-09", "--body", "ops")
    assert written.exit_code == 0, written.output
    assert check_repository(root, AS_OF).problems == []
    unknown = cli("--repo", str(root), "meeting", "new", "2026-01-09", "--body", "scrutiny")
    assert unknown.exit_code != 0
    assert "no body 'scrutiny' in plan/partnership.yaml" in unknown.output


def test_a_meeting_id_adds_its_body_only_when_another_holds_the_date(
    make_repo: MakeRepo, cli: Cli
) -> None:
    """'The meeting id includes the body when it must': a date no one else holds is the id
    of whichever body meets on it; the second body that day adds its own."""
    root = bodies_repo(make_repo)

    def new(day: str, *body: str) -> str:
        result = cli("--repo", str(root), "meeting", "new", day, *body)
        assert result.exit_code == 0, result.output
        return str(result.output)

    alone = new("2026-01-16", "--body", "ops")
    assert "meetings/2026-01-16.yaml" in alone
    text = (root / "meetings" / "2026-01-16.yaml").read_text(encoding="utf-8")
    assert 'id: "2026-01-16"' in text and "body: ops" in text
    # The board on a day the operations group already holds: the board's id names it.
    second = new("2026-01-16")
    assert "meetings/2026-01-16-board.yaml" in second
    board = (root / "meetings" / "2026-01-16-board.yaml").read_text(encoding="utf-8")
    assert 'id: "2026-01-16-board"' in board and "body: board" in board
    assert "board: SEND Partnership Board" in board
    # Asked again, each body's record of the day is found by its own id, not doubled.
    again = cli("--repo", str(root), "meeting", "new", "2026-01-16", "--body", "ops")
    assert "already has an agenda" in again.output
    assert check_repository(root, AS_OF).problems == []
    repo = check_repository(root, AS_OF).repo
    assert {m.id: repo.body_of(m) for m in repo.meetings if m.date == date(2026, 1, 16)} == {
        "2026-01-16": "ops",
        "2026-01-16-board": "board",
    }


def test_unknown_bodies_are_reported(make_repo: MakeRepo) -> None:
    root = bodies_repo(make_repo, reports_to="bord")
    (root / "meetings" / "2025-11-20-ops.yaml").write_text(
        MEETINGS["meetings/2025-11-20-ops.yaml"].replace("body: ops", "body: opps"),
        encoding="utf-8",
    )
    problems = check_repository(root, AS_OF).problems
    found = [(p.code, p.message, p.hint) for p in problems if p.code == "unknown-body"]
    assert found == [
        (
            "unknown-body",
            "meeting 2025-11-20-ops belongs to body 'opps', which plan/partnership.yaml "
            "does not declare",
            "did you mean 'ops'?",
        ),
        (
            "unknown-body",
            "the figures report to body 'bord', which is not under 'bodies:'",
            "did you mean 'board'?",
        ),
    ]


def test_a_meeting_id_is_its_date_or_its_date_and_body(make_repo: MakeRepo) -> None:
    root = bodies_repo(make_repo)
    (root / "meetings" / "2025-11-03-hwb.yaml").write_text(
        MEETINGS["meetings/2025-11-03-hwb.yaml"].replace('"2025-11-03-hwb"', '"2025-11-03-h"'),
        encoding="utf-8",
    )
    codes = [p.code for p in check_repository(root, AS_OF).problems]
    assert codes == ["meeting-id-mismatch"]


def test_the_status_json_names_the_reporting_body(make_repo: MakeRepo, cli: Cli) -> None:
    root = bodies_repo(make_repo, "ops")
    data = json.loads(
        cli("--repo", str(root), "status", "--as-of", "2025-11-25", "--format", "json").output
    )
    assert data["board"] == "Operational Group"
    assert data["next_meeting"]["id"] == "2025-12-01-ops"
