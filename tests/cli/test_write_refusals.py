"""Every write refuses alike (issue 14 §7): a dry run re-checks what the write would
refuse, problems come in `check`'s layout, the last line says nothing was written, and
`update ID` with nothing to change is a usage error."""

from __future__ import annotations

import json

import pytest

from tests.conftest import MakeRepo, Run, snapshot


def test_actions_add_dry_run_refuses_what_the_write_refuses(make_repo: MakeRepo, run: Run) -> None:
    root = make_repo({})
    before = snapshot(root)
    text = "'Call the parent on 07700 900123 about the review.'"
    command = f"actions add --meeting 2025-04-10 --owner Chair {text}"
    write = run(root, command)
    dry = run(root, command + " --dry-run")
    for result in (write, dry):
        assert result.exit_code == 1, result.output
        assert "personal-data" in result.stderr
        assert result.stderr.endswith(
            "sendtrack: the edit would make the repository invalid; nothing written\n"
        )
    # The same problem, in the same layout, for the write and its dry run.
    assert dry.stderr == write.stderr
    assert snapshot(root) == before


def test_plan_and_board_refusals_share_one_layout(make_repo: MakeRepo, run: Run) -> None:
    root = make_repo({})
    plan = run(root, "update 1.1.1.2 --status complete --on 2025-05-01 --note 'DOB 03/04/2015'")
    assert plan.exit_code == 1
    lines = plan.stderr.splitlines()
    assert lines[0].startswith("plan/priority-1.yaml:") and " personal-data " in lines[0]
    assert lines[1].lstrip().split(" | ")[0].isdigit()  # the edited line, then a caret
    assert lines[2].strip().endswith("^")
    assert lines[-1] == "sendtrack: the edit would make the repository invalid; nothing written"


@pytest.mark.parametrize("command", ["update 1.1.1.2", "actions update 2025-04-10/A1"])
def test_update_with_nothing_to_change_is_a_usage_error(
    make_repo: MakeRepo, run: Run, command: str
) -> None:
    root = make_repo({})
    before = snapshot(root)
    result = run(root, command)
    assert (result.exit_code, result.stderr) == (
        2,
        "sendtrack: nothing to update: give --status, --note or both\n",
    )
    assert snapshot(root) == before


def test_dry_runs_say_nothing_written(make_repo: MakeRepo, run: Run) -> None:
    root = make_repo({})
    for command in (
        "update 1.1.1.2 --note Drafted. --on 2025-05-01 --dry-run",
        "actions update 2025-04-10/A1 --note Sent. --on 2025-05-01 --dry-run",
        "risks rescore R01 -l 2 -i 3 --note Better. --on 2025-05-01 --dry-run",
        "meeting held 2025-05-15 --dry-run",
    ):
        result = run(root, command)
        assert result.exit_code == 0, (command, result.output)
        assert result.stdout.startswith("--- a/"), command
        first = result.stderr.splitlines()[0]
        assert first.startswith("dry run: ") and first.endswith("; nothing written"), command


def test_check_counts_the_file_that_failed_to_parse(make_repo: MakeRepo, run: Run) -> None:
    root = make_repo({"risks/register.yaml": "risks: [unclosed\n"})
    result = run(root, "check --as-of 2025-05-01")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1] == "1 error in 7 files"


def test_show_a_risk_or_a_board_action_in_full(make_repo: MakeRepo, run: Run) -> None:
    root = make_repo({})
    risk = run(root, "show R01")
    assert risk.exit_code == 0, risk.output
    lines = risk.stdout.splitlines()
    assert lines[0] == "risk R01"
    assert "  status: open" in lines and "  file: risks/register.yaml" in lines
    assert any(line.startswith("  likelihood: ") for line in lines)
    action = json.loads(run(root, "show 2025-04-10/A1 --format json").stdout)
    assert (action["kind"], action["id"], action["status"], action["file"]) == (
        "board action",
        "2025-04-10/A1",
        "open",
        "tracker/actions.yaml",
    )
    assert action["text"] == "Circulate the revised terms of reference to all partners."
    unknown = run(root, "show R99")
    assert unknown.exit_code == 1 and "no plan item 'R99'" in unknown.stderr
