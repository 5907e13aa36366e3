"""Issue 10, items 1 and 2: a write's journal is followed only if sendtrack wrote it, and
only over the very files the write started from.

Item 1: a repository that carries a ``.sendtrack-journal.json`` (the old journal's place,
in the work tree, where ``git clone`` brings it along) must not make any command rename
anything: not a committed ``hook.sh`` to ``.git/hooks/pre-commit``, not a file through a
committed symlink to a folder outside the repository. The journal now lives in the git
dir, which no clone carries, and names only data files, matched by a random token.

Item 2: a write killed between its journal and its renames, then a hand edit of the same
file: the next command must not rename the stale new version over the edit. It stops,
keeps both files, and names them.

Everything runs the real CLI in a subprocess on real git repositories.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from sendtrack.store.journal import paths
from tests.gitrepo import BOARD, GitRepo

PLAN = "plan/priority-1.yaml"
TOKEN = "a" * 32

HOOK = '#!/bin/sh\necho pwned > "$HOME/pwned"\n'

KILL_AT_FIRST_DATA_RENAME = """
import os, signal, sys
real_replace = os.replace
def replace(source, target, *args, **kwargs):
    if str(target).endswith(".yaml"):  # a data file: the journal is already written
        os.kill(os.getpid(), signal.SIGKILL)
    return real_replace(source, target, *args, **kwargs)
