"""Every output in the plan's own words (issue 12 §1): a partnership whose plan is
Recommendation → Item → Milestone, grouped by thematic group, never reads Lancashire's
"priority" or "workstream" — not in status, milestones, diff, the papers, the export's
headers or an error message — and the papers print the items' narrative, labelled as the
partnership labels it."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import MakeRepo
from tests.gitrepo import GitRepo

Cli = Callable[..., Any]
AS_OF = "2025-06-01"
LANCASHIRE = re.compile(r"priorit|workstream", re.IGNORECASE)

SETTINGS = """\
partnership: Example SEND Partnership
board: SEND Improvement Board
plan_agreed_on: 2025-03-01
levels:
  - name: Recommendation
    narrative:
      - key: what_we_will_see
        label: What we will see
  - name: Item
    narrative:
      - key: where_are_we_now
        label: Where are we now
      - key: difference
        label: The difference this will make
  - name: Milestone
grouping:
  name: Thematic group
workstreams:
  - id: info
    name: Information for families
    leads:
      - Head of Service
"""

PLAN = """\
id: R1
title: Leaders should improve how families are told about support.
workstream: info
narrative:
  what_we_will_see: Families <b>say</b> the local offer | helps.
actions:
  - id: R1.1
    title: What we want - families know where to find help.
    narrative:
      where_are_we_now: The local offer is *hard* to use.
      difference:
        - Families find help first time.
        - Fewer complaints about information.
    milestones:
      - id: R1.1.1
        title: Dashboard live
        due: 2025-03
        status: complete
        completed_on: 2025-03-20
        owner: Head of Service
      - id: R1.1.2
        title: First quarterly review
        due: 2025-05
        status: in_progress
        started_on: 2025-04-01
        owner: Head of Service
