"""The official YAML test suite: no input, valid or not, crashes, hangs or leaks a traceback.

Each case's in.yaml is dropped into a repository as a plan file and checked through the
real CLI: the answer is exit 0 or 1 with file:line:col problems, never anything else.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sendtrack.cli.app import app
from sendtrack.store.scaffold import init_repository
from tests.conftest import CORPORA

CORPUS = CORPORA / "yaml-test-suite"
CASES = sorted(CORPUS.rglob("in.yaml"))


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("template")
    init_repository(root)
    return root


def test_corpus_is_present() -> None:
    # 402 cases; if the vendored corpus went missing, every parametrised case would
    # silently vanish.
    assert len(CASES) == 402


@pytest.mark.parametrize("case", CASES, ids=[str(c.parent.relative_to(CORPUS)) for c in CASES])
def test_case_gives_a_clean_answer(case: Path, template: Path, tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(template, root)
    shutil.copyfile(case, root / "plan" / "priority-9.yaml")
    result = CliRunner().invoke(
        app, ["--repo", str(root), "check", "--as-of", "2025-06-01"], catch_exceptions=False
    )
    assert result.exit_code in (0, 1)
    assert "Traceback" not in result.output
    if result.exit_code == 1:
        first = result.output.splitlines()[0]
        assert first.startswith("plan/priority-9.yaml:"), first
