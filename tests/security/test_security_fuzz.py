"""Damaged data never crashes or hangs sendtrack: fuzzed copies of the shipped files.

Each case takes one shipped data file and damages it the ways files really get damaged
(a deleted, swapped or re-indented line, a git conflict left in, a NUL, random bytes, a
truncated write, a block pasted twice), from a fixed seed so that every run tries the
same cases. The damaged repository goes through the real CLI — ``check`` (JSON and
text), ``status`` and ``milestones`` — in-process, and a few cases also as a real
``sendtrack`` process. Every answer must be a clean one: exit 0 or 1 (never 3, the
internal error), no traceback, problems located in a data file with a catalogued code,
the three commands agreeing on whether the repository is usable, nothing on disk
changed, and each run finished within a generous timeout.
"""

from __future__ import annotations

import json
import random
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

import pytest
import typer.main
import typer.testing
from typer.testing import CliRunner, Result

from sendtrack.cli.app import app
from sendtrack.core.problems import CATALOGUE
from tests.conftest import DATA_FOLDERS, PROJECT_ROOT

SEED = 20251103
CASES = 200
SUBPROCESS_EVERY = 40
"""Every 40th case also runs as a real process (5 of 200): the in-process runs are
faithful to the CLI but share one interpreter; these prove the same answer end to end."""

RUN_TIMEOUT_S = 30
"""A run takes ~0.05 s; a run still going after this long is a hang, not a slow machine."""

AS_OF = "2025-11-03"
SHIPPED = sorted(
    path.relative_to(PROJECT_ROOT).as_posix()
    for folder in DATA_FOLDERS
    for path in (PROJECT_ROOT / folder).glob("*.yaml")
)
LOCATED = re.compile(
    r"^(?:plan|tracker|risks|meetings|measures)/[^/:]+\.yaml:\d+:\d+: [a-z0-9-]+ ", re.M
)

Mutator = Callable[[bytes, random.Random], bytes]


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True) or [b""]


def _span(lines: list[bytes], rng: random.Random, most: int = 8) -> tuple[int, int]:
    start = rng.randrange(len(lines))
    return start, min(len(lines), start + rng.randint(1, most))


