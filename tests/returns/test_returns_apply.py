"""`sendtrack returns apply`: filled rows become the ordinary edits as one change — the same
diff the commands make; refused rows are located and skipped whole; applying again is a
no-op."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from sendtrack.edit.planned import EditRefused, PlannedEdit, Workspace, open_workspace
from sendtrack.plan import edits as plan_edits
from sendtrack.returns.apply import apply_returns
from sendtrack.returns.leads import select
from sendtrack.returns.make import build_returns, to_xlsx
from sendtrack.returns.measures import MeasureLine
from sendtrack.returns.read import read_return
from sendtrack.store.edits import FileChange, unified_diff
from sendtrack.store.repository import Repository
from tests.returns.scenario import EARLIER, LEAD, OWNER, board, clone, fill, git_diff

Cli = Callable[..., Any]
FAKE_NHS_NUMBER = "943 476 5919"
"""The NHS's own example number in its documentation (checksum-valid, nobody's)."""

ROWS: dict[str, dict[str, object]] = {
    "1.4.2.2": {"New status": "complete", "Date": EARLIER, "Note": "Measures published."},
    "1.4.2.3": {"New status": "In Progress", "Date": "03/11/2025"},
    "1.4.2.4": {"Proposed new date": date(2026, 6, 30), "Reason for new date": "Audit late."},
    "1.4.3.3": {"At risk": "yes", "At risk reason": "Procurement team short-staffed."},
}
"""What a lead types; and below, the same edits as commands."""
COMMANDS = [
    ["update", "1.4.2.2", "--status", "complete", "--on", "2025-12-01", "--note",
     "Measures published."],
    ["update", "1.4.2.3", "--status", "in_progress", "--on", "2025-11-03"],
    ["reprofile", "1.4.2.4", "--to", "2026-06-30", "--reason", "Audit late.", "--proposed"],
    ["at-risk", "1.4.3.3", "--reason", "Procurement team short-staffed.", "--on",
     date.today().isoformat()],
    ["actions", "update", "2025-11-03/A1", "--status", "closed", "--on", "2025-12-01",
     "--note", "Circulated to all partners."],
]  # fmt: skip


def make(cli: Cli, root: Path, out: Path, *options: str) -> None:
    result = cli("--repo", str(root), "returns", "make", "--all", "-o", str(out), *options)
    assert result.exit_code == 0, result.output


def test_a_return_applies_as_the_commands_would(tmp_path: Path, cli: Cli) -> None:
    root = board(tmp_path / "repo").root
    other = clone(root, tmp_path / "other").root
    make(cli, root, tmp_path / "out")
    lead = fill(tmp_path / "out" / "director-of-education.xlsx", "Milestones", ROWS)
    manager = fill(
        tmp_path / "out" / "send-partnership-manager.xlsx",
        "Board actions",
        {"2025-11-03/A1": {"New status": "closed", "Date": EARLIER,
                           "Update": "Circulated to all partners."}},
    )  # fmt: skip

    dry = cli("--repo", str(root), "returns", "apply", str(lead), str(manager), "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert git_diff(root) == ""
    for command in COMMANDS:
        done = cli("--repo", str(other), *command)
        assert done.exit_code == 0, done.output
    changed = ["plan/priority-1.yaml", "tracker/actions.yaml"]
    expected = unified_diff(
        [FileChange(f, (root / f).read_bytes(), (other / f).read_bytes()) for f in changed]
    )
    assert dry.output.startswith(expected)
    assert dry.output[len(expected) :] == (
        f"{lead} (Director of Education): 4 rows to apply\n"
        "  1.4.2.2: status in progress → complete on 1 Dec 2025\n"
        "  1.4.2.3: status not started → in progress on 3 Nov 2025\n"
        "  1.4.2.4: re-profiled from 31 Mar 2026 to 30 Jun 2026, proposed, awaiting the board "
        "(baseline 31 Mar 2026 kept)\n"
        f"  1.4.3.3: at risk (Procurement team short-staffed.), on {_long(date.today())}\n"
        f"{manager} (SEND Partnership Manager): 1 row to apply\n"
        "  updated 2025-11-03/A1 on 1 Dec 2025: status open → closed (in tracker/actions.yaml)\n"
        "would apply 5 rows; dry run: nothing written\n"
    )

    done = cli("--repo", str(root), "returns", "apply", str(lead), str(manager))
    assert done.exit_code == 0, done.output
    assert done.output.endswith("applied 5 rows\n")
    assert git_diff(root) == git_diff(other) != ""

    again = cli("--repo", str(root), "returns", "apply", str(lead), str(manager))
    assert again.exit_code == 0, again.output
    assert again.output == (
        f"{lead} (Director of Education): 0 rows to apply, 4 already applied or unchanged\n"
        f"{manager} (SEND Partnership Manager): 0 rows to apply, 1 already applied or "
        "unchanged\napplied 0 rows\n"
    )
    assert git_diff(root) == git_diff(other)


def reported(output: str) -> list[str]:
    """The problem codes in ``apply``'s output, in order."""
    return re.findall(r"^\S+: (?:warning: )?([a-z]+(?:-[a-z]+)+) ", output, re.MULTILINE)


