"""A priority file of one milestone, the smallest plan a check or schema test can break.

The check, schema and date-order tests each wrote this file; its line numbers are what
their located problems point at, so it lives once, here.
"""

TEMPLATE = """\
id: "1"
kind: priority_action
title: Governance
workstream: leadership
outcomes:
  - id: "1.1"
    text: Clear governance.
    actions:
      - id: "1.1.1"
        title: Create the board.
        workstream: leadership
        due: {action_due}
        milestones:
          - id: {milestone_id}
            title: Chair appointed
            due: {milestone_due}
{extra}"""


def one_milestone_priority(
    extra: str = "",
    *,
    action_due: str = "2025-03",
    milestone_id: str = '"1.1.1.2"',
    milestone_due: str = "2025-03",
) -> str:
    """Priority 1 with action 1.1.1 and its one milestone; ``extra`` lines (12 spaces in)
    go into the milestone, from line 17 on."""
    return TEMPLATE.format(
        action_due=action_due, milestone_id=milestone_id, milestone_due=milestone_due, extra=extra
    )
