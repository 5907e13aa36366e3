"""The XLSX export opened by the real LibreOffice (headless ``soffice``).

Two conversions of the same workbook: to CSV (every sheet, UTF-8: the filter string from
FIELD-NOTES) to check the cells LibreOffice reads, and to flat ODS (XML) to check the
*types* it gives them: dates are dates, a formula in the data is a string, and the
workbook holds no formula at all.
"""

from __future__ import annotations

import csv
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest

from tests.conftest import MakeRepo
from tests.external import require
from tests.papers_scenario import AS_OF, FORMULA, HOSTILE_TITLE, scenario

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]

CSV_ALL_SHEETS_UTF8 = (
    "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
)
"""Comma, double quote, UTF-8 (76), from line 1; cells as shown; -1: every sheet."""
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


def convert(soffice: str, source: Path, target: str, out: Path, profile: Path) -> None:
    done = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            target,
            "--outdir",
            str(out),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr


@pytest.fixture
def workbook(cli: Callable[..., Any], make_repo: MakeRepo, tmp_path: Path) -> Path:
    out = tmp_path / "plan.xlsx"
    result = cli("--repo", str(scenario(make_repo)), "export", "--as-of", AS_OF, "-o", str(out))
    assert result.exit_code == 0, result.output
    return out


def test_libreoffice_reads_the_cells(workbook: Path, tmp_path: Path) -> None:
    soffice = require("soffice", "apt-get install -y libreoffice-calc-nogui")
    out = tmp_path / "csv"
    convert(soffice, workbook, CSV_ALL_SHEETS_UTF8, out, tmp_path / "profile")
    files = sorted(path.name for path in out.iterdir())
    assert files == ["plan-Board actions.csv", "plan-Milestones.csv", "plan-Risks.csv"]

    def rows(name: str) -> dict[str, list[str]]:
        with (out / f"plan-{name}.csv").open(encoding="utf-8", newline="") as stream:
            return {row[0]: row for row in csv.reader(stream)}

    milestones = rows("Milestones")
    assert milestones["ID"][10:14] == ["Original due", "Current due", "Slip (days)", "Re-profiles"]
    assert milestones["1.1.1.2"][:14] == [
        "1.1.1.2",
        "Terms of reference agreed",
        "1",
        "1.1",
        "1.1.1",
        "leadership",
        "in progress",
        "delayed",
        "Amber",
        "▲",
        "2025-04-30",
        "2025-06-30",
        "61",
        "1",
    ]
    # The hostile cell is the text itself, not the formula's result ('x').
    assert milestones["2.1.1.3"][1] == FORMULA
    assert milestones["2.1.1.1"][1] == HOSTILE_TITLE
    assert milestones["2.1.1.1"][14] == "2025-07-31"
    assert milestones["2.1.1.1"][17].startswith("due 31 Mar 2025; in progress, 20 days past due")
    actions = rows("Board actions")
    assert actions["2025-03-13/A1"][5:10] == ["2025-04-10", "open", "", "10", "1"]
    assert rows("Risks")["R01"][5:9] == ["4", "4", "16", "extreme"]


def test_libreoffice_types_dates_as_dates_and_formulas_as_text(
    workbook: Path, tmp_path: Path
) -> None:
    soffice = require("soffice", "apt-get install -y libreoffice-calc-nogui")
    out = tmp_path / "fods"
    convert(soffice, workbook, "fods", out, tmp_path / "profile")
    tree = ElementTree.parse(out / "plan.fods")
    assert not [
        cell for cell in tree.iter(f"{{{TABLE}}}table-cell") if f"{{{TABLE}}}formula" in cell.attrib
    ], "LibreOffice read a formula in the export"

    def cell_values(sheet: str) -> dict[str, list[tuple[str | None, str | None, str]]]:
        table = next(
            t for t in tree.iter(f"{{{TABLE}}}table") if t.get(f"{{{TABLE}}}name") == sheet
        )
        found = {}
        for row in table.iter(f"{{{TABLE}}}table-row"):
            cells = []
            for cell in row.iter(f"{{{TABLE}}}table-cell"):
                value = (
                    cell.get(f"{{{OFFICE}}}value-type"),
                    cell.get(f"{{{OFFICE}}}date-value") or cell.get(f"{{{OFFICE}}}value"),
                    "".join(p.text or "" for p in cell.iter(f"{{{TEXT}}}p")),
                )
                # Runs of equal cells (mostly empty ones) are written once with a count.
                cells += [value] * int(cell.get(f"{{{TABLE}}}number-columns-repeated", "1"))
            if cells and cells[0][2]:
                found[cells[0][2]] = cells
        return found

    milestones = cell_values("Milestones")
    moved = milestones["1.1.1.2"]
    assert moved[2] == ("string", None, "1")  # an id is text, never the number 1
    assert moved[10] == ("date", "2025-04-30", "2025-04-30")
    assert moved[15] == (None, None, "")  # no completion date: an empty cell
    assert moved[12] == ("float", "61", "61")
    assert milestones["2.1.1.3"][1] == ("string", None, FORMULA)
