"""The entry point: version, init, and the one error boundary (exit 3, no traceback)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from sendtrack import __version__
from sendtrack.checks.validate import check_repository
from sendtrack.cli.main import main


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sendtrack", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def test_version() -> None:
    done = run("--version")
    assert (done.returncode, done.stdout) == (0, f"sendtrack {__version__}\n")


def test_init_writes_a_valid_commented_repository(tmp_path: Path) -> None:
    target = tmp_path / "new"
    done = run("init", str(target))
    assert done.returncode == 0
    assert "wrote " in done.stdout
    kinds = {p.relative_to(target).parts[0] for p in target.rglob("*.yaml")}
    assert kinds == {"plan", "tracker", "risks", "meetings"}
    for path in target.rglob("*.yaml"):
        assert path.read_text().startswith("#"), f"{path} should open with a comment"
    assert check_repository(target).problems == []


def test_init_never_overwrites(tmp_path: Path) -> None:
    run("init", str(tmp_path))
    marker = tmp_path / "plan" / "partnership.yaml"
    marker.write_text("# mine\n")
    done = run("init", str(tmp_path))
    assert done.returncode == 2
    assert "nothing was written" in done.stderr
    assert marker.read_text() == "# mine\n"


def test_internal_error_is_exit_3_without_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    run("init", str(tmp_path))

    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("simulated bug")

    # A bug cannot be provoked from real input (that is the point), so one is planted.
    monkeypatch.setattr("sendtrack.checks.validate.check_repository", broken)
    with pytest.raises(SystemExit) as exit_info:
        main(["--repo", str(tmp_path), "check"])
    assert exit_info.value.code == 3
    err = capsys.readouterr().err
    assert err.startswith("sendtrack: internal error: RuntimeError: simulated bug\n")
    assert "Traceback" not in err


def test_debug_shows_the_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run("init", str(tmp_path))

    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr("sendtrack.checks.validate.check_repository", broken)
    with pytest.raises(RuntimeError, match="simulated bug"):
        main(["--debug", "--repo", str(tmp_path), "check"])


def test_usage_error_is_exit_2(tmp_path: Path) -> None:
    run("init", str(tmp_path))
    done = run("--repo", str(tmp_path), "check", "--format", "xml")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
