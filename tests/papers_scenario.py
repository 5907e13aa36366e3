"""A small repository for the board-papers tests: every section has something to show.

Boards on 13 Mar 2025 (held), 10 Apr 2025 (held) and 15 May 2025 (scheduled); papers as
of 20 Apr 2025 cover 11–20 Apr. On top of ``sendtrack init``'s template (priority 1,
leadership: 1.1.1.1 complete, 1.1.1.2 re-profiled at the 10 Apr board; risk R01):

* 2.1.1.1 — hostile text: a ``<script>`` title, ``|``, ``*``, ``$``; off track, with a
  re-profile proposed (a decision for the board) whose reason is a spreadsheet formula;
* 2.1.1.2 — started 12 Apr (this period), due 10 May (before the next board);
* 2.1.1.3 — completed 15 Apr (this period);
* board actions: one raised 13 Mar, overdue and carried over, linked to risk R01 (so to
  leadership); one closed 1 May (still open as of 20 Apr); one archived, closed 15 Apr.
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import MakeRepo

AS_OF = "2025-04-20"
HOSTILE_TITLE = '<script>alert("x")</script> | pipe *star* $5m'
FORMULA = '=HYPERLINK("http://example.invalid","x")'

FILES = {
    "meetings/2025-03-13.yaml": """
        id: "2025-03-13"
        board: SEND Improvement Board
        date: 2025-03-13
        status: held
        actions_raised:
          - "2025-03-13/A1"
        next_meeting: "2025-04-10"
        """,
    "plan/priority-2.yaml": f"""
        id: "2"
        kind: priority_action
        title: Improve EHC plans.
        workstream: ehcp
        outcomes:
          - id: "2.1"
            text: Plans are timely.
            actions:
              - id: "2.1.1"
                title: Fix the process.
                workstream: ehcp
                due: 2025-06
                milestones:
                  - id: "2.1.1.1"
                    title: '{HOSTILE_TITLE}'
                    due: 2025-03-31
                    status: in_progress
                    reprofiles:
                      - to: 2025-07-31
                        reason: 'Waiting for {FORMULA}'
                        proposed: true
                        proposed_on: 2025-04-18
                  - id: "2.1.1.2"
                    title: Portal pilot
                    due: 2025-05-10
                    status: in_progress
                    started_on: 2025-04-12
                  - id: "2.1.1.3"
                    title: '{FORMULA}'
                    due: 2025-04-30
                    status: complete
                    completed_on: 2025-04-15
        """,
    "tracker/actions.yaml": """
        actions:
          - id: "2025-03-13/A1"
            meeting: "2025-03-13"
            number: 1
            text: Report on caseworker recruitment.
            owner: Head of SEND
            due: 2025-04-10
            status: open
            links:
              - "R01"
          - id: "2025-04-10/A1"
            meeting: "2025-04-10"
            number: 1
            text: Circulate the revised terms of reference to all partners.
            owner: SEND Partnership Manager
            due: 2025-05-15
            status: open
            links:
              - "1.1.1.2"
          - id: "2025-04-10/A2"
            meeting: "2025-04-10"
            number: 2
            text: Share the portal pilot plan.
            owner: Head of SEND
            due: 2025-05-15
            status: closed
            closed_on: 2025-05-01
            updates:
              - on: 2025-04-12
                note: Started.
                status: in_progress
            links:
              - "2.1.1.2"
        """,
    "tracker/archive.yaml": """
        actions:
          - id: "2025-04-10/A3"
            meeting: "2025-04-10"
            number: 3
            text: Confirm the chair's terms.
            owner: Independent Chair
            due: 2025-04-30
            status: closed
            closed_on: 2025-04-15
            links:
              - "1.1.1"
        """,
}


# Two impact measures, added by the tests of the papers' impact section (the scenario
# itself has none): T1 is linked to milestone 2.1.1.2 (ehcp), with its two latest quarters
# suppressed (c) and its neighbours' figure not available (x); T2 to priority 1
# (leadership), unchanged between its two years.
SOURCE = "{entered_by: Data team, on: 2025-04-15}"
MEASURES = f"""
    measures:
      - id: "T1"
        title: Plans issued on time
        description: Share of new plans issued within 20 weeks.
        unit: percent
        polarity: higher
        frequency: quarterly
        owner: Head of SEND
        source: {{title: Case management system}}
        links: ["2.1.1.2"]
        baseline: {{period: "2024 Q1", value: 40}}
        trajectory:
          - period: "2024 Q4"
            target: 60
        tolerance: 1
        actuals:
          - {{period: "2024 Q2", value: 45, source: {SOURCE}}}
          - {{period: "2024 Q3", value: 42, source: {SOURCE}}}
          - {{period: "2024 Q4", unavailable: c, source: {SOURCE}}}
          - {{period: "2025 Q1", unavailable: c, source: {SOURCE}}}
        comparators:
          - name: England
            kind: national
            figures:
              - {{period: "2024 Q2", value: 49}}
              - {{period: "2024 Q3", value: 50}}
          - name: Neighbours
            kind: neighbours
            members: [E10000001, E10000002]
            figures:
              - {{period: "2024 Q3", unavailable: x}}
      - id: "T2"
        title: Tribunal appeals
        description: Appeals registered in the year.
        unit: count
        polarity: lower
        frequency: annual
        owner: Head of SEND
        source: {{title: Tribunal statistics}}
        links: ["1"]
        actuals:
          - {{period: "2023", value: 12, source: {SOURCE}}}
          - {{period: "2024", value: 12, source: {SOURCE}}}
    """


def scenario(make_repo: MakeRepo) -> Path:
    root = make_repo(FILES)
    meeting = root / "meetings" / "2025-04-10.yaml"
    text = meeting.read_text(encoding="utf-8")
    raised = 'actions_raised:\n  - "2025-04-10/A1"\n'
    assert raised in text, "the init template's 10 Apr meeting changed"
    meeting.write_text(
        text.replace(raised, raised + '  - "2025-04-10/A2"\n  - "2025-04-10/A3"\n'),
        encoding="utf-8",
    )
    return root
