"""The record over time: `--as-recorded` and `sendtrack trend`, on real git repositories
whose commits are dated by GIT_COMMITTER_DATE, as boards and leads would have made them."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sendtrack.store.history import clean_environment
from tests.conftest import PROJECT_ROOT
from tests.gitrepo import BOARD, DatedRepo, history_repo, meeting

Cli = Callable[..., Any]


def run(cli: Cli, root: Path, *args: str) -> Any:
    return cli("--repo", str(root), *args)


def test_as_recorded_reads_what_was_committed_by_that_day(tmp_path: Path, cli: Cli) -> None:
    repo = history_repo(tmp_path)
    today = json.loads(run(cli, repo.root, "status", "--as-of", "2025-11-03", "-f", "json").output)
    recorded_run = run(
        cli, repo.root, "status", "--as-of", "2025-11-03", "--as-recorded", "-f", "json"
    )
    assert recorded_run.exit_code == 0, recorded_run.output
    recorded = json.loads(recorded_run.output)
    # Today's data evaluated on 3 November counts the milestone added on 20 November and
    # colours 1.4.2.3 with the later 'at risk'; the record of that day has neither.
    assert today["milestones"]["total"] == 9
    assert recorded["milestones"]["total"] == 8
    today_ids = {row["id"]: row["health"] for row in today["exceptions"]}
    recorded_ids = {row["id"]: row["health"] for row in recorded["exceptions"]}
    assert "1.4.2.3" in today_ids
    assert "1.4.2.3" not in recorded_ids
    commit = repo.git("rev-parse", "--short=7", "HEAD~1").strip()
    assert recorded["notes"][0] == f"As recorded at commit {commit} (3 Nov 2025 16:30)"


def test_trend_lists_every_held_board_as_recorded(tmp_path: Path, cli: Cli) -> None:
    repo = history_repo(tmp_path)
    repo.write({"meetings/2025-12-05.yaml": meeting("2025-12-05", "held")})
    repo.commit_on("2025-12-05T15:00:00+00:00", "December board held")
    result = run(cli, repo.root, "trend", "-f", "json")
    assert result.exit_code == 0, result.output
    boards = json.loads(result.output)
    assert [b["meeting"] for b in boards] == ["2025-04-10", "2025-11-03", "2025-12-05"]
    commits = repo.git("log", "--format=%H", "--first-parent").split()
    assert [b["commit"] for b in boards] == [commits[3], commits[2], commits[0]]
    assert [b["milestones"]["total"] for b in boards] == [8, 8, 9]
    assert "1.4.2.3" not in boards[1]["exceptions"]
    assert "1.4.2.3" in boards[2]["exceptions"]
    for board in boards:
        assert {"meeting", "commit", "milestones", "exceptions"} <= set(board)
        assert (
            board["milestones"]["total"]
            == board["milestones"]["not_started"]
            + board["milestones"]["in_progress"]
            + board["milestones"]["complete"]
        )
    assert boards[1]["actions"] == {"open": 2, "overdue": 0}
    assert boards[1]["risks"] == {"extreme": 1, "high": 1, "moderate": 0, "low": 0}
    text = run(cli, repo.root, "trend").output
    assert "3 Nov 2025" in text and "10 Apr 2025" in text
    csv_text = run(cli, repo.root, "trend", "-f", "csv").output
    assert csv_text.splitlines()[0].startswith("meeting,date,commit,recorded,total")
    assert len(csv_text.splitlines()) == 4


def test_a_board_before_the_first_commit_is_not_recorded(tmp_path: Path, cli: Cli) -> None:
    repo = DatedRepo.create(tmp_path / "repo", BOARD)
    repo.commit_on("2025-06-01T09:00:00+00:00", "first recorded state")
    boards = json.loads(run(cli, repo.root, "trend", "-f", "json").output)
    assert [(b["meeting"], b["recorded"], b["commit"]) for b in boards] == [
        ("2025-04-10", False, None),
        ("2025-11-03", True, repo.git("rev-parse", "HEAD").strip()),
    ]
    assert boards[0]["note"] == "not recorded: no commit on or before that day"
    assert boards[0]["milestones"] is None
    early = run(cli, repo.root, "status", "--as-of", "2025-04-10", "--as-recorded")
    assert early.exit_code == 2
    assert "nothing was recorded by 10 Apr 2025: the first commit is of 1 Jun 2025" in (
        early.output
    )


def test_merges_are_read_along_the_first_parent(tmp_path: Path, cli: Cli) -> None:
    repo = history_repo(tmp_path)
    base = repo.git("rev-parse", "HEAD").strip()
    repo.git("checkout", "--quiet", "-b", "side", "HEAD~1")
    repo.edit(
        "plan/priority-1.yaml",
        "revised\n            due: 2026-03\n            status: not_started\n",
        "revised\n            due: 2026-03\n            status: in_progress\n"
        "            started_on: 2025-10-01\n",
    )
    repo.commit_on("2025-10-01T10:00:00+00:00", "a lead's branch, started before the board")
    repo.git("checkout", "--quiet", "main")
    repo.committed = "2025-12-01T10:00:00+00:00"
    repo.git("merge", "--quiet", "--no-ff", "--no-edit", "side")
    assert repo.git("rev-parse", "HEAD^1").strip() == base
    recorded = json.loads(
        run(cli, repo.root, "status", "--as-of", "2025-11-03", "--as-recorded", "-f", "json").output
    )
    # The side branch's commit is dated 1 October, but main recorded it on 1 December.
    assert recorded["milestones"]["in_progress"] == 4
    after = json.loads(
        run(cli, repo.root, "status", "--as-of", "2025-12-01", "--as-recorded", "-f", "json").output
    )
    assert after["milestones"]["in_progress"] == 6


def test_rewritten_history_is_reported(tmp_path: Path, cli: Cli) -> None:
    repo = history_repo(tmp_path)
    # An amend three weeks later: git keeps the author date and takes a new committer date.
    repo.committed = "2025-12-10T09:00:00+00:00"
    repo.authored = "2025-11-20T10:00:00+00:00"
    repo.git("commit", "--quiet", "--amend", "--no-edit", "--date", "2025-11-20T10:00:00+00:00")
    result = run(cli, repo.root, "status", "--as-of", "2025-12-10", "--as-recorded", "-f", "json")
    assert result.exit_code == 0
    note = json.loads(result.output)["notes"][0]
    assert note.endswith(
        "was committed on 2025-12-10 but written on 2025-11-20 (amended, rebased or "
        "squashed): as recorded means as committed"
    )
    trend = json.loads(run(cli, repo.root, "trend", "-f", "json").output)
    assert all(b["note"] is None for b in trend if b["recorded"])  # boards before the amend


def test_shallow_clone_says_to_fetch_more_history(tmp_path: Path, cli: Cli) -> None:
    repo = history_repo(tmp_path)
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "--quiet", "--depth", "1", f"file://{repo.root}", str(clone)],
        check=True,
        env=clean_environment(),
    )
    result = run(cli, clone, "status", "--as-of", "2025-11-03", "--as-recorded")
    assert result.exit_code == 2
    assert "shallow clone" in result.output
    assert "git fetch --unshallow" in result.output


def test_outside_git_says_so_in_one_line(tmp_path: Path, cli: Cli, make_repo: Any) -> None:
    root = make_repo({})
    result = run(cli, root, "status", "--as-recorded")
    assert result.exit_code == 2
    assert result.output.count("\n") == 1
    assert "is not in a git repository, so nothing was recorded" in result.output
    assert run(cli, root, "trend").exit_code == 2


@pytest.mark.skipif(not (PROJECT_ROOT / ".git").exists(), reason="needs the project's git history")
def test_the_shipped_repository_recorded_neither_board(cli: Cli) -> None:
    """The shipped data was first committed in November 2026: its two held boards (13
    October and 3 November 2025) predate the record, and the trend says so."""
    boards = json.loads(cli("trend", "-f", "json").output)
    assert [(b["meeting"], b["recorded"]) for b in boards] == [
        ("2025-10-13", False),
        ("2025-11-03", False),
    ]


def test_diff_since_board_compares_the_record_of_the_last_board(tmp_path: Path, cli: Cli) -> None:
    repo = history_repo(tmp_path)
    result = run(cli, repo.root, "diff", "--since-board", "--as-of", "2025-11-25", "-f", "json")
    assert result.exit_code == 0, result.output
    changes = {(c["kind"], c["id"]) for c in json.loads(result.output)}
    # Since the 3 November board: a milestone added and 1.4.2.3 flagged at risk.
    assert ("milestone-added", "1.4.3.6") in changes
    assert ("milestone-edited", "1.4.2.3") in changes
    text = run(cli, repo.root, "diff", "--since-board", "--as-of", "2025-11-25").output
    assert "the 3 Nov 2025 board as recorded" in text
    both = run(cli, repo.root, "diff", "HEAD~1", "--since-board")
    assert both.exit_code == 2
    assert "give no BASE or HEAD with it" in both.output
    early = run(cli, repo.root, "diff", "--since-board", "--as-of", "2025-04-01")
    assert early.exit_code == 2
    assert "no board has been held by 1 Apr 2025" in early.output
