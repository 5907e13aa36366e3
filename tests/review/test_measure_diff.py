"""`diff` and `check --base` know impact measures: new figures and revisions are shown,
and a recorded figure or target rewritten without its trace is refused."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.gitrepo import BOARD, GitRepo

Cli = Callable[..., Any]

MEASURE = """\
measures:
  - id: "M1"
    title: EHC plans within 20 weeks
    description: Timeliness of new EHC plans.
    unit: percent
    polarity: higher
    frequency: annual
    owner: Head of SEND
    source:
      title: DfE SEN2
    links: ["1"]
    trajectory:
      - period: "2025"
        target: 40
    actuals:
      - period: "2023"
        value: 20
        source:
          entered_by: Data team
"""


def repo_with_measure(tmp_path: Path) -> GitRepo:
    repo = GitRepo.create(tmp_path / "repo", {**BOARD, "measures/m.yaml": MEASURE})
    repo.commit("data with a measure")
    return repo


def diff_json(cli: Cli, repo: GitRepo) -> list[dict[str, Any]]:
    result = cli("--repo", str(repo.root), "diff", "HEAD", "--format", "json")
    assert result.exit_code == 0, result.output
    return [c for c in json.loads(result.output) if c["kind"].startswith("measure")]


def test_a_new_figure_and_a_revised_target_are_shown_and_allowed(tmp_path: Path, cli: Cli) -> None:
    repo = repo_with_measure(tmp_path)
    repo.edit(
        "measures/m.yaml",
        "          entered_by: Data team\n",
        '          entered_by: Data team\n      - period: "2024"\n        value: 26\n'
        "        source:\n          entered_by: Data team\n",
    )
    repo.edit(
        "measures/m.yaml",
        "        target: 40\n",
        "        target: 40\n        revisions:\n          - target: 35\n"
        '            reason: Demand rose 14% a year.\n            agreed_at: "2025-11-03"\n',
    )
    changes = diff_json(cli, repo)
    assert [(c["kind"], c["field"]) for c in changes] == [
        ("measure-figure-added", "2024"),
        ("measure-target-revised", "2025"),
    ]
    assert "2025: 40 → 35, agreed at the 3 Nov 2025 board" in changes[1]["summary"]
    base = cli("--repo", str(repo.root), "check", "--base", "HEAD", "--as-of", "2025-11-10")
    assert base.exit_code == 0, base.output


def test_rewriting_a_figure_or_a_target_is_refused_against_the_base(
    tmp_path: Path, cli: Cli
) -> None:
    repo = repo_with_measure(tmp_path)
    repo.edit("measures/m.yaml", "        value: 20\n", "        value: 25\n")
    repo.edit("measures/m.yaml", "        target: 40\n", "        target: 30\n")
    changes = diff_json(cli, repo)
    assert [c["kind"] for c in changes] == ["measure-figure-changed", "measure-target-changed"]
    assert all(c["flagged"] for c in changes)
    base = cli(
        "--repo",
        str(repo.root),
        "check",
        "--base",
        "HEAD",
        "--as-of",
        "2025-11-10",
        "--format",
        "json",
    )
    assert base.exit_code == 1
    problems = [p for p in json.loads(base.output)["problems"] if p["id"] == "M1"]
    assert [p["code"] for p in problems] == ["measure-record-rewritten"] * 2
    messages = " | ".join(p["message"] for p in problems)
    assert "2023: 20 → 25; the old value is not kept under 'previous'" in messages
    assert "target for 2025 edited in place" in messages
    assert problems[0]["file"] == "measures/m.yaml" and problems[0]["line"] > 1


def test_a_deleted_figure_is_refused(tmp_path: Path, cli: Cli) -> None:
    repo = repo_with_measure(tmp_path)
    repo.edit(
        "measures/m.yaml",
        '    actuals:\n      - period: "2023"\n        value: 20\n        source:\n'
        "          entered_by: Data team\n",
        "    actuals: []\n",
    )
    changes = diff_json(cli, repo)
    assert [c["kind"] for c in changes] == ["measure-figure-removed"]
    base = cli("--repo", str(repo.root), "check", "--base", "HEAD", "--as-of", "2025-11-10")
    assert base.exit_code == 1
    assert "measure-record-rewritten" in base.output
    assert "2023: recorded 20, now gone" in base.output
