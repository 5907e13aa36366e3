"""Hostile returns: refused by size before parsing, macros never opened, XML bombs refused,
formulas never evaluated, merged cells and missing ids refused per row, renamed sheets
found by their headers, UK dates typed as text accepted."""

from __future__ import annotations

import io
import struct
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from openpyxl import load_workbook

from sendtrack.core.problems import Severity
from sendtrack.returns.leads import select
from sendtrack.returns.make import build_returns, to_xlsx
from sendtrack.returns.read import parse_day, read_return
from sendtrack.store.loader import load
from tests.returns.scenario import OWNER, board, fill

GIB = 1024**3


@pytest.fixture
def blank(tmp_path: Path) -> Path:
    """The Head of SEND's return, as made."""
    repo, _ = load(board(tmp_path / "repo").root)
    [book] = build_returns(
        repo, select(repo, lead=OWNER), as_of=date(2025, 11, 3), made_on=date(2025, 12, 1),
        commit=None,
    )  # fmt: skip
    path = tmp_path / "return.xlsx"
    path.write_bytes(to_xlsx(book))
    return path


def codes(path: Path) -> list[tuple[str, str]]:
    found = read_return(path)
    return [(p.code, str(p.where)) for p in found.problems] + [
        (p.code, str(p.where)) for row in found.rows for p in row.problems
    ]


def never_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("openpyxl was asked to parse a refused file")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


def with_member(source: Path, target: Path, name: str, data: bytes) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for member in old.infolist():
            if member.filename != name:
                new.writestr(member, old.read(member))
        new.writestr(name, data)
    return target


