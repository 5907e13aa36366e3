"""A lead's return carries the impact measures they own, and a figure filled in there is
recorded exactly as `sendtrack measures record` records it (and only once)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl

from tests.conftest import DATA_FOLDERS, PROJECT_ROOT
from tests.gitrepo import GitRepo

Cli = Callable[..., Any]
LEAD = "Head of SEND and Inclusion, Lancashire County Council"


def shipped_in_git(tmp_path: Path) -> GitRepo:
    root = tmp_path / "repo"
    root.mkdir()
    for folder in DATA_FOLDERS:
        shutil.copytree(PROJECT_ROOT / folder, root / folder)
    repo = GitRepo.create(root)
    repo.commit("shipped data")
    return repo


def test_a_measure_figure_in_a_return_is_recorded_once(tmp_path: Path, cli: Cli) -> None:
    repo = shipped_in_git(tmp_path)
    out = tmp_path / "returns"
    made = cli("--repo", str(repo.root), "returns", "make", "--lead", LEAD, "--output", str(out))
    assert made.exit_code == 0, made.output
    assert "2 measures" in made.output
    (book_path,) = out.glob("*.xlsx")
    book = openpyxl.load_workbook(book_path)
    sheet = book["Measures"]
    header = [cell.value for cell in sheet[1]]
    assert header == [
        "ID",
        "Measure",
        "Unit",
        "Latest period",
        "Latest figure",
        "Period",
        "New figure",
        "Note",
    ]
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2) if row[0].value}
    assert [rows["M02"][i].value for i in (1, 3, 4)] == ["SEND tribunals", "2023", "88"]
    rows["M02"][5].value = "2024"
    rows["M02"][6].value = "95"
    rows["M02"][7].value = "Provisional: casework system."
    book.save(book_path)
    before = (repo.root / "measures" / "ehcp.yaml").read_text(encoding="utf-8")
    applied = cli("--repo", str(repo.root), "returns", "apply", str(book_path))
    assert applied.exit_code == 0, applied.output
    after = (repo.root / "measures" / "ehcp.yaml").read_text(encoding="utf-8")
    assert after != before
    assert '      - period: "2024"\n        value: 95\n        source:\n' in after
    assert '        note: "Provisional: casework system."\n' in after
    figures = cli("--repo", str(repo.root), "measures", "--format", "json").output
    assert '"period": "2024"' in figures
    again = cli("--repo", str(repo.root), "returns", "apply", str(book_path))
    assert again.exit_code == 0, again.output
    assert "already" in again.output
    assert (repo.root / "measures" / "ehcp.yaml").read_text(encoding="utf-8") == after
