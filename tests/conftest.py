"""Shared fixtures: repositories built from YAML written in the test, the real CLI."""

from __future__ import annotations

import os
import shlex
import shutil
import textwrap
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from sendtrack.cli.app import app
from sendtrack.store.scaffold import init_repository

PROJECT_ROOT = Path(__file__).resolve().parent.parent
"""The project root is also the shipped data repository."""

CORPORA = PROJECT_ROOT / "tests" / "corpora"
"""Test inputs written by others, vendored with their licences (see its README)."""

DATA_FOLDERS = ("plan", "tracker", "risks", "meetings", "measures")

MakeRepo = Callable[[Mapping[str, str]], Path]
Run = Callable[..., Any]


@pytest.fixture(autouse=True, scope="session")
def _private_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Keep the model cache of every CLI run in the tests out of the user's cache folder."""
    os.environ.setdefault("SENDTRACK_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def make_repo(tmp_path: Path) -> MakeRepo:
    """A repository from ``sendtrack init``'s template, with files replaced or added.

    Values are dedented YAML text; a value of "" deletes the file.
    """

    def build(files: Mapping[str, str]) -> Path:
        root = tmp_path / "repo"
        if not root.exists():
            init_repository(root)
        for name, text in files.items():
            path = root / name
            if text == "":
                path.unlink(missing_ok=True)
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return root

    return build


@pytest.fixture
def shipped_copy(tmp_path: Path) -> Path:
    """A copy of the shipped data repository, safe to edit."""
    root = tmp_path / "shipped"
    for folder in DATA_FOLDERS:
        shutil.copytree(PROJECT_ROOT / folder, root / folder)
    return root


@pytest.fixture
def cli() -> Callable[..., object]:
    """Run the real CLI in-process: ``cli("--repo", str(root), "check")``."""
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None) -> object:
        return runner.invoke(app, list(args), input=input, catch_exceptions=False)

    return invoke


@pytest.fixture
def run(cli: Callable[..., Any]) -> Run:
    """The real CLI on one repository, the command as typed: ``run(root, "check")``.

    Modules that also pass arguments unsplit define their own ``run``, which overrides this.
    """

    def invoke(root: Path, command: str) -> Any:
        return cli("--repo", str(root), *shlex.split(command))

    return invoke


def snapshot(root: Path) -> dict[str, bytes]:
    """Every YAML file's bytes, to show that a refused write left the repository alone."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.yaml"))}
