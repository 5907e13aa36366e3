"""An unchanged repository's status is printed before the CLI is imported, byte for byte
what the CLI prints; anything the early answer is not sure of goes to the CLI."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Iterable
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from sendtrack.cli.common import OutputFormat
from sendtrack.cli.main import main
from sendtrack.cli.status import SchemeChoice
from sendtrack.cli.stored_output import (
    STATUS_FORMATS,
    STATUS_SCHEMES,
    answer,
    read_status_call,
)
from sendtrack.store.fingerprint import SHAPING_LIBRARIES, installed_version
from sendtrack.store.outputs import OutputCache
from sendtrack.store.state_paths import state_paths

HEAVY = (
    "typer",
    "click",
    "pydantic",
    "pydantic_core",
    "yaml",
    "ruamel",
    "rich",
    "typing",
    "pathlib",
    "datetime",
    "dataclasses",
    "pickle",
    "json",
    "tempfile",
    "hashlib",
    "contextlib",
    "collections",
)
"""What the early answer must not import: the CLI's stack, and the standard modules
whose import alone would double its time (see cli/stored_output.py), or add a tenth to
it (hashlib loads OpenSSL: BLAKE2 comes from ``_blake2``; contextlib and collections)."""

RUN = """
import sys
heavy_names = sys.stdin.read().split()
from sendtrack.cli.main import main
try:
    main(sys.argv[1:])
    code = 0
except SystemExit as done:  # the CLI exits through Click
    code = done.code or 0
