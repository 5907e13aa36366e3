"""Undated milestones and the lead's own rating (issue 12 §2): an 'ongoing' milestone is
counted and listed on its own, never as on track; a lead's RAG sits beside the derived
health and never changes a figure."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from sendtrack.checks.validate import check_repository
from sendtrack.papers.highlight import highlight_papers
from sendtrack.plan.health import Health
from sendtrack.plan.status import compute_status
from sendtrack.render.papers_highlight import highlight_document
from sendtrack.render.papers_markdown import render_markdown as paper_markdown
from sendtrack.render.status import render_text
from sendtrack.review.diff import compare
from tests.conftest import MakeRepo

Cli = Callable[..., Any]
AS_OF = date(2025, 6, 1)

BOARD = {
    "tracker/actions.yaml": "actions: []\n",
    "tracker/archive.yaml": "actions: []\n",
    "risks/register.yaml": "risks: []\n",
    "meetings/2025-04-10.yaml": "",
    "meetings/2025-05-15.yaml": "",
    "meetings/2025-07-10.yaml": (
        'id: "2025-07-10"\nboard: SEND Improvement Board\ndate: 2025-07-10\nstatus: scheduled\n'
    ),
}

SETTINGS = """\
partnership: Example SEND Partnership
board: SEND Improvement Board
{extra}workstreams:
  - id: lead
    name: Leadership
    leads:
      - Director of Education
"""

PLAN = """\
id: "1"
title: Leaders improve governance.
workstream: lead
outcomes:
  - id: "1.1"
    text: Clear governance.
    actions:
      - id: "1.1.1"
        title: Create the board.
        milestones:
          - id: "1.1.1.1"
            title: Chair appointed
            due: 2025-09
            status: in_progress
            started_on: 2025-04-01
{lead}          - id: "1.1.1.2"
            title: Parent carer forum attends every board
            due: {due}
            status: in_progress
          - id: "1.1.1.3"
            title: Terms of reference agreed
            due: 2025-03
            status: complete
            completed_on: 2025-03-20
"""


def repo(make_repo: MakeRepo, due: str = "ongoing", allow: bool = True, lead: str = "") -> Path:
    extra = "undated_milestones: true\n" if allow else ""
    return make_repo(
        {
            **BOARD,
            "plan/partnership.yaml": SETTINGS.format(extra=extra),
            "plan/priority-1.yaml": PLAN.format(due=due, lead=lead),
        }
    )


@pytest.mark.parametrize("written", ["ongoing", "Ongoing", "TBC", "tbc", "TBD"])
def test_an_undated_milestone_is_counted_on_its_own(make_repo: MakeRepo, written: str) -> None:
    root = repo(make_repo, due=written)
    result = check_repository(root, AS_OF)
    assert result.problems == []
    report = compute_status(result.repo, AS_OF)
    counts = report.milestones
    assert (counts.total, counts.undated, counts.in_progress, counts.complete) == (3, 1, 2, 1)
    # In no health: never silently on track.
    assert sum(counts.by_health.values()) == 2
    assert counts.by_health[Health.ON_TRACK] == 1
    assert [row.id for row in report.rows] == ["1.1.1.1", "1.1.1.3"]
    assert [(row.id, row.word) for row in report.undated] == [
        ("1.1.1.2", written.upper() if written.lower() != "ongoing" else "ongoing")
    ]
    assert report.by_workstream[0].counts.undated == 1
    assert report.headline == (
        "3 (100%) of 3 milestones in progress or completed; 1 (33%) completed; 1 undated"
    )


def test_the_status_lists_undated_milestones(make_repo: MakeRepo, cli: Cli) -> None:
    root = repo(make_repo)
    text = render_text(compute_status(check_repository(root, AS_OF).repo, AS_OF))
    assert "Undated, counted on their own (1)" in text
    assert "1.1.1.2  Parent carer forum attends every board · due ongoing · in progress" in text
    assert "Undated" in next(line for line in text.splitlines() if "Total" in line)
    data = json.loads(
        cli("--repo", str(root), "status", "--as-of", "2025-06-01", "--format", "json").output
    )
    assert data["milestones"]["undated"] == 1
    assert [(u["id"], u["due"], u["status"]) for u in data["undated"]] == [
        ("1.1.1.2", "ongoing", "in_progress")
    ]
    shown = cli("--repo", str(root), "show", "1.1.1.2", "--as-of", "2025-06-01").output
    assert "ongoing: undated, so it has no health and is counted on its own" in shown
    listed = cli("--repo", str(root), "milestones", "--as-of", "2025-06-01").output
    assert "1.1.1.2" not in listed


def test_undated_only_where_the_partnership_allows(make_repo: MakeRepo) -> None:
    root = repo(make_repo, allow=False)
    (problem,) = check_repository(root, AS_OF).problems
    assert problem.code == "undated-not-allowed"
    assert problem.message == (
        "milestone 1.1.1.2 is due 'ongoing', but this plan's milestones are dated"
    )
    assert (problem.file, problem.line) == ("plan/priority-1.yaml", 18)
    assert "undated_milestones: true" in problem.hint


def test_a_bad_date_is_still_a_located_date_error(make_repo: MakeRepo) -> None:
    root = repo(make_repo, due="2025-02-30")
    (problem,) = check_repository(root, AS_OF).problems
    assert (problem.code, problem.line, problem.column) == ("invalid-date", 18, 18)


def test_an_undated_milestone_is_not_re_profiled(make_repo: MakeRepo, cli: Cli) -> None:
    root = repo(make_repo)
    result = cli(
        "--repo", str(root), "reprofile", "1.1.1.2", "--to", "2025-12", "--reason", "x",
        "--proposed",
    )  # fmt: skip
    assert result.exit_code == 1
    assert "is undated ('ongoing'): there is no date to re-profile" in result.output


def test_review_compares_undated_milestones_without_health(make_repo: MakeRepo) -> None:
    before = check_repository(repo(make_repo), AS_OF).repo
    after = check_repository(repo(make_repo, due="2025-12"), AS_OF).repo
    changes = compare(before, after, AS_OF)
    assert [(c.kind, c.id, c.old, c.new) for c in changes] == [
        ("milestone-baseline-changed", "1.1.1.2", "ongoing", "2025-12-31")
    ]


# -- the lead's own rating -----------------------------------------------------------------

LEAD = """\
            lead_rating:
              colour: amber
              reason: The chair's start date depends on the council's vetting.
              on: 2025-05-20
