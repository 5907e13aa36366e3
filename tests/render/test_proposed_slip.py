"""A re-profile awaiting the board shows its slip beside the agreed one (issue 14 §2).

On the 3 November 2025 board, 2.1.4.1 is red: due 30 Sep 2025, not re-profiled, with a
re-profile to 31 Jan 2026 proposed. "slip 0 days · not re-profiled" beside "re-profile to
31 Jan 2026 awaiting the board" hid the 123 days the board is asked to agree.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from tests.conftest import PROJECT_ROOT

Cli = Callable[..., Any]
BOARD = "2025-11-03"


def run(cli: Cli, *args: str) -> str:
    result = cli("--repo", str(PROJECT_ROOT), *args)
    assert result.exit_code == 0, result.output
    return " ".join(str(result.output).split())


def test_status_shows_the_proposed_slip(cli: Cli) -> None:
    verbose = run(cli, "status", "--as-of", BOARD, "--verbose", "--width", "120")
    assert "current 30 Sep 2025 · slip 0 days agreed, 123 days proposed · not re-profiled" in (
        verbose
    )
    markdown = run(cli, "status", "--as-of", BOARD, "--format", "markdown")
    assert "| 0 (123 proposed) |" in markdown


def test_status_json_carries_the_proposed_slip(cli: Cli) -> None:
    result = cli("--repo", str(PROJECT_ROOT), "status", "--as-of", BOARD, "--format", "json")
    rows = {row["id"]: row for row in json.loads(result.output)["exceptions"]}
    assert (rows["2.1.4.1"]["slip_days"], rows["2.1.4.1"]["proposed_slip_days"]) == (0, 123)
    # No proposal awaiting the board: nothing proposed.
    assert all(
        row["proposed_slip_days"] is None for row in rows.values() if not row["pending_reprofiles"]
    )


def test_milestones_show_the_proposed_slip(cli: Cli) -> None:
    shown = run(cli, "show", "2.1.4.1", "--as-of", BOARD, "--width", "120")
    assert "30 Sep 2025 (slip 0 days agreed, 123 days proposed, not re-profiled)" in shown
    listed = run(cli, "milestones", "--as-of", BOARD, "--health", "off track", "--width", "160")
    assert "proposed: to 31 Jan 2026, slip 123 days" in listed


def test_the_papers_exceptions_show_the_proposed_slip(cli: Cli) -> None:
    text = run(
        cli, "report", "highlight", "--workstream", "ehcp", "--as-of", BOARD,
        "--format", "markdown",
    )  # fmt: skip
    assert "| 30 Sep 2025 | 30 Sep 2025 | 0 (123 proposed) |" in text