def _long(day: date) -> str:
    return f"{day.day} {day.strftime('%b')} {day.year}"


def test_refused_rows_are_located_and_the_rest_applies(tmp_path: Path, cli: Cli) -> None:
    repo = board(tmp_path / "repo")
    root = repo.root
    make(cli, root, tmp_path / "out")
    # After the return is made, someone updates 1.4.3.5 by command: its row is stale.
    assert cli("--repo", str(root), "update", "1.4.3.5", "--note", "Drafted.", "--on",
               "2025-12-01").exit_code == 0  # fmt: skip
    repo.commit("an update by command")
    future = date.today() + timedelta(days=30)
    path = fill(
        tmp_path / "out" / "director-of-education.xlsx",
        "Milestones",
        {
            "1.4.2.1": {"New status": "finished", "Note": "Agreed."},
            "1.4.2.2": {"Date": date(2025, 8, 1), "Note": "Published."},
            "1.4.2.3": {"Note": f"Parent's NHS number {FAKE_NHS_NUMBER}"},
            "1.4.2.4": {"New status": "in progress", "Date": future},
            "1.4.3.3": {"New status": "in progress", "Proposed new date": date(2026, 9, 30)},
            "1.4.3.5": {"Note": "Published."},
            "9.9.9.9": {"Note": "A row the lead added."},
            "1.4.3.1": {"Note": "The Head of SEND's milestone, typed here."},
        },
    )
    ok = fill(
        tmp_path / "out" / "head-of-send.xlsx",
        "Milestones",
        {"1.4.3.2": {"New status": "complete", "Date": EARLIER}},
    )
    result = cli("--repo", str(root), "returns", "apply", str(path), str(ok))
    assert result.exit_code == 1
    name = str(path)
    for line in (
        f"{name}:Milestones!K2: return-status-not-allowed 'finished' is not a status; choose one "
        "of: not started, in progress, complete",
        f"{name}:Milestones!L3: return-date-before-start 1 Aug 2025 is before 1.4.2.2 started "
        "(1 Sep 2025)",
        f"{name}:Milestones!M4: personal-data Note contains what looks like a NHS number "
        "(94* *** ****)",
        f"{name}:Milestones!L5: return-date-in-future {_long(future)} is after today",
        f"{name}:Milestones!N6: return-incomplete-row a new date needs both 'Proposed new date' "
        "and 'Reason for new date'",
        f"{name}:Milestones!A7: return-stale 1.4.3.5 is not as the return showed it: it was "
        "changed after the return was made",
        f"{name}:Milestones!A8: return-unknown-id no milestone '9.9.9.9'",
        f"{name}:Milestones!A9: return-not-in-workbook 1.4.3.1 was not in the return made for "
        f"{LEAD}",
    ):
        assert line in result.output, line
    assert reported(result.output) == [
        "return-status-not-allowed",
        "return-date-before-start",
        "personal-data",
        "return-date-in-future",
        "return-incomplete-row",
        "return-stale",
        "return-unknown-id",
        "return-not-in-workbook",
    ]
    assert "  hint: " in result.output
    assert f"{name} (Director of Education): 0 rows to apply, 8 refused" in result.output
    assert f"{ok} (Head of SEND): 1 row to apply" in result.output
    assert result.output.endswith("applied 1 row; 8 refused (above), nothing of them written\n")
    added = [line for line in git_diff(root).splitlines() if line.startswith("+ ")]
    # Only the Head of SEND's row: nothing of any refused row, half of none.
    assert added == [
        "+            status: complete",
        "+            completed_on: 2025-12-01",
        "+            updates:",
        "+              - on: 2025-12-01",
        "+                note: Status changed from in progress to complete.",
        "+                status: complete",
    ]


