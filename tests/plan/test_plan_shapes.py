"""Plans of 2, 3 and 4 levels, in the partnership's own words (issue 12 §1).

Each shape is one row of a table: the partnership.yaml that declares it, one top-level
file written at that depth, and what every command must then say. The same figures come
out of every shape (two milestones, one complete), in each shape's words.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from sendtrack.checks.validate import CheckResult, check_repository
from sendtrack.core.ids import natural_key
from sendtrack.models.plan import is_implicit
from sendtrack.models.vocabulary import DEFAULT, in_sentence, vocabulary
from sendtrack.plan.status import compute_status
from sendtrack.render.console import Terminal
from sendtrack.render.status import render_markdown, render_text
from tests.conftest import PROJECT_ROOT, MakeRepo

AS_OF = date(2025, 6, 1)
Cli = Callable[..., Any]

EMPTY_BOARD = {
    "tracker/actions.yaml": "actions: []\n",
    "tracker/archive.yaml": "actions: []\n",
    "risks/register.yaml": "risks: []\n",
    "meetings/2025-04-10.yaml": "",
    "meetings/2025-05-15.yaml": "",
    "meetings/2025-07-10.yaml": (
        'id: "2025-07-10"\nboard: SEND Improvement Board\ndate: 2025-07-10\nstatus: scheduled\n'
    ),
}

MILESTONES = """\
{indent}- id: "{prefix}.1"
{indent}  title: Dashboard live
{indent}  due: 2025-03
{indent}  status: complete
{indent}  completed_on: 2025-03-20
{indent}  owner: Head of Service
{indent}- id: "{prefix}.2"
{indent}  title: First quarterly review
{indent}  due: 2025-09
{indent}  status: in_progress
{indent}  started_on: 2025-04-01
{indent}  owner: Head of Service
"""


@dataclass(frozen=True)
class Shape:
    name: str
    levels: str
    """The 'levels:' block of plan/partnership.yaml ('' for the default)."""
    grouping: str
    top: str
    """The top-level file, with {milestones} where its milestones go."""
    words: tuple[str, ...]
    group_word: str
    milestone_ids: tuple[str, ...]


FOUR = Shape(
    "4 levels (default words)",
    "",
    "",
    """\
    id: "1"
    title: Leaders improve governance.
    workstream: lead
    outcomes:
      - id: "1.1"
        text: Clear governance.
        actions:
          - id: "1.1.1"
            title: Create the board.
            due: 2025-09
            success_criteria:
              - Chair appointed.
            milestones:
    {milestones}""",
    ("Priority", "Outcome", "Action", "Milestone"),
    "Workstream",
    ("1.1.1.1", "1.1.1.2"),
)

THREE = Shape(
    "3 levels: Recommendation → Item → Milestone",
    """\
    levels:
      - name: Recommendation
      - name: Item
        narrative:
          - key: where_are_we_now
            label: Where are we now
          - key: difference
            label: The difference this will make
      - name: Milestone
    """,
    "grouping:\n  name: Board sub-group\n",
    """\
    id: R1
    title: Leaders should improve how families are told about support.
    short_title: Information for families
    workstream: lead
    actions:
      - id: R1.1
        title: What we want - families know where to find help.
        narrative:
          where_are_we_now: The local offer is hard to use.
          difference:
            - Families find help first time.
            - Fewer complaints about information.
        milestones:
    {milestones}""",
    ("Recommendation", "Item", "Milestone"),
    "Board sub-group",
    ("R1.1.1", "R1.1.2"),
)

TWO = Shape(
    "2 levels: Concern → Next step",
    """\
    levels:
      - name: Concern
        narrative:
          - key: key_changes
            label: Key changes achieved
      - name: Next step
    """,
    "grouping:\n  name: Thematic group\n",
    """\
    id: C1
    title: The lack of strategic leadership and vision.
    workstream: lead
    narrative:
      key_changes: A SEND Partnership Board has been established.
    milestones:
    {milestones}""",
    ("Concern", "Next step"),
    "Thematic group",
    ("C1.1", "C1.2"),
)

SHAPES = [FOUR, THREE, TWO]


def partnership(shape: Shape) -> str:
    return (
        "partnership: Example SEND Partnership\n"
        "board: SEND Improvement Board\n"
        "workstreams:\n"
        "  - id: lead\n"
        "    name: Leadership\n"
        "    leads:\n"
        "      - Director of Education\n"
        + shape.grouping
        + "\n".join(line[4:] for line in shape.levels.splitlines())
        + "\n"
    )


def top_file(shape: Shape) -> str:
    depth = len(shape.words)
    indent = " " * {4: 10, 3: 6, 2: 2}[depth]
    prefix = shape.milestone_ids[0].rsplit(".", 1)[0]
    text = "\n".join(line[4:] for line in shape.top.splitlines())
    return text.format(milestones=MILESTONES.format(indent=indent, prefix=prefix).rstrip())


def build(make_repo: MakeRepo, shape: Shape, **extra: str) -> tuple[Path, CheckResult]:
    root = make_repo(
        {
            **EMPTY_BOARD,
            "plan/partnership.yaml": partnership(shape),
            "plan/priority-1.yaml": "",
            "plan/top.yaml": top_file(shape) + "\n",
            **extra,
        }
    )
    return root, check_repository(root, AS_OF)


@pytest.mark.parametrize("shape", SHAPES, ids=[s.name for s in SHAPES])
def test_every_shape_is_clean_and_counts_the_same(make_repo: MakeRepo, shape: Shape) -> None:
    _, result = build(make_repo, shape)
    assert result.problems == []
    repo = result.repo
    assert [m.id for m in repo.milestones()] == list(shape.milestone_ids)
    words = vocabulary(repo.settings)
    assert [level.name for level in words.levels] == list(shape.words)
    assert words.grouping.name == shape.group_word
    report = compute_status(repo, AS_OF)
    tracked = in_sentence(shape.words[-1])
    assert report.headline == (
        f"2 (100%) of 2 {tracked}s in progress or completed; 1 (50%) completed"
    )
    assert [g.id for g in report.by_workstream] == ["lead"]
    assert report.by_workstream[0].counts.complete == 1


@pytest.mark.parametrize("shape", SHAPES, ids=[s.name for s in SHAPES])
def test_status_speaks_the_plans_words(make_repo: MakeRepo, shape: Shape) -> None:
    _, result = build(make_repo, shape)
    report = compute_status(result.repo, AS_OF)
    text = render_text(report)
    table_heads = [line.split()[0] for line in text.splitlines() if "Total" in line]
    assert table_heads == [shape.group_word.split()[0], shape.words[0]]
    markdown = render_markdown(report)
    assert f"## By {in_sentence(shape.group_word)}" in markdown
    assert f"## By {in_sentence(shape.words[0])}" in markdown


@pytest.mark.parametrize("shape", SHAPES, ids=[s.name for s in SHAPES])
def test_json_labels_stand_beside_the_contract_keys(
    make_repo: MakeRepo, shape: Shape, cli: Cli
) -> None:
    root, _ = build(make_repo, shape)
    result = cli("--repo", str(root), "status", "--as-of", AS_OF.isoformat(), "--format", "json")
    data = json.loads(result.output)
    assert {"by_workstream", "by_priority", "milestones", "exceptions"} <= set(data)
    labels = data["labels"]
    assert [level["name"] for level in labels["levels"]] == list(shape.words)
    assert labels["grouping"]["name"] == shape.group_word
    assert labels["by_priority"] == f"By {in_sentence(shape.words[0])}"
    assert labels["milestones"] == shape.words[-1] + "s"


def test_show_prints_the_narrative_in_the_plans_words(make_repo: MakeRepo, cli: Cli) -> None:
    root, _ = build(make_repo, THREE)
    out = cli("--repo", str(root), "show", "R1.1", "--as-of", "2025-06-01").output
    assert out.startswith("Item R1.1: What we want - families know where to find help.")
    lines = [" ".join(line.split()) for line in out.splitlines()]
    # Label and text side by side, the text wrapping under itself at 80 cells: read the
    # labelled lines as sentences.
    flat = " ".join(out.split())
    assert "Recommendation: R1. Leaders should improve how families are told about support." in (
        flat
    )
    assert "Board sub-group: Leadership" in lines
    assert "Where are we now: The local offer is hard to use." in lines
    assert "The difference this will make: Families find help first time." in flat
    assert "Fewer complaints about information." in flat
    assert "Milestones (2)" in lines
    milestone = cli("--repo", str(root), "show", "R1.1.2", "--as-of", "2025-06-01").output
    assert milestone.startswith("Milestone R1.1.2: First quarterly review")
    shown = json.loads(
        cli("--repo", str(root), "show", "R1", "--format", "json", "--as-of", "2025-06-01").output
    )
    assert shown["kind"] == "priority" and shown["label"] == "Recommendation"
    assert shown["priority"]["short_title"] == "Information for families"


@pytest.mark.parametrize("shape", SHAPES, ids=[s.name for s in SHAPES])
def test_the_plan_is_walked_as_its_tree_reads(make_repo: MakeRepo, shape: Shape) -> None:
    """The repository walks the plan once and remembers it: the same items, in the same
    order, as walking the tree here and asking every level whether it is a stand-in."""
    _, result = build(make_repo, shape)
    repo = result.repo
    entries: list[tuple[Any, ...]] = []
    actions: list[tuple[Any, ...]] = []
    items: list[Any] = []
    for priority in repo.priorities:
        items.append(priority)
        for outcome in priority.tree():
            if not is_implicit(outcome):
                items.append(outcome)
            for action in outcome.actions:
                if not is_implicit(action):
                    actions.append((priority, outcome, action))
                    items.append(action)
                for milestone in action.milestones:
                    entries.append((priority, outcome, action, milestone))
                    items.append(milestone)

    def same(found: list[Any], expected: list[Any]) -> bool:
        return [tuple(map(id, row)) for row in found] == [tuple(map(id, row)) for row in expected]

    assert same(list(repo.entries()), entries)
    assert same(list(repo.plan_actions()), actions)
    assert [id(item) for item in repo.plan_items()] == [id(item) for item in items]
    assert [m.id for m in repo.milestones()] == list(shape.milestone_ids)
    depth = len(shape.words)
    assert len(items) == 1 + {4: 2, 3: 1, 2: 0}[depth] + 2
    assert repo.plan_ids() == {item.id for item in items}


def test_a_two_level_plan_has_no_made_up_items(make_repo: MakeRepo, cli: Cli) -> None:
    root, result = build(make_repo, TWO)
    repo = result.repo
    # The stand-ins for the missing levels are neither items nor ids of their own.
    assert [type(item).__name__ for item in repo.plan_items()] == [
        "Priority",
        "Milestone",
        "Milestone",
    ]
    assert list(repo.plan_actions()) == []
    rows = json.loads(
        cli("--repo", str(root), "milestones", "--format", "json", "--as-of", "2025-06-01").output
    )
    assert [(r["priority"], r["outcome"], r["action"]) for r in rows] == [("C1", None, None)] * 2
    shown = cli("--repo", str(root), "show", "C1", "--as-of", "2025-06-01").output
    assert shown.startswith("Concern C1: The lack of strategic leadership and vision.")
    assert "Key changes achieved: A SEND Partnership Board has been established." in " ".join(
        shown.split()
    )
    assert "Next steps (2)" in shown
    listed = cli("--repo", str(root), "milestones", "--as-of", "2025-06-01").output
    # At 80 cells the grouping shares the title's column: 'Next step, thematic group'.
    assert "Next step, thematic group" in listed
    assert listed.rstrip().endswith("2 of 2 next steps, as of 1 Jun 2025")


def test_an_edit_in_a_three_level_file_changes_only_its_lines(
    make_repo: MakeRepo, cli: Cli
) -> None:
    root, _ = build(make_repo, THREE)
    path = root / "plan" / "top.yaml"
    before = path.read_text(encoding="utf-8").splitlines()
    result = cli(
        "--repo", str(root), "update", "R1.1.2", "--status", "complete", "--on", "2025-05-30"
    )
    assert result.exit_code == 0, result.output
    after = path.read_text(encoding="utf-8").splitlines()
    changed = [" ".join(line.split()) for line in difflib.ndiff(before, after) if line[:1] in "+-"]
    assert changed[:3] == [
        "- status: in_progress",
        "+ status: complete",
        "+ completed_on: 2025-05-30",
    ]
    assert all(line.startswith("+") for line in changed[3:])  # the appended update


@pytest.mark.parametrize(
    ("shape", "written", "declared"),
    [(FOUR, TWO, 4), (TWO, THREE, 2), (THREE, FOUR, 3)],
    ids=["4 declared, 2 written", "2 declared, 3 written", "3 declared, 4 written"],
)
def test_a_file_of_another_depth_is_an_error(
    make_repo: MakeRepo, shape: Shape, written: Shape, declared: int
) -> None:
    root = make_repo(
        {
            **EMPTY_BOARD,
            "plan/partnership.yaml": partnership(shape),
            "plan/priority-1.yaml": "",
            "plan/top.yaml": top_file(written) + "\n",
        }
    )
    problems = check_repository(root, AS_OF).problems
    (problem,) = [p for p in problems if p.code == "level-mismatch"]
    assert f"declares {declared} (" in problem.message
    assert problem.file == "plan/top.yaml" and problem.line > 1
    words = vocabulary(check_repository(root, AS_OF).repo.settings)
    assert f"under '{words.child_key}:'" in problem.hint


def test_undeclared_narrative_is_an_error_with_a_suggestion(make_repo: MakeRepo) -> None:
    _, result = build(
        make_repo,
        THREE,
        **{"plan/top.yaml": top_file(THREE).replace("where_are_we_now:", "where_we_are_now:")},
    )
    problems = result.problems
    assert [p.code for p in problems] == ["unknown-narrative-field"]
    assert problems[0].message == (
        "item R1.1 has narrative 'where_we_are_now', which plan/partnership.yaml does not "
        "declare for the item level"
    )
    assert problems[0].hint == "did you mean 'where_are_we_now'?"


def test_model_messages_use_the_plans_words(make_repo: MakeRepo) -> None:
    broken = top_file(TWO).replace(
        "First quarterly review\n    due: 2025-09\n", "First quarterly review\n"
    )
    _, result = build(make_repo, TWO, **{"plan/top.yaml": broken})
    codes = [(p.code, p.message) for p in result.problems]
    assert codes == [("missing-field", "missing field 'due' in next step C1.2")]


def test_a_file_with_no_items_or_two_kinds_of_items_is_refused(make_repo: MakeRepo) -> None:
    root = make_repo(
        {"plan/priority-1.yaml": 'id: "1"\ntitle: Nothing under it.\nworkstream: leadership\n'}
    )
    (problem,) = [p for p in check_repository(root, AS_OF).problems if p.file.startswith("plan/")]
    assert problem.code == "invalid-value"
    assert "nothing is under it" in problem.message
    both = top_file(FOUR) + "\nmilestones:\n  - id: x\n    title: x\n    due: 2025-03\n"
    root = make_repo({"plan/priority-1.yaml": both})
    (problem,) = [p for p in check_repository(root, AS_OF).problems if p.file.startswith("plan/")]
    assert "it has both 'outcomes' and 'milestones'" in problem.message


def test_kind_and_upper_level_groups_are_optional(make_repo: MakeRepo) -> None:
    text = top_file(THREE).replace("workstream: lead\n", "")
    _, result = build(make_repo, THREE, **{"plan/top.yaml": text})
    assert result.problems == []
    report = compute_status(result.repo, AS_OF)
    assert [(g.id, g.name, g.counts.total) for g in report.by_workstream] == [
        ("lead", "Leadership", 0),
        ("", "No board sub-group", 2),
    ]


# -- natural order --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ids", "ordered"),
    [
        (["priority-10", "priority-2", "priority-1"], ["priority-1", "priority-2", "priority-10"]),
        (["C11", "C3", "C1", "c2"], ["C1", "c2", "C3", "C11"]),
        (["1.10", "1.9", "1.1"], ["1.1", "1.9", "1.10"]),
        (["IP 3.10", "IP 3.5", "IP 1.4"], ["IP 1.4", "IP 3.5", "IP 3.10"]),
        (["R10", "R2", "R"], ["R", "R2", "R10"]),
    ],
)
def test_natural_order(ids: list[str], ordered: list[str]) -> None:
    assert sorted(ids, key=natural_key) == ordered


def test_top_level_items_come_in_natural_order_not_file_order(make_repo: MakeRepo) -> None:
    files = {}
    for number in (1, 2, 10, 11, 3):
        text = top_file(TWO).replace("C1", f"C{number}")
        files[f"plan/c{number}.yaml"] = text + "\n"
    _, result = build(make_repo, TWO, **{"plan/top.yaml": "", **files})
    repo = result.repo
    assert result.problems == []
    assert [p.id for p in repo.priorities] == ["C1", "C2", "C3", "C10", "C11"]
    report = compute_status(repo, AS_OF)
    assert [g.id for g in report.by_priority] == ["C1", "C2", "C3", "C10", "C11"]


# -- the shipped data --------------------------------------------------------------------------


def test_the_shipped_priorities_have_short_titles_that_tell_them_apart() -> None:
    repo = check_repository(PROJECT_ROOT, date(2025, 11, 3)).repo
    assert all(p.title.startswith("Leaders ") for p in repo.priorities)
    shorts = [p.short_title for p in repo.priorities]
    assert all(shorts) and len(set(shorts)) == 5
    report = compute_status(repo, date(2025, 11, 3))
    wide = Terminal(width=120)  # the short title whole, as a wide terminal shows it
    rows = [line for line in render_text(report, wide).splitlines() if line.startswith("  1. ")]
    assert rows[0].startswith("  1. Governance and commissioning ")
    assert vocabulary(repo.settings) == DEFAULT