loaded = {name.split(".")[0] for name in sys.modules}
sys.stderr.write("HEAVY " + " ".join(sorted(loaded & set(heavy_names))) + "\\n")
sys.exit(code)
"""
"""``python -c RUN ARGS``: the entry point, then which heavy modules it imported (the
harness itself imports only sys, and reads the names to look for on stdin)."""


def sendtrack(root: Path, cache: Path, *args: str) -> tuple[str, list[str]]:
    """Run the real entry point in a fresh process: what it printed and the heavy modules
    it imported."""
    env = {**os.environ, "SENDTRACK_CACHE_DIR": str(cache)}
    for name in ("COLUMNS", "NO_COLOR", "SENDTRACK_REPO"):
        env.pop(name, None)
    done = subprocess.run(
        [sys.executable, "-c", RUN, "--repo", str(root), *args],
        input=" ".join(HEAVY),
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    marker = [line for line in done.stderr.splitlines() if line.startswith("HEAVY ")]
    return done.stdout, marker[-1].removeprefix("HEAVY ").split()


FORMS = [
    ("status", "--as-of", "2025-11-03"),
    ("status", "--format", "json", "--as-of=2025-11-03"),
    ("status", "-f", "markdown", "--scheme", "pap"),
    ("status", "--verbose", "--as-of", "2025-11-03", "--width", "123"),
    ("--width=60", "status", "-v", "--scheme=nhse-brag"),
]


@pytest.mark.parametrize("args", FORMS, ids=[" ".join(form) for form in FORMS])
def test_an_unchanged_status_is_answered_without_the_cli_in_the_clis_bytes(
    shipped_copy: Path, tmp_path: Path, args: tuple[str, ...]
) -> None:
    cache = tmp_path / "cache"
    fresh, imported = sendtrack(shipped_copy, cache, "--no-cache", *args)
    assert "typer" in imported  # the CLI ran
    first, imported = sendtrack(shipped_copy, cache, *args)
    assert first == fresh and "typer" in imported  # ran, and stored what it printed
    again, imported = sendtrack(shipped_copy, cache, *args)
    assert again == fresh
    assert imported == []
    assert "status as of" in again or '"as_of"' in again


def test_a_changed_file_is_not_answered_from_the_cache(shipped_copy: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    before, _ = sendtrack(shipped_copy, cache, "status", "--as-of", "2025-11-03")
    plan = shipped_copy / "tracker" / "actions.yaml"
    plan.write_bytes(plan.read_bytes() + b"\n# a comment changes the bytes\n")
    after, imported = sendtrack(shipped_copy, cache, "status", "--as-of", "2025-11-03")
    assert "typer" in imported
    assert after == before  # a comment changes nothing printed, but it is read afresh


def test_a_waiting_write_journal_goes_to_the_cli(
    shipped_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("SENDTRACK_CACHE_DIR", str(cache))
    args = ["--repo", str(shipped_copy), "status", "--as-of", "2025-11-03"]
    sendtrack(shipped_copy, cache, *args[2:])
    with redirect_stdout(io.StringIO()) as printed:
        assert answer(args)
    assert "status as of 3 Nov 2025" in printed.getvalue()
    journal = Path(state_paths(str(shipped_copy))[0])
    journal.parent.mkdir(parents=True, exist_ok=True)
    journal.write_text("{}", encoding="utf-8")
    with redirect_stdout(io.StringIO()) as printed:
        assert not answer(args)
    assert printed.getvalue() == ""


def test_the_cli_takes_the_key_the_early_answer_made_and_stores_under_it(
    shipped_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every data file is read and hashed once for a status the cache has nothing for,
    not once by the early answer and again by the CLI; and what the CLI then stores is
    what the next identical run is answered with."""
    monkeypatch.setenv("SENDTRACK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("COLUMNS", raising=False)
    made: list[bytes | None] = []
    real = OutputCache.key

    def counted(self: OutputCache, parameters: Iterable[str]) -> bytes | None:
        made.append(real(self, parameters))
        return made[-1]

    monkeypatch.setattr(OutputCache, "key", counted)
    args = ["--repo", str(shipped_copy), "--width", "90", "status", "--as-of", "2025-11-03"]
    printed = entry_point(args)
    assert len(made) == 1 and made[0] is not None
    assert "status as of 3 Nov 2025" in printed
    with redirect_stdout(io.StringIO()) as again:
        assert answer(args) is True
    assert again.getvalue() == printed
    assert made == [made[0]] * 2


def test_a_status_the_early_answer_cannot_read_makes_its_key_in_the_cli(
    shipped_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SENDTRACK_CACHE_DIR", str(tmp_path / "cache"))
    args = ["--repo", str(shipped_copy), "status", "--as-of", "3 Nov 2025"]
    assert answer(args) is False
    printed = entry_point(args)
    assert entry_point(args) == printed != ""  # the CLI answers from what it stored


def entry_point(args: list[str]) -> str:
    """What ``main(args)`` prints, in this process; it must exit 0."""
    with redirect_stdout(io.StringIO()) as printed, pytest.raises(SystemExit) as done:
        main(args)
    assert done.value.code in (0, None)
    return printed.getvalue()


@pytest.mark.parametrize(
    "args",
    [
        ["status", "--as-recorded"],
        ["--no-cache", "status"],
        ["--debug", "status"],
        ["status", "--help"],
        ["--verbose", "status"],
        ["status", "--as-of", "3 Nov 2025"],
        ["status", "--as-of", "20251103"],
        ["status", "-fjson"],
        ["status", "-f=json"],
        ["status", "--format", "yaml"],
        ["status", "--format"],
        ["status", "--format", "--verbose"],
        ["status", "--scheme", "rainbow"],
        ["status", "--width", "wide"],
        ["status", "extra"],
        ["status", "status"],
        ["milestones"],
        ["--repo", "status"],
        [],
    ],
)
def test_anything_but_a_plain_status_goes_to_the_cli(args: list[str]) -> None:
    assert read_status_call(args) is None


def test_a_plain_status_is_read_as_the_cli_reads_it() -> None:
    assert read_status_call(["--repo", "status", "status"]) == {"repo": "status"}
    args = ["status", "--repo=../x", "-f", "json", "-v", "--as-of=2025-11-03"]
    assert read_status_call(args) == {
        "repo": "../x",
        "format": "json",
        "verbose": "yes",
        "as_of": "2025-11-03",
    }


def test_the_early_answer_knows_the_clis_choices() -> None:
    assert list(STATUS_FORMATS) == [choice.value for choice in OutputFormat]
    assert list(STATUS_SCHEMES) == [choice.value for choice in SchemeChoice]


def test_library_versions_are_read_without_importing_them() -> None:
    from importlib.metadata import version

    for module, distribution in SHAPING_LIBRARIES:
        assert installed_version(module, distribution).lower() == (
            f"{distribution}-{version(distribution)}".lower()
        )
