"""Issue 10, item 3: two writes at once must never lose one.

Two ``sendtrack update`` processes on different milestones of one file, started
together, used to both read the file, both exit 0, and the later rename dropped the
other's note. Every write now holds the repository's lock from its first read to its
last rename; a write that cannot get it within a few seconds says so and exits 1. And a
write never replaces a file that changed on disk after it was read.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from sendtrack.store.edits import Editor
from sendtrack.store.journal import JournalError, locked, paths
from tests.gitrepo import BOARD, GitRepo

PLAN = "plan/priority-1.yaml"
BUSY = "another sendtrack write is running (lock: {lock})"
PAIRS = 10


def start(root: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "sendtrack", "--repo", str(root), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def notes(root: Path) -> dict[str, list[str]]:
    data = yaml.safe_load((root / PLAN).read_text(encoding="utf-8"))
    return {
        milestone["id"]: [update["note"] for update in milestone.get("updates", [])]
        for outcome in data["outcomes"]
        for action in outcome["actions"]
        for milestone in action["milestones"]
    }


@pytest.fixture
def board(tmp_path: Path) -> GitRepo:
    repo = GitRepo.create(tmp_path / "board", BOARD)
    repo.commit("The board after 3 November.")
    return repo


@pytest.mark.slow
def test_two_updates_of_one_file_started_together_lose_nothing(board: GitRepo) -> None:
    busy = BUSY.format(lock=paths(board.root).lock)
    refused = 0
    for round_ in range(PAIRS):
        wanted = {
            "1.4.2.2": f"Round {round_}: measures drafted.",
            "1.4.2.3": f"Round {round_}: signed.",
        }
        running = {m: start(board.root, "update", m, "--note", note) for m, note in wanted.items()}
        outcomes = {m: (p.wait(timeout=120), p.communicate()[1]) for m, p in running.items()}
        recorded = notes(board.root)
        for milestone, note in wanted.items():
            code, stderr = outcomes[milestone]
            if code == 0:
                assert recorded[milestone][-1] == note, f"round {round_}: {milestone} lost"
            else:
                # Refused, never silently lost: it says why, and its note is not there.
                assert code == 1, stderr
                assert busy in stderr
                assert note not in recorded[milestone]
                refused += 1
        assert sum(code == 0 for code, _ in outcomes.values()) >= 1
    # The lock serialises them: a refusal needs the other write to take over 5 seconds.
    assert refused < PAIRS


def test_a_write_refuses_while_another_holds_the_lock(board: GitRepo) -> None:
    before = (board.root / PLAN).read_bytes()
    with locked(board.root) as lock:
        waiting = start(board.root, "update", "1.4.2.2", "--note", "Drafted.")
        code = waiting.wait(timeout=120)
        stdout, stderr = waiting.communicate()
        # A read does not wait for writes.
        reading = start(board.root, "milestones", "--format", "json")
        assert reading.wait(timeout=120) == 0, reading.communicate()[1]
    assert code == 1
    assert stderr.startswith(f"sendtrack: {BUSY.format(lock=lock)}\n")
    assert "run the command again; nothing was written" in stderr
    assert stdout == ""
    assert (board.root / PLAN).read_bytes() == before
    assert lock == paths(board.root).lock
    assert lock.parent == board.root / ".git"  # never a file git would carry


def test_a_write_never_replaces_a_file_changed_after_it_was_read(board: GitRepo) -> None:
    editor = Editor(board.root)
    editor.set_value(PLAN, ("outcomes", 0, "actions", 0, "milestones", 1, "status"), "complete")
    board.edit(PLAN, "title: Data sharing protocol signed", "title: Data sharing agreed")
    edited = (board.root / PLAN).read_bytes()
    with pytest.raises(JournalError, match="changed on disk while this write was being prepared"):
        editor.commit()
    assert (board.root / PLAN).read_bytes() == edited
    assert sorted(p.name for p in (board.root / "plan").iterdir()) == [
        "partnership.yaml",
        "priority-1.yaml",
    ]
    assert not paths(board.root).journal.exists()
