"""`sendtrack export`: typed cells, stable columns, readable widths, formulas kept as text.

The XLSX is read back with openpyxl here; tests/render/test_libreoffice.py opens it in the real
LibreOffice.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from sendtrack.render.export import (
    ACTION_COLUMNS,
    MILESTONE_COLUMNS,
    RISK_COLUMNS,
    ExportColumn,
    Sheet,
    csv_text,
    to_csv,
    to_xlsx,
)
from tests.conftest import MakeRepo
from tests.papers_scenario import AS_OF, FORMULA, HOSTILE_TITLE, scenario

Cli = Callable[..., Any]

MILESTONE_HEADERS = [
    "ID",
    "Title",
    "Priority",
    "Outcome",
    "Action",
    "Workstream",
    "Status",
    "Health",
    "Colour",
    "Symbol",
    "Original due",
    "Current due",
    "Slip (days)",
    "Re-profiles",
    "Proposed date awaiting the board",
    "Completed on",
    "Completed late",
    "Reason",
    "Illustrative",
]


def export(cli: Cli, root: Path, *args: str) -> Any:
    result = cli("--repo", str(root), "export", "--as-of", AS_OF, *args)
    assert result.exit_code == 0, result.output
    return result


def test_column_order_is_a_contract() -> None:
    assert [c.header for c in MILESTONE_COLUMNS] == MILESTONE_HEADERS
    assert [c.header for c in ACTION_COLUMNS] == [
        "ID",
        "Meeting",
        "Number",
        "Action",
        "Owner",
        "Due",
        "Status",
        "Closed on",
        "Days overdue",
        "Boards carried over",
        "Links",
        "Archived",
        "Illustrative",
    ]
    assert [c.header for c in RISK_COLUMNS][:9] == [
        "ID",
        "Title",
        "Description",
        "Owner",
        "Category",
        "Likelihood",
        "Impact",
        "Score",
        "Band",
    ]


def test_xlsx_sheets_types_widths(cli: Cli, make_repo: MakeRepo, tmp_path: Path) -> None:
    out = tmp_path / "plan.xlsx"
    result = export(cli, scenario(make_repo), "-o", str(out))
    assert result.output == (
        f"wrote {out} (Milestones: 5 rows, Board actions: 4 rows, Risks: 1 rows)\n"
    )
    book = load_workbook(out)
    assert book.sheetnames == ["Milestones", "Board actions", "Risks"]
    sheet = book["Milestones"]
    assert [cell.value for cell in sheet[1]] == MILESTONE_HEADERS
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:S6"
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    moved = rows["1.1.1.2"]
    values = [cell.value for cell in moved]
    assert values[:10] == [
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
    ]
    # Dates are date cells with a date format; counts are numbers; ids stay text.
    assert values[10:14] == [datetime(2025, 4, 30), datetime(2025, 6, 30), 61, 1]
    assert moved[10].is_date and moved[10].number_format == "yyyy-mm-dd"
    assert moved[12].data_type == "n"
    assert moved[2].data_type == "s"
    # A formula in the data is a string cell holding exactly the text.
    hostile = rows["2.1.1.3"][1]
    assert (hostile.value, hostile.data_type) == (FORMULA, "s")
    reason = rows["2.1.1.1"]
    assert reason[1].value == HOSTILE_TITLE
    assert reason[14].value == datetime(2025, 7, 31)  # the proposal awaiting the board
    # Wide enough to read: every column at least as wide as its longest value (capped).
    for letter, width in (("A", len("1.1.1.2")), ("K", len("2025-04-30")), ("R", 60)):
        assert sheet.column_dimensions[letter].width >= width
    assert sheet.column_dimensions["R"].width == 60
    assert reason[17].alignment.wrap_text

    actions = book["Board actions"]
    by_id = {row[0].value: [cell.value for cell in row] for row in actions.iter_rows(min_row=2)}
    assert by_id["2025-03-13/A1"][5:10] == [datetime(2025, 4, 10), "open", None, 10, 1]
    # Closed on 1 May: as of 20 Apr it was in progress, not closed.
    assert by_id["2025-04-10/A2"][6:8] == ["in progress", None]
    assert by_id["2025-04-10/A3"][6:8] == ["closed", datetime(2025, 4, 15)]
    assert by_id["2025-04-10/A3"][11] == "yes"  # archived
    risk = [cell.value for cell in book["Risks"][2]]
    assert risk[:1] + risk[5:9] == ["R01", 4, 4, 16, "extreme"]


def test_csv_files_owasp_prefix(cli: Cli, make_repo: MakeRepo, tmp_path: Path) -> None:
    folder = tmp_path / "csv"
    result = export(cli, scenario(make_repo), "-f", "csv", "-o", str(folder))
    assert result.output.splitlines() == [
        f"wrote {folder / 'milestones.csv'} (5 rows)",
        f"wrote {folder / 'board-actions.csv'} (4 rows)",
        f"wrote {folder / 'risks.csv'} (1 rows)",
    ]
    raw = (folder / "milestones.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf" + b'"ID","Title",')
    assert b"\r\n" in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == MILESTONE_HEADERS
    by_id = {row[0]: row for row in rows[1:]}
    assert by_id["2.1.1.3"][1] == "'" + FORMULA
    assert by_id["2.1.1.1"][1] == HOSTILE_TITLE  # '<' is not a formula start
    assert by_id["2.1.1.1"][17].startswith("due 31 Mar 2025;")
    assert by_id["1.1.1.2"][10:14] == ["2025-04-30", "2025-06-30", "61", "1"]


def test_numbers_are_never_prefixed() -> None:
    """The check refuses a re-profile before the baseline, so no real slip is negative;
    a negative number in a number column must still stay a number."""
    sheet = Sheet(
        "T",
        "t.csv",
        (ExportColumn("Days", "number"), ExportColumn("Note", "text")),
        [(-10, "-10"), (None, "@ref")],
    )
    assert to_csv(sheet) == '"Days","Note"\r\n"-10","\'-10"\r\n"","\'@ref"\r\n'
    cell = load_workbook(io.BytesIO(to_xlsx([sheet])))["T"]["A2"]
    assert (cell.value, cell.data_type) == (-10, "n")


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_text_prefixes_every_formula_start(start: str) -> None:
    assert csv_text(f"{start}1+1") == f"'{start}1+1"


def test_csv_text_leaves_plain_text() -> None:
    assert csv_text("Plan agreed") == "Plan agreed"
    assert csv_text("a=b") == "a=b"


def test_output_kind_mismatch_is_refused(cli: Cli, make_repo: MakeRepo, tmp_path: Path) -> None:
    root = scenario(make_repo)
    a_file = tmp_path / "file.txt"
    a_file.write_text("keep", encoding="utf-8")
    csv_result = cli("--repo", str(root), "export", "-f", "csv", "-o", str(a_file))
    assert csv_result.exit_code == 2
    assert csv_result.stderr == (
        f"sendtrack: {a_file} is a file; csv export writes a folder with one file per table\n"
    )
    assert a_file.read_text(encoding="utf-8") == "keep"
    xlsx_result = cli("--repo", str(root), "export", "-o", str(tmp_path))
    assert xlsx_result.exit_code == 1
    assert xlsx_result.stderr == f"sendtrack: {tmp_path} is a folder; give the file to write\n"


def test_shipped_data_exports_every_record(cli: Cli, shipped_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "lancashire.xlsx"
    result = cli("--repo", str(shipped_copy), "export", "--as-of", "2025-11-03", "-o", str(out))
    assert (
        result.output
        == f"wrote {out} (Milestones: 95 rows, Board actions: 11 rows, Risks: 22 rows, "
        "Measure figures: 85 rows)\n"
    )
    book = load_workbook(out)
    healths = [row[7].value for row in book["Milestones"].iter_rows(min_row=2)]
    assert healths.count("off track") == 3 and healths.count("delayed") == 7
