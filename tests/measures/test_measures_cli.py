"""`sendtrack measures` (the scorecard), `measures record`, and the measure checks."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import MakeRepo
from tests.measure_text import MEASURE
from tests.measures.test_measure_import import digest

GOLDEN = Path(__file__).parent / "golden"
Cli = Callable[..., Any]


def golden(name: str, actual: str) -> None:
    """Compare with tests/measures/golden/NAME; SENDTRACK_UPDATE_GOLDEN=1 rewrites it."""
    path = GOLDEN / name
    if os.environ.get("SENDTRACK_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8"), f"differs from {path}"


@pytest.mark.parametrize(("fmt", "name"), [("text", "scorecard.txt"), ("markdown", "scorecard.md")])
def test_scorecard_golden(cli: Cli, monkeypatch: pytest.MonkeyPatch, fmt: str, name: str) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    result = cli("measures", "--as-of", "2025-11-03", "--format", fmt)
    assert result.exit_code == 0
    golden(name, result.output)


def test_scorecard_json_contract_on_the_shipped_data(cli: Cli) -> None:
    result = cli("measures", "--as-of", "2025-11-03", "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.output)
    golden("scorecard.json", result.output)
    assert [row["id"] for row in rows] == ["M01", "M02", "M03", "M04", "M05", "M06", "M07"]
    for row in rows:
        assert {
            "id",
            "title",
            "unit",
            "polarity",
            "latest",
            "target",
            "health",
            "colour",
            "direction",
            "comparators",
        } <= set(row)
        assert set(row["latest"]) >= {"period", "value"}
    by_id = {row["id"]: row for row in rows}
    # Lancashire 17% in 2024 against England's 46.4% (DfE SEN2, 2025 release).
    assert by_id["M01"]["latest"] == {"period": "2024", "value": 17.0, "unavailable": None}
    assert by_id["M01"]["comparators"]["England"] == 46.4
    assert by_id["M01"]["gaps"]["England"] == pytest.approx(-29.4)
    assert by_id["M03"]["health"] == "off_trajectory"
    assert by_id["M03"]["direction"] == "improving"
    assert by_id["M05"]["health"] == "no_data"
    assert by_id["M06"]["stale"] is True


def test_record_appends_a_local_figure_with_who_and_when(make_repo: MakeRepo, cli: Cli) -> None:
    root = make_repo({"measures/m.yaml": MEASURE})
    path = root / "measures/m.yaml"
    before = path.read_text()
    result = cli(
        "--repo",
        str(root),
        "measures",
        "record",
        "M1",
        "--period",
        "2023",
        "--value",
        "31.5",
        "--by",
        "Data team",
        "--note",
        "Provisional, from the case system.",
    )
    assert result.exit_code == 0, result.output
    assert "M1: 2023 recorded as 31.5 (measures/m.yaml)" in result.output
    after = path.read_text()
    assert after.startswith(before.rstrip("\n"))  # only appended
    added = after[len(before.rstrip("\n")) :]
    today = date.today().isoformat()
    assert added == (
        '\n      - period: "2023"\n        value: 31.5\n        source:\n'
        f"          entered_by: Data team\n          on: {today}\n"
        "        note: Provisional, from the case system.\n"
    )
    suppressed = cli(
        "--repo",
        str(root),
        "measures",
        "record",
        "M1",
        "--period",
        "2024",
        "--value",
        "c",
        "--by",
        "Data team",
    )
    assert suppressed.exit_code == 0
    assert "2024 recorded as c (suppressed (small numbers))" in suppressed.output
    assert "unavailable: c" in path.read_text()
    assert cli("--repo", str(root), "check").exit_code == 0


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["M1", "--period", "2022", "--value", "3"], "already has a figure for 2022 (20)"),
        (["M1", "--period", "2099", "--value", "3"], "after today"),
        (["M1", "--period", "2024-25", "--value", "3"], "ambiguous: write FY2024-25"),
        (["M1", "--period", "2023", "--value", "0,5"], "is not a number"),
        (["M9", "--period", "2023", "--value", "3"], "no measure 'M9'; known: M1"),
    ],
)
def test_record_refusals_change_nothing(
    make_repo: MakeRepo, cli: Cli, args: list[str], words: str
) -> None:
    root = make_repo({"measures/m.yaml": MEASURE})
    before = digest(root)
    result = cli("--repo", str(root), "measures", "record", *args, "--by", "Data team")
    assert result.exit_code == 1
    assert words in result.output
    assert "nothing written" in result.output
    assert digest(root) == before


def test_record_dry_run_shows_the_diff(make_repo: MakeRepo, cli: Cli) -> None:
    root = make_repo({"measures/m.yaml": MEASURE})
    before = digest(root)
    result = cli(
        "--repo",
        str(root),
        "measures",
        "record",
        "M1",
        "--period",
        "2023",
        "--value",
        "25",
        "--by",
        "Data team",
        "--dry-run",
    )
    assert result.exit_code == 0
    assert '+      - period: "2023"' in result.output
    assert "+        value: 25" in result.output
    assert "dry run: M1: 2023 recorded as 25; nothing written" in result.output
    assert digest(root) == before


@pytest.mark.parametrize(
    ("change", "code", "words"),
    [
        (('links: ["1"]', 'links: ["1.9"]'), "measure-unknown-link", "links to '1.9'"),
        (
            (
                "    actuals:\n",
                '    actuals:\n      - period: "2022"\n        value: 21\n'
                "        source:\n          entered_by: Data team\n",
            ),
            "measure-duplicate-period",
            "has two figures for 2022",
        ),
        (
            (
                '      - period: "2022"\n        value: 20\n        source:',
                '      - period: "2030"\n        value: 20\n        source:',
            ),
            "measure-future-figure",
            "has a figure for 2030",
        ),
        (("        target: 40", "        match: England"), "measure-unknown-comparator", "England"),
        (
            (
                "        target: 40",
                "        target: 40\n        revisions:\n          - target: 30\n"
                '            reason: Demand\n            agreed_at: "2031-01-01"',
            ),
            "unknown-meeting",
            "revised at '2031-01-01'",
        ),
    ],
)
def test_measure_checks(
    make_repo: MakeRepo, cli: Cli, change: tuple[str, str], code: str, words: str
) -> None:
    old, new = change
    assert old in MEASURE
    root = make_repo({"measures/m.yaml": MEASURE.replace(old, new, 1)})
    result = cli("--repo", str(root), "check", "--as-of", "2025-11-03", "--format", "json")
    problems = json.loads(result.output)["problems"]
    found = [p for p in problems if p["code"] == code]
    assert found, problems
    assert words in found[0]["message"]
    assert found[0]["file"] == "measures/m.yaml"
    assert found[0]["line"] > 1


def test_off_trajectory_without_commentary_is_a_warning(make_repo: MakeRepo, cli: Cli) -> None:
    behind = MEASURE + (
        '      - period: "2023"\n        value: 21\n        source:\n'
        "          entered_by: Data team\n"
    )
    root = make_repo({"measures/m.yaml": behind})
    result = cli("--repo", str(root), "check", "--as-of", "2025-11-03", "--format", "json")
    assert result.exit_code == 0  # a warning does not fail the check
    # The template's 15 May 2025 board, still scheduled in November, is warned of too.
    problems = [
        p for p in json.loads(result.output)["problems"] if p["code"] != "meeting-not-minuted"
    ]
    assert [(p["code"], p["severity"]) for p in problems] == [("measure-no-commentary", "warning")]
    assert "off trajectory (21.0% in 2023, 9.0 percentage points below" in problems[0]["message"]
    explained = behind.replace(
        "    actuals:",
        "    commentary:\n      - on: 2025-01-15\n        by: Head of SEND\n"
        "        text: Recruitment of case workers.\n    actuals:",
    )
    root2 = make_repo({"measures/m.yaml": explained})
    again = cli("--repo", str(root2), "check", "--as-of", "2025-11-03", "--format", "json")
    assert [p["code"] for p in json.loads(again.output)["problems"]] == ["meeting-not-minuted"]


def test_a_measure_id_used_twice_is_a_duplicate_id(make_repo: MakeRepo, cli: Cli) -> None:
    root = make_repo({"measures/a.yaml": MEASURE, "measures/b.yaml": MEASURE})
    result = cli("--repo", str(root), "check", "--as-of", "2025-11-03", "--format", "json")
    problems = [p for p in json.loads(result.output)["problems"] if p["code"] == "duplicate-id"]
    assert [(p["file"], p["id"]) for p in problems] == [("measures/b.yaml", "M1")]
    assert "already used by the measure at measures/a.yaml:" in problems[0]["message"]
