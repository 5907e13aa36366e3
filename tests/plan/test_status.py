"""`sendtrack status`, `milestones` and `show`: figures on the shipped data, golden
outputs, the JSON contract, colour handling, and the invariants of the counts."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from collections.abc import Callable
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from sendtrack.models import Meeting, Priority, Settings
from sendtrack.plan.health import Health
from sendtrack.plan.status import LIVE_HEALTHS, compute_status
from sendtrack.store.loader import load
from sendtrack.store.repository import Repository
from tests.conftest import PROJECT_ROOT, MakeRepo

GOLDEN = Path(__file__).parents[1] / "golden" / "status"
BOARD_DAY = date(2025, 11, 3)
Cli = Callable[..., Any]


def golden(name: str, actual: str) -> None:
    """Compare with tests/golden/status/NAME; SENDTRACK_UPDATE_GOLDEN=1 rewrites it."""
    path = GOLDEN / name
    if os.environ.get("SENDTRACK_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8"), f"differs from {path}"


@pytest.fixture
def shipped() -> Repository:
    repo, problems = load(PROJECT_ROOT)
    assert not problems
    return repo


# -- the shipped data reproduces the 3 November 2025 board ---------------------------


def test_headline_reproduces_the_minutes(shipped: Repository) -> None:
    report = compute_status(shipped, BOARD_DAY)
    counts = report.milestones
    # "seventy nine (83%) out of a total of ninety-five milestones in progress or completed"
    assert (counts.total, counts.started, counts.started_pct) == (95, 79, 83)
    # The minutes give no completed figure: check ours against the data independently.
    completed = sum(
        1
        for m in shipped.milestones()
        if m.status == "complete" and m.completed_on is not None and m.completed_on <= BOARD_DAY
    )
    assert counts.complete == completed
    half_up = int(Fraction(100 * completed, 95) + Fraction(1, 2))
    assert report.headline == (
        f"79 (83%) of 95 milestones in progress or completed; {completed} ({half_up}%) completed"
    )


def test_exceptions_are_the_ones_the_minutes_name(shipped: Repository) -> None:
    report = compute_status(shipped, BOARD_DAY)
    by_stream: dict[str, dict[str, set[str]]] = {}
    for row in report.exceptions:
        by_stream.setdefault(row.workstream, {}).setdefault(row.health.value, set()).add(row.id)
    assert by_stream == {
        # "Four milestones delayed (dashboard development, strategy sign-off, joint
        # commissioning, SEF revision)"
        "leadership": {"delayed": {"1.6.5.1", "1.5.1.3", "1.6.3.1", "1.4.1.3"}},
        # "Three milestones remain red with proposed re-profiling"
        "ehcp": {"off_track": {"2.1.4.1", "2.5.4.1", "2.7.2.1"}},
        # "Single provider dataset still pending"
        "nd-pathway": {"delayed": {"3.3.1.1"}},
        # "Delays in cornerstone model launch and SEND helpline review"
        "working-together": {"delayed": {"4.3.1.1", "4.4.2.1"}},
        # "Preparation for Adulthood and Transitions: On track" - no entry
    }
    assert [row.colour.name for row in report.exceptions] == ["red"] * 3 + ["amber"] * 7
    awaiting = {item.milestone.id for item in report.awaiting_board}
    assert awaiting == {"2.1.4.1", "2.5.4.1", "2.7.2.1"}
    assert report.next_meeting is not None and report.next_meeting.date == date(2025, 12, 5)


def test_the_original_date_remains(shipped: Repository) -> None:
    rows = {row.id: row for row in compute_status(shipped, BOARD_DAY).rows}
    dashboard = rows["1.6.5.1"]
    assert (dashboard.baseline_due, dashboard.current_due, dashboard.reprofiles) == (
        date(2025, 6, 30),
        date(2026, 1, 31),
        2,
    )
    assert dashboard.slip_days == 215


# -- the JSON contract ---------------------------------------------------------------


def test_json_contract(cli: Cli) -> None:
    result = cli("--repo", str(PROJECT_ROOT), "status", "--as-of", "2025-11-03", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["as_of"] == "2025-11-03"
    milestones = data["milestones"]
    for key in (
        "total",
        "not_started",
        "in_progress",
        "complete",
        "withdrawn",
        "started",
        "started_pct",
        "complete_pct",
        "by_health",
    ):
        assert key in milestones
    assert (milestones["total"], milestones["started"], milestones["started_pct"]) == (95, 79, 83)
    assert [group["id"] for group in data["by_workstream"]] == [
        "leadership",
        "ehcp",
        "nd-pathway",
        "working-together",
        "pfa",
    ]
    assert [group["id"] for group in data["by_priority"]] == ["1", "2", "3", "4", "5"]
    for group in data["by_workstream"] + data["by_priority"]:
        assert set(milestones) <= set(group)
    first = data["exceptions"][0]
    assert {
        k: first[k]
        for k in (
            "id",
            "health",
            "colour",
            "baseline_due",
            "current_due",
            "slip_days",
            "reprofiles",
        )
    } == {
        "id": "2.1.4.1",
        "health": "off_track",
        "colour": "red",
        "baseline_due": "2025-09-30",
        "current_due": "2025-09-30",
        "slip_days": 0,
        "reprofiles": 0,
    }
    assert first["title"].startswith("Progress tracking dashboard")


# -- golden outputs ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "name"), [("text", "status.txt"), ("markdown", "status.md"), ("json", "status.json")]
)
def test_status_golden(cli: Cli, monkeypatch: pytest.MonkeyPatch, fmt: str, name: str) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_COLOR", "1")
    result = cli("--repo", str(PROJECT_ROOT), "status", "--as-of", "2025-11-03", "--format", fmt)
    assert result.exit_code == 0, result.output
    golden(name, result.stdout)
    if fmt == "text":
        assert max(len(line) for line in result.stdout.splitlines()) <= 100
        assert "\x1b[" not in result.stdout


def test_milestones_golden(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    args = ("--repo", str(PROJECT_ROOT), "milestones", "--as-of", "2025-11-03")
    text = cli(*args, "--colour", "red", "--colour", "amber")
    golden("milestones-red-amber.txt", text.stdout)
    markdown = cli(*args, "--workstream", "ehcp", "--health", "off_track", "--format", "markdown")
    golden("milestones-ehcp-off-track.md", markdown.stdout)
    shown = cli("--repo", str(PROJECT_ROOT), "show", "1.6.5.1", "--as-of", "2025-11-03")
    golden("show-1.6.5.1.txt", shown.stdout)


def _run_in_terminal(args: list[str], env: dict[str, str]) -> str:
    """The real CLI with its stdout on a pseudo-terminal, as a person would run it."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "sendtrack", *args],
        stdout=follower,
        stderr=subprocess.PIPE,
        env=env,
    )
    os.close(follower)
    chunks: list[bytes] = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closes when the process ends
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert process.wait() == 0, process.stderr.read() if process.stderr else ""
    return b"".join(chunks).decode("utf-8")


