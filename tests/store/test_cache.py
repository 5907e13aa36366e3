"""The cache of validated models never serves stale data, and is always safe to lose.

Each test loads a real repository through ``check_repository`` with a cache in a temp
folder, changes something (a byte of a file, the cache file itself, the code's
fingerprint, the as-of day) and checks that the answer is exactly what a load without
any cache gives, and which files were read afresh.
"""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from sendtrack.checks.validate import CheckResult, check_repository
from sendtrack.store import cache as cache_module
from sendtrack.store import fingerprint, loader
from sendtrack.store.cache import MAX_REPOSITORIES, ModelCache
from tests.conftest import DATA_FOLDERS, PROJECT_ROOT, MakeRepo

AS_OF = date(2025, 11, 3)


def check_as_a_process(root: Path, cache_dir: Path) -> subprocess.CompletedProcess[str]:
    """``sendtrack check`` run through the entry point in its own interpreter, so that
    the forked cache writer and ``cli/main.leave`` run as they do for a user."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "sendtrack",
            "--repo",
            str(root),
            "check",
            "--as-of",
            AS_OF.isoformat(),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "SENDTRACK_CACHE_DIR": str(cache_dir)},
        check=False,
    )


@pytest.fixture
def shipped(tmp_path: Path) -> Path:
    root = tmp_path / "shipped"  # make_repo builds tmp_path / "repo"
    for folder in DATA_FOLDERS:
        shutil.copytree(PROJECT_ROOT / folder, root / folder)
    return root


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The files the loader actually parsed (rather than took from the cache)."""
    parsed: list[str] = []
    real = loader.read_for_models

    def counting(raw: bytes, file: str) -> Any:
        parsed.append(file)
        return real(raw, file)

    monkeypatch.setattr(loader, "read_for_models", counting)
    yield parsed


def run(root: Path, directory: Path, as_of: date = AS_OF) -> CheckResult:
    return check_repository(root, as_of, cache=ModelCache(root, directory))


def same(result: CheckResult, root: Path, as_of: date = AS_OF) -> None:
    """``result`` is exactly what reading every file afresh gives."""
    fresh = check_repository(root, as_of)
    assert result.problems == fresh.problems
    repo, plain = result.repo, fresh.repo
    assert (repo.settings, repo.priorities, repo.risks, repo.meetings) == (
        plain.settings,
        plain.priorities,
        plain.risks,
        plain.meetings,
    )
    assert (repo.open_actions, repo.archived_actions) == (
        plain.open_actions,
        plain.archived_actions,
    )


def data_files(root: Path) -> list[str]:
    return loader.data_files(root)


def test_warm_run_reads_nothing_and_answers_the_same(
    shipped: Path, tmp_path: Path, reads: list[str]
) -> None:
    run(shipped, tmp_path / "cache")
    assert reads == data_files(shipped)
    reads.clear()
    result = run(shipped, tmp_path / "cache")
    assert reads == []
    same(result, shipped)


