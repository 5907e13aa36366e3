"""A small board repository in git for the returns tests, and a lead filling a return in.

Leads are roles: the workstream's lead (Director of Education) answers for most
milestones, the Head of SEND owns two, and the action log's owners get their actions.
``fill`` is what a lead does in Excel: it types values into a workbook by ID and header
and saves it with openpyxl (what Excel writes is what openpyxl reads back).
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Mapping
from datetime import date
from pathlib import Path

from openpyxl import load_workbook

from tests.gitrepo import BOARD, GitRepo

LEAD = "Director of Education"
OWNER = "Head of SEND"
HOSTILE_TITLE = '=HYPERLINK("http://example.invalid","click")'


def board(root: Path) -> GitRepo:
    """The BOARD repository after the 3 November 2025 board, committed."""
    repo = GitRepo.create(root, BOARD)
    for title, started in (
        ("Joint commissioning strategy refreshed", "2025-06-02"),
        ("Commissioning dashboard live", "2025-09-01"),
    ):
        start = f"title: {title}\n            due: 2025-12\n            status: in_progress\n"
        start += f"            started_on: {started}\n"
        repo.edit("plan/priority-1.yaml", start, f"{start}            owner: {OWNER}\n")
    repo.edit(
        "plan/priority-1.yaml",
        "title: Procurement plan agreed",
        f"title: '{HOSTILE_TITLE}'",
    )
    repo.commit("the board after 3 November 2025")
    return repo


def clone(source: Path, target: Path) -> GitRepo:
    """A second working copy with the same files and history."""
    shutil.copytree(source, target)
    return GitRepo(target)


def fill(path: Path, sheet: str, rows: Mapping[str, Mapping[str, object]]) -> Path:
    """Type ``rows`` (id → header → value) into ``sheet`` of the workbook and save it."""
    workbook = load_workbook(path)
    worksheet = workbook[sheet]
    headers = {cell.value: cell.column for cell in worksheet[1]}
    by_id = {
        worksheet.cell(row=r, column=headers["ID"]).value: r
        for r in range(2, worksheet.max_row + 1)
    }
    for item, values in rows.items():
        row = by_id.get(item)
        if row is None:  # an extra row the lead added at the bottom
            row = worksheet.max_row + 1
            by_id[item] = row
            worksheet.cell(row=row, column=headers["ID"], value=item)
        for header, value in values.items():
            worksheet.cell(row=row, column=headers[header], value=value)
    workbook.save(path)
    return path


def git_diff(root: Path) -> str:
    done = subprocess.run(
        ["git", "diff", "--no-color"], cwd=root, capture_output=True, text=True, check=True
    )
    return done.stdout


EARLIER = date(2025, 12, 1)
"""A day after the last board and before any 'today' these tests run on."""