def test_colour_only_on_a_terminal_and_never_with_no_color() -> None:
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env.update(COLUMNS="100", TERM="xterm")
    args = ["--repo", str(PROJECT_ROOT), "status", "--as-of", "2025-11-03"]
    coloured = _run_in_terminal(args, env)
    assert "\x1b[1;31m✖ Red (off track)\x1b[0m" in coloured
    plain = _run_in_terminal(args, {**env, "NO_COLOR": "1"})
    assert "\x1b[" not in plain
    assert "✖ Red (off track)" in plain
    piped = subprocess.run(
        [sys.executable, "-m", "sendtrack", *args], capture_output=True, env=env, check=True
    )
    assert b"\x1b[" not in piped.stdout


# -- queries -----------------------------------------------------------------------


def test_milestones_json_and_filters(cli: Cli) -> None:
    args = ("--repo", str(PROJECT_ROOT), "milestones", "--as-of", "2025-11-03", "--format", "json")
    everything = json.loads(cli(*args).stdout)
    assert len(everything) == 95
    keys = {"id", "title", "action", "workstream", "status", "health", "colour", "baseline_due",
            "current_due", "slip_days", "reprofiles"}  # fmt: skip
    assert all(keys <= set(item) for item in everything)
    amber = json.loads(cli(*args, "--colour", "amber").stdout)
    assert [item["id"] for item in amber] == [
        "1.4.1.3", "1.5.1.3", "1.6.3.1", "1.6.5.1", "3.3.1.1", "4.3.1.1", "4.4.2.1",
    ]  # fmt: skip
    pap_red = json.loads(cli(*args, "--colour", "red", "--scheme", "pap").stdout)
    assert len(pap_red) == 10  # the plan's key: red is delayed or off track
    due = json.loads(cli(*args, "--priority", "5", "--due-before", "2025-07-01").stdout)
    assert due and all(
        item["priority"] == "5" and item["current_due"] < "2025-07-01" for item in due
    )
    pfa_exceptions = json.loads(
        cli(*args, "--workstream", "pfa", "--health", "delayed", "--health", "off_track").stdout
    )
    assert pfa_exceptions == []