os.replace = replace
from sendtrack.cli.main import main
main(sys.argv[1:])
"""


def sendtrack(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sendtrack", "--repo", str(root), *args],
        capture_output=True,
        text=True,
        check=False,
    )


def killed_write(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run a write that is SIGKILLed at its first data-file rename (journal written)."""
    done = subprocess.run(
        [sys.executable, "-c", KILL_AT_FIRST_DATA_RENAME, "--repo", str(root), *args],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == -9, done.stderr
    return done


def tree(root: Path) -> dict[str, str]:
    """Every entry under ``root``, .git included: a file by its digest, a link by its
    target. The write lock is left out: whether its empty file stays after a write
    depends on the filelock version."""
    lock = paths(root.resolve()).lock
    found: dict[str, str] = {}
    for folder, subfolders, files in os.walk(root):
        for name in sorted(subfolders + files):
            path = Path(folder, name)
            if path.resolve() == lock:
                continue
            key = str(path.relative_to(root))
            if path.is_symlink():
                found[key] = "-> " + os.readlink(path)
            elif path.is_file():
                found[key] = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                found[key] = "dir"
    return found


def notes(root: Path, milestone_id: str) -> list[str]:
    data = yaml.safe_load((root / PLAN).read_text(encoding="utf-8"))
    for outcome in data["outcomes"]:
        for action in outcome["actions"]:
            for milestone in action["milestones"]:
                if milestone["id"] == milestone_id:
                    return [update["note"] for update in milestone.get("updates", [])]
    raise AssertionError(f"no milestone {milestone_id}")


@pytest.fixture
def board(tmp_path: Path) -> GitRepo:
    repo = GitRepo.create(tmp_path / "board", BOARD)
    repo.commit("The board after 3 November.")
    return repo


# -- item 1: a committed journal --------------------------------------------------------


@pytest.fixture
def hostile_clone(tmp_path: Path) -> tuple[Path, Path]:
    """A fresh clone of a repository carrying a journal, a hook and a symlink outside.

    Returns the clone and the file outside the repository the journal aims at."""
    outside = tmp_path / "outside"
    outside.mkdir()
    victim = outside / "victim.txt"
    victim.write_text("the user's own file\n", encoding="utf-8")
    origin = GitRepo.create(tmp_path / "origin", BOARD)
    origin.write({"hook.sh": HOOK, "payload.txt": "overwritten by a stranger\n"})
    (origin.root / "hook.sh").chmod(0o755)
    (origin.root / "elsewhere").symlink_to(outside, target_is_directory=True)
    renames = [
        ["hook.sh", ".git/hooks/pre-commit"],
        ["payload.txt", "elsewhere/victim.txt"],
    ]
    journal = {"renames": renames, "token": "0" * 32, "format": "sendtrack-journal-2"}
    origin.write({".sendtrack-journal.json": json.dumps(journal)})
    origin.commit("A repository with a journal in it.")
    clone = tmp_path / "clone"
    origin.git("clone", "--quiet", str(origin.root), str(clone))
    assert (clone / ".sendtrack-journal.json").is_file()
    assert (clone / "elsewhere").is_symlink()
    assert not (clone / ".git/hooks/pre-commit").exists()
    return clone, victim


@pytest.mark.parametrize(
    "command",
    [["check"], ["status"], ["milestones", "--format", "json"], ["actions"], ["risks"]],
)
def test_a_committed_journal_makes_no_read_command_rename_anything(
    hostile_clone: tuple[Path, Path], command: list[str]
) -> None:
    clone, victim = hostile_clone
    before, outside_before = tree(clone), victim.read_bytes()
    done = sendtrack(clone, *command)
    assert not (clone / ".git/hooks/pre-commit").exists()
    assert victim.read_bytes() == outside_before
    assert tree(clone) == before
    assert "interrupted write" not in done.stderr
    assert done.returncode == 0, done.stderr


def test_a_committed_journal_makes_no_write_command_rename_anything(
    hostile_clone: tuple[Path, Path],
) -> None:
    clone, victim = hostile_clone
    before, outside_before = tree(clone), victim.read_bytes()
    done = sendtrack(clone, "update", "1.4.2.2", "--note", "Measures drafted.")
    assert not (clone / ".git/hooks/pre-commit").exists()
    assert victim.read_bytes() == outside_before
    assert done.returncode == 0, done.stderr
    assert "interrupted write" not in done.stderr
    after = tree(clone)
    changed = {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}
    assert changed == {PLAN}  # in .git too: the journal came and went
    assert notes(clone, "1.4.2.2") == ["Measures drafted."]
    assert (clone / "hook.sh").read_text(encoding="utf-8") == HOOK
    assert (clone / "payload.txt").is_file()


# -- journals sendtrack did not write, where it keeps its own ------------------------------


def _planted(board: GitRepo, entry: dict[str, object], token: str = TOKEN) -> Path:
    """Write a journal into the git dir as if an interrupted write had left it."""
    journal = paths(board.root).journal
    journal.write_text(
        json.dumps({"format": "sendtrack-journal-2", "token": token, "renames": [entry]}),
        encoding="utf-8",
    )
    return journal


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


HOSTILE = {
    "a hook": ("hook.sh", ".git/hooks/pre-commit", "not a data file"),
    "a parent folder": (f"plan/.x.{TOKEN}.tmp", "../outside.yaml", "not a data file"),
    "an absolute path": (f"plan/.x.{TOKEN}.tmp", "{outside}/victim.yaml", "not a data file"),
    "another write's file": ("plan/.priority-1.yaml.b.tmp", PLAN, "not the temporary file"),
    "a folder outside": (
        f"elsewhere/.victim.yaml.{TOKEN}.tmp",
        "elsewhere/victim.yaml",
        "not a data file",
    ),
    "a symlinked data folder": (
        f"meetings/.victim.yaml.{TOKEN}.tmp",
        "meetings/victim.yaml",
        "symbolic link",
    ),
    "a symlinked target": (f"plan/.linked.yaml.{TOKEN}.tmp", "plan/linked.yaml", "symbolic link"),
}


@pytest.mark.parametrize("case", HOSTILE)
def test_a_journal_naming_anything_but_its_writes_own_data_files_is_refused(
    board: GitRepo, tmp_path: Path, case: str
) -> None:
    """A journal in the git dir that sendtrack did not write (no clone carries one
    there, but a copied or corrupted git dir could): read and write commands refuse it,
    name it, and rename nothing, inside or outside the repository."""
    temp, target, reason = HOSTILE[case]
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "victim.yaml").write_text("mine\n", encoding="utf-8")
    target = target.format(outside=outside)
    (board.root / "elsewhere").symlink_to(outside, target_is_directory=True)
    if case == "a symlinked data folder":
        (board.root / "meetings").rename(tmp_path / "meetings")
        (board.root / "meetings").symlink_to(tmp_path / "meetings", target_is_directory=True)
    if case == "a symlinked target":
        (board.root / "plan/linked.yaml").symlink_to(outside / "victim.yaml")
    payload = b"stranger\n"
    (board.root / temp).write_bytes(payload)
    entry = {"temp": temp, "target": target, "before": None, "after": _digest(payload)}
    journal = _planted(board, entry)
    before, outside_before = tree(board.root), tree(outside)
    for command in (["check"], ["update", "1.4.2.2", "--note", "Drafted."], ["recover"]):
        done = sendtrack(board.root, *command)
        assert done.returncode == 1, done.stderr
        assert reason in done.stderr
        assert str(journal) in done.stderr
        assert "nothing was renamed" in done.stderr
        assert tree(board.root) == before
        assert tree(outside) == outside_before
    assert not (board.root / ".git/hooks/pre-commit").exists()