def test_applying_an_edit_the_command_refuses(tmp_path: Path, cli: Cli) -> None:
    root = board(tmp_path / "repo").root
    make(cli, root, tmp_path / "out")
    path = fill(
        tmp_path / "out" / "director-of-education.xlsx",
        "Milestones",
        {
            "1.4.2.2": {"Proposed new date": date(2025, 1, 31), "Reason for new date": "Early."},
            "1.4.2.3": {"At risk": "maybe"},
            "1.4.2.4": {"Date": EARLIER},
        },
    )
    result = cli("--repo", str(root), "returns", "apply", str(path), "--dry-run")
    assert result.exit_code == 1
    assert (
        f"{path}:Milestones!N3: return-refused 31 Jan 2025 is before the baseline date "
        "28 Feb 2026; a re-profile moves a date later" in result.output
    )
    assert f"{path}:Milestones!P4: return-invalid-value 'maybe' is not yes or no" in result.output
    assert f"{path}:Milestones!L5: return-incomplete-row a date with nothing to apply" in (
        result.output
    )
    assert reported(result.output) == [
        "return-refused", "return-invalid-value", "return-incomplete-row",
    ]  # fmt: skip


def test_a_row_twice_and_another_partnership(tmp_path: Path, cli: Cli) -> None:
    root = board(tmp_path / "repo").root
    make(cli, root, tmp_path / "out")
    path = fill(tmp_path / "out" / "head-of-send.xlsx", "Milestones", {"1.4.3.1": {"Note": "A."}})
    from openpyxl import load_workbook

    workbook = load_workbook(path)
    sheet = workbook["Milestones"]
    sheet.append([cell.value for cell in sheet[2]])  # the lead copied the row
    workbook.save(path)
    result = cli("--repo", str(root), "returns", "apply", str(path), "--dry-run")
    assert f"{path}:Milestones!A4: return-duplicate-row 1.4.3.1 is in this return twice" in (
        result.output
    )
    settings = root / "plan" / "partnership.yaml"
    settings.write_text(settings.read_text().replace("Example SEND", "Another SEND"))
    other = cli("--repo", str(root), "returns", "apply", str(path), "--dry-run")
    assert other.exit_code == 1
    assert (
        f"{path}: return-other-repository the return was made for Example SEND Partnership, "
        "not Another SEND Partnership" in other.output
    )
    assert reported(result.output + other.output) == [
        "return-duplicate-row", "return-other-repository",
    ]  # fmt: skip


def test_the_markdown_form_applies_the_same(tmp_path: Path, cli: Cli) -> None:
    root = board(tmp_path / "repo").root
    other = clone(root, tmp_path / "other").root
    make(cli, root, tmp_path / "xlsx")
    make(cli, other, tmp_path / "md", "--format", "markdown")
    workbook = fill(tmp_path / "xlsx" / "director-of-education.xlsx", "Milestones", ROWS)
    form_path = tmp_path / "md" / "director-of-education.md"
    form = form_path.read_text(encoding="utf-8")
    for item, values in ROWS.items():
        start = form.index(f"### {item} ")
        end = form.find("\n### ", start + 1)
        block = form[start:end]
        for header, value in values.items():
            shown = value.strftime("%d/%m/%Y") if isinstance(value, date) else value
            block = block.replace(f"- {header}:\n", f"- {header}: {shown}\n")
        form = form[:start] + block + form[end:]
    form_path.write_text(form, encoding="utf-8")
    for repo, path in ((root, workbook), (other, form_path)):
        done = cli("--repo", str(repo), "returns", "apply", str(path))
        assert done.exit_code == 0, done.output
        assert "4 rows to apply" in done.output
    assert git_diff(root) == git_diff(other) != ""


