"""`status` gives the impact measures one line and an exceptions block (issue 13 §4)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from tests.conftest import MakeRepo

Cli = Callable[..., Any]
AS_OF = ("--as-of", "2025-11-03")

MEASURES = """
measures:
  - id: "M07"
    title: Parent carers who feel listened to
    description: Share of survey answers agreeing that services listen.
    unit: percent
    polarity: higher
    frequency: annual
    owner: Head of SEND
    source:
      title: Local parent carer survey
    links: ["1"]
    trajectory:
      - period: 2024/25
        target: 38
    tolerance: 2
    actuals:
      - period: 2024/25
        value: 33
        source:
          entered_by: Head of SEND
          on: 2025-10-01
    commentary:
      - on: 2025-10-01
        by: Head of SEND
        text: The survey ran late; a second wave is planned.
  - id: "M08"
    title: Plans issued within 20 weeks
    description: Share of new plans issued within 20 weeks.
    unit: percent
    polarity: higher
    frequency: annual
    owner: Head of SEND
    source:
      title: DfE SEN2
    links: ["1"]
    trajectory:
      - period: 2024
        target: 40
    actuals:
      - period: 2024
        value: 41
        source:
          entered_by: Head of SEND
          on: 2025-06-01
"""


def test_measures_line_and_off_trajectory_block(make_repo: MakeRepo, cli: Cli) -> None:
    root = make_repo({"measures/impact.yaml": MEASURES})
    result = cli("--repo", str(root), "--width", "120", "status", *AS_OF)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "Impact measures: 1 of 2 on trajectory, 1 off" in lines
    start = lines.index("Impact measures off trajectory (1)")
    block = [line.strip() for line in lines[start + 1 : start + 4]]
    # The plan's colours, with the symbol and the word beside the colour.
    assert block[0] == "✖ Red (off trajectory)  M07  Parent carers who feel listened to"
    assert block[1] == "latest 33.0% (2024/25) · target 38.0%"
    assert block[2] == "33.0% in 2024/25, 5.0 percentage points below the target of 38.0%"
    assert "M08" not in result.stdout  # on trajectory: not an exception

    markdown = cli("--repo", str(root), "status", "-f", "markdown", *AS_OF).stdout
    assert "- Impact measures: 1 of 2 on trajectory, 1 off\n" in markdown
    assert "## Impact measures off trajectory (1)\n" in markdown
    assert "- ✖ Red (off trajectory) **M07** Parent carers who feel listened to: " in markdown

    report = json.loads(cli("--repo", str(root), "status", "-f", "json", *AS_OF).stdout)
    measures = report["measures"]
    assert (measures["total"], measures["on_trajectory"], measures["off_trajectory"]) == (2, 1, 1)
    assert [row["id"] for row in measures["off"]] == ["M07"]
    assert measures["off"][0]["colour"] == "red"
    assert measures["off"][0]["latest"] == {"period": "2024/25", "value": 33.0, "unavailable": None}


def test_a_plan_without_measures_prints_no_measures_line(make_repo: MakeRepo, cli: Cli) -> None:
    root = make_repo({})
    text = cli("--repo", str(root), "status", *AS_OF).stdout
    markdown = cli("--repo", str(root), "status", "-f", "markdown", *AS_OF).stdout
    assert "Impact measures" not in text and "Impact measures" not in markdown
    report = json.loads(cli("--repo", str(root), "status", "-f", "json", *AS_OF).stdout)
    assert report["measures"]["total"] == 0 and report["measures"]["off"] == []