def delete_line(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    del lines[rng.randrange(len(lines))]
    return b"".join(lines)


def swap_lines(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    first = rng.randrange(len(lines))
    second = min(len(lines) - 1, max(0, first + rng.choice([-3, -2, -1, 1, 2, 3])))
    lines[first], lines[second] = lines[second], lines[first]
    return b"".join(lines)


def reindent_line(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    index = rng.randrange(len(lines))
    body = lines[index].lstrip(b" ")
    indent = len(lines[index]) - len(body)
    new_indent = rng.choice(
        [b" " * max(0, indent + rng.choice([-4, -2, -1, 1, 2, 4])), b"\t" + b" " * indent]
    )
    lines[index] = new_indent + body
    return b"".join(lines)


def conflict_markers(data: bytes, rng: random.Random) -> bytes:
    """A merge conflict committed as it was: both sides, one changed, between markers."""
    lines = _lines(data)
    start, end = _span(lines, rng)
    ours = lines[start:end]
    theirs = [line.replace(b"in_progress", b"complete") for line in ours]
    if theirs == ours:
        theirs = ours[: max(1, len(ours) - 1)]
    block = [
        b"<<<<<<< HEAD\n",
        *ours,
        b"=======\n",
        *theirs,
        b">>>>>>> origin/main\n",
    ]
    return b"".join([*lines[:start], *block, *lines[end:]])


def nul_byte(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + b"\x00" + data[at:]


def random_bytes(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data) + 1)
    size = rng.randint(1, 16)
    return data[:at] + rng.randbytes(size) + data[at + rng.randint(0, size) :]


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def duplicate_block(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    start, end = _span(lines, rng, most=20)
    return b"".join([*lines[:end], *lines[start:end], *lines[end:]])


MUTATORS: dict[str, Mutator] = {
    "delete": delete_line,
    "swap": swap_lines,
    "reindent": reindent_line,
    "conflict": conflict_markers,
    "nul": nul_byte,
    "bytes": random_bytes,
    "truncate": truncate,
    "duplicate": duplicate_block,
}


@dataclass(frozen=True)
class Case:
    number: int
    file: str
    mutations: tuple[str, ...]
    seed: int

    @property
    def id(self) -> str:
        return f"{self.number:03d}-{Path(self.file).stem}-{'+'.join(self.mutations)}"

    def damaged(self) -> bytes:
        rng = random.Random(self.seed)
        data = (PROJECT_ROOT / self.file).read_bytes()
        for name in self.mutations:
            data = MUTATORS[name](data, rng)
        return data


def _cases() -> list[Case]:
    rng = random.Random(SEED)
    cases = []
    for number in range(CASES):
        file = rng.choice(SHIPPED)
        mutations = tuple(rng.sample(sorted(MUTATORS), k=rng.choice([1, 1, 1, 2, 3])))
        cases.append(Case(number, file, mutations, rng.getrandbits(32)))
    return cases


ALL_CASES = _cases()


class Hang(BaseException):
    """A run outlived RUN_TIMEOUT_S. A BaseException, so no ``except Exception`` in the
    code under test can swallow it."""


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    def expire(signum: int, frame: FrameType | None) -> None:
        raise Hang(f"no answer after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def run(root: Path, *args: str) -> Result:
    with deadline(RUN_TIMEOUT_S):
        result = CliRunner().invoke(app, ["--repo", str(root), *args])
    # CliRunner catches what would reach main()'s boundary (exit 3 there): it must be
    # nothing but the SystemExit of a clean answer.
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(
            f"sendtrack {' '.join(args)} crashed: "
            f"{type(result.exception).__name__}: {result.exception}"
        ) from result.exception
    assert result.exit_code in (0, 1), (args, result.exit_code, result.output)
    assert "Traceback" not in result.output
    return result


@pytest.fixture(autouse=True, scope="module")
def _command_built_once() -> Iterator[None]:
    """The CLI's Click command, built from the Typer app once, as a real process does.

    ``CliRunner.invoke`` rebuilds it on every call, two thirds of a run's time here.
    """
    built = typer.main.get_command(app)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(typer.testing, "_get_command", lambda _app: built)
        yield


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("pristine")
    for folder in DATA_FOLDERS:
        shutil.copytree(PROJECT_ROOT / folder, root / folder)
    return root


def test_the_cases_cover_every_mutation_and_every_kind_of_file() -> None:
    used = {name for case in ALL_CASES for name in case.mutations}
    assert used == set(MUTATORS)
    assert {case.file.split("/")[0] for case in ALL_CASES} == set(DATA_FOLDERS)
    damaged = [
        case for case in ALL_CASES if case.damaged() != (PROJECT_ROOT / case.file).read_bytes()
    ]
    assert len(damaged) > 0.9 * CASES


@pytest.mark.parametrize("case", ALL_CASES, ids=[case.id for case in ALL_CASES])
def test_damaged_file_gets_a_clean_answer(case: Case, pristine: Path, tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(pristine, root)
    (root / case.file).write_bytes(case.damaged())
    before = snapshot(root)

    checked = run(root, "check", "--format", "json", "--as-of", AS_OF)
    report = json.loads(checked.stdout)
    assert report["ok"] is (checked.exit_code == 0)
    for problem in report["problems"]:
        assert problem["code"] in CATALOGUE, problem
        assert (root / problem["file"]).is_file(), problem

    text = run(root, "check", "--as-of", AS_OF)
    assert text.exit_code == checked.exit_code
    if text.exit_code:
        assert LOCATED.search(text.stdout), text.stdout

    status = run(root, "status", "--as-of", AS_OF)
    milestones = run(root, "milestones", "--format", "json", "--as-of", AS_OF)
    # One repository, one verdict: what check calls broken, the reports exit 1 on, after
    # reporting what loaded with a banner (or refusing, when the settings are broken).
    assert status.exit_code == milestones.exit_code == checked.exit_code, (
        status.output,
        milestones.output,
    )
    if status.exit_code == 0:
        assert "status as of" in status.stdout
        assert isinstance(json.loads(milestones.stdout), (list, dict))
    elif "fix the problems above first" not in status.output:
        assert "These figures leave out" in status.stderr
        assert "status as of" in status.stdout
        assert isinstance(json.loads(milestones.stdout), (list, dict))

    if case.number % SUBPROCESS_EVERY == 0:
        for args, answer in (("check", "--format", "json"), checked), (("status",), status):
            done = subprocess.run(
                [sys.executable, "-m", "sendtrack", "--repo", str(root), *args, "--as-of", AS_OF],
                capture_output=True,
                text=True,
                timeout=RUN_TIMEOUT_S * 4,  # a fresh interpreter imports the whole stack
                check=False,
            )
            assert done.returncode == answer.exit_code, done.stderr
            assert "Traceback" not in done.stdout + done.stderr
            if args[0] == "check":  # text wraps to the terminal's width; JSON does not
                assert done.stdout == answer.stdout

    assert snapshot(root) == before, "a read-only command changed the repository"
