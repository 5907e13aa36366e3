"""`sendtrack init` (issue 14 §3): the example is dated around today, and `--empty`
starts a repository with no example data."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sendtrack.checks.validate import check_repository
from sendtrack.plan.status import compute_status
from sendtrack.store.scaffold import months_to_today, template_files

Cli = Callable[..., Any]


def test_the_example_is_dated_around_today(tmp_path: Path, cli: Cli) -> None:
    root = tmp_path / "new"
    result = cli("init", str(root), "--example")
    assert result.exit_code == 0, result.output
    assert f"run 'sendtrack init {root} --empty'" in result.output
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    checked = check_repository(root)
    assert checked.problems == []  # no past board left scheduled, nothing in the future
    today = date.today()
    meetings = sorted(checked.repo.meetings, key=lambda m: m.date)
    held, upcoming = meetings
    assert held.status == "held" and today - timedelta(days=80) <= held.date <= today
    assert upcoming.status == "scheduled" and today < upcoming.date <= today + timedelta(days=62)
    report = compute_status(checked.repo, today)
    assert report.next_meeting is not None and report.next_meeting.id == upcoming.id
    assert [a.id for a in checked.repo.open_actions] == [f"{held.id}/A1"]


def test_months_keep_their_last_day() -> None:
    files = template_files(date(2026, 2, 3))  # 9 months on: April → January
    assert months_to_today(date(2026, 2, 3)) == 9
    assert "meetings/2026-01-10.yaml" in files and "meetings/2026-02-15.yaml" in files
    plan = files["plan/priority-1.yaml"].decode()
    assert "due: 2025-12\n" in plan  # a month stays a month
    settings = files["plan/partnership.yaml"].decode()
    assert "plan_agreed_on: 2025-12-01" in settings


def test_empty_writes_no_example_data(tmp_path: Path, cli: Cli) -> None:
    root = tmp_path / "new"
    result = cli("init", str(root), "--empty")
    assert result.exit_code == 0, result.output
    assert sorted(str(p.relative_to(root)) for p in root.rglob("*.yaml")) == [
        "plan/partnership.yaml",
        "risks/register.yaml",
        "tracker/actions.yaml",
        "tracker/archive.yaml",
    ]
    checked = check_repository(root)
    assert checked.problems == []
    repo = checked.repo
    assert (repo.milestones(), repo.open_actions, repo.risks, repo.meetings) == ([], [], [], [])
    assert cli("--repo", str(root), "check").stdout == "ok: no problems in 4 files\n"
    refused = cli("init", str(tmp_path / "other"), "--empty", "--levels", "A,B")
    assert refused.exit_code == 2


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_empty_removes_the_untouched_example(tmp_path: Path, cli: Cli) -> None:
    root = tmp_path / "new"
    assert cli("init", str(root)).exit_code == 0
    example = _tree(root)
    result = cli("init", str(root), "--empty")
    assert result.exit_code == 0, result.output
    removed = sorted(
        line.split()[1] for line in result.output.splitlines() if line.startswith("removed ")
    )
    assert removed == sorted(
        str(root / name) for name in example if name.startswith(("plan/priority", "meetings/"))
    )
    fresh = tmp_path / "fresh"
    assert cli("init", str(fresh), "--empty").exit_code == 0
    assert _tree(root) == _tree(fresh)  # exactly the starter 'init --empty' writes
    assert check_repository(root).problems == []


def test_empty_keeps_an_example_someone_changed(tmp_path: Path, cli: Cli) -> None:
    root = tmp_path / "new"
    assert cli("init", str(root)).exit_code == 0
    plan = root / "plan" / "priority-1.yaml"
    plan.write_text(plan.read_text(encoding="utf-8") + "# our first edit\n", encoding="utf-8")
    before = _tree(root)
    result = cli("init", str(root), "--empty")
    assert result.exit_code != 0
    assert "plan/priority-1.yaml is not the example as init wrote it" in result.output
    assert "nothing was written" in result.output
    assert _tree(root) == before


def test_empty_recognises_an_example_written_months_ago(tmp_path: Path, cli: Cli) -> None:
    root = tmp_path / "old"
    for name, content in template_files(date.today() - timedelta(days=200)).items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(content)
    result = cli("init", str(root), "--empty")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (root / "plan").iterdir()) == ["partnership.yaml"]
    assert list((root / "meetings").iterdir()) == []
