"""The export's 'Measure figures' sheet: every figure, a suppressed one as its code (never
0), numbers as numbers, formula-like text as text, in CSV and XLSX."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl

from tests.conftest import PROJECT_ROOT

Cli = Callable[..., Any]


def test_csv_and_xlsx_hold_every_figure_with_its_source(tmp_path: Path, cli: Cli) -> None:
    out = tmp_path / "out"
    result = cli("export", "--format", "csv", "--output", str(out), "--as-of", "2025-11-03")
    assert result.exit_code == 0, result.output
    text = (out / "measure-figures.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 85
    by_key = {(r["Measure"], r["Series"], r["Period"]): r for r in rows}
    suppressed = by_key[("M01", "own figures", "2015")]
    assert (suppressed["Value"], suppressed["Unavailable"]) == ("", "z")
    england = by_key[("M01", "England", "2022")]
    assert (england["Value"], england["Source file"], england["Row"]) == (
        "49.166",
        "sen2_mi.csv",
        "1296",
    )
    workbook = tmp_path / "t.xlsx"
    assert cli("export", "--format", "xlsx", "--output", str(workbook)).exit_code == 0
    sheet = openpyxl.load_workbook(workbook)["Measure figures"]
    header = [cell.value for cell in sheet[1]]
    value = sheet.cell(row=2, column=header.index("Value") + 1)
    assert (value.value, value.data_type) == (100, "n")


def test_formula_text_in_a_measure_stays_text(tmp_path: Path, cli: Cli, make_repo: Any) -> None:
    measure = (PROJECT_ROOT / "measures" / "pfa.yaml").read_text(encoding="utf-8")
    hostile = measure.replace(
        "seeds/003_1c9dd5568fec5a3f.txt, NEET table (39 young people with SEND).",
        '"=HYPERLINK(\\"http://x\\",\\"y\\")"',
    ).replace('      - "5"\n      - "5.4"\n', '      - "1"\n')
    root = make_repo({"measures/pfa.yaml": hostile})
    out = tmp_path / "out"
    result = cli("--repo", str(root), "export", "--format", "csv", "--output", str(out))
    assert result.exit_code == 0, result.output
    text = (out / "measure-figures.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in text
    workbook = tmp_path / "t.xlsx"
    assert (
        cli("--repo", str(root), "export", "--format", "xlsx", "--output", str(workbook)).exit_code
        == 0
    )
    sheet = openpyxl.load_workbook(workbook)["Measure figures"]
    notes = [c for c in sheet["N"] if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert notes and all(c.data_type == "s" for c in notes)