"""

BOARD = {
    "tracker/actions.yaml": "actions: []\n",
    "tracker/archive.yaml": "actions: []\n",
    "risks/register.yaml": "risks: []\n",
    "meetings/2025-04-10.yaml": (
        'id: "2025-04-10"\nboard: SEND Improvement Board\ndate: 2025-04-10\nstatus: held\n'
    ),
    "meetings/2025-05-15.yaml": "",
    "meetings/2025-07-10.yaml": (
        'id: "2025-07-10"\nboard: SEND Improvement Board\ndate: 2025-07-10\nstatus: scheduled\n'
    ),
}


@pytest.fixture
def root(make_repo: MakeRepo) -> Path:
    return make_repo(
        {
            **BOARD,
            "plan/partnership.yaml": SETTINGS,
            "plan/priority-1.yaml": "",
            "plan/recommendation-1.yaml": PLAN,
        }
    )


def words_of(text: str) -> list[str]:
    """The Lancashire nouns that appear, with a little context to find them by."""
    return [text[max(0, m.start() - 30) : m.end() + 30] for m in LANCASHIRE.finditer(text)]


def run(cli: Cli, root: Path, *args: str) -> str:
    result = cli("--repo", str(root), *args)
    return str(result.output)


def test_the_highlight_report_prints_the_narrative_under_each_item(root: Path, cli: Cli) -> None:
    markdown = run(cli, root, "report", "highlight", "--as-of", AS_OF, "-f", "markdown")
    section = markdown[markdown.index("## In the plan's words") : markdown.index("\n## Key\n")]
    assert "### Recommendation R1: Leaders should improve how families" in section
    assert "#### Item R1.1: What we want" in section
    # Labelled as the partnership labels them; the plan's text escaped like any other.
    assert "- **What we will see:** Families \\<b\\>say\\</b\\> the local offer \\| helps." in (
        section
    )
    assert "- **Where are we now:** The local offer is \\*hard\\* to use." in section
    assert "**The difference this will make:**\n\n- Families find help first time." in section
    assert section.index("Recommendation R1") < section.index("Item R1.1")
    html = run(cli, root, "report", "highlight", "--as-of", AS_OF, "-f", "html")
    assert "Families &lt;b&gt;say&lt;/b&gt; the local offer | helps." in html
    assert "<b>say</b>" not in html
    text = run(cli, root, "--width", "120", "report", "highlight", "--as-of", AS_OF, "-f", "text")
    assert "Where are we now: The local offer is *hard* to use." in " ".join(text.split())
    # The board pack stays the short paper of the figures.
    pack = run(cli, root, "report", "board-pack", "--as-of", AS_OF, "-f", "markdown")
    assert "In the plan's words" not in pack and "What we will see" not in pack


def test_a_plan_without_narrative_prints_no_section(root: Path, cli: Cli) -> None:
    plan = root / "plan" / "recommendation-1.yaml"
    text = PLAN.replace(
        "narrative:\n  what_we_will_see: Families <b>say</b> the local offer | helps.\n", ""
    )
    narrative = text.index("    narrative:\n")
    text = text[:narrative] + text[text.index("    milestones:\n") :]
    plan.write_text(text, encoding="utf-8")
    markdown = run(cli, root, "report", "highlight", "--as-of", AS_OF, "-f", "markdown")
    assert "In the plan's words" not in markdown


def test_no_lancashire_noun_in_any_report(root: Path, cli: Cli, tmp_path: Path) -> None:
    outputs = {
        "status": run(cli, root, "status", "--as-of", AS_OF),
        "status md": run(cli, root, "status", "--as-of", AS_OF, "-f", "markdown"),
        "milestones": run(cli, root, "milestones", "--as-of", AS_OF),
        "milestones md": run(cli, root, "milestones", "--as-of", AS_OF, "-f", "markdown"),
        "show": run(cli, root, "show", "R1.1.2", "--as-of", AS_OF),
        "highlight": run(cli, root, "report", "highlight", "--as-of", AS_OF, "-f", "markdown"),
        "highlight text": run(cli, root, "report", "highlight", "--as-of", AS_OF, "-f", "text"),
        "board pack": run(cli, root, "report", "board-pack", "--as-of", AS_OF, "-f", "markdown"),
    }
    run(cli, root, "export", "-f", "csv", "-o", str(tmp_path / "out"), "--as-of", AS_OF)
    for sheet in sorted((tmp_path / "out").glob("*.csv")):
        with sheet.open(encoding="utf-8-sig") as handle:
            outputs[f"export {sheet.name}"] = ",".join(next(csv.reader(handle)))
    found = {name: words_of(text) for name, text in outputs.items() if words_of(text)}
    assert found == {}
    assert outputs["export milestones.csv"].startswith(
        "ID,Title,Recommendation,Item,Thematic group,Status,"
    )  # a level the plan does not have (an outcome) is no column


def test_no_lancashire_noun_in_a_diff(root: Path, cli: Cli) -> None:
    repo = GitRepo.create(root)
    repo.commit("the plan")
    repo.edit(
        "plan/recommendation-1.yaml",
        "        due: 2025-05\n        status: in_progress\n",
        "        due: 2025-05\n        status: complete\n        completed_on: 2025-05-20\n",
    )
    repo.write(
        {"plan/recommendation-2.yaml": PLAN.replace("R1", "R2").replace("workstream: info\n", "")}
    )
    for fmt in ("text", "markdown", "json"):
        out = run(cli, root, "diff", "--as-of", AS_OF, "-f", fmt)
        assert "R1.1.2" in out and "R2" in out
        if fmt == "json":
            out = " ".join(str(value) for value in _values(json.loads(out)))
        assert words_of(out) == [], fmt


def _values(data: Any) -> list[Any]:
    """Every value in a JSON document but its kinds ('priority-added'): keys and kinds are
    contracts, and may say 'priority'."""
    if isinstance(data, dict):
        return [v for key, value in data.items() if key != "kind" for v in _values(value)]
    if isinstance(data, list):
        return [v for value in data for v in _values(value)]
    return [data]


@pytest.mark.parametrize(
    "edits",
    [
        [("recommendation-1.yaml", "workstream: info\n", "workstream: infoo\n")],
        [
            (
                "recommendation-1.yaml",
                "        owner: Head of Service\n      - id: R1.1.2",
                "      - id: R1.1.2",
            ),
            ("partnership.yaml", "    leads:\n      - Head of Service\n", ""),
        ],
        [("recommendation-1.yaml", "      - id: R1.1.2\n", "      - id: R1.1.1\n")],
        [("recommendation-1.yaml", "actions:\n", "outcomes:\n")],
    ],
    ids=["unknown group", "no owner", "duplicate id", "wrong depth"],
)
def test_no_lancashire_noun_in_an_error(
    root: Path, cli: Cli, edits: list[tuple[str, str, str]]
) -> None:
    for name, old, new in edits:
        path = root / "plan" / name
        text = path.read_text(encoding="utf-8")
        assert old in text, (name, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    data = json.loads(run(cli, root, "check", "--as-of", AS_OF, "-f", "json"))
    assert data["problems"], "the change is a problem"
    # Problem codes ('unknown-workstream') are contracts; the sentences are the plan's.
    messages = [f"{p['message']} {p.get('hint') or ''}" for p in data["problems"]]
    assert [words_of(message) for message in messages] == [[] for _ in messages]


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("milestones --workstream nope", "no thematic group 'nope'"),
        ("milestones --priority nope", "no recommendation 'nope'"),
        ("report highlight --workstream nope", "no thematic group 'nope'"),
        ("update R1.1 --status complete", "'R1.1' is an item, not a milestone"),
        ("update R1 --status complete", "'R1' is a recommendation, not a milestone"),
        (
            "actions add --meeting 2025-04-10 --link nope --owner Chair Text.",
            "link 'nope' is not a milestone, item, risk or meeting id",
        ),
        ("returns make --workstream nope -o returns", "no thematic group 'nope'"),
    ],
)
def test_command_errors_name_things_in_the_plans_words(
    root: Path, cli: Cli, command: str, expected: str
) -> None:
    result = cli("--repo", str(root), *command.split())
    assert result.exit_code != 0
    assert expected in result.output
    assert words_of(result.output) == []


def test_a_return_is_headed_in_the_plans_words(root: Path, cli: Cli, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    made = run(cli, root, "returns", "make", "--all", "-o", str(tmp_path), "--as-of", AS_OF)
    assert "(Head of Service: 1 milestone, 0 board actions)" in made
    (book,) = tmp_path.glob("*.xlsx")
    workbook = load_workbook(book)
    sheet = workbook["Milestones"]
    headers = [cell.value for cell in sheet[1]]
    assert headers[:4] == ["ID", "Title", "Item", "Thematic group"]
    # The columns a return is read back by stay as they are pinned.
    assert {"New status", "Date", "Note", "Proposed new date", "Reason for new date"} <= set(
        headers
    )
    shown = [
        str(cell.value)
        for each in workbook.worksheets
        if each.sheet_state == "visible"
        for row in each.iter_rows()
        for cell in row
        if cell.value is not None
    ]
    assert words_of(" ".join(shown)) == []
    markdown = run(
        cli, root, "returns", "make", "--all", "-f", "markdown", "-o", str(tmp_path / "md")
    )
    assert "md" in markdown
    (form,) = (tmp_path / "md").glob("*.md")
    text = form.read_text(encoding="utf-8")
    assert "Item: R1.1" in text and "Thematic group: Information for families" in text
    assert words_of(text) == []
