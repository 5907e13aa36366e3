"""The GitHub Actions workflow: linted with check-jsonschema's GitHub schema, and its
sendtrack steps run for real on a pull request made in a temporary git repository.

A schema lint proves the file is a workflow GitHub will accept; it cannot tell whether
the commands in it work. So the steps that call sendtrack are taken out of the file and
run by bash exactly as written, with the environment GitHub would give them (the
expressions resolved, ``$GITHUB_STEP_SUMMARY`` a file), on a pull request that rewrites
a baseline date.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import PROJECT_ROOT
from tests.gitrepo import BOARD, GitRepo

WORKFLOW = PROJECT_ROOT / ".github" / "workflows" / "sendtrack.yml"


def _check_jsonschema(*args: str) -> subprocess.CompletedProcess[str]:
    executable = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent))
    assert executable, "check-jsonschema is a dev dependency: pip install -e '.[dev]'"
    return subprocess.run(
        [executable, *args], capture_output=True, text=True, check=False, timeout=120
    )


def _workflow() -> dict[Any, Any]:
    # PyYAML reads 'on' as True (YAML 1.1); BaseLoader keeps every key as written.
    loaded = yaml.load(WORKFLOW.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert isinstance(loaded, dict)
    return loaded


def _steps() -> list[dict[str, Any]]:
    steps = _workflow()["jobs"]["check"]["steps"]
    assert isinstance(steps, list)
    return steps


@pytest.mark.parametrize(
    "schema", ["vendor.github-workflows", "custom.github-workflows-require-timeout"]
)
def test_the_workflow_passes_the_github_schema(schema: str) -> None:
    done = _check_jsonschema("--builtin-schema", schema, str(WORKFLOW))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ok -- validation done" in done.stdout


def test_the_lint_catches_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(
        WORKFLOW.read_text(encoding="utf-8").replace("runs-on: ubuntu-latest", "runs_on: ubuntu"),
        encoding="utf-8",
    )
    done = _check_jsonschema("--builtin-schema", "vendor.github-workflows", str(broken))
    assert done.returncode == 1
    assert "runs_on" in done.stdout or "runs-on" in done.stdout


def test_triggers_history_and_the_steps_the_issue_asks_for() -> None:
    workflow = _workflow()
    assert set(workflow["on"]) == {"push", "pull_request"}
    steps = _steps()
    checkout = next(step for step in steps if step.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == "0"
    runs = [step.get("run", "") for step in steps]
    install = next(step["run"] for step in steps if step.get("id") == "install")
    assert install.splitlines() == [
        "python -m pip install -r requirements-dev.lock",
        "python -m pip install --no-deps --no-build-isolation -e .",
    ]
    assert "sendtrack check --format github" in runs
    assert any(run.startswith("sendtrack check --base ") for run in runs)
    assert any('--format markdown >> "$GITHUB_STEP_SUMMARY"' in run for run in runs)
    assert runs[-1] == "bash scripts/test"
    assert workflow["permissions"] == {"contents": "read"}


def test_later_steps_still_run_when_the_data_has_problems() -> None:
    """A reviewer wants the base check, the summary and the tests even if check failed."""
    steps = _steps()
    names = [step["name"] for step in steps]
    after_check = steps[names.index("Check the data (annotations on the changed lines)") + 1 :]
    for step in after_check:
        assert "!cancelled() && steps.install.outcome == 'success'" in step["if"], step["name"]
    pull_request_only = [s["name"] for s in after_check if "pull_request" in s["if"]]
    assert pull_request_only == [
        "Check against the pull request's base (no rewritten history)",
        "Plan changes in the job summary",
    ]


def _resolve(value: str, context: dict[str, str]) -> str:
    def replace(match: re.Match[str]) -> str:
        return context[match.group(1).strip()]

    return re.sub(r"\$\{\{(.*?)\}\}", replace, value)


def _run_sendtrack_steps(repo: GitRepo, base_sha: str, summary: Path) -> list[tuple[str, int, str]]:
    """Run every step that calls sendtrack, as GitHub would on a pull request."""
    context = {"github.event.pull_request.base.sha": base_sha}
    venv_bin = str(Path(sys.executable).parent)
    results = []
    for step in _steps():
        script = step.get("run", "")
        if not script.startswith("sendtrack "):
            continue
        env = {
            **os.environ,
            "PATH": f"{venv_bin}{os.pathsep}{os.environ.get('PATH', '')}",
            "GITHUB_STEP_SUMMARY": str(summary),
            "GITHUB_EVENT_NAME": "pull_request",
        }
        env.update({key: _resolve(value, context) for key, value in step.get("env", {}).items()})
        done = subprocess.run(
            ["bash", "-e", "-c", script],
            cwd=repo.root,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        results.append((step["name"], done.returncode, done.stdout + done.stderr))
    return results


def test_the_sendtrack_steps_run_on_a_pull_request(tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "partnership", BOARD)
    base = repo.commit("main")
    repo.git("switch", "--quiet", "-c", "lead-update")
    repo.edit("plan/priority-1.yaml", "            due: 2026-02\n", "            due: 2026-04\n")
    repo.edit("risks/register.yaml", "    likelihood: 4\n", "    likelihood: 3\n")
    repo.commit("Move a date and rescore R01")
    summary = tmp_path / "summary.md"

    results = _run_sendtrack_steps(repo, base, summary)
    assert [(name, code) for name, code, _ in results] == [
        ("Check the data (annotations on the changed lines)", 0),
        ("Check against the pull request's base (no rewritten history)", 1),
        ("Plan changes in the job summary", 0),
    ]
    # The board of 5 Dec 2025 is still scheduled today: a warning first, then the error.
    base_output = "\n".join(
        line for line in results[1][2].splitlines() if not line.startswith("::warning")
    )
    assert base_output.startswith(
        "::error file=plan/priority-1.yaml,line=25,col=18,title=baseline-changed::"
        "baseline-changed: milestone 1.4.2.2: baseline due date changed from 28 Feb 2026 (in "
        f"{base[:7]}) to 30 Apr 2026"
    )
    written = summary.read_text(encoding="utf-8")
    assert written.startswith("### sendtrack: ")
    assert f"`{base[:7]}` → `HEAD (" in written
    assert "- **Flagged:** **1.4.2.2** baseline due date edited: 28 Feb 2026 → 30 Apr 2026" in (
        written
    )
    assert "- **R01** rescored 16 → 12 ↓ down (likelihood 4 → 3)" in written


def test_a_clean_pull_request_passes_every_step(tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "partnership", BOARD)
    base = repo.commit("main")
    repo.edit(
        "plan/priority-1.yaml",
        '            status: not_started\n          - id: "1.4.2.4"',
        "            status: in_progress\n            started_on: 2025-12-01\n"
        '          - id: "1.4.2.4"',
    )
    repo.commit("1.4.2.3 started")
    results = _run_sendtrack_steps(repo, base, tmp_path / "summary.md")
    assert [code for _, code, _ in results] == [0, 0, 0], results
    assert "- **1.4.2.3** not started → in progress (started 1 Dec 2025)" in (
        tmp_path / "summary.md"
    ).read_text(encoding="utf-8")