def test_unknown_filter_and_unknown_id_name_the_nearest(cli: Cli) -> None:
    result = cli("--repo", str(PROJECT_ROOT), "milestones", "--workstream", "ehpc")
    assert (result.exit_code, result.stderr) == (
        1,
        "sendtrack: no workstream 'ehpc'; known: ehcp\n",
    )
    shown = cli("--repo", str(PROJECT_ROOT), "show", "2.1.44")
    assert (shown.exit_code, shown.stderr) == (
        1,
        "sendtrack: no plan item '2.1.44'; nearest: 2.1.4, 2.1.4.1, 2.1.1\n",
    )


def test_show_an_action_lists_its_milestones(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    result = cli("--repo", str(PROJECT_ROOT), "show", "2.1.4", "--as-of", "2025-11-03")
    assert result.exit_code == 0
    assert "Action 2.1.4: Develop the progress tracking dashboard" in result.stdout
    assert "2.1.4.1  ✖ Red (off track)  30 Sep 2025  Progress tracking dashboard" in result.stdout
    data = json.loads(
        cli(
            "--repo", str(PROJECT_ROOT), "show", "2.1.4.1", "--as-of", "2025-11-03", "-f", "json"
        ).stdout
    )
    assert data["milestone"]["pending_reprofiles"][0]["to"] == "2026-01-31"
    assert data["milestone"]["record"]["due"] == "2025-09-30"


# -- sections on a small repository --------------------------------------------------

SMALL_PLAN = """
    id: "1"
    kind: priority_action
    title: Leaders improve governance.
    workstream: leadership
    outcomes:
      - id: "1.1"
        text: Clear governance.
        actions:
          - id: "1.1.1"
            title: Create a board.
            workstream: leadership
            due: 2025-06
            milestones:
              - id: "1.1.1.1"
                title: Chair appointed
                due: 2025-03
                status: complete
                completed_on: 2025-03-20
              - id: "1.1.1.2"
                title: Terms of reference agreed
                due: 2025-05-10
                status: in_progress
              - id: "1.1.1.3"
                title: Old approach
                due: 2025-06
                withdrawn:
                  reason: Replaced by 1.1.1.2.
                  agreed_at: "2025-04-10"
"""


def test_withdrawn_overdue_and_due_by_next_board(make_repo: MakeRepo, cli: Cli) -> None:
    root = make_repo({"plan/priority-1.yaml": SMALL_PLAN})
    data = json.loads(
        cli("--repo", str(root), "status", "--as-of", "2025-05-01", "-f", "json").stdout
    )
    assert data["headline"] == (
        "2 (100%) of 2 milestones in progress or completed; 1 (50%) completed; "
        "1 withdrawn (not counted)"
    )
    assert [row["id"] for row in data["withdrawn"]] == ["1.1.1.3"]
    assert data["next_meeting"]["id"] == "2025-05-15"
    assert data["overdue_actions"] == []
    assert [row["id"] for row in data["due_before_next_meeting"]] == ["1.1.1.2"]
    later = json.loads(
        cli("--repo", str(root), "status", "--as-of", "2025-05-16", "-f", "json").stdout
    )
    assert [(a["id"], a["days_overdue"]) for a in later["overdue_actions"]] == [
        ("2025-04-10/A1", 1)
    ]
    assert later["next_meeting"] is None
    before = json.loads(
        cli("--repo", str(root), "status", "--as-of", "2025-04-01", "-f", "json").stdout
    )
    # Withdrawn at the 10 April board: on 1 April it still counted.
    assert before["milestones"]["total"] == 3


def test_no_repository_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    result = cli("--repo", str(tmp_path), "status")
    assert result.exit_code == 2
    assert "is not a sendtrack repository" in result.stderr


def test_bad_as_of_is_a_usage_error(cli: Cli) -> None:
    result = cli("--repo", str(PROJECT_ROOT), "status", "--as-of", "2025-02-30")
    assert result.exit_code == 2
    assert "February 2025 has 28 days" in result.stderr


# -- invariants ----------------------------------------------------------------------

STREAMS = ("leadership", "ehcp", "pfa")
START = date(2025, 1, 1)
MEETING_DAYS = {"2025-03-01": date(2025, 3, 1), "2025-09-01": date(2025, 9, 1)}


@st.composite
def milestone_data(draw: st.DrawFn, index: int) -> dict[str, Any]:
    due = START + timedelta(days=draw(st.integers(0, 500)))
    status = draw(st.sampled_from(["not_started", "in_progress", "complete"]))
    data: dict[str, Any] = {
        "id": f"1.1.1.{index}",
        "title": "M",
        "due": due.isoformat(),
        "status": status,
    }
    if status == "complete":
        data["completed_on"] = (START + timedelta(days=draw(st.integers(0, 700)))).isoformat()
    if draw(st.booleans()):
        to = due + timedelta(days=draw(st.integers(1, 200)))
        if draw(st.booleans()):
            data["reprofiles"] = [
                {
                    "to": to.isoformat(),
                    "reason": "r",
                    "agreed_at": draw(st.sampled_from(sorted(MEETING_DAYS))),
                }
            ]
        else:
            data["reprofiles"] = [{"to": to.isoformat(), "reason": "r", "proposed": "true"}]
    if draw(st.integers(0, 9)) == 0:
        data["at_risk"] = "a reason"
    if draw(st.integers(0, 9)) == 0:
        data["withdrawn"] = {
            "reason": "w",
            "agreed_at": draw(st.sampled_from(sorted(MEETING_DAYS))),
        }
    return data


@st.composite
def repositories(draw: st.DrawFn) -> Repository:
    count = draw(st.integers(0, 30))
    actions = [
        {
            "id": f"1.1.{i}",
            "title": "A",
            "workstream": draw(st.sampled_from(STREAMS)),
            "due": "2025-12",
            "milestones": [
                draw(milestone_data(index)) for index in range(1, draw(st.integers(1, 3)) + 1)
            ],
        }
        for i in range(1, count + 1)
    ]
    for action in actions:
        for milestone in action["milestones"]:
            milestone["id"] = f"{action['id']}.{milestone['id'].rsplit('.', 1)[1]}"
    repo = Repository(root=Path("."))
    repo.settings = Settings.model_validate(
        {
            "partnership": "P",
            "board": "B",
            "colour_scheme": draw(st.sampled_from(["board", "pap", "nhse-brag"])),
            "workstreams": [{"id": s, "name": s} for s in STREAMS],
        }
    )
    if actions:
        repo.priorities = [
            Priority.model_validate(
                {
                    "id": "1",
                    "kind": "priority_action",
                    "title": "T",
                    "workstream": "leadership",
                    "outcomes": [{"id": "1.1", "text": "O", "actions": actions}],
                }
            )
        ]
    repo.meetings = [
        Meeting.model_validate({"id": k, "board": "B", "date": k, "status": "held"})
        for k in MEETING_DAYS
    ]
    return repo


@settings(max_examples=150, deadline=None)
@given(repositories(), st.integers(0, 800))
def test_counts_are_consistent(repo: Repository, offset: int) -> None:
    report = compute_status(repo, START + timedelta(days=offset))
    rows = report.rows
    for counts in [
        report.milestones,
        *(g.counts for g in report.by_workstream + report.by_priority),
    ]:
        assert 0 <= counts.started_pct <= 100 and 0 <= counts.complete_pct <= 100
        assert counts.started >= counts.complete
        assert counts.started_pct >= counts.complete_pct
        assert counts.not_started + counts.in_progress + counts.complete == counts.total
        assert sum(counts.by_health.values()) == counts.total
        assert sum(counts.by_colour.values()) == counts.total
        assert counts.by_health[Health.COMPLETE] == counts.complete
    assert report.milestones.total + report.milestones.withdrawn == len(rows)
    assert sum(g.counts.total for g in report.by_workstream) == report.milestones.total
    assert sum(g.counts.total for g in report.by_priority) == report.milestones.total
    ranks = [row.health.rank for row in report.exceptions]
    assert ranks == sorted(ranks)
    assert {row.id for row in report.exceptions} == {
        row.id for row in rows if row.health in (Health.OFF_TRACK, Health.DELAYED)
    }
    assert all(row.health in LIVE_HEALTHS or row.health is Health.WITHDRAWN for row in rows)
    assert all(row.slip_days >= 0 for row in rows)


def test_text_in_the_pap_scheme_at_60_columns(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    result = cli("--repo", str(PROJECT_ROOT), "status", "--as-of", "2025-11-03", "--scheme", "pap")
    lines = result.stdout.splitlines()
    assert lines[:11] == [
        "SEND Partnership Improvement Board — status as of 3 Nov 2025",
        "Lancashire SEND Partnership",
        # A colour's key and a badge with its count are never split across lines.
        "Colours (pap): ✖ Red = off track or delayed",
        "  ▲ Amber = on track · ● Green = complete",
        "",
        "79 (83%) of 95 milestones in progress or completed; 50 (53%)",
        "completed",
        "",
        "By health: ✖ Red (off track) 3 · ✖ Red (delayed) 7",
        "  ▲ Amber (on track) 35 · ● Green (complete) 50",
        "By status: not started 16 · in progress 29 · complete 50",
    ]
    assert "Exceptions, off track first then delayed (10)" in lines
    # Every line fits 60 columns, the tables too (their name columns wrap or are cut).
    assert max(cell_len(line) for line in lines) <= 60
