"""A filled return re-saved by the real LibreOffice (headless ``soffice``) applies exactly as
the same return saved by openpyxl (as Excel saves it): same rows, same diff; and what
LibreOffice keeps of the workbook (hidden state sheet, dropdowns, locked cells, dates)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.external import require
from tests.render.test_libreoffice import convert
from tests.returns.scenario import board, clone, fill, git_diff
from tests.returns.test_returns_apply import ROWS

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]
XLSX = "xlsx:Calc MS Excel 2007 XML"

Cli = Callable[..., Any]


def test_a_return_resaved_by_libreoffice_applies_the_same(tmp_path: Path, cli: Cli) -> None:
    soffice = require("soffice", "apt-get install -y libreoffice-calc-nogui")
    root = board(tmp_path / "repo").root
    other = clone(root, tmp_path / "other").root
    made = cli("--repo", str(root), "returns", "make", "--all", "-o", str(tmp_path / "out"))
    assert made.exit_code == 0, made.output
    excel = fill(tmp_path / "out" / "director-of-education.xlsx", "Milestones", ROWS)
    convert(soffice, excel, XLSX, tmp_path / "lo", tmp_path / "profile")
    resaved = tmp_path / "lo" / excel.name
    assert resaved.read_bytes() != excel.read_bytes()  # really LibreOffice's own file

    workbook = load_workbook(resaved)
    assert workbook["sendtrack"].sheet_state == "hidden"
    sheet = workbook["Milestones"]
    assert sheet.protection.sheet is True
    headers = [c.value for c in sheet[1]]
    assert headers[headers.index("New status") :][:5] == [
        "New status", "Date", "Note", "Proposed new date", "Reason for new date",
    ]  # fmt: skip
    assert any(v.formula1 == '"not started,in progress,complete"'
               for v in sheet.data_validations.dataValidation)  # fmt: skip
    assert sheet["E2"].is_date and sheet["A2"].protection.locked
    assert not sheet["K2"].protection.locked

    for repo, path in ((root, excel), (other, resaved)):
        dry = cli("--repo", str(repo), "returns", "apply", str(path), "--dry-run")
        assert dry.exit_code == 0, dry.output
        assert "4 rows to apply" in dry.output
        done = cli("--repo", str(repo), "returns", "apply", str(path))
        assert done.exit_code == 0, done.output
    assert git_diff(root) == git_diff(other) != ""
    again = cli("--repo", str(other), "returns", "apply", str(resaved))
    assert "0 rows to apply, 4 already applied or unchanged" in again.output
    shutil.rmtree(tmp_path / "profile", ignore_errors=True)