def test_an_unreadable_journal_is_reported_not_discarded(board: GitRepo) -> None:
    journal = paths(board.root).journal
    journal.write_text('{"renames": [["x", ', encoding="utf-8")
    for command in (["check"], ["update", "1.4.2.2", "--note", "Drafted."]):
        done = sendtrack(board.root, *command)
        assert done.returncode == 1
        assert f"{journal} cannot be read" in done.stderr
    assert journal.read_text(encoding="utf-8") == '{"renames": [["x", '
    assert notes(board.root, "1.4.2.2") == []


def test_the_journal_and_lock_live_in_the_git_dir_git_reports(
    board: GitRepo, tmp_path: Path
) -> None:
    """As ``git rev-parse --absolute-git-dir`` finds it: the work tree's own .git, a
    worktree's git dir, the enclosing repository's for a sendtrack folder inside one."""
    git_dir = Path(board.git("rev-parse", "--absolute-git-dir").strip())
    assert paths(board.root).journal == git_dir / "sendtrack-journal.json"
    assert paths(board.root).lock == git_dir / "sendtrack.lock"

    board.git("worktree", "add", "--quiet", str(tmp_path / "worktree"))
    worktree = GitRepo(tmp_path / "worktree")
    worktree_git_dir = Path(worktree.git("rev-parse", "--absolute-git-dir").strip())
    assert worktree_git_dir != git_dir
    assert paths(worktree.root).journal == worktree_git_dir / "sendtrack-journal.json"

    outer = GitRepo.create(tmp_path / "outer", {f"partnership/{k}": v for k, v in BOARD.items()})
    outer.commit("A sendtrack folder inside a larger repository.")
    inner = (outer.root / "partnership").resolve()
    outer_git_dir = Path(outer.git("rev-parse", "--absolute-git-dir").strip())
    assert paths(inner).journal.parent == outer_git_dir
    assert paths(inner).journal != paths(outer.root).journal


