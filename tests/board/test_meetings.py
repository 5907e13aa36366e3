"""Meetings: `meeting show` counts check and challenge, `forward-plan` reads the last
board's plan, and `meeting new` pre-fills the next record (exact diffs, golden file)."""

from __future__ import annotations

import json
import os
import shlex
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from sendtrack.board.meetings import falls_to, prefill
from sendtrack.models.meetings import ForwardPlanItem
from sendtrack.store.loader import load
from tests.conftest import MakeRepo

Run = Callable[..., Any]
GOLDEN = Path(__file__).parents[1] / "golden" / "board"


@pytest.fixture
def run(cli: Callable[..., Any]) -> Run:
    """``run(root, "meeting show 2025-11-03 -f json")``: the real CLI on the repository at
    ``root``; the command string is split as a shell would."""

    def invoke(root: Path, command: str, *extra: str) -> Any:
        return cli("--repo", str(root), *shlex.split(command), *extra)

    return invoke


def golden(name: str, actual: str) -> None:
    """Compare with tests/golden/board/NAME; SENDTRACK_UPDATE_GOLDEN=1 rewrites it."""
    path = GOLDEN / name
    if os.environ.get("SENDTRACK_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8"), f"differs from {path}"


def as_json(result: Any) -> Any:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.yaml"))}


# -- meeting show ---------------------------------------------------------------------------


def test_show_counts_check_and_challenge(shipped_copy: Path, run: Run) -> None:
    data = as_json(run(shipped_copy, "meeting show 2025-11-03 --format json"))
    assert (data["challenges"], data["responses"], data["unanswered"]) == (14, 14, [])
    assert [(i["number"], i["challenges"]) for i in data["agenda"] if i["challenges"]] == [
        ("5", 1),
        ("6", 3),
        ("7", 3),
        ("8", 4),
        ("9", 2),
        ("10", 1),
    ]
    assert (len(data["attendance"]["present"]), len(data["attendance"]["apologies"])) == (18, 14)
    assert [a["id"] for a in data["actions_raised"]] == [f"2025-11-03/A{n}" for n in range(1, 12)]
    assert data["actions_raised"][9] == {
        "id": "2025-11-03/A10",
        "status": "closed",
        "owner": "Manager of the SEND Partnership, Lancashire County Council",
        "due": "2025-12-05",
        "archived": True,
    }
    assert data["risks_added"] == [
        {"id": "R21", "title": "Children not in school (with capital planning implications)",
         "score": 16},
        {"id": "R22", "title": "Social care capacity for advice", "score": 12},
    ]  # fmt: skip
    assert (data["previous_meeting"], data["next_meeting"]) == ("2025-10-13", "2025-12-05")
    text = run(shipped_copy, "meeting show '3 Nov 2025'")
    assert text.stdout.splitlines()[:5] == [
        "SEND Partnership Improvement Board: 3 Nov 2025, 13:00-16:00, In person (some",
        "attendees joined online) (held)",
        "Attendance: 18 present, 5 in attendance, 14 apologies",
        "Check and challenge: 14 challenges minuted, 14 with a response, 0 without",
        "Meetings: previous: 13 Oct 2025 (held); next: 5 Dec 2025 (scheduled)",
    ]


def test_show_lists_unanswered_challenges(make_repo: MakeRepo, run: Run) -> None:
    root = make_repo({})
    path = root / "meetings" / "2025-04-10.yaml"
    path.write_text(
        path.read_text().replace(
            "    actions:\n",
            "      - challenge: Who checks the recovery plan?\n    actions:\n",
            1,
        )
    )
    text = run(root, "meeting show 2025-04-10").stdout
    assert "Check and challenge: 2 challenges minuted, 1 with a response, 1 without\n" in text
    assert "Unanswered challenge (item 1): Who checks the recovery plan?\n" in text
    markdown = run(root, "meeting show 2025-04-10 -f markdown").stdout
    assert "| 1 | Priority Action Plan tracker | 2 | 1 |\n" in markdown
    assert "### Unanswered challenges\n\n- Item 1: Who checks the recovery plan?\n" in markdown


