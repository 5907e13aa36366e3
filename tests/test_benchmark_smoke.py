"""The benchmark harness works (a tiny run), and start-up stays light.

The benchmarks themselves run on demand (``python benchmarks/run.py``); here the
generator's promises (valid, deterministic) and the harness are exercised at a size that
takes seconds, and the import discipline that keeps ``--version``, ``--help`` and
``status`` quick is checked by looking at ``sys.modules`` in a real process.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from sendtrack.store.loader import load
from tests.conftest import PROJECT_ROOT

BENCHMARKS = PROJECT_ROOT / "benchmarks"
SENDTRACK = str(Path(sys.executable).parent / "sendtrack")


def generate(out: Path, milestones: int, seed: int) -> None:
    subprocess.run(
        [sys.executable, str(BENCHMARKS / "generate.py"), "--milestones", str(milestones),
         "--out", str(out), "--seed", str(seed)],
        check=True,
        capture_output=True,
    )  # fmt: skip


def contents(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.yaml"))}


def test_generated_repository_is_valid_sized_and_deterministic(tmp_path: Path) -> None:
    generate(tmp_path / "a", 150, seed=7)
    generate(tmp_path / "b", 150, seed=7)
    generate(tmp_path / "c", 150, seed=8)
    assert contents(tmp_path / "a") == contents(tmp_path / "b")
    assert contents(tmp_path / "a") != contents(tmp_path / "c")

    repo, problems = load(tmp_path / "a")
    assert problems == []
    assert len(repo.milestones()) == 150
    assert any(m.reprofiles for m in repo.milestones())
    assert repo.open_actions and repo.archived_actions and repo.risks and repo.meetings

    result = subprocess.run(
        [SENDTRACK, "--repo", str(tmp_path / "a"), "--no-cache", "check", "--as-of", "2025-11-03"],
        capture_output=True,
        text=True,
    )
    files = len(contents(tmp_path / "a"))
    assert (result.returncode, result.stdout) == (0, f"ok: no problems in {files} files\n")


def test_generator_refuses_to_write_over_a_repository(tmp_path: Path) -> None:
    generate(tmp_path / "a", 20, seed=1)
    with pytest.raises(subprocess.CalledProcessError) as refused:
        generate(tmp_path / "a", 20, seed=2)
    assert b"already holds a repository" in refused.value.stderr


@pytest.mark.slow
def test_harness_smoke_run(tmp_path: Path) -> None:
    results = tmp_path / "RESULTS.md"
    results.write_text(
        "old\n<!-- notes: kept when run.py rewrites this file -->\nHand-written.\n"
        "<!-- /notes -->\n",
        encoding="utf-8",
    )
    run = subprocess.run(
        [sys.executable, str(BENCHMARKS / "run.py"), "--sizes", "40", "--runs", "1",
         "--work", str(tmp_path / "work"), "--results", str(results)],
        capture_output=True,
        text=True,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    text = results.read_text(encoding="utf-8")
    assert "FAILED" not in text
    assert "Every command completed at every size: yes." in text
    for row in (
        "| python -c pass |",
        "| sendtrack --version |",
        "| bare parse (CSafeLoader) |",
        "| check, cold |",
        "| status, warm |",
        "| check-jsonschema |",
        "| reprofile (edit) |",
        "| check, cold ÷ check-jsonschema |",
        "| --version ≤ 2 × python -c pass | 40 |",
        "| parse (libyaml events to plain data) |",
        "| status, cold ÷ status --no-cache (the cost of writing the cache) |",
        "| shipped data: status warm ≤ 3 × python -c pass | shipped data |",
    ):
        assert row in text, row
    assert "Hand-written." in text and "old" not in text.splitlines()[0]
    # Each timed edit is undone: the repository is byte for byte what was generated.
    generate(tmp_path / "fresh", 40, seed=1)
    assert contents(tmp_path / "work" / "repo-40") == contents(tmp_path / "fresh")


@pytest.mark.slow
def test_papers_harness_smoke_run(tmp_path: Path) -> None:
    results = tmp_path / "RESULTS.md"
    results.write_text(
        "# kept\n<!-- papers: written by benchmarks/papers.py -->\nSTALE\n<!-- /papers -->\ntail\n",
        encoding="utf-8",
    )
    run = subprocess.run(
        [sys.executable, str(BENCHMARKS / "papers.py"), "--runs", "1", "--results", str(results)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    text = results.read_text(encoding="utf-8")
    assert text.startswith("# kept\n") and text.endswith("<!-- /papers -->\ntail\n")
    assert "STALE" not in text and "FAILED" not in text
    for row in ("| board pack, cold |", "| board pack, warm |", "| highlight, --no-cache |"):
        assert row in text, row


# -- start-up: import only what is used -----------------------------------------------------

MODULES_AFTER = """\
import json, sys
from sendtrack.cli.main import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
sys.stderr.write(json.dumps(sorted(sys.modules)))
"""


@pytest.fixture
def modules_after(tmp_path: Path) -> Callable[..., set[str]]:
    """Every module imported by one real run of the CLI with ``args``."""

    def run_cli(*args: str) -> set[str]:
        run = subprocess.run(
            [sys.executable, "-c", MODULES_AFTER, *args],
            capture_output=True,
            text=True,
            env={"SENDTRACK_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"},
        )
        modules: set[str] = set(json.loads(run.stderr.splitlines()[-1]))
        return modules

    return run_cli


def imported(modules: set[str], *prefixes: str) -> list[str]:
    return sorted(m for m in modules if any(m == p or m.startswith(p + ".") for p in prefixes))


HEAVY_FOR_HELP = (
    "pydantic",
    "yaml",
    "ruamel",
    "rich",
    "tabulate",
    "sendtrack.models",
    "sendtrack.store.yamlio",
    "sendtrack.store.loader",
    "sendtrack.plan.status",
    "sendtrack.render",
    "sendtrack.papers",
)

NOT_FOR_STATUS = (
    # rich is imported: status draws its text with it (render.console); a repeated run
    # that prints its stored output does not (test_repeated_status_imports_no_rich).
    "ruamel",
    "sendtrack.papers",
    "sendtrack.render.papers_html",
    "sendtrack.render.papers_layout",
    "sendtrack.render.papers_highlight",
    "sendtrack.render.papers_board_pack",
    "sendtrack.render.papers_markdown",
    "sendtrack.render.papers_text",
    "sendtrack.render.board",
    "sendtrack.render.diff",
    "sendtrack.store.edits",
    "sendtrack.plan.edits",
    "sendtrack.edit",
    "sendtrack.board",
    "sendtrack.store.history",
    "sendtrack.review.diff",
    "sendtrack.review.baseline",
    "sendtrack.store.json_schema",
)


def test_version_imports_neither_typer_nor_the_models(
    modules_after: Callable[..., set[str]],
) -> None:
    modules = modules_after("--version")
    assert imported(modules, "typer", "pydantic", "yaml", "sendtrack.cli.app") == []


def test_help_imports_no_heavy_module(modules_after: Callable[..., set[str]]) -> None:
    modules = modules_after("--help")
    assert "typer" in modules  # it did run: Typer renders the help
    assert imported(modules, *HEAVY_FOR_HELP) == []


def test_repeated_status_imports_no_rich(modules_after: Callable[..., set[str]]) -> None:
    args = ("--repo", str(PROJECT_ROOT), "status", "--as-of", "2025-11-03")
    assert "rich" in modules_after(*args)  # the first run draws the text
    again = modules_after(*args)  # the second prints what the first printed
    assert imported(again, "rich", "sendtrack.store.loader", "sendtrack.render.status") == []


def test_warm_board_pack_imports_no_matplotlib(
    modules_after: Callable[..., set[str]], tmp_path: Path
) -> None:
    pack = ("report", "board-pack", "--meeting", "2025-11-03", "--format", "html")
    args = ("--repo", str(PROJECT_ROOT), *pack, "--output", str(tmp_path / "pack.html"))
    assert "matplotlib" in modules_after(*args)  # the first run draws the charts
    assert imported(modules_after(*args), "matplotlib") == []  # the second has them cached


def test_status_on_the_shipped_data_imports_only_what_it_uses(
    modules_after: Callable[..., set[str]],
) -> None:
    modules = modules_after("--repo", str(PROJECT_ROOT), "status")
    assert "sendtrack.store.cache" in modules  # a normal run, through the cache
    assert "sendtrack.plan.status" in modules and "sendtrack.render.status" in modules
    assert imported(modules, *NOT_FOR_STATUS) == []
