"""Every problem in one `check` run (issue 14 §5): a file with a schema error does not
hide the problems of its other items, nor of the other files; only a problem that
follows from one already reported (a reference to an item that did not load) is left
unsaid."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sendtrack.checks.validate import check_repository
from tests.conftest import MakeRepo

AS_OF = date(2025, 6, 1)

SECOND_PRIORITY = """
id: "2"
kind: priority_action
title: Assessments are timely.
workstream: ehcp
outcomes:
  - id: "2.1"
    text: Plans are issued on time.
    actions:
      - id: "2.1.1"
        title: Recruit caseworkers.
        workstream: ehcp
        due: 2025-09
        milestones:
          - id: "2.1.1.1"
            titel: Caseworkers in post
            due: 2025-09
          - id: "1.1.1.1"
            title: Panel re-designed
            due: 2025-09
"""

SECOND_ACTION = """\
  - id: "2025-04-10/A2"
    meeting: "2025-04-10"
    number: 2
    text: Share the plan.
    owner: SEND Partnership Manager
    due: 2025-05-15
    status: opne
"""


def edit(root: Path, file: str, old: str, new: str) -> None:
    path = root / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (file, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def found(root: Path) -> set[tuple[str, str, int, str | None]]:
    return {(p.code, p.file, p.line, p.id) for p in check_repository(root, AS_OF).problems}


def test_independent_errors_in_several_files_are_all_reported_at_once(
    make_repo: MakeRepo,
) -> None:
    root = make_repo({"plan/priority-2.yaml": SECOND_PRIORITY})
    plan = "plan/priority-1.yaml"
    # One file, three problems: a bad date (the milestone does not load), and two that
    # only the cross-file checks find, in the items of that file that are fine.
    edit(root, plan, "            completed_on: 2025-03-14\n", "")
    edit(root, plan, "            due: 2025-04\n", "            due: 2025-02-30\n")
    edit(root, plan, "        workstream: leadership\n", "        workstream: leadershp\n")
    edit(root, "risks/register.yaml", "    likelihood: 4\n", "    likelihood: 9\n")
    edit(root, "meetings/2025-05-15.yaml", "\nboard: ", "\nbored: x\nboard: ")
    (root / "tracker/actions.yaml").write_text(
        (root / "tracker/actions.yaml").read_text(encoding="utf-8") + SECOND_ACTION,
        encoding="utf-8",
    )
    assert found(root) == {
        ("invalid-date", plan, 32, "1.1.1.2"),
        ("completed-without-date", plan, 29, "1.1.1.1"),
        ("unknown-workstream", plan, 18, "1.1.1"),
        ("missing-field", "plan/priority-2.yaml", 14, "2.1.1.1"),
        ("unknown-field", "plan/priority-2.yaml", 15, "2.1.1.1"),
        # The second of two milestones sharing an id, each in a file with an error, at
        # its own line although the item before it in its list did not load.
        ("duplicate-id", "plan/priority-2.yaml", 17, "1.1.1.1"),
        ("invalid-value", "risks/register.yaml", 10, "R01"),
        ("unknown-field", "meetings/2025-05-15.yaml", 4, "2025-05-15"),
        ("invalid-value", "tracker/actions.yaml", 20, "2025-04-10/A2"),
    }
    # Not said, as consequences: the action log links to milestone 1.1.1.2, which did not
    # load; meeting 2025-04-10 adds risk R01 and names 2025-05-15 as its next meeting,
    # neither of which loaded. Fixing every problem above leaves a clean repository.
    status = "status: complete  # not_started, in_progress or complete\n"
    edit(root, plan, status, status + "            completed_on: 2025-03-14\n")
    edit(root, plan, "2025-02-30", "2025-04")
    edit(root, plan, "leadershp", "leadership")
    edit(root, "plan/priority-2.yaml", "titel:", "title:")
    edit(root, "plan/priority-2.yaml", '- id: "1.1.1.1"', '- id: "2.1.1.2"')
    edit(root, "risks/register.yaml", "    likelihood: 9\n", "    likelihood: 4\n")
    edit(root, "meetings/2025-05-15.yaml", "\nbored: x", "")
    edit(root, "tracker/actions.yaml", "opne", "open")
    raised = 'actions_raised:\n  - "2025-04-10/A1"\n'
    edit(root, "meetings/2025-04-10.yaml", raised, raised + '  - "2025-04-10/A2"\n')
    assert found(root) == set()


def test_a_reference_into_a_file_that_did_not_load_is_not_reported(
    make_repo: MakeRepo,
) -> None:
    root = make_repo({})
    # The priority's own title is missing: nothing of the file loads, but its ids are
    # still known, so the action log's link to 1.1.1.2 is not "unknown".
    edit(root, "plan/priority-1.yaml", "title: Leaders improve", "titl: Leaders improve")
    # Not YAML at all: no id in it can be known, so no reference to a meeting is judged.
    (root / "meetings/2025-05-15.yaml").write_text('id: "2025-05-15\n', encoding="utf-8")
    codes = {code for code, *_ in found(root)}
    assert codes == {"missing-field", "unknown-field", "yaml-syntax"}