"""


def test_the_leads_rating_sits_beside_the_derived_health(make_repo: MakeRepo, cli: Cli) -> None:
    root = repo(make_repo, lead=LEAD)
    result = check_repository(root, AS_OF)
    assert result.problems == []
    report = compute_status(result.repo, AS_OF)
    row = next(row for row in report.rows if row.id == "1.1.1.1")
    assert row.health is Health.ON_TRACK and row.lead_differs
    # The figures use the derived health: one on track, none delayed.
    assert report.milestones.by_health[Health.ON_TRACK] == 1
    assert report.milestones.by_health[Health.DELAYED] == 0
    shown = " ".join(
        cli("--repo", str(root), "show", "1.1.1.1", "--as-of", "2025-06-01").output.split()
    )
    assert (
        "Lead says: amber — The chair's start date depends on the council's vetting. (20 May 2025)"
        in shown
    )
    rows = json.loads(
        cli("--repo", str(root), "milestones", "--as-of", "2025-06-01", "--format", "json").output
    )
    first = rows[0]
    assert first["health"] == "on_track" and first["lead_differs"] is True
    assert first["lead_rating"] == {
        "colour": "amber",
        "reason": "The chair's start date depends on the council's vetting.",
        "on": "2025-05-20",
    }
    papers = highlight_papers(result.repo, AS_OF, workstream="lead")
    markdown = paper_markdown(highlight_document(papers))
    assert "Where the lead's own rating differs" in markdown
    assert "The chair's start date depends on the council's vetting." in markdown


def test_a_rating_given_later_is_not_known_earlier(make_repo: MakeRepo) -> None:
    root = repo(make_repo, lead=LEAD)
    report = compute_status(check_repository(root, AS_OF).repo, date(2025, 5, 19))
    row = next(row for row in report.rows if row.id == "1.1.1.1")
    assert row.lead_rating is None and not row.lead_differs


def test_a_rating_that_agrees_is_not_called_out(make_repo: MakeRepo) -> None:
    root = repo(make_repo, lead=LEAD.replace("colour: amber", "colour: green"))
    result = check_repository(root, AS_OF)
    report = compute_status(result.repo, AS_OF)
    row = next(row for row in report.rows if row.id == "1.1.1.1")
    assert row.lead_rating is not None and not row.lead_differs
    markdown = paper_markdown(highlight_document(highlight_papers(result.repo, AS_OF)))
    assert "Where the lead's own rating differs" not in markdown
