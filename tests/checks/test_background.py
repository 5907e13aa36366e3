"""The cross-file checks run in a second process (``checks.background``): the same
problems as run here, to the last field, and run here whenever the child cannot say."""

from __future__ import annotations

import os
import shutil
import signal
from datetime import date
from pathlib import Path

import pytest

from sendtrack.checks import CheckContext, background, run_checks
from sendtrack.checks.validate import check_repository, start_checking
from sendtrack.core import forks
from sendtrack.core.problems import Severity
from sendtrack.store.cache import ModelCache
from sendtrack.store.loader import load
from tests.conftest import DATA_FOLDERS, PROJECT_ROOT

pytestmark = pytest.mark.skipif(
    forks.usable_cores() < 2 or not hasattr(os, "fork"),
    reason="the checks run beside only with a second core, where fork exists",
)

AS_OF = date(2025, 11, 3)


@pytest.fixture
def troubled(tmp_path: Path) -> Path:
    """The shipped data with problems only the cross-file checks find: a priority copied
    under another name repeats every id in it (errors), and a risk's target scored above
    its current score (a warning)."""
    root = tmp_path / "troubled"
    for folder in DATA_FOLDERS:
        shutil.copytree(PROJECT_ROOT / folder, root / folder)
    shutil.copy(root / "plan" / "priority-2.yaml", root / "plan" / "priority-9.yaml")
    register = root / "risks" / "register.yaml"
    text = register.read_text(encoding="utf-8")
    target = "    target:\n      likelihood: 3\n      impact: 3\n"
    assert target in text
    register.write_text(text.replace(target, target.replace("3", "5"), 1), encoding="utf-8")
    return root


def test_the_problems_from_beside_are_the_ones_found_here(troubled: Path) -> None:
    repo, loaded = load(troubled)
    assert loaded == []
    context = CheckContext(as_of=AS_OF)
    here = run_checks(repo, context)
    beside = background.start(repo, context)
    assert beside is not None
    assert beside.problems() == here
    assert {"duplicate-id", "risk-target-above-current"} <= {p.code for p in here}
    assert {p.severity for p in here} == {Severity.ERROR, Severity.WARNING}


def test_a_child_that_dies_leaves_the_checks_to_run_here(troubled: Path) -> None:
    checking = start_checking(troubled, AS_OF, beside=True)
    assert checking.beside is not None
    os.kill(checking.beside.pid, signal.SIGKILL)
    assert checking.result().problems == check_repository(troubled, AS_OF).problems
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def test_checks_found_beside_are_kept_in_the_cache(troubled: Path, tmp_path: Path) -> None:
    expected = check_repository(troubled, AS_OF).problems
    cache = ModelCache(troubled, tmp_path / "cache")
    checking = start_checking(troubled, AS_OF, cache=cache, beside=True)
    assert checking.beside is not None
    assert checking.result().problems == expected
    # The next run finds them in the cache: nothing is forked, the same problems.
    again = start_checking(
        troubled, AS_OF, cache=ModelCache(troubled, tmp_path / "cache"), beside=True
    )
    assert again.beside is None and again.found is not None
    assert again.result().problems == expected


def test_not_forked_for_a_few_files(tmp_path: Path) -> None:
    root = tmp_path / "small"
    shutil.copytree(PROJECT_ROOT / "plan", root / "plan")
    checking = start_checking(root, AS_OF, beside=True)
    assert len(checking.repo.documents) < background.FEWEST_FILES
    assert checking.beside is None
    assert checking.result().problems == check_repository(root, AS_OF).problems
