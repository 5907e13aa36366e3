"""The re-profile proposal cycle (issue 14 §3): dated when proposed, withdrawn or revised
by a command with the old proposal kept on the record, and closed by completion."""

from __future__ import annotations

import shlex
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from sendtrack.checks.validate import check_repository
from sendtrack.plan.health import milestone_health
from sendtrack.store.loader import load

Run = Callable[..., Any]
ENTRY = "plan/priority-2.yaml"


@pytest.fixture
def run(cli: Callable[..., Any]) -> Run:
    def invoke(root: Path, command: str) -> Any:
        return cli("--repo", str(root), *shlex.split(command))

    return invoke


def reprofiles(root: Path, milestone_id: str) -> list[dict[str, Any]]:
    repo, _ = load(root)
    (milestone,) = [m for m in repo.milestones() if m.id == milestone_id]
    return [r.model_dump(mode="json", exclude_defaults=True) for r in milestone.reprofiles]


def errors(root: Path) -> list[str]:
    return [p.code for p in check_repository(root).problems if p.severity.value == "error"]


def test_proposed_on_a_given_day(shipped_copy: Path, run: Run) -> None:
    result = run(
        shipped_copy, "reprofile 3.3.1.1 --to 2026-03 --reason 'Providers late.' --proposed "
        "--on 2025-11-20",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "proposed on 20 Nov 2025, awaiting the board" in result.stdout
    assert reprofiles(shipped_copy, "3.3.1.1")[-1] == {
        "to": "2026-03-31",
        "reason": "Providers late.",
        "proposed": True,
        "proposed_on": "2025-11-20",
    }
    later = run(
        shipped_copy,
        "reprofile 3.3.1.1 --to 2026-04 --reason x --proposed --revise --on 2099-01-01",
    )
    assert later.exit_code == 1 and "is after today" in later.stderr
    agreed = run(shipped_copy, "reprofile 3.3.1.1 --to 2026-04 --reason x --agreed-at 2025-11-03 "
                               "--on 2025-11-03")  # fmt: skip
    assert agreed.exit_code == 1 and "an agreed re-profile is dated by its meeting" in agreed.stderr


def test_withdraw_a_proposal_keeps_its_record(shipped_copy: Path, run: Run) -> None:
    result = run(
        shipped_copy,
        "reprofile 2.1.4.1 --withdraw-proposal --reason 'Dashboard arrived on time.' "
        "--on 2025-12-01",
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"2.1.4.1: proposed re-profile to 31 Jan 2026 withdrawn on 1 Dec 2025 ({ENTRY})\n"
    )
    assert reprofiles(shipped_copy, "2.1.4.1") == [
        {
            "to": "2026-01-31",
            "reason": "Live data depends on the integrated SEND dashboard, expected January 2026.",
            "proposed_on": "2025-11-03",
            "withdrawn": {"on": "2025-12-01", "reason": "Dashboard arrived on time."},
        }
    ]
    assert errors(shipped_copy) == []
    # No longer awaiting the board from that day; before it, it still was.
    repo, _ = load(shipped_copy)
    (milestone,) = [m for m in repo.milestones() if m.id == "2.1.4.1"]
    dates = {m.id: m.date for m in repo.meetings}
    assert milestone_health(milestone, date(2025, 12, 2), dates).pending == ()
    assert len(milestone_health(milestone, date(2025, 11, 20), dates).pending) == 1
    again = run(shipped_copy, "reprofile 2.1.4.1 --withdraw-proposal --reason again")
    assert (again.exit_code, again.stderr.splitlines()[0]) == (
        1,
        "sendtrack: milestone 2.1.4.1 has no proposed re-profile awaiting the board; "
        "nothing written",
    )


def test_a_revised_proposal_replaces_the_pending_one(shipped_copy: Path, run: Run) -> None:
    result = run(
        shipped_copy,
        "reprofile 2.1.4.1 --to 2026-03 --reason 'Dashboard slips to March.' --proposed "
        "--revise --on 2025-12-01",
    )
    assert result.exit_code == 0, result.output
    assert "(replacing the proposal to 31 Jan 2026)" in result.stdout
    old, new = reprofiles(shipped_copy, "2.1.4.1")
    assert old["withdrawn"] == {
        "on": "2025-12-01",
        "reason": "Revised: replaced by the proposal to 31 Mar 2026.",
    }
    assert "proposed" not in old  # false, the default
    assert new == {
        "to": "2026-03-31",
        "reason": "Dashboard slips to March.",
        "proposed": True,
        "proposed_on": "2025-12-01",
    }
    assert errors(shipped_copy) == []
    agreed = run(shipped_copy, "agree 2.1.4.1 --agreed-at 2025-12-05")
    assert agreed.exit_code == 0, agreed.output
    assert "re-profile to 31 Mar 2026 agreed" in agreed.stdout


def test_completing_a_milestone_closes_its_proposal(shipped_copy: Path, run: Run) -> None:
    result = run(shipped_copy, "update 2.1.4.1 --status complete --on 2025-12-01")
    assert result.exit_code == 0, result.output
    assert "; proposed re-profile to 31 Jan 2026 closed" in result.stdout
    (entry,) = reprofiles(shipped_copy, "2.1.4.1")
    assert entry["withdrawn"] == {
        "on": "2025-12-01",
        "reason": "Closed: the milestone was completed on 1 Dec 2025.",
    }
    assert errors(shipped_copy) == []


def test_a_withdrawn_entry_must_not_stay_proposed(shipped_copy: Path) -> None:
    path = shipped_copy / ENTRY
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "                proposed: true\n                proposed_on: 2025-11-03\n",
            "                proposed: true\n                proposed_on: 2025-11-03\n"
            "                withdrawn: {on: 2025-12-01, reason: x}\n",
            1,
        ),
        encoding="utf-8",
    )
    problems = check_repository(shipped_copy).problems
    assert any("no longer proposed nor agreed" in p.message for p in problems)
