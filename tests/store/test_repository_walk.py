"""The repository walks its plan once and remembers the walk (store/repository.py): what
every rule of a check and every figure of a report reads. The walk must follow the
priorities it holds, whatever was done to the list since it was made. The rules look
meetings up from one dict, which must find the meeting ``Repository.meeting`` finds."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from sendtrack.checks.validate import check_repository
from sendtrack.store.loader import load
from sendtrack.store.repository import Repository


def milestone_ids(repo: Repository) -> list[str]:
    return [entry.milestone.id for entry in repo.entries()]


def test_the_walk_follows_the_priorities_it_holds(shipped_copy: Path) -> None:
    repo, problems = load(shipped_copy)
    assert problems == []
    first = milestone_ids(repo)
    assert len(first) == 95 and first[0] == "1.1.1.1"
    priorities = list(repo.priorities)
    by_priority = {
        p.id: [e.milestone.id for e in repo.entries() if e.priority is p] for p in priorities
    }

    repo.priorities.reverse()
    assert milestone_ids(repo) == [m for p in reversed(priorities) for m in by_priority[p.id]]
    gone = repo.priorities.pop()
    assert milestone_ids(repo) == [m for p in reversed(priorities[1:]) for m in by_priority[p.id]]
    assert not set(by_priority[gone.id]) & repo.plan_ids()
    repo.priorities[0] = gone  # same length, another object
    assert milestone_ids(repo)[: len(by_priority[gone.id])] == by_priority[gone.id]
    assert gone.id in repo.plan_ids() and priorities[-1].id not in repo.plan_ids()


def test_a_view_walks_its_own_priorities(shipped_copy: Path) -> None:
    repo = check_repository(shipped_copy).repo
    whole = milestone_ids(repo)
    kept = repo.without(["plan/priority-1.yaml"])
    assert milestone_ids(kept) == [m for m in whole if not m.startswith("1.")]
    assert milestone_ids(repo) == whole  # the view's walk is not the repository's
    copy = dataclasses.replace(repo, priorities=repo.priorities[:1])
    assert milestone_ids(copy) == [m for m in whole if m.startswith("1.")]
    assert copy.plan_ids() < repo.plan_ids()


def test_plan_ids_is_a_fresh_set_each_time(shipped_copy: Path) -> None:
    repo, _ = load(shipped_copy)
    ids = repo.plan_ids()
    ids.add("not-an-item")
    assert "not-an-item" not in repo.plan_ids()
    assert "not-an-item" not in repo.all_ids()


def test_meetings_by_id_keeps_the_first_as_meeting_finds(shipped_copy: Path) -> None:
    repo, _ = load(shipped_copy)
    first = repo.meetings[0]
    again = first.model_copy(update={"board": "Another board"})
    twice = dataclasses.replace(repo, meetings=[*repo.meetings, again])
    found = twice.meetings_by_id()
    assert found[first.id] is first is twice.meeting(first.id)
    assert list(found) == [meeting.id for meeting in repo.meetings]
