"""sendtrack as a pre-commit hook in another repository, proved with the real pre-commit.

``pre-commit try-repo`` installs a hook repository exactly as a partnership's
``.pre-commit-config.yaml`` would (a git clone, a virtualenv, ``pip install``) and runs
its hooks. The hook repository must be a git repository, so the project's installable
files — as they are in the working tree, committed or not — are copied into a temporary
one and committed there; CI, on a fresh clone, tests the same files. The repository the
hooks run on is made by ``sendtrack init``, ``git init`` and a commit.

It installs sendtrack and its dependencies from the package index (about 15–60 s), so it
is marked ``slow``; CI runs it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sendtrack.core.dates import long_form, parse_date
from sendtrack.store.history import clean_environment
from tests.conftest import PROJECT_ROOT
from tests.gitrepo import GitRepo

HOOK_IDS = ["sendtrack-check", "sendtrack-check-base"]


def _pre_commit() -> str:
    executable = shutil.which("pre-commit", path=str(Path(sys.executable).parent))
    assert executable, "pre-commit is a dev dependency: pip install -e '.[dev]'"
    return executable


def _hook_repository(target: Path) -> GitRepo:
    """The project's installable files, committed in a git repository of their own."""
    target.mkdir(parents=True)
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy2(PROJECT_ROOT / name, target / name)
    for licence in PROJECT_ROOT.glob("LICEN[CS]E*"):
        shutil.copy2(licence, target / licence.name)
    shutil.copytree(
        PROJECT_ROOT / "src",
        target / "src",
        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc"),
    )
    repo = GitRepo.create(target)
    repo.commit("sendtrack, as a hook repository")
    return repo


def _try_repo(hooks: GitRepo, cwd: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **clean_environment(),
        "PRE_COMMIT_HOME": str(home),
        "PRE_COMMIT_COLOR": "never",
        "NO_COLOR": "1",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_AUTHOR_NAME": "Partnership Manager",
        "GIT_AUTHOR_EMAIL": "pm@example.org",
        "GIT_COMMITTER_NAME": "Partnership Manager",
        "GIT_COMMITTER_EMAIL": "pm@example.org",
    }
    return subprocess.run(
        [_pre_commit(), "try-repo", str(hooks.root), "--all-files", "--verbose"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )


def test_the_manifest_is_valid() -> None:
    done = subprocess.run(
        [_pre_commit(), "validate-manifest", str(PROJECT_ROOT / ".pre-commit-hooks.yaml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.slow
def test_pre_commit_try_repo_passes_when_valid_and_fails_with_the_problem(
    tmp_path: Path,
) -> None:
    hooks = _hook_repository(tmp_path / "sendtrack")
    partnership = tmp_path / "partnership"
    init = subprocess.run(
        [sys.executable, "-m", "sendtrack", "init", str(partnership)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert init.returncode == 0, init.stderr
    target = GitRepo.create(partnership)
    target.commit("sendtrack init")

    valid = _try_repo(hooks, partnership, tmp_path / "pre-commit-home")
    assert valid.returncode == 0, valid.stdout + valid.stderr
    passed = [line for line in valid.stdout.splitlines() if line.endswith("Passed")]
    assert [line.split(".")[0] for line in passed] == [
        "sendtrack check",
        "sendtrack check --base HEAD",
    ]
    assert "ok: no problems in 7 files" in valid.stdout

    # Break one file, and rewrite a baseline date in another.
    target.edit("risks/register.yaml", "    likelihood: 4\n", "    likelihood: 9\n")
    # 'init' dates its example around today: 1.1.1.2's baseline is the last month due.
    plan_text = (partnership / "plan" / "priority-1.yaml").read_text(encoding="utf-8")
    month = re.findall(r"^            due: (\d{4}-\d{2})$", plan_text, re.M)[-1]
    baseline = parse_date(month)
    later = f"{baseline.year + baseline.month // 12}-{baseline.month % 12 + 1:02d}"
    target.edit(
        "plan/priority-1.yaml", f"            due: {month}\n", f"            due: {later}\n"
    )
    target.git("add", "--all")
    broken = _try_repo(hooks, partnership, tmp_path / "pre-commit-home")
    out = broken.stdout
    assert broken.returncode == 1, out + broken.stderr
    assert [line.split(".")[0] for line in out.splitlines() if line.endswith("Failed")] == [
        "sendtrack check",
        "sendtrack check --base HEAD",
    ]
    likelihood = (
        "risks/register.yaml:10:17: invalid-value 'likelihood' in risk R01: Input should be "
        "less than or equal to 5 (got '9')"
    )
    assert out.count(likelihood) == 2, out
    assert (
        "plan/priority-1.yaml:33:18: baseline-changed milestone 1.1.1.2: baseline due date "
        f"changed from {long_form(baseline)} (in HEAD ("
    ) in out
    assert out.count("baseline-changed") == 1  # only the --base hook looks at history
