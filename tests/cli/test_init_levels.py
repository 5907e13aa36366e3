"""`sendtrack init DIR --levels "Recommendation,Item,Milestone"` (issue 12 §4): a valid
repository in the plan's own levels, dated around today."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from sendtrack.checks.validate import check_repository
from sendtrack.models.vocabulary import vocabulary
from sendtrack.plan.status import compute_status

Cli = Callable[..., Any]


@pytest.mark.parametrize(
    ("levels", "top_file", "child_key"),
    [
        ("Concern,Next step", "plan/concern-1.yaml", "milestones"),
        ("Recommendation,Item,Milestone", "plan/recommendation-1.yaml", "actions"),
        ("Priority, Outcome, Action, Milestone", "plan/priority-1.yaml", "outcomes"),
    ],
)
def test_init_writes_a_valid_repository_in_those_levels(
    tmp_path: Path, cli: Cli, levels: str, top_file: str, child_key: str
) -> None:
    root = tmp_path / "new"
    result = cli("init", str(root), "--levels", levels)
    assert result.exit_code == 0, result.output
    assert f"wrote {root / top_file}" in result.output
    subprocess.run(["git", "init", "-q", str(root)], check=True)  # no warning in git either
    checked = check_repository(root)
    assert checked.problems == []
    names = [name.strip() for name in levels.split(",")]
    words = vocabulary(checked.repo.settings)
    assert [level.name for level in words.levels] == names
    top = (root / top_file).read_text(encoding="utf-8")
    assert re.search(rf"^{child_key}:$", top, re.M)
    report = compute_status(checked.repo, date.today())
    assert report.milestones.total == 3 and report.milestones.complete == 1
    assert f"{names[-1].lower()}s in progress or completed" in report.headline
    assert cli("--repo", str(root), "migrate").output.startswith("already schema 2")


def test_its_dates_are_around_today(tmp_path: Path, cli: Cli) -> None:
    root = tmp_path / "new"
    cli("init", str(root), "--levels", "Recommendation,Item,Milestone")
    today = date.today()
    values = [
        line
        for path in root.rglob("*.yaml")
        for line in path.read_text(encoding="utf-8").splitlines()
        if not line.lstrip().startswith("#")  # the comments show the date forms
    ]
    found = [
        date.fromisoformat(day)
        for line in values
        for day in re.findall(r"\b(\d{4}-\d{2}-\d{2})\b", line)
    ]
    assert found and all(abs(day - today) <= timedelta(days=180) for day in found)
    meetings = sorted(path.name for path in (root / "meetings").iterdir())
    assert meetings == [
        f"{(today - timedelta(days=30)).isoformat()}.yaml",
        f"{(today + timedelta(days=30)).isoformat()}.yaml",
    ]


def test_names_are_written_by_the_emitter_not_pasted(tmp_path: Path, cli: Cli) -> None:
    root = tmp_path / "new"
    names = ["Key: concern", "#1 step", "yes"]
    result = cli("init", str(root), "--levels", ",".join(names))
    assert result.exit_code == 0, result.output
    checked = check_repository(root)
    assert checked.problems == []
    assert [level.name for level in vocabulary(checked.repo.settings).levels] == names


@pytest.mark.parametrize(
    ("levels", "message"),
    [
        ("Milestone", "--levels needs 2 to 4 names, top first"),
        ("A,B,C,D,E", "got 5"),
        ("Concern,,Milestone", "--levels has an empty name"),
        ("Item,item", "--levels names each level once"),
    ],
)
def test_bad_levels_are_refused(tmp_path: Path, cli: Cli, levels: str, message: str) -> None:
    root = tmp_path / "new"
    result = cli("init", str(root), "--levels", levels)
    assert result.exit_code == 2
    assert message in result.output
    assert not root.exists()


def test_init_never_overwrites(tmp_path: Path, cli: Cli) -> None:
    root = tmp_path / "new"
    cli("init", str(root), "--levels", "Concern,Next step")
    again = cli("init", str(root), "--levels", "Concern,Next step")
    assert again.exit_code == 2 and "nothing was written" in again.output
