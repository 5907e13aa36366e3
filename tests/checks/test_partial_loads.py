"""Board day is never blocked by one typo (issue 14 §4): read commands count every file
that is sound, name the ones left out with their problems, mark every total, exit 1."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.conftest import MakeRepo

Cli = Callable[..., Any]
AS_OF = ("--as-of", "2025-06-01")

SECOND_PRIORITY = """
id: "2"
kind: priority_action
title: Assessments are timely.
workstream: ehcp
outcomes:
  - id: "2.1"
    text: Plans are issued on time.
    actions:
      - id: "2.1.1"
        title: Recruit caseworkers.
        workstream: ehcp
        due: 2025-09
        milestones:
          - id: "2.1.1.1"
            title: Caseworkers in post
            due: 2025-09
"""

BANNER = "These figures leave out 1 file with problems: plan/priority-1.yaml"
PROBLEM = (
    "plan/priority-1.yaml:33:18: invalid-date 'due' in milestone 1.1.1.2: '2025-02-30' "
    "does not exist"
)


def broken(make_repo: MakeRepo) -> Path:
    """Two priorities; the first has one impossible date, so none of it is counted."""
    root = make_repo({"plan/priority-2.yaml": SECOND_PRIORITY})
    path = root / "plan/priority-1.yaml"
    text = path.read_text(encoding="utf-8")
    old = "            due: 2025-04\n            status: in_progress"
    assert text.count(old) == 1
    path.write_text(text.replace(old, old.replace("2025-04", "2025-02-30")), encoding="utf-8")
    return root


def test_status_counts_what_loaded_and_says_what_it_left_out(make_repo: MakeRepo, cli: Cli) -> None:
    root = broken(make_repo)
    result = cli("--repo", str(root), "status", *AS_OF)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"sendtrack: {BANNER} (fix them: 'sendtrack check')\n")
    assert PROBLEM in result.stderr
    # Only priority 2's milestone is counted, and every total says what it leaves out.
    shown = " ".join(result.stdout.split())
    assert (
        "0 (0%) of 1 milestone in progress or completed; 0 (0%) completed "
        "(excluding plan/priority-1.yaml)" in shown
    )
    assert "Exceptions, red first then amber (0), excluding plan/priority-1.yaml" in shown
    assert "Re-profiles awaiting the board (0), excluding plan/priority-1.yaml" in shown
    # The action log loaded, but its one action links only to milestone 1.1.1.2, which
    # did not: it is left out too (not counted as about an unknown milestone), and said.
    assert (
        "tracker/actions.yaml: board action 2025-04-10/A1 left out too: it links only to "
        "1.1.1.2, which did not load" in result.stderr
    )
    assert "Board actions overdue (0), excluding tracker/actions.yaml (2025-04-10/A1)" in shown
    # Nothing from the left-out file: not its milestones, not its priority.
    assert "1.1.1" not in result.stdout and "Leaders improve" not in result.stdout
    # A second run is not answered from the output cache without its banner.
    again = cli("--repo", str(root), "status", *AS_OF)
    assert again.exit_code == 1 and BANNER in again.stderr
    # check still refuses: it is what CI runs.
    assert cli("--repo", str(root), "check", *AS_OF).exit_code == 1


def test_json_stays_json_and_says_what_it_excludes(make_repo: MakeRepo, cli: Cli) -> None:
    root = broken(make_repo)
    status = cli("--repo", str(root), "status", "--format", "json", *AS_OF)
    assert status.exit_code == 1 and BANNER in status.stderr
    report = json.loads(status.stdout)
    assert report["excluding"] == [
        "plan/priority-1.yaml",
        "tracker/actions.yaml (2025-04-10/A1)",
        "risks/register.yaml (R01)",
    ]
    assert report["milestones"]["total"] == 1
    assert report["headline"].endswith("(excluding plan/priority-1.yaml)")
    listing = cli("--repo", str(root), "milestones", "--format", "json", *AS_OF)
    assert listing.exit_code == 1 and BANNER in listing.stderr
    assert [row["id"] for row in json.loads(listing.stdout)] == ["2.1.1.1"]


def test_papers_open_with_the_banner(make_repo: MakeRepo, cli: Cli) -> None:
    root = broken(make_repo)
    paper = cli("--repo", str(root), "report", "highlight", "-w", "ehcp", "-f", "markdown", *AS_OF)
    assert paper.exit_code == 1
    lines = paper.stdout.splitlines()
    assert lines[0] == "# Highlight report: EHCPs / Annual Reviews"
    assert lines[2] == f"**{BANNER} (fix them: 'sendtrack check')**"
    assert lines[4].startswith(f"- {PROBLEM}")
    pack = cli(
        "--repo", str(root), "report", "board-pack", "--meeting", "2025-05-15",
        "--as-of", "2025-05-14", "-f", "markdown",
    )  # fmt: skip
    assert pack.exit_code == 1
    assert f"**{BANNER} (fix them: 'sendtrack check')**" in pack.stdout
    assert (
        "**0 (0%) of 1 milestone in progress or completed; 0 (0%) completed "
        "(excluding plan/priority-1.yaml).**" in pack.stdout
    )


def test_other_listings_report_and_exit_1(make_repo: MakeRepo, cli: Cli) -> None:
    root = broken(make_repo)
    for args in (["actions"], ["risks"], ["forward-plan"], ["measures"]):
        result = cli("--repo", str(root), *args, *AS_OF)
        assert result.exit_code == 1, args
        assert BANNER in result.stderr, args


def test_broken_settings_still_stop_every_report(make_repo: MakeRepo, cli: Cli) -> None:
    root = make_repo({})
    path = root / "plan/partnership.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "colour_sceme: board\n", encoding="utf-8")
    result = cli("--repo", str(root), "status", *AS_OF)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "unknown-field" in result.stderr
    assert "every figure depends on plan/partnership.yaml" in result.stderr


def test_a_usage_error_keeps_its_exit_code(make_repo: MakeRepo, cli: Cli) -> None:
    root = broken(make_repo)
    result = cli("--repo", str(root), "report", "highlight", "-w", "nope", *AS_OF)
    assert result.exit_code == 2
