"""`sendtrack check --base REV`: every rule, with its exact message and position in the
new version, on real git repositories; and what the board may change freely."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.gitrepo import BOARD, GitRepo

CliRunner = Callable[..., Any]
BASE_CODES = {
    "baseline-changed",
    "reprofile-edited",
    "reprofile-removed",
    "milestone-deleted",
    "risk-deleted",
    "board-action-deleted",
    "id-reused",
}
PLAN = "plan/priority-1.yaml"


@pytest.fixture
def board(tmp_path: Path) -> GitRepo:
    repo = GitRepo.create(tmp_path / "board", BOARD)
    repo.commit("After the 3 November board")
    return repo


def base_label(repo: GitRepo) -> str:
    return f"HEAD ({repo.git('rev-parse', '--short=7', 'HEAD').strip()})"


def check_base(
    cli: CliRunner, repo: GitRepo, *, rev: str = "HEAD"
) -> tuple[int, list[dict[str, Any]]]:
    result = cli(
        "--repo",
        str(repo.root),
        "check",
        "--base",
        rev,
        "--format",
        "json",
        "--as-of",
        "2025-12-06",
    )
    return result.exit_code, json.loads(result.output)["problems"]


def base_problems(
    cli: CliRunner, repo: GitRepo
) -> list[tuple[str, str, int, int, str | None, str]]:
    _, problems = check_base(cli, repo)
    return [
        (p["code"], p["file"], p["line"], p["column"], p["id"], p["message"])
        for p in problems
        if p["code"] in BASE_CODES
    ]


def test_nothing_changed_nothing_reported(cli: CliRunner, board: GitRepo) -> None:
    code, problems = check_base(cli, board)
    assert (code, problems) == (0, [])


# -- baseline-changed ---------------------------------------------------------------------------


def test_baseline_changed(cli: CliRunner, board: GitRepo) -> None:
    board.edit(PLAN, "            due: 2026-02\n", "            due: 2026-04\n")
    code, problems = check_base(cli, board)
    assert code == 1
    assert problems == [
        {
            "code": "baseline-changed",
            "severity": "error",
            "file": PLAN,
            "line": 25,
            "column": 18,
            "id": "1.4.2.2",
            "message": "milestone 1.4.2.2: baseline due date changed from 28 Feb 2026 (in "
            f"{base_label(board)}) to 30 Apr 2026",
            "hint": "put back 'due: 2026-02': the baseline is never edited; record the new "
            "date as a re-profile under 'reprofiles:' (to, reason, agreed_at or proposed: true)",
        }
    ]


@pytest.mark.parametrize("same_day", ["2026-02-28", "February 2026", "Feb 26"])
def test_the_same_date_written_another_way_is_not_a_change(
    cli: CliRunner, board: GitRepo, same_day: str
) -> None:
    board.edit(PLAN, "            due: 2026-02\n", f"            due: {same_day}\n")
    assert base_problems(cli, board) == []


def test_the_text_output_points_at_the_new_line(cli: CliRunner, board: GitRepo) -> None:
    board.edit(PLAN, "            due: 2026-02\n", "            due: 2026-04\n")
    result = cli("--repo", str(board.root), "check", "--base", "HEAD", "--as-of", "2025-12-06")
    assert result.exit_code == 1
    assert result.output.startswith(
        f"{PLAN}:25:18: baseline-changed milestone 1.4.2.2: baseline due date changed from "
        f"28 Feb 2026 (in {base_label(board)}) to 30 Apr 2026\n"
        "   25 |             due: 2026-04\n"
        "      |                  ^\n"
    )


# -- re-profiles --------------------------------------------------------------------------------


def test_reprofile_edited(cli: CliRunner, board: GitRepo) -> None:
    board.edit(PLAN, "second round of comments", "third round of comments")
    board.edit(PLAN, "              - to: 2025-05-31\n", "              - to: 2025-06-30\n")
    assert base_problems(cli, board) == [
        (
            "reprofile-edited",
            PLAN,
            20,
            21,
            "1.4.2.1",
            "re-profile 1 of milestone 1.4.2.1 (to 31 May 2025, agreed at 2025-04-10) was "
            "edited: to 31 May 2025 → 30 Jun 2025; reason “Partners asked for a second round "
            "of comments.” → “Partners asked for a third round of comments.”",
        )
    ]


def test_reprofile_edited_reason_only_points_at_the_reason(cli: CliRunner, board: GitRepo) -> None:
    board.edit(PLAN, "second round of comments", "third round of comments")
    ((code, file, line, column, _, _),) = base_problems(cli, board)
    assert (code, file, line, column) == ("reprofile-edited", PLAN, 21, 25)


def test_reprofile_removed(cli: CliRunner, board: GitRepo) -> None:
    board.edit(
        PLAN,
        "            reprofiles:\n              - to: 2025-05-31\n"
        "                reason: Partners asked for a second round of comments.\n"
        '                agreed_at: "2025-04-10"\n',
        "",
    )
    assert base_problems(cli, board) == [
        (
            "reprofile-removed",
            PLAN,
            14,
            13,
            "1.4.2.1",
            "re-profile 1 of milestone 1.4.2.1 (to 31 May 2025, agreed at 2025-04-10) was "
            f"removed; it is in {base_label(board)}",
        )
    ]


def test_one_of_two_reprofiles_removed_points_at_the_list(cli: CliRunner, board: GitRepo) -> None:
    board.edit(
        PLAN,
        '                agreed_at: "2025-04-10"\n',
        '                agreed_at: "2025-04-10"\n              - to: 2026-01-31\n'
        '                reason: Dashboard data.\n                agreed_at: "2025-11-03"\n',
    )
    board.commit("Second re-profile")
    board.edit(
        PLAN,
        "              - to: 2025-05-31\n"
        "                reason: Partners asked for a second round of comments.\n"
        '                agreed_at: "2025-04-10"\n',
        "",
    )
    problems = base_problems(cli, board)
    assert [(p[0], p[2], p[3]) for p in problems] == [("reprofile-removed", 19, 13)]


def test_appending_agreeing_and_dropping_proposals_is_allowed(
    cli: CliRunner, board: GitRepo
) -> None:
    board.edit(
        PLAN,
        '                agreed_at: "2025-04-10"\n',
        '                agreed_at: "2025-04-10"\n              - to: 2026-01-31\n'
        "                reason: Dashboard data.\n                proposed: true\n",
    )
    board.edit(
        PLAN,
        "            title: Commissioning dashboard live\n            due: 2025-12\n",
        "            title: Commissioning dashboard live\n            due: 2025-12\n"
        "            reprofiles:\n              - to: 2026-03-31\n"
        "                reason: Feeds.\n                proposed: true\n",
    )
    assert base_problems(cli, board) == []
    board.commit("Two proposals")
    # The board agrees the first and rejects the second.
    board.edit(
        PLAN,
        "                proposed: true\n",
        '                agreed_at: "2025-11-03"\n',
        count=2,
    )
    board.edit(
        PLAN,
        "            reprofiles:\n              - to: 2026-03-31\n"
        '                reason: Feeds.\n                agreed_at: "2025-11-03"\n',
        "",
    )
    assert base_problems(cli, board) == []


# -- deletions ----------------------------------------------------------------------------------


def test_milestone_deleted(cli: CliRunner, board: GitRepo) -> None:
    board.edit(
        PLAN,
        '          - id: "1.4.2.3"\n            title: Data sharing protocol signed\n'
        "            due: 2026-03\n            status: not_started\n",
        "",
    )
    code, problems = check_base(cli, board)
    assert code == 1
    assert problems == [
        {
            "code": "milestone-deleted",
            "severity": "error",
            "file": PLAN,
            "line": 13,
            "column": 9,
            "id": "1.4.2.3",
            "message": "milestone 1.4.2.3 (“Data sharing protocol signed”) was deleted; it is "
            f"in {base_label(board)}",
            "hint": "put it back and withdraw it instead: 'withdrawn:' with 'reason:' and "
            "'agreed_at:' (the meeting that agreed it); withdrawn milestones leave every count "
            "but stay on record",
        }
    ]


def test_a_deleted_action_reports_each_milestone_at_the_outcome(
    cli: CliRunner, board: GitRepo
) -> None:
    text = (board.root / PLAN).read_text(encoding="utf-8")
    (board.root / PLAN).write_text(text.split('      - id: "1.4.3"\n')[0], encoding="utf-8")
    problems = base_problems(cli, board)
    assert [(p[0], p[2], p[3], p[4]) for p in problems] == [
        ("milestone-deleted", 8, 5, m) for m in ("1.4.3.1", "1.4.3.2", "1.4.3.3", "1.4.3.5")
    ]


def test_a_deleted_file_reports_at_the_file(cli: CliRunner, board: GitRepo) -> None:
    board.write({"risks/register.yaml": ""})
    problems = base_problems(cli, board)
    assert [(p[0], p[1], p[2], p[3], p[4]) for p in problems] == [
        ("risk-deleted", "risks/register.yaml", 0, 0, "R01"),
        ("risk-deleted", "risks/register.yaml", 0, 0, "R02"),
    ]


def test_a_renamed_milestone_id_is_a_deletion_at_the_new_id(cli: CliRunner, board: GitRepo) -> None:
    board.edit(PLAN, 'id: "1.4.3.5"', 'id: "1.4.3.6"')
    code, problems = check_base(cli, board)
    assert code == 1
    assert problems == [
        {
            "code": "milestone-deleted",
            "severity": "error",
            "file": PLAN,
            "line": 55,
            "column": 17,
            "id": "1.4.3.6",
            "message": "milestone 1.4.3.5 (“Commissioning intentions published”) is now "
            "1.4.3.6: ids are permanent, since links, minutes and re-profile history refer to "
            "them",
            "hint": 'put back id: "1.4.3.5"',
        }
    ]


def test_withdrawing_is_the_way(cli: CliRunner, board: GitRepo) -> None:
    board.edit(
        PLAN,
        "            title: Data sharing protocol signed\n            due: 2026-03\n"
        "            status: not_started\n",
        "            title: Data sharing protocol signed\n            due: 2026-03\n"
        "            status: not_started\n            withdrawn:\n"
        "              reason: Covered by the ICB's protocol.\n"
        '              agreed_at: "2025-11-03"\n',
    )
    assert check_base(cli, board) == (0, [])


def test_risk_deleted(cli: CliRunner, board: GitRepo) -> None:
    text = (board.root / "risks/register.yaml").read_text(encoding="utf-8")
    (board.root / "risks/register.yaml").write_text(
        text.split("  - id: R02\n")[0], encoding="utf-8"
    )
    code, problems = check_base(cli, board)
    assert code == 1
    assert problems == [
        {
            "code": "risk-deleted",
            "severity": "error",
            "file": "risks/register.yaml",
            "line": 1,
            "column": 1,
            "id": "R02",
            "message": "risk R02 (“Dashboard data feeds”) was deleted; it is in "
            f"{base_label(board)}",
            "hint": "put it back and close it instead: 'status: closed' with 'closed:' (reason "
            "and the meeting); closed risks stay on record",
        }
    ]


def test_a_renamed_risk_id(cli: CliRunner, board: GitRepo) -> None:
    board.edit("risks/register.yaml", "id: R02", "id: R2")
    assert base_problems(cli, board) == [
        (
            "risk-deleted",
            "risks/register.yaml",
            13,
            9,
            "R2",
            "risk R02 is now R2: ids are permanent, since links and minutes refer to them",
        )
    ]


def test_closing_a_risk_is_the_way(cli: CliRunner, board: GitRepo) -> None:
    board.edit(
        "risks/register.yaml",
        "      likelihood: 1\n      impact: 3\n    status: open\n",
        "      likelihood: 1\n      impact: 3\n    status: closed\n    closed:\n"
        '      reason: Feeds connected.\n      at: "2025-11-03"\n',
    )
    assert check_base(cli, board) == (0, [])


def test_board_action_deleted(cli: CliRunner, board: GitRepo) -> None:
    text = (board.root / "tracker/actions.yaml").read_text(encoding="utf-8")
    (board.root / "tracker/actions.yaml").write_text(
        text.split('  - id: "2025-11-03/A2"\n')[0], encoding="utf-8"
    )
    code, problems = check_base(cli, board)
    assert code == 1
    deleted = [p for p in problems if p["code"] == "board-action-deleted"]
    assert deleted == [
        {
            "code": "board-action-deleted",
            "severity": "error",
            "file": "tracker/actions.yaml",
            "line": 1,
            "column": 1,
            "id": "2025-11-03/A2",
            "message": "board action 2025-11-03/A2 (“Bring the joint commissioning arrangements "
            f"to the January board.”) was deleted; it is in {base_label(board)}",
            "hint": "put it back and close it instead ('status: closed', 'closed_on:'), then "
            "archive it; the minutes refer to it",
        }
    ]


def test_archiving_is_the_way(cli: CliRunner, board: GitRepo) -> None:
    text = (board.root / "tracker/actions.yaml").read_text(encoding="utf-8")
    first, second = text.split('  - id: "2025-11-03/A2"\n')
    board.write(
        {
            "tracker/actions.yaml": 'actions:\n  - id: "2025-11-03/A2"\n' + second,
            "tracker/archive.yaml": first.replace(
                "status: open", "status: closed\n    closed_on: 2025-12-01"
            ),
        }
    )
    assert check_base(cli, board) == (0, [])


# -- id-reused ----------------------------------------------------------------------------------


def test_a_milestone_id_reused(cli: CliRunner, board: GitRepo) -> None:
    board.edit(
        PLAN,
        "            title: Self-evaluation framework revised\n            due: 2026-03\n",
        "            title: Annual conversation with families held\n            due: 2026-09\n",
    )
    assert base_problems(cli, board) == [
        (
            "id-reused",
            PLAN,
            32,
            17,
            "1.4.2.4",
            f"milestone id 1.4.2.4 now names a different milestone than in {base_label(board)}: "
            "title “Self-evaluation framework revised” → “Annual conversation with families "
            "held”; baseline 31 Mar 2026 → 30 Sep 2026",
        )
    ]


def test_a_milestone_status_going_back_with_a_new_title_is_reuse(
    cli: CliRunner, board: GitRepo
) -> None:
    board.edit(
        PLAN,
        "            title: Quality assurance measures published\n            due: 2026-02\n"
        "            status: in_progress\n            started_on: 2025-09-01\n",
        "            title: Parent carer forum survey issued\n            due: 2026-02\n"
        "            status: not_started\n",
    )
    ((code, _, line, column, item, message),) = base_problems(cli, board)
    assert (code, line, column, item) == ("id-reused", 23, 17, "1.4.2.2")
    assert message.endswith("; status went back from in_progress to not_started")


@pytest.mark.parametrize(
    "title",
    [
        "Self-evaluation framework revised and published",  # most words kept
        "SEF refreshed",  # a whole new wording, but the same date and status: a retitle
    ],
)
def test_a_retitle_is_not_reuse(cli: CliRunner, board: GitRepo, title: str) -> None:
    board.edit(PLAN, "title: Self-evaluation framework revised", f"title: {title}")
    assert base_problems(cli, board) == []


def test_a_risk_id_reused(cli: CliRunner, board: GitRepo) -> None:
    board.edit("risks/register.yaml", "title: Casework capacity", "title: Tribunal appeals")
    board.edit(
        "risks/register.yaml",
        "If casework capacity is not increased, assessments will stay late.",
        "If appeals keep rising, officer time goes to tribunals.",
    )
    assert base_problems(cli, board) == [
        (
            "id-reused",
            "risks/register.yaml",
            2,
            9,
            "R01",
            f"risk id R01 now names a different risk than in {base_label(board)}: title "
            "“Casework capacity” → “Tribunal appeals”, and the description changed too",
        )
    ]


def test_a_board_action_id_reused(cli: CliRunner, board: GitRepo) -> None:
    board.edit("tracker/actions.yaml", "    number: 2\n", "    number: 3\n")
    assert base_problems(cli, board) == [
        (
            "id-reused",
            "tracker/actions.yaml",
            9,
            9,
            "2025-11-03/A2",
            f"board action id 2025-11-03/A2 now names a different action than in "
            f"{base_label(board)}: action 2 of meeting 2025-11-03 → action 3 of meeting "
            "2025-11-03",
        )
    ]


# -- edges --------------------------------------------------------------------------------------


def test_a_file_that_does_not_load_hides_no_deletions_behind_it(
    cli: CliRunner, board: GitRepo
) -> None:
    board.edit(PLAN, "            status: in_progress\n", "            status: [\n", count=4)
    code, problems = check_base(cli, board)
    assert code == 1
    assert [p["code"] for p in problems] == ["yaml-syntax"]


def test_against_a_branch_and_after_commits(cli: CliRunner, board: GitRepo) -> None:
    board.git("switch", "--quiet", "-c", "update")
    board.edit(PLAN, "            due: 2026-02\n", "            due: 2026-04\n")
    board.commit("Move a baseline")
    assert base_problems(cli, board) == []  # against HEAD: already committed
    _, problems = check_base(cli, board, rev="main")
    assert [(p["code"], p["line"]) for p in problems] == [("baseline-changed", 25)]
    assert "(in main (" in problems[0]["message"]


def test_an_unknown_base_is_exit_2(cli: CliRunner, board: GitRepo) -> None:
    result = cli("--repo", str(board.root), "check", "--base", "origin/main")
    assert result.exit_code == 2
    assert result.output == (
        "sendtrack: unknown revision 'origin/main': no commit, branch or tag has that name "
        "here; if it exists on a remote, fetch it first (e.g. 'git fetch origin')\n"
    )


def test_the_first_commit_has_nothing_to_protect(cli: CliRunner, tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "new", BOARD)
    assert check_base(cli, repo) == (0, [])