def test_one_changed_byte_rereads_that_file_only(
    shipped: Path, tmp_path: Path, reads: list[str]
) -> None:
    run(shipped, tmp_path / "cache")
    path = shipped / "plan" / "priority-2.yaml"
    text = path.read_text(encoding="utf-8")
    # Same length, same modification time: only the contents tell them apart.
    stat = path.stat()
    assert "status: in_progress" in text
    path.write_text(text.replace("status: in_progress", "status: not_starte_", 1), "utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    reads.clear()
    result = run(shipped, tmp_path / "cache")
    assert reads == ["plan/priority-2.yaml"]
    assert [p.code for p in result.errors] == ["invalid-value"]
    same(result, shipped)
    # Put it back: the entry stored for the original bytes serves it again (a file
    # with a problem is never stored, so nothing replaced it).
    path.write_text(text, encoding="utf-8")
    reads.clear()
    result = run(shipped, tmp_path / "cache")
    assert reads == []
    assert result.ok
    same(result, shipped)


def test_a_file_with_problems_is_never_stored(
    make_repo: MakeRepo, tmp_path: Path, reads: list[str]
) -> None:
    root = make_repo({"plan/priority-1.yaml": "id: '1'\nid: '2'\n"})
    first = run(root, tmp_path / "cache")
    reads.clear()
    second = run(root, tmp_path / "cache")
    assert reads == ["plan/priority-1.yaml"]
    assert first.problems == second.problems
    assert "yaml-duplicate-key" in [p.code for p in second.problems]
    same(second, root)


def test_check_results_depend_on_the_as_of_day(shipped: Path, tmp_path: Path) -> None:
    later = run(shipped, tmp_path / "cache")
    # The shipped data records completions in 2025: as of 2024 they lie in the future.
    earlier = run(shipped, tmp_path / "cache", date(2024, 1, 1))
    assert later.ok
    assert "completed-in-future" in {p.code for p in earlier.problems}
    same(earlier, shipped, date(2024, 1, 1))
    same(run(shipped, tmp_path / "cache"), shipped)


def test_removing_a_file_is_seen(shipped: Path, tmp_path: Path) -> None:
    run(shipped, tmp_path / "cache")
    (shipped / "risks" / "register.yaml").unlink()
    result = run(shipped, tmp_path / "cache")
    assert not result.ok  # meetings and board actions name risks that are gone
    same(result, shipped)


CORRUPTIONS: dict[str, Callable[[bytes], bytes]] = {
    "empty": lambda blob: b"",
    "truncated": lambda blob: blob[: len(blob) // 2],
    "random bytes": lambda blob: os.urandom(len(blob)),
    "another structure": lambda blob: pickle.dumps(["not", "a", "cache"]),
    "one flipped bit": lambda blob: blob[:-999] + bytes([blob[-999] ^ 1]) + blob[-998:],
    "another format": lambda blob: b"sendtrack-cache-0\n" + blob[18:],
    "index only": lambda blob: blob[:18] + blob[-4000:],
}


@pytest.mark.parametrize("corrupt", CORRUPTIONS.values(), ids=CORRUPTIONS.keys())
def test_corrupt_cache_is_ignored_and_rewritten(
    corrupt: Callable[[bytes], bytes], shipped: Path, tmp_path: Path
) -> None:
    run(shipped, tmp_path / "cache")
    path = ModelCache(shipped, tmp_path / "cache").path
    path.write_bytes(corrupt(path.read_bytes()))
    same(run(shipped, tmp_path / "cache"), shipped)
    # A third run finds a good cache again.
    same(run(shipped, tmp_path / "cache"), shipped)


def test_another_repositorys_cache_is_ignored(
    shipped: Path, tmp_path: Path, make_repo: MakeRepo, reads: list[str]
) -> None:
    other = make_repo({})
    run(other, tmp_path / "cache")
    ModelCache(shipped, tmp_path / "cache").path.write_bytes(
        ModelCache(other, tmp_path / "cache").path.read_bytes()
    )
    reads.clear()
    result = run(shipped, tmp_path / "cache")
    assert reads == data_files(shipped)
    same(result, shipped)


def test_another_builds_cache_is_ignored(
    shipped: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reads: list[str]
) -> None:
    run(shipped, tmp_path / "cache")
    monkeypatch.setattr(fingerprint, "_fingerprint", b"another build of sendtrack")
    reads.clear()
    result = run(shipped, tmp_path / "cache")
    assert reads == data_files(shipped)
    same(result, shipped)


def test_a_model_of_the_wrong_kind_is_not_used(
    shipped: Path, tmp_path: Path, reads: list[str]
) -> None:
    priority = run(shipped, tmp_path / "first").repo.priorities[0]
    # A cache whose entry for the settings file (right bytes) holds a priority.
    cache = ModelCache(shipped, tmp_path / "cache")
    settings = (shipped / "plan" / "partnership.yaml").read_bytes()
    assert cache.model("plan/partnership.yaml", settings) is None
    cache.keep("plan/partnership.yaml", settings, priority)
    cache.save()
    assert ModelCache(shipped, tmp_path / "cache").model("plan/partnership.yaml", settings) == (
        priority
    )
    reads.clear()
    result = run(shipped, tmp_path / "cache")
    assert "plan/partnership.yaml" in reads
    same(result, shipped)


def test_deleting_the_cache_is_always_safe(shipped: Path, tmp_path: Path) -> None:
    run(shipped, tmp_path / "cache")
    shutil.rmtree(tmp_path / "cache")
    same(run(shipped, tmp_path / "cache"), shipped)
    assert ModelCache(shipped, tmp_path / "cache").path.is_file()


def test_an_unwritable_cache_folder_is_not_an_error(shipped: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the folder should be")
    same(run(shipped, blocker), shipped)


def test_old_repository_caches_are_pruned(tmp_path: Path, make_repo: MakeRepo) -> None:
    root = make_repo({})
    directory = tmp_path / "cache"
    directory.mkdir()
    kept_at_most = 2 * MAX_REPOSITORIES  # a model cache and an outputs file each
    for number in range(kept_at_most + 5):
        stale = directory / f"{number:032x}.{'cache' if number % 2 else 'outputs'}"
        stale.write_bytes(b"old")
        os.utime(stale, (1_000_000 + number, 1_000_000 + number))
    run(root, directory)
    kept = sorted(path.name for path in directory.iterdir())
    assert len(kept) == kept_at_most
    assert ModelCache(root, directory).path.name in kept
    assert f"{0:032x}.outputs" not in kept  # the least recently used went first


# -- the command line -------------------------------------------------------------------


def test_cli_uses_the_user_cache_folder_and_no_cache_leaves_it_alone(
    shipped: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Callable[..., Any]
) -> None:
    directory = tmp_path / "user-cache"
    monkeypatch.setenv("SENDTRACK_CACHE_DIR", str(directory))
    before = sorted(str(p.relative_to(shipped)) for p in shipped.rglob("*"))

    result = cli("--repo", str(shipped), "--no-cache", "check", "--as-of", "2025-11-03")
    assert result.exit_code == 0, result.output
    assert not directory.exists()

    first = cli("--repo", str(shipped), "check", "--as-of", "2025-11-03")
    second = cli("--repo", str(shipped), "check", "--as-of", "2025-11-03")
    assert first.exit_code == second.exit_code == 0
    assert first.output == second.output == result.output
    assert [p.name for p in directory.iterdir()] == [ModelCache(shipped, directory).path.name]
    # Nothing is ever written inside the repository.
    assert sorted(str(p.relative_to(shipped)) for p in shipped.rglob("*")) == before


def test_default_folder_follows_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SENDTRACK_CACHE_DIR", "/somewhere/else")
    assert cache_module.default_directory() == Path("/somewhere/else")
    monkeypatch.delenv("SENDTRACK_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", "/xdg")
    assert cache_module.default_directory() == Path("/xdg/sendtrack")


def test_two_loads_through_one_cache_share_unchanged_models(
    shipped: Path, tmp_path: Path, reads: list[str]
) -> None:
    # What an edit does: load, then re-check the edited repository.
    cache = ModelCache(shipped, tmp_path / "cache")
    sources = {name: (shipped / name).read_bytes() for name in data_files(shipped)}
    before, _ = loader.load_sources(shipped, sources.items(), cache=cache)
    edited = sources["plan/priority-3.yaml"].replace(
        b"status: not_started", b"status: in_progress", 1
    )
    assert edited != sources["plan/priority-3.yaml"]
    reads.clear()
    after, _ = loader.load_sources(
        shipped, {**sources, "plan/priority-3.yaml": edited}.items(), cache=cache
    )
    cache.save()
    assert reads == ["plan/priority-3.yaml"]
    assert after.priorities[0] is before.priorities[0]
    assert after.priorities[2] is not before.priorities[2]
    assert after.priorities[2] != before.priorities[2]
    # One copy of each unchanged file's text, too.
    assert after.documents["plan/priority-1.yaml"] is before.documents["plan/priority-1.yaml"]
    assert after.documents["plan/priority-3.yaml"].text == edited.decode()


# -- whole outputs (status) -------------------------------------------------------------


@pytest.fixture
def status_cli(
    shipped: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Callable[..., Any]
) -> Callable[..., Any]:
    monkeypatch.setenv("SENDTRACK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")

    def status(*args: str) -> Any:
        return cli("--repo", str(shipped), *args)

    return status


def fresh(status_cli: Callable[..., Any], *args: str) -> str:
    result = status_cli("--no-cache", "status", *args)
    assert result.exit_code == 0, result.output
    text: str = result.output
    return text


def test_unchanged_status_is_printed_without_loading_anything(
    status_cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = status_cli("status", "--as-of", "2025-11-03")
    assert first.output == fresh(status_cli, "--as-of", "2025-11-03")

    def no_loading(*args: object, **kwargs: object) -> None:
        raise AssertionError("an unchanged repository was loaded again")

    monkeypatch.setattr("sendtrack.checks.validate.check_repository", no_loading)
    again = status_cli("status", "--as-of", "2025-11-03")
    assert (again.exit_code, again.output) == (0, first.output)


@pytest.mark.parametrize(
    "args",
    [
        ("--as-of", "2025-12-01"),
        ("--as-of", "2025-11-03", "--format", "json"),
        ("--as-of", "2025-11-03", "--format", "markdown"),
        ("--as-of", "2025-11-03", "--scheme", "pap"),
    ],
)
def test_any_other_option_is_a_different_output(
    status_cli: Callable[..., Any], args: tuple[str, ...]
) -> None:
    status_cli("status", "--as-of", "2025-11-03")
    result = status_cli("status", *args)
    assert result.output == fresh(status_cli, *args)
    assert status_cli("status", *args).output == result.output


def test_another_width_is_a_different_output(
    status_cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    status_cli("status", "--as-of", "2025-11-03")
    monkeypatch.setenv("COLUMNS", "60")
    assert status_cli("status", "--as-of", "2025-11-03").output == fresh(
        status_cli, "--as-of", "2025-11-03"
    )


def test_a_changed_byte_is_a_different_output(
    status_cli: Callable[..., Any], shipped: Path
) -> None:
    before = status_cli("status", "--as-of", "2025-11-03").output
    path = shipped / "plan" / "priority-1.yaml"
    text = path.read_text(encoding="utf-8")
    assert "status: in_progress" in text
    path.write_text(text.replace("status: in_progress", "status: not_started", 1), "utf-8")
    after = status_cli("status", "--as-of", "2025-11-03").output
    assert after != before
    assert after == fresh(status_cli, "--as-of", "2025-11-03")
    # Any file in a data folder counts, even one the loader does not read.
    (shipped / "plan" / "notes.txt").write_text("a note", encoding="utf-8")
    assert status_cli("status", "--as-of", "2025-11-03").output == after


def test_a_repository_with_errors_is_never_answered_from_the_cache(
    status_cli: Callable[..., Any], shipped: Path
) -> None:
    (shipped / "plan" / "priority-9.yaml").write_text("id: [\n", encoding="utf-8")
    first = status_cli("status", "--as-of", "2025-11-03")
    second = status_cli("status", "--as-of", "2025-11-03")
    assert first.exit_code == second.exit_code == 1
    assert first.output == second.output
    assert "yaml-syntax" in second.output


def test_a_damaged_outputs_file_is_ignored(
    status_cli: Callable[..., Any], shipped: Path, tmp_path: Path
) -> None:
    first = status_cli("status", "--as-of", "2025-11-03").output
    (path,) = (tmp_path / "cache").glob("*.outputs")
    blob = path.read_bytes()
    path.write_bytes(blob[:-10] + b"0123456789")
    assert status_cli("status", "--as-of", "2025-11-03").output == first


def test_an_edits_recheck_parses_only_the_edited_file_and_answers_the_same(
    shipped: Path, tmp_path: Path, reads: list[str]
) -> None:
    from sendtrack.checks.validate import problems_introduced

    name = "plan/priority-3.yaml"
    edited = (shipped / name).read_bytes().replace(b"status: not_started", b"status: begun", 1)
    reads.clear()
    fresh, documents = problems_introduced(shipped, AS_OF, {name: edited})
    # Before and after share every unchanged model: each file is read once, the edited
    # one twice (as it is, and as edited).
    assert sorted(reads) == sorted([*data_files(shipped), name])
    copy = tmp_path / "edited"
    shutil.copytree(shipped, copy)
    (copy / name).write_bytes(edited)
    assert fresh == check_repository(copy, AS_OF).problems
    assert [p.code for p in fresh] == ["invalid-value"]
    assert documents[name].line_text(fresh[0].line).strip() == "status: begun"


# -- written after the output ------------------------------------------------------------


def test_the_entry_point_writes_the_cache_after_it_exits_and_the_cache_serves(
    shipped: Path, tmp_path: Path
) -> None:
    """A command run as a process leaves the cache to a forked writer: the command's
    pipes close when the command ends (``run`` returns, output whole), and the cache
    that appears then serves every file, as an inline write would have."""
    import time

    directory = tmp_path / "cache"
    done = check_as_a_process(shipped, directory)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("ok: no problems in 16 files")
    cache = ModelCache(shipped, directory)
    deadline = time.monotonic() + 60
    while not cache.path.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    for name in data_files(shipped):
        raw = (shipped / name).read_bytes()
        assert cache.model(name, raw) is not None, name


def test_a_deferred_cache_writes_only_when_finished(shipped: Path, tmp_path: Path) -> None:
    directory = tmp_path / "cache"
    cache = ModelCache(shipped, directory, deferred=True)
    check_repository(shipped, AS_OF, cache=cache)
    assert cache.unsaved and not cache.path.exists()
    cache.finish()
    assert not cache.unsaved and cache.path.exists()
    reread = ModelCache(shipped, directory)
    assert all(
        reread.model(name, (shipped / name).read_bytes()) is not None
        for name in data_files(shipped)
    )


def test_the_entry_points_exit_code_and_output_survive_the_forked_writer(
    shipped: Path, tmp_path: Path
) -> None:
    """With a writer forked, the command leaves without the interpreter's teardown
    (``cli/main.leave``): its exit code and every line it printed are still there."""
    (shipped / "plan" / "priority-9.yaml").write_text("id: [\n", encoding="utf-8")
    done = check_as_a_process(shipped, tmp_path / "cache")
    assert done.returncode == 1
    assert "plan/priority-9.yaml" in done.stdout + done.stderr
    assert "yaml-syntax" in done.stdout + done.stderr
