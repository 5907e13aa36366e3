"""`sendtrack returns make`: one workbook per lead, the header contract, locked read-only
cells, dropdowns, real dates, the hidden state sheet, the Markdown form; refusals."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from sendtrack.returns.make import ReturnState, digest
from sendtrack.store.loader import load
from tests.conftest import PROJECT_ROOT
from tests.returns.scenario import HOSTILE_TITLE, LEAD, OWNER, board

Cli = Callable[..., Any]

CONTRACT = ["New status", "Date", "Note", "Proposed new date", "Reason for new date"]


@pytest.fixture
def made(tmp_path: Path, cli: Cli) -> tuple[Path, Path]:
    root = board(tmp_path / "repo").root
    out = tmp_path / "out"
    result = cli("--repo", str(root), "returns", "make", "--all", "--as-of", "2025-11-03",
                 "--output", str(out))  # fmt: skip
    assert result.exit_code == 0, result.output
    return root, out


def test_one_workbook_per_lead(made: tuple[Path, Path]) -> None:
    _, out = made
    assert sorted(p.name for p in out.iterdir()) == [
        "director-of-commissioning.xlsx",
        "director-of-education.xlsx",
        "head-of-send.xlsx",
        "send-partnership-manager.xlsx",
    ]
    workbook = load_workbook(out / "director-of-education.xlsx")
    assert workbook.sheetnames == ["Read me", "Milestones", "Board actions", "sendtrack"]
    ids = [row[0] for row in workbook["Milestones"].iter_rows(min_row=2, values_only=True)]
    # Live milestones only (none here is complete); the Head of SEND's two are not here.
    assert ids == ["1.4.2.1", "1.4.2.2", "1.4.2.3", "1.4.2.4", "1.4.3.3", "1.4.3.5"]
    owner = load_workbook(out / "head-of-send.xlsx")["Milestones"]
    assert [row[0] for row in owner.iter_rows(min_row=2, values_only=True)] == [
        "1.4.3.1",
        "1.4.3.2",
    ]
    actions = load_workbook(out / "send-partnership-manager.xlsx")["Board actions"]
    assert [c.value for c in actions[1]][-3:] == ["New status", "Date", "Update"]
    assert actions["A2"].value == "2025-11-03/A1"


def test_the_header_row_and_the_cells(made: tuple[Path, Path]) -> None:
    _, out = made
    sheet = load_workbook(out / "director-of-education.xlsx")["Milestones"]
    headers = [c.value for c in sheet[1]]
    assert headers[0] == "ID"
    editable_from = headers.index("New status")
    assert headers[editable_from : editable_from + 5] == CONTRACT
    assert headers[editable_from + 5 :] == ["At risk", "At risk reason"]
    row = {h: sheet.cell(row=2, column=i + 1) for i, h in enumerate(headers)}
    assert row["ID"].value == "1.4.2.1"
    assert row["Current due"].is_date
    assert row["Current due"].value == datetime(2025, 5, 31)
    assert row["Health"].value == "off track"
    assert row["Status"].value == "in progress"
    for header, cell in row.items():
        assert cell.protection.locked is (header not in [*CONTRACT, "At risk", "At risk reason"])
    assert row["Date"].number_format == "dd/mm/yyyy"
    assert sheet.protection.sheet is True
    assert sheet.protection.password is None  # nobody is ever locked out
    rules = {str(v.sqref): (v.type, v.formula1) for v in sheet.data_validations.dataValidation}
    assert rules["K2:K7"] == ("list", '"not started,in progress,complete"')
    assert rules["P2:P7"] == ("list", '"yes,no"')
    assert rules["L2:L7"][0] == "date"


def test_repository_text_is_never_a_formula(made: tuple[Path, Path]) -> None:
    _, out = made
    sheet = load_workbook(out / "director-of-education.xlsx")["Milestones"]
    title = next(r[1] for r in sheet.iter_rows(min_row=2) if r[0].value == "1.4.3.3")
    assert (title.value, title.data_type) == (HOSTILE_TITLE, "s")


def test_the_hidden_state_names_the_repository_state(made: tuple[Path, Path]) -> None:
    root, out = made
    workbook = load_workbook(out / "head-of-send.xlsx")
    sheet = workbook["sendtrack"]
    assert sheet.sheet_state == "hidden"
    assert sheet.protection.sheet is True
    assert workbook.security is not None and workbook.security.lockStructure
    rows = [
        tuple("" if v is None else str(v) for v in r) for r in sheet.iter_rows(values_only=True)
    ]
    state = ReturnState.from_rows(rows)  # type: ignore[arg-type]
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True,
                          text=True, check=True).stdout.strip()  # fmt: skip
    assert (state.lead, state.commit, state.as_of) == (OWNER, head, date(2025, 11, 3))
    repo, _ = load(root)
    expected = {f"milestones:{m.id}": digest(m) for m in repo.milestones() if m.owner}
    assert dict(state.digests) == expected


def test_the_same_return_twice_is_the_same_bytes(made: tuple[Path, Path], cli: Cli) -> None:
    root, out = made
    again = out.parent / "again"
    cli("--repo", str(root), "returns", "make", "--lead", OWNER.upper(), "--as-of",
        "2025-11-03", "-o", str(again))  # fmt: skip
    assert (again / "head-of-send.xlsx").read_bytes() == (out / "head-of-send.xlsx").read_bytes()


def test_the_markdown_form(tmp_path: Path, cli: Cli) -> None:
    root = board(tmp_path / "repo").root
    result = cli("--repo", str(root), "returns", "make", "--workstream", "leadership", "--as-of",
                 "2025-11-03", "--format", "markdown", "-o", str(tmp_path / "md"))  # fmt: skip
    assert result.exit_code == 0, result.output
    # A workstream's returns: its leads' milestones (and their actions), nobody else's.
    assert sorted(p.name for p in (tmp_path / "md").iterdir()) == [
        "director-of-education.md",
        "head-of-send.md",
    ]
    form = (tmp_path / "md" / "head-of-send.md").read_text(encoding="utf-8")
    assert form.startswith("# Return for Head of SEND, Example SEND Partnership\n")
    block = form[form.index("### 1.4.3.1 ") : form.index("### 1.4.3.2 ")]
    assert block.splitlines()[-8:] == [
        "- New status:",
        "- Date:",
        "- Note:",
        "- Proposed new date:",
        "- Reason for new date:",
        "- At risk:",
        "- At risk reason:",
        "",
    ]
    assert "Current due 31 Dec 2025; on track" in block
    last = form.rstrip("\n").splitlines()[-1]
    assert last.startswith("<!-- sendtrack-return {") and last.endswith("} -->")
    escaped = (tmp_path / "md" / "director-of-education.md").read_text(encoding="utf-8")
    assert f"### 1.4.3.3 {HOSTILE_TITLE}\n" in escaped


def test_the_shipped_data_makes_every_return(tmp_path: Path, cli: Cli) -> None:
    out = tmp_path / "out"
    result = cli("--repo", str(PROJECT_ROOT), "returns", "make", "--all", "--as-of",
                 "2025-11-03", "-o", str(out))  # fmt: skip
    assert result.exit_code == 0, result.output
    files = sorted(out.iterdir())
    assert len(files) == result.output.count("wrote ") >= 10
    # A count of one is singular, in the plan's words.
    assert "(Independent Chair: 0 milestones, 1 board action)\n" in result.output
    assert all(5_000 < f.stat().st_size < 40_000 for f in files)


@pytest.mark.parametrize(
    ("options", "code", "message"),
    [
        (["--all", "--lead", LEAD], 2, "give exactly one of --lead NAME, --workstream ID or --all"),
        ([], 2, "give exactly one of"),
        (["--lead", "Director of Educaton"], 1, "no lead 'Director of Educaton' has live "
         "milestones or open board actions\n  hint: nearest: Director of Education"),
        (["--workstream", "leadershp"], 1,
         "no workstream 'leadershp'\n  hint: nearest: leadership"),
    ],
)  # fmt: skip
def test_refusals_write_nothing(
    tmp_path: Path, cli: Cli, options: list[str], code: int, message: str
) -> None:
    root = board(tmp_path / "repo").root
    result = cli("--repo", str(root), "returns", "make", *options, "-o", str(tmp_path / "out"))
    assert result.exit_code == code
    assert message in result.output
    assert not (tmp_path / "out").exists()


def test_output_must_be_a_folder(tmp_path: Path, cli: Cli) -> None:
    root = board(tmp_path / "repo").root
    (tmp_path / "file").write_text("x")
    result = cli("--repo", str(root), "returns", "make", "--all", "-o", str(tmp_path / "file"))
    assert result.exit_code == 2
    assert "is a file; --output names the folder the returns go in" in result.output