def test_a_zip_bomb_is_refused_by_its_declared_size(
    blank: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A member that declares 1 GiB uncompressed, built cheaply: a small member whose
    central-directory entry is rewritten to say 1 GiB (what a bomb's directory says)."""
    bomb = with_member(blank, tmp_path / "bomb.xlsx", "xl/bomb.xml", b"0" * 1000)
    raw = bytearray(bomb.read_bytes())
    entry = raw.rindex(b"PK\x01\x02")  # the last central-directory entry: the bomb's
    assert raw[entry + 46 : entry + 46 + 11] == b"xl/bomb.xml"
    struct.pack_into("<I", raw, entry + 24, GIB)  # its uncompressed size
    bomb.write_bytes(bytes(raw))
    assert zipfile.ZipFile(bomb).getinfo("xl/bomb.xml").file_size == GIB
    never_parsed(monkeypatch)
    [(code, where)] = codes(bomb)
    assert (code, where) == ("return-too-large", str(bomb))
    assert f"declare {GIB + 4_000:,}" not in read_return(bomb).problems[0].message
    assert "bytes uncompressed" in read_return(bomb).problems[0].message


def test_a_member_that_compresses_too_well_is_refused(
    blank: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dense = with_member(blank, tmp_path / "dense.xlsx", "xl/dense.xml", bytes(20 * 1024 * 1024))
    never_parsed(monkeypatch)
    [problem] = read_return(dense).problems
    assert problem.code == "return-too-large"
    assert "part xl/dense.xml compresses" in problem.message


def test_macros_are_never_opened(
    blank: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    never_parsed(monkeypatch)
    xlsm = tmp_path / "return.xlsm"
    xlsm.write_bytes(blank.read_bytes())
    assert codes(xlsm) == [("return-macros", str(xlsm))]
    hidden = with_member(blank, tmp_path / "vba.xlsx", "xl/vbaProject.bin", b"\x00" * 64)
    assert codes(hidden) == [("return-macros", str(hidden))]


def test_not_a_workbook(tmp_path: Path) -> None:
    text = tmp_path / "return.xlsx"
    text.write_text("ID,New status\n")
    assert codes(text) == [("return-unreadable", str(text))]


def test_an_xml_entity_bomb_is_refused(blank: Path, tmp_path: Path) -> None:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row>'
        b"</sheetData></worksheet>"
    )
    bomb = with_member(blank, tmp_path / "laughs.xlsx", "xl/worksheets/sheet2.xml", laughs)
    assert codes(bomb) == [("return-unreadable", str(bomb))]


def test_no_state_sheet(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.append(["ID", "New status"])  # type: ignore[union-attr]
    path = tmp_path / "own.xlsx"
    workbook.save(path)
    assert codes(path) == [("return-not-a-return", str(path))]


def test_formulas_are_reported_and_never_read(blank: Path) -> None:
    fill(blank, "Milestones", {"1.4.3.1": {"Note": '=HYPERLINK("http://example.invalid")'},
                               "1.4.3.2": {"New status": "complete"}})  # fmt: skip
    workbook = load_workbook(blank)
    workbook["Milestones"]["A3"] = "=A2"
    workbook.save(blank)
    found = read_return(blank)
    assert [(p.code, str(p.where)) for row in found.rows for p in row.problems] == [
        ("return-formula", f"{blank}:Milestones!M2"),
        ("return-formula", f"{blank}:Milestones!A3"),
    ]
    assert "Note" not in found.rows[0].fields


def test_merged_cells_refuse_the_rows_they_cover(blank: Path) -> None:
    fill(blank, "Milestones", {"1.4.3.1": {"Note": "For both rows?"}})
    workbook = load_workbook(blank)
    workbook["Milestones"].merge_cells("M2:M3")
    workbook.save(blank)
    found = read_return(blank)
    assert [(row.id, [(p.code, str(p.where)) for p in row.problems]) for row in found.rows] == [
        ("1.4.3.1", [("return-merged-cells", f"{blank}:Milestones!M2")]),
        ("1.4.3.2", [("return-merged-cells", f"{blank}:Milestones!M2")]),
    ]


def test_a_renamed_sheet_is_found_by_its_header_row(blank: Path) -> None:
    fill(blank, "Milestones", {"1.4.3.1": {"Note": "Still read."}})
    workbook = load_workbook(blank)
    workbook["Milestones"].title = "My milestones"
    workbook.save(blank)
    found = read_return(blank)
    [warning] = found.problems
    assert (warning.code, warning.severity, str(warning.where)) == (
        "return-sheet-renamed", Severity.WARNING, f"{blank}:My milestones!A1",
    )  # fmt: skip
    assert found.rows[0].text("Note") == "Still read."


def test_a_deleted_sheet_and_deleted_columns(blank: Path) -> None:
    workbook = load_workbook(blank)
    workbook["Milestones"].delete_cols(1)
    workbook.remove(workbook["Board actions"])
    workbook.save(blank)
    assert codes(blank) == [
        ("return-column-missing", f"{blank}:Milestones!A1"),
    ]
    workbook = load_workbook(blank)
    del workbook["Milestones"]
    workbook.save(blank)
    assert codes(blank) == [("return-sheet-missing", str(blank))]


def test_a_duplicated_column(blank: Path) -> None:
    workbook = load_workbook(blank)
    workbook["Milestones"]["R1"] = "Note"
    workbook.save(blank)
    assert codes(blank) == [("return-column-duplicated", f"{blank}:Milestones!R1")]


def test_extra_rows_and_uk_dates(blank: Path) -> None:
    fill(
        blank,
        "Milestones",
        {
            "1.4.3.1": {"New status": "complete", "Date": "03/11/2025"},
            "1.4.3.2": {"Date": "31/02/2025", "Proposed new date": "2026-03"},
            "1.4.9.9": {"Note": "An extra row."},
        },
    )
    workbook = load_workbook(blank)
    workbook["Milestones"]["M6"] = "Typed below, with no id."
    workbook["Milestones"]["M6"].hyperlink = "http://example.invalid/"
    workbook.save(blank)
    found = read_return(blank)
    rows = {row.where.cell: row for row in found.rows}
    assert rows["A2"].day("Date") == date(2025, 11, 3)
    assert [p.code for p in rows["A3"].problems] == ["return-invalid-date"]
    assert rows["A3"].day("Proposed new date") == date(2026, 3, 31)
    assert rows["A4"].id == "1.4.9.9" and not rows["A4"].problems
    assert [(p.code, str(p.where)) for p in rows["A6"].problems] == [
        ("return-missing-id", f"{blank}:Milestones!A6")
    ]
    assert [(p.code, p.severity) for p in found.problems] == [
        ("return-hyperlink", Severity.WARNING)
    ]


@pytest.mark.parametrize(
    ("text", "day"),
    [("03/11/2025", date(2025, 11, 3)), ("3/1/2026", date(2026, 1, 3)),
     ("2025-11-03", date(2025, 11, 3)), ("Nov 2025", date(2025, 11, 30))],
)  # fmt: skip
def test_dates_typed_as_text(text: str, day: date) -> None:
    assert parse_day(text) == day


def test_a_form_with_a_field_twice(tmp_path: Path) -> None:
    repo, _ = load(board(tmp_path / "repo").root)
    from sendtrack.render.returns import markdown_form

    [book] = build_returns(repo, select(repo, lead=OWNER), as_of=date(2025, 11, 3),
                           made_on=date(2025, 12, 1), commit=None)  # fmt: skip
    form = markdown_form(book).replace("- Note:\n", "- Note: One.\n- Note: Two.\n", 1)
    path = tmp_path / "form.md"
    path.write_text(form, encoding="utf-8")
    found = read_return(path)
    [row] = found.rows
    assert row.text("Note") == "One."
    line = form.splitlines().index("- Note: Two.") + 1
    assert [(p.code, str(p.where)) for p in row.problems] == [
        ("return-column-duplicated", f"{path}:{line}")
    ]
    path.write_text(form.replace("<!-- sendtrack-return", "<!-- something"), encoding="utf-8")
    assert codes(path) == [("return-not-a-return", str(path))]


def test_a_small_zip_is_not_a_bomb(blank: Path) -> None:
    """The guard passes a real return: the limits are far above what one needs."""
    members = zipfile.ZipFile(io.BytesIO(blank.read_bytes())).infolist()
    assert sum(m.file_size for m in members) < 200_000
    assert read_return(blank).problems == []