class OneMeasure:
    """A stand-in for the measures seam: the lead owns one measure, and recording a figure
    is planned (here, as a milestone note) through the batch's editor."""

    def __init__(self) -> None:
        self.recorded_with: list[tuple[str, str, str, str]] = []

    def owned(self, repo: Repository, lead: str) -> list[MeasureLine]:
        if lead != LEAD:
            return []
        return [MeasureLine("M1", "EHC plans issued in 20 weeks", "%", "2025 Q3", "17", "d1")]

    def digest(self, repo: Repository, measure_id: str) -> str | None:
        return "d1" if measure_id == "M1" else None

    def recorded(self, repo: Repository, measure_id: str, period: str, value: str) -> bool:
        return False

    def record(
        self, workspace: Workspace, measure_id: str, period: str, value: str, by: str,
        note: str | None,
    ) -> PlannedEdit:  # fmt: skip
        self.recorded_with.append((measure_id, period, value, by))
        if value == "lots":
            raise EditRefused(f"--value '{value}' is not a number")
        return plan_edits.update(workspace, "1.4.2.1", None, EARLIER, f"{measure_id}={value}")


def test_measures_go_through_the_seam(tmp_path: Path) -> None:
    root = board(tmp_path / "repo").root
    workspace = open_workspace(root, date.today())
    source = OneMeasure()
    [book] = build_returns(
        workspace.repo,
        select(workspace.repo, lead=LEAD),
        as_of=EARLIER,
        made_on=EARLIER,
        commit=None,
        measures=source,
    )
    path = tmp_path / "lead.xlsx"
    path.write_bytes(to_xlsx(book))
    from openpyxl import load_workbook

    sheet = load_workbook(path)["Measures"]
    assert [c.value for c in sheet[1]] == [
        "ID", "Measure", "Unit", "Latest period", "Latest figure", "Period", "New figure", "Note",
    ]  # fmt: skip
    assert [c.value for c in sheet[2]][:5] == ["M1", "EHC plans issued in 20 weeks", "%",
                                               "2025 Q3", "17"]  # fmt: skip
    fill(path, "Measures", {"M1": {"Period": "2025 Q4", "New figure": 21.5}})
    report = apply_returns(workspace, [read_return(path)], source)
    assert source.recorded_with == [("M1", "2025 Q4", "21.5", LEAD)]
    assert report.applied == 1 and "M1=21.5" in report.plan.diff()
    fill(path, "Measures", {"M1": {"New figure": "lots"}})
    refused = apply_returns(workspace, [read_return(path)], source)
    assert [(p.code, str(p.where)) for p in refused.problems] == [
        ("return-refused", f"{path}:Measures!G2")
    ]


@pytest.mark.parametrize("owner", [OWNER])
def test_two_returns_of_one_milestone(tmp_path: Path, cli: Cli, owner: str) -> None:
    """A milestone in two returns: the first applies, the second is stale, not applied twice."""
    repo = board(tmp_path / "repo")
    settings = repo.root / "plan" / "priority-1.yaml"
    settings.write_text(settings.read_text().replace(
        '        workstream: leadership\n        due: 2026-03\n',
        f'        workstream: leadership\n        leads:\n          - {owner}\n'
        f'          - {LEAD}\n        due: 2026-03\n', 1))  # fmt: skip
    repo.commit("two leads for 1.4.3")
    make(cli, repo.root, tmp_path / "out")
    first = fill(tmp_path / "out" / "head-of-send.xlsx", "Milestones", {"1.4.3.3": {"Note": "A"}})
    second = fill(
        tmp_path / "out" / "director-of-education.xlsx", "Milestones", {"1.4.3.3": {"Note": "B"}}
    )
    result = cli("--repo", str(repo.root), "returns", "apply", str(first), str(second))
    assert result.exit_code == 1
    assert (
        f"{second}:Milestones!A6: return-stale 1.4.3.3 is not as the return showed it: row "
        f"{first}:Milestones!A4 of this apply changed it first" in result.output
    )
