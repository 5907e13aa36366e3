"""Run as the command, sendtrack forks two helpers — a reader parsing files ahead of
the loader (``store.read_ahead``) and the cross-file checks beside a read command
(``checks.background``) — and prints exactly what a run without them prints (the
tests' CliRunner calls the app in-process, where nothing is ever forked)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sendtrack.core import forks
from tests.conftest import Run, snapshot
from tests.store.test_read_paths import generator

pytestmark = pytest.mark.skipif(
    forks.usable_cores() < 2 or not hasattr(os, "fork"),
    reason="helpers are forked only with a second core, where fork exists",
)

LOAD_PROBLEMS = {
    "plan/p0002-priority-2.yaml": "id: '2'\ntitle: A\ntitle: B\n",  # a duplicate key
    "risks/extra.yaml": "risks: &r [1]\nagain: *r\n",  # an anchor
    "risks/broken.yaml": "risks: [unclosed\n",  # a syntax error
}
"""Found while loading: the command never works on the whole repository."""

CASES = ("clean", "load problems", "cross-file problems")


def repository(where: Path, case: str) -> Path:
    for name, text in generator().generate(2000, 5).items():
        (where / name).parent.mkdir(parents=True, exist_ok=True)
        (where / name).write_text(text, encoding="utf-8")
    if case == "load problems":
        for name, text in LOAD_PROBLEMS.items():
            (where / name).write_text(text, encoding="utf-8")
    if case == "cross-file problems":
        # Loads cleanly, every id of it repeated: only the checks find it, after the
        # command has computed its figures on the whole repository.
        shutil.copy(
            where / "plan" / "p0003-priority-1.yaml", where / "plan" / "p9999-priority-1.yaml"
        )
    return where


@pytest.mark.parametrize(
    "command", ["check --format json", "status --no-cache", "status", "status --format json"]
)
def test_the_command_prints_what_a_run_without_helpers_prints(
    command: str, tmp_path: Path, run: Run
) -> None:
    for case in CASES:
        root = repository(tmp_path / case, case)
        before = snapshot(root)
        env = {**os.environ, "SENDTRACK_CACHE_DIR": str(tmp_path / "cache"), "NO_COLOR": "1"}
        env.pop("COLUMNS", None)
        typed = f"--width 100 {command} --as-of 2025-11-03"
        done = subprocess.run(
            [sys.executable, "-m", "sendtrack", "--repo", str(root), *typed.split()],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        here = run(root, f"--no-cache {typed}")
        assert (done.stdout, done.stderr) == (here.stdout, here.stderr), case
        assert done.returncode == here.exit_code == (0 if case == "clean" else 1), case
        assert snapshot(root) == before
        if command.startswith("check"):
            codes = {problem["code"] for problem in json.loads(done.stdout)["problems"]}
            expected = {
                "clean": set(),
                "load problems": {"yaml-duplicate-key", "yaml-anchor", "yaml-syntax"},
                "cross-file problems": {"duplicate-id"},
            }[case]
            assert expected <= codes and bool(codes) == bool(expected), case
        elif case != "clean":
            assert "sendtrack: These figures leave out" in done.stderr, case
