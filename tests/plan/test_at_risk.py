"""at-risk: mark a milestone at risk with a reason, or clear it; exact diffs, refusals that
change nothing, and the same edit through the real CLI."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from sendtrack.edit.planned import EditRefused, open_workspace
from sendtrack.plan import edits as plan_edits
from sendtrack.store.loader import load

TODAY = date(2025, 12, 6)


def test_marking_at_risk_adds_the_reason_and_logs_an_update(shipped_copy: Path) -> None:
    plan = plan_edits.at_risk(
        open_workspace(shipped_copy, TODAY), "2.1.4.1", "Supplier contract not signed", TODAY
    )
    assert plan.summary == ["2.1.4.1: at risk (Supplier contract not signed), on 6 Dec 2025"]
    assert plan.diff() == (
        "--- a/plan/priority-2.yaml\n"
        "+++ b/plan/priority-2.yaml\n"
        "@@ -136,6 +136,7 @@\n"
        "             title: Progress tracking dashboard with monthly score card and live data "
        "on key performance indicators\n"
        "             due: 2025-09\n"
        "             status: in_progress\n"
        "+            at_risk: Supplier contract not signed\n"
        "             reprofiles:\n"
        "               - to: 2026-01-31\n"
        "                 reason: Live data depends on the integrated SEND dashboard, expected "
        "January 2026.\n"
        "@@ -144,6 +145,8 @@\n"
        "             updates:\n"
        "               - on: 2025-11-03\n"
        "                 note: Reported off track (red) with re-profiling proposed "
        "(minutes item 6).\n"
        "+              - on: 2025-12-06\n"
        '+                note: "At risk: Supplier contract not signed"\n'
        "             illustrative: false\n"
        "             note: One of the three EHCP Processes milestones the minutes report red "
        "with proposed re-profiling; which three, and the proposed dates, are our choice.\n"
        '       - id: "2.1.5"\n'
    )
    plan.commit()
    repo, _ = load(shipped_copy)
    milestone = next(m for m in repo.milestones() if m.id == "2.1.4.1")
    assert milestone.at_risk == "Supplier contract not signed"
    assert milestone.updates[-1].note == "At risk: Supplier contract not signed"


def test_clearing_keeps_the_line_and_its_comment(shipped_copy: Path) -> None:
    path = shipped_copy / "plan" / "priority-3.yaml"
    text = path.read_text(encoding="utf-8")
    old = '            at_risk: "Single provider dataset still pending'
    assert text.count(old) == 1
    line = next(li for li in text.splitlines() if li.startswith(old))
    path.write_text(text.replace(line, line + "  # from the minutes"), encoding="utf-8")
    workspace = open_workspace(shipped_copy, TODAY)
    milestone_id = next(m.id for m in workspace.repo.milestones() if m.at_risk)
    plan = plan_edits.at_risk(workspace, milestone_id, None, TODAY)
    removed = [li for li in plan.diff().splitlines() if li.startswith("-") and "at_risk" in li]
    added = [li for li in plan.diff().splitlines() if li.startswith("+") and "at_risk" in li]
    assert removed == [f"-{line}  # from the minutes"]
    assert added == ["+            at_risk: null  # from the minutes"]
    assert "No longer at risk (was: Single provider dataset still pending" in plan.diff()


@pytest.mark.parametrize(
    ("milestone_id", "reason", "message"),
    [
        ("2.1.4.1", None, "milestone 2.1.4.1 is not marked at risk; nothing to change"),
        ("2.1.4.1", "  ", "--reason cannot be empty"),
        ("2.1.41", "x", "no milestone '2.1.41'; nearest: 2.1.4.1"),
    ],
)
def test_refusals_change_nothing(
    shipped_copy: Path, milestone_id: str, reason: str | None, message: str
) -> None:
    before = (shipped_copy / "plan" / "priority-2.yaml").read_bytes()
    with pytest.raises(EditRefused) as refused:
        plan_edits.at_risk(open_workspace(shipped_copy, TODAY), milestone_id, reason, TODAY)
    assert str(refused.value).startswith(message)
    assert (shipped_copy / "plan" / "priority-2.yaml").read_bytes() == before


def test_a_complete_milestone_cannot_be_at_risk(shipped_copy: Path) -> None:
    workspace = open_workspace(shipped_copy, TODAY)
    done = next(m for m in workspace.repo.milestones() if m.status == "complete")
    with pytest.raises(EditRefused, match="is complete; it cannot be at risk"):
        plan_edits.at_risk(workspace, done.id, "late supplier", TODAY)


def test_the_cli_makes_the_same_edit(shipped_copy: Path, cli: Callable[..., Any]) -> None:
    expected = plan_edits.at_risk(
        open_workspace(shipped_copy, date.today()), "2.1.4.1", "No supplier", date(2025, 12, 1)
    ).diff()
    dry = cli("--repo", str(shipped_copy), "at-risk", "2.1.4.1", "--reason", "No supplier",
              "--on", "2025-12-01", "--dry-run")  # fmt: skip
    assert dry.exit_code == 0
    assert dry.output.startswith(expected)
    both = cli("--repo", str(shipped_copy), "at-risk", "2.1.4.1", "--reason", "x", "--clear")
    assert both.exit_code == 2
    assert "give exactly one of --reason TEXT or --clear" in both.output