def test_show_unknown_meeting(shipped_copy: Path, run: Run) -> None:
    result = run(shipped_copy, "meeting show 2025-12-06")
    assert (result.exit_code, result.stderr) == (
        1,
        "sendtrack: no meeting '2025-12-06' in meetings/\n"
        "  hint: did you mean '2025-12-05' or '2025-11-03' or '2025-10-13'?\n",
    )


# -- forward plan ----------------------------------------------------------------------------


def test_forward_plan_as_the_last_board_minuted_it(shipped_copy: Path, run: Run) -> None:
    data = as_json(run(shipped_copy, "forward-plan --as-of 2025-11-10 --format json"))
    assert data["source_meeting"] == "2025-11-03"
    assert data["standing_items"][-1] == (
        "Exclusions thematic review (standing item, progress monitored termly; Action 8)"
    )
    assert [(i["item"][:32], i["kind"], i["meeting"], i["date"]) for i in data["items"]] == [
        ("Deep dive on preparation for adu", "deep_dive", "2025-12-05", "2025-12-05"),
        ("Recruitment outcomes for the Hea", "item", "2025-12-05", "2025-12-05"),
        ("Joint Commissioning arrangements", "item", None, "2026-01-31"),
        ("Review of children not in school", "item", None, "2026-02-28"),
        ("Public Enquiry and rapid review ", "item", None, None),
    ]
    text = run(shipped_copy, "forward-plan --as-of 2025-11-10").stdout.splitlines()
    assert text[0] == "Forward plan as of 10 Nov 2025 as minuted at the 3 Nov 2025 board"
    assert text[9:15] == [
        "When                               Kind       Item",
        "─" * 80,
        "5 Dec 2025 board                   deep dive  Deep dive on preparation for",
        "                                              adulthood",
        "5 Dec 2025 board                   item       Recruitment outcomes for the Head",
        "                                              of SEND and Inclusion and the DfE",
    ]
    assert text[16].startswith("January 2026 (no board scheduled)  item       Joint")


def test_forward_plan_before_any_board(make_repo: MakeRepo, run: Run) -> None:
    root = make_repo({})
    result = run(root, "forward-plan --as-of 2025-04-01")
    assert result.stdout == (
        "Forward plan as of 1 Apr 2025\n"
        "\n"
        "No board has been held yet, so there is no forward plan.\n"
    )


# -- placing forward-plan items ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ({"item": "A", "meeting": "2026-01-09"}, True),
        ({"item": "A", "meeting": "2026-02-06"}, False),
        ({"item": "A", "when": "January 2026"}, True),
        ({"item": "A", "when": "2026-01-31"}, True),
        ({"item": "A", "when": "2025-12-31"}, False),
        ({"item": "A", "when": "2026-01", "meeting": "2026-02-06"}, False),  # meeting wins
        ({"item": "A"}, False),
    ],
)
def test_falls_to(item: dict[str, str], expected: bool) -> None:
    planned = ForwardPlanItem.model_validate(item)
    assert falls_to(planned, "2026-01-09", date(2026, 1, 9)) is expected


def test_prefill_on_the_shipped_data(shipped_copy: Path) -> None:
    repo, problems = load(shipped_copy)
    assert not problems
    pre = prefill(repo, date(2026, 1, 9))
    assert pre.previous is not None and pre.previous.id == "2025-12-05"
    assert [i.item for i in pre.placed] == ["Joint Commissioning arrangements"]
    assert [i.item for i in pre.carried] == ["Review of children not in school"]
    assert [a.id for a in pre.actions_due] == [f"2025-11-03/A{n}" for n in range(1, 12) if n != 10]
    assert [(m, to.isoformat()) for m, to, _ in pre.reprofiles] == [
        ("2.1.4.1", "2026-01-31"),
        ("2.5.4.1", "2026-03-31"),
        ("2.7.2.1", "2026-02-28"),
    ]
    assert [r.id for r in pre.risks_due] == [f"R{n:02d}" for n in range(1, 23) if n != 21]


# -- meeting new -----------------------------------------------------------------------------