def test_outside_git_the_journal_lives_in_the_user_cache_dir(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    GitRepo(plain).write(BOARD)
    where = paths(plain.resolve())
    cache = Path(os.environ["SENDTRACK_CACHE_DIR"])
    assert where.journal.parent == where.lock.parent == cache / "writes"
    assert not where.journal.is_relative_to(plain)
    done = sendtrack(plain, "update", "1.4.2.2", "--note", "Drafted.")
    assert done.returncode == 0, done.stderr
    assert notes(plain, "1.4.2.2") == ["Drafted."]
    assert sorted(p.name for p in plain.rglob("*") if not p.is_dir()) == sorted(
        Path(name).name for name in BOARD
    )


def test_a_hostile_git_file_is_not_followed(tmp_path: Path) -> None:
    """A ``.git`` file (as in a tarball, which git itself would not check out) that names
    a folder git did not link back to this work tree: the cache dir is used instead."""
    plain = tmp_path / "plain"
    GitRepo(plain).write(BOARD)
    (plain / "state").mkdir()
    (plain / ".git").write_text("gitdir: state\n", encoding="utf-8")
    assert (
        paths(plain.resolve()).journal.parent == Path(os.environ["SENDTRACK_CACHE_DIR"]) / "writes"
    )


# -- item 2: an interrupted write, then a hand edit -----------------------------------------


def test_a_killed_write_is_reported_by_reads_and_finished_by_the_next_write(
    board: GitRepo,
) -> None:
    killed_write(board.root, "update", "1.4.2.2", "--note", "First.")
    journal = paths(board.root).journal
    assert journal.is_file()
    assert notes(board.root, "1.4.2.2") == []  # the rename never happened
    before = tree(board.root)

    check = sendtrack(board.root, "check")
    assert check.returncode == 1
    assert "an interrupted write is pending" in check.stderr
    assert PLAN in check.stderr
    assert "sendtrack recover" in check.stderr
    assert tree(board.root) == before  # a read command renames nothing

    done = sendtrack(board.root, "update", "1.4.2.3", "--note", "Second.")
    assert done.returncode == 0, done.stderr
    assert "finished an interrupted write" in done.stderr
    assert notes(board.root, "1.4.2.2") == ["First."]
    assert notes(board.root, "1.4.2.3") == ["Second."]
    assert not journal.exists()
    assert not list(board.root.rglob("*.tmp"))
    assert sendtrack(board.root, "check").returncode == 0


def test_recover_finishes_a_killed_write(board: GitRepo) -> None:
    killed_write(board.root, "update", "1.4.2.2", "--note", "First.")
    done = sendtrack(board.root, "recover")
    assert done.returncode == 0, done.stderr
    assert f"finished the interrupted write of {PLAN}" in done.stdout
    assert notes(board.root, "1.4.2.2") == ["First."]
    assert not paths(board.root).journal.exists()
    again = sendtrack(board.root, "recover")
    assert (again.returncode, again.stdout) == (0, "no interrupted write to finish\n")


@pytest.mark.parametrize("how", ["hand edit", "git pull"])
def test_a_killed_write_never_overwrites_a_later_change(
    board: GitRepo, tmp_path: Path, how: str
) -> None:
    killed_write(board.root, "update", "1.4.2.2", "--note", "First.")
    temps = list((board.root / "plan").glob(".priority-1.yaml.*.tmp"))
    assert len(temps) == 1
    temp = temps[0]
    if how == "hand edit":
        board.edit(PLAN, "title: Data sharing protocol signed", "title: Data sharing agreed")
    else:
        upstream = GitRepo(tmp_path / "upstream")
        board.git("clone", "--quiet", str(board.root), str(upstream.root))
        upstream.edit(PLAN, "title: Data sharing protocol signed", "title: Data sharing agreed")
        upstream.commit("Retitle 1.4.2.3.")
        board.git("pull", "--quiet", "--no-rebase", str(upstream.root), "main")
    edited = (board.root / PLAN).read_bytes()
    written = temp.read_bytes()
    journal = paths(board.root).journal

    for command in (["update", "1.4.2.3", "--note", "Second."], ["recover"], ["check"]):
        done = sendtrack(board.root, *command)
        assert done.returncode == 1, done.stderr
        assert f"{PLAN} has changed since the interrupted write began" in done.stderr
        assert str(temp.relative_to(board.root)) in done.stderr
        assert str(journal) in done.stderr
        # Both are kept: the later change in place, the stale new version beside it.
        assert (board.root / PLAN).read_bytes() == edited
        assert temp.read_bytes() == written
        assert journal.is_file()

    # Resolving as the message says: keep the edit, delete the stale version and journal.
    temp.unlink()
    journal.unlink()
    done = sendtrack(board.root, "update", "1.4.2.3", "--note", "Second.")
    assert done.returncode == 0, done.stderr
    assert "Data sharing agreed" in (board.root / PLAN).read_text(encoding="utf-8")
    assert notes(board.root, "1.4.2.3") == ["Second."]


def test_a_killed_write_whose_new_version_is_gone_is_not_guessed_at(board: GitRepo) -> None:
    killed_write(board.root, "update", "1.4.2.2", "--note", "First.")
    for temp in (board.root / "plan").glob(".priority-1.yaml.*.tmp"):
        temp.unlink()
    before = tree(board.root)
    done = sendtrack(board.root, "recover")
    assert done.returncode == 1
    assert f"{PLAN} is not what the interrupted write left" in done.stderr
    assert f"check that {PLAN} is what you want, then delete {paths(board.root).journal}" in (
        done.stderr
    )
    assert tree(board.root) == before
