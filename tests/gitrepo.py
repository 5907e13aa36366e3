"""Real git repositories for the review tests (diff, --base, pre-commit, workflow).

``GitRepo`` writes files, commits them with a fixed author and fixed, increasing dates
(so commit ids are the same on every run), and runs any git command. ``BOARD`` is a
small but complete repository in the shape of the shipped data, written here so the
tests do not move when the template or the shipped data changes. ``DatedRepo`` commits
on the dates it is told (GIT_COMMITTER_DATE), as boards and leads would have made them,
and ``history_repo`` is a record of three states around the 3 November 2025 board.
"""

from __future__ import annotations

import os
import subprocess
import textwrap
from collections.abc import Mapping
from pathlib import Path

from sendtrack.store.history import clean_environment


class GitRepo:
    def __init__(self, root: Path) -> None:
        self.root = root
        self._commits = 0

    @classmethod
    def create(cls, root: Path, files: Mapping[str, str] | None = None) -> GitRepo:
        root.mkdir(parents=True, exist_ok=True)
        repo = cls(root)
        repo.git("init", "--quiet", "--initial-branch=main")
        if files:
            repo.write(files)
        return repo

    def env(self) -> dict[str, str]:
        self._commits += 1
        stamp = f"2025-12-06T12:{self._commits:02d}:00+00:00"
        return {
            **clean_environment(),
            "GIT_AUTHOR_NAME": "Partnership Manager",
            "GIT_AUTHOR_EMAIL": "pm@example.org",
            "GIT_COMMITTER_NAME": "Partnership Manager",
            "GIT_COMMITTER_EMAIL": "pm@example.org",
            "GIT_AUTHOR_DATE": stamp,
            "GIT_COMMITTER_DATE": stamp,
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": os.devnull,
        }

    def git(self, *args: str) -> str:
        done = subprocess.run(
            ["git", "-c", "commit.gpgsign=false", "-c", "core.autocrlf=false", *args],
            cwd=self.root,
            env=self.env(),
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise AssertionError(f"git {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
        return done.stdout

    def write(self, files: Mapping[str, str]) -> None:
        """Write dedented files; "" deletes one."""
        for name, text in files.items():
            path = self.root / name
            if text == "":
                path.unlink()
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")

    def edit(self, name: str, old: str, new: str, count: int = 1) -> None:
        """Replace text in a file; the old text must be there ``count`` times."""
        path = self.root / name
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == count, f"{old!r} occurs {text.count(old)} times in {name}"
        path.write_text(text.replace(old, new), encoding="utf-8")

    def commit(self, message: str) -> str:
        self.git("add", "--all")
        self.git("commit", "--quiet", "--allow-empty", "-m", message)
        return self.git("rev-parse", "HEAD").strip()


SETTINGS = """\
# Partnership settings.
partnership: Example SEND Partnership
board: SEND Improvement Board
colour_scheme: board
plan_agreed_on: 2025-03-05
workstreams:
  - id: leadership
    name: Leadership, partnership and joint commissioning
    leads:
      - Director of Education
"""

PRIORITY = """\
id: "1"
kind: priority_action
title: Leaders improve shared governance and commissioning.
workstream: leadership
outcomes:
  - id: "1.4"
    text: Outcomes are measured and commissioning is joint.
    actions:
      - id: "1.4.2"
        title: Agree an outcomes framework and quality assurance measures
        workstream: leadership
        due: 2025-12
        milestones:
          - id: "1.4.2.1"
            title: Outcomes framework agreed by the board
            due: 2025-03
            status: in_progress
            started_on: 2025-02-03
            reprofiles:
              - to: 2025-05-31
                reason: Partners asked for a second round of comments.
                agreed_at: "2025-04-10"
          - id: "1.4.2.2"
            title: Quality assurance measures published
            due: 2026-02
            status: in_progress
            started_on: 2025-09-01
          - id: "1.4.2.3"
            title: Data sharing protocol signed
            due: 2026-03
            status: not_started
          - id: "1.4.2.4"
            title: Self-evaluation framework revised
            due: 2026-03
            status: not_started
      - id: "1.4.3"
        title: Refresh the joint commissioning strategy
        workstream: leadership
        due: 2026-03
        milestones:
          - id: "1.4.3.1"
            title: Joint commissioning strategy refreshed
            due: 2025-12
            status: in_progress
            started_on: 2025-06-02
          - id: "1.4.3.2"
            title: Commissioning dashboard live
            due: 2025-12
            status: in_progress
            started_on: 2025-09-01
          - id: "1.4.3.3"
            title: Procurement plan agreed
            due: 2026-03
            status: not_started
          - id: "1.4.3.5"
            title: Commissioning intentions published
            due: 2026-03
            status: not_started
"""

ACTIONS = """\
actions:
  - id: "2025-11-03/A1"
    meeting: "2025-11-03"
    number: 1
    text: Circulate the revised terms of reference to all partners.
    owner: SEND Partnership Manager
    due: 2025-12-05
    status: open
  - id: "2025-11-03/A2"
    meeting: "2025-11-03"
    number: 2
    text: Bring the joint commissioning arrangements to the January board.
    owner: Director of Commissioning
    due: 2026-01-15
    status: open
"""

ARCHIVE = """\
actions: []
"""

RISKS = """\
risks:
  - id: R01
    title: Casework capacity
    description: If casework capacity is not increased, assessments will stay late.
    owner: Head of SEND
    category: capacity
    likelihood: 4
    impact: 4
    target:
      likelihood: 2
      impact: 3
    status: open
  - id: R02
    title: Dashboard data feeds
    description: If partners' data feeds are not connected, the board cannot see progress.
    owner: Head of Performance
    category: delivery
    likelihood: 3
    impact: 3
    target:
      likelihood: 1
      impact: 3
    status: open
"""


def meeting(day: str, status: str, extra: str = "") -> str:
    return f"""\
id: "{day}"
board: SEND Improvement Board
date: {day}
status: {status}
{extra}"""


BOARD: dict[str, str] = {
    "plan/partnership.yaml": SETTINGS,
    "plan/priority-1.yaml": PRIORITY,
    "tracker/actions.yaml": ACTIONS,
    "tracker/archive.yaml": ARCHIVE,
    "risks/register.yaml": RISKS,
    "meetings/2025-04-10.yaml": meeting("2025-04-10", "held"),
    "meetings/2025-11-03.yaml": meeting(
        "2025-11-03",
        "held",
        'actions_raised:\n  - "2025-11-03/A1"\n  - "2025-11-03/A2"\n',
    ),
    "meetings/2025-12-05.yaml": meeting("2025-12-05", "scheduled"),
}
"""A valid repository as it stood after the 3 November 2025 board."""


NEW_MILESTONE = """          - id: "1.4.3.6"
            title: Commissioning review published
            due: 2026-01
            status: in_progress
            started_on: 2025-11-20
"""


class DatedRepo(GitRepo):
    """A GitRepo whose next commit carries the dates it is told."""

    committed = "2025-01-01T09:00:00+00:00"
    authored: str | None = None

    def env(self) -> dict[str, str]:
        env = super().env()
        env["GIT_COMMITTER_DATE"] = self.committed
        env["GIT_AUTHOR_DATE"] = self.authored or self.committed
        return env

    def commit_on(self, stamp: str, message: str, *, authored: str | None = None) -> str:
        self.committed, self.authored = stamp, authored
        return self.commit(message)


def history_repo(tmp_path: Path) -> DatedRepo:
    """Three states: before the 10 April board, after 3 November, and a later one."""
    repo = DatedRepo.create(tmp_path / "repo", BOARD)
    repo.write({"meetings/2025-11-03.yaml": meeting("2025-11-03", "scheduled")})
    repo.edit("tracker/actions.yaml", "status: open", "status: open", count=2)
    repo.commit_on("2025-04-09T17:00:00+01:00", "data for the April board")
    repo.write({"meetings/2025-11-03.yaml": BOARD["meetings/2025-11-03.yaml"]})
    repo.commit_on("2025-11-03T16:30:00+00:00", "minutes of the November board")
    # After the November board: a milestone added, another flagged at risk.
    repo.edit(
        "plan/priority-1.yaml",
        '          - id: "1.4.3.5"\n',
        NEW_MILESTONE + '          - id: "1.4.3.5"\n',
    )
    repo.edit(
        "plan/priority-1.yaml",
        "            title: Data sharing protocol signed\n",
        "            title: Data sharing protocol signed\n"
        "            at_risk: Legal review of the protocol has not started.\n",
    )
    repo.commit_on("2025-11-20T10:00:00+00:00", "new milestone; 1.4.2.3 at risk")
    return repo