def test_new_meeting_on_the_shipped_data(shipped_copy: Path, run: Run) -> None:
    dry = run(shipped_copy, "meeting new 2026-01-09 --dry-run")
    assert dry.exit_code == 0, dry.output
    golden("meeting-new-2026-01-09.diff", dry.stdout)
    written = run(shipped_copy, "meeting new '9 January 2026'")
    assert written.stdout == (
        "wrote meetings/2026-01-09.yaml: the 9 Jan 2026 board, pre-filled\n"
        "set next_meeting of 2025-12-05 to 2026-01-09\n"
    )
    assert run(shipped_copy, "check").exit_code == 0
    shown = as_json(run(shipped_copy, "meeting show 2026-01-09 -f json"))
    assert (shown["status"], shown["previous_meeting"], len(shown["agenda"])) == (
        "scheduled",
        "2025-12-05",
        11,
    )
    # The next board after that is now due to look ahead to it.
    data = as_json(run(shipped_copy, "actions --format json --as-of 2025-12-10"))
    assert data["count"] == 11


def test_new_meeting_fills_a_scheduled_record(make_repo: MakeRepo, run: Run) -> None:
    root = make_repo({})  # the template: 10 Apr 2025 held, 15 May 2025 scheduled and bare
    result = run(root, "meeting new 2025-05-15 --dry-run")
    assert result.stdout == (
        "--- a/meetings/2025-05-15.yaml\n"
        "+++ b/meetings/2025-05-15.yaml\n"
        "@@ -6,3 +6,22 @@\n"
        " time: 13:00-16:00\n"
        " location: in person\n"
        " status: scheduled\n"
        "+agenda:\n"
        '+  - number: "1"\n'
        "+    title: Welcome, introductions and apologies\n"
        '+  - number: "2"\n'
        "+    title: Minutes and actions from the previous meeting\n"
        '+  - number: "3"\n'
        "+    title: Action tracker\n"
        '+    summary: "Due by this board (1): 2025-04-10/A1."\n'
        '+  - number: "4"\n'
        "+    title: Highlight report and Priority Action Plan tracker\n"
        '+  - number: "5"\n'
        "+    title: Deep dive on assessment timeliness\n"
        '+  - number: "6"\n'
        "+    title: Risk register\n"
        '+    summary: "Due for review (1): R01."\n'
        '+  - number: "7"\n'
        "+    title: Forward plan\n"
        '+  - number: "8"\n'
        "+    title: Any other business\n"
    )
    assert run(root, "meeting new 2025-05-15").stdout == (
        "pre-filled meetings/2025-05-15.yaml: added agenda\n"
    )
    assert run(root, "check", "--as-of", "2025-05-01").exit_code == 0


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (
            "2025-11-03",
            "sendtrack: the 3 Nov 2025 meeting is already held; its record is minutes, not a "
            "plan\n  hint: see it with 'sendtrack meeting show 2025-11-03'\n",
        ),
        (
            "2025-12-05",
            "sendtrack: the 5 Dec 2025 meeting already has an agenda\n"
            "  hint: edit its record by hand, or delete its agenda to pre-fill it again\n",
        ),
    ],
)
def test_new_meeting_refusals(shipped_copy: Path, run: Run, day: str, message: str) -> None:
    before = snapshot(shipped_copy)
    result = run(shipped_copy, f"meeting new {day}")
    assert (result.exit_code, result.stderr) == (1, message + "sendtrack: nothing written\n")
    assert snapshot(shipped_copy) == before


def test_new_meeting_refuses_a_cancelled_one(make_repo: MakeRepo, run: Run) -> None:
    root = make_repo({})
    path = root / "meetings" / "2025-05-15.yaml"
    path.write_text(path.read_text().replace("status: scheduled", "status: cancelled"))
    result = run(root, "meeting new 2025-05-15")
    assert (result.exit_code, result.stderr) == (
        1,
        "sendtrack: the 15 May 2025 meeting is cancelled\n"
        "  hint: set its status to scheduled first if it is back on\n"
        "sendtrack: nothing written\n",
    )
