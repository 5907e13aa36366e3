"""`sendtrack returns missing`: the leads to chase, with counts, in text, JSON and Markdown."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from tests.returns.scenario import board

Cli = Callable[..., Any]


def chased(tmp_path: Path, cli: Cli) -> Path:
    root = board(tmp_path / "repo").root
    for command in (
        ["update", "1.4.2.1", "--note", "Framework drafted.", "--on", "2025-11-20"],
        ["reprofile", "1.4.2.2", "--to", "2026-05-31", "--reason", "Data late.", "--proposed"],
        ["update", "1.4.3.1", "--note", "Reported at the board.", "--on", "2025-11-03"],
    ):
        assert cli("--repo", str(root), *command).exit_code == 0
    return root


def test_text(tmp_path: Path, cli: Cli) -> None:
    root = chased(tmp_path, cli)
    result = cli("--repo", str(root), "returns", "missing", "--as-of", "2025-11-30")
    assert result.exit_code == 0, result.output
    assert result.output == (
        "Leads with no update since the 3 Nov 2025 board (as of 30 Nov 2025)\n"
        "2 leads to chase; 6 live milestones with no update.\n"
        "\n"
        "Lead                   Live  Updated  No update  Milestones with no update\n"
        + "─"
        * 80
        + "\n"
        "Director of Education  6     2        4          1.4.2.3, 1.4.2.4, 1.4.3.3,\n"
        "                                                 1.4.3.5\n"
        "Head of SEND           2     0        2          1.4.3.1, 1.4.3.2\n"
    )
    # At 80 columns (a pipe) the id list wraps under itself; every line fits.
    assert max(len(line) for line in result.output.splitlines()) <= 80


def test_json_and_markdown(tmp_path: Path, cli: Cli) -> None:
    root = chased(tmp_path, cli)
    result = cli("--repo", str(root), "returns", "missing", "--since", "2025-11-03",
                 "--as-of", "2025-11-30", "--format", "json")  # fmt: skip
    data = json.loads(result.output)
    assert data["since"] == "2025-11-03" and data["since_board"] is None
    assert data["leads"] == [
        {"lead": "Director of Education", "live": 6, "updated": 2, "missing": 4,
         "milestones": ["1.4.2.3", "1.4.2.4", "1.4.3.3", "1.4.3.5"]},
        {"lead": "Head of SEND", "live": 2, "updated": 1, "missing": 1, "milestones": ["1.4.3.2"]},
    ]  # fmt: skip
    markdown = cli("--repo", str(root), "returns", "missing", "--as-of", "2025-11-30",
                   "--format", "markdown").output  # fmt: skip
    assert markdown.startswith("# Leads with no update since the 3 Nov 2025 board")
    assert "| Head of SEND | 2 | 0 | 2 | 1.4.3.1, 1.4.3.2 |\n" in markdown


def test_everyone_up_to_date_and_no_board_yet(tmp_path: Path, cli: Cli) -> None:
    root = chased(tmp_path, cli)
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    result = cli("--repo", str(root), "returns", "missing", "--since", tomorrow)
    assert "2 leads to chase; 8 live milestones with no update." in result.output
    early = cli("--repo", str(root), "returns", "missing", "--as-of", "2025-01-01")
    assert early.exit_code == 1
    assert "no board has met on or before the as-of date" in early.output
    assert "hint: give --since DATE" in early.output
