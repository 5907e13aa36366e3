"""The meeting cycle (issue 14 §3): a past board left scheduled is a warning, `meeting
held` records it, `status` never looks ahead to a past board, and `meeting new` refuses
a date before the last board held unless `--backfill`."""

from __future__ import annotations

import json
from datetime import date

import pytest

from sendtrack.board.meeting_cycle import hold_meeting
from sendtrack.store.loader import load
from tests.conftest import MakeRepo, Run, snapshot

# -- check: a past board still scheduled ---------------------------------------------------


def test_a_board_left_scheduled_is_a_located_warning(make_repo: MakeRepo, run: Run) -> None:
    root = make_repo({})  # the template: 15 May 2025 scheduled
    quiet = run(root, "check --as-of 2025-06-01")  # within four weeks: minutes being written
    assert quiet.stdout == "ok: no problems in 7 files\n"
    result = run(root, "check --as-of 2025-07-01")
    assert result.exit_code == 0  # a warning, not an error
    assert result.stdout == (
        "meetings/2025-05-15.yaml:8:9: meeting-not-minuted the 15 May 2025 meeting is still "
        "'scheduled', 47 days after its date\n"
        "    8 | status: scheduled\n"
        "      |         ^\n"
        "  hint: record it with 'sendtrack meeting held 2025-05-15', or write "
        "'status: cancelled' if it did not meet\n"
        "\n"
        "0 errors, 1 warning in 7 files\n"
    )
    data = json.loads(run(root, "check --as-of 2025-07-01 --format json").stdout)
    assert [(p["code"], p["severity"], p["id"]) for p in data["problems"]] == [
        ("meeting-not-minuted", "warning", "2025-05-15")
    ]


# -- meeting held --------------------------------------------------------------------------


def test_meeting_held_flips_the_status_and_adds_the_skeleton(make_repo: MakeRepo, run: Run) -> None:
    root = make_repo({})
    path = root / "meetings" / "2025-05-15.yaml"
    before = path.read_text(encoding="utf-8")
    dry = run(root, "meeting held 2025-05-15 --dry-run")
    assert dry.exit_code == 0, dry.output
    assert dry.stdout == (
        "--- a/meetings/2025-05-15.yaml\n"
        "+++ b/meetings/2025-05-15.yaml\n"
        "@@ -5,4 +5,9 @@\n"
        " date: 2025-05-15\n"
        " time: 13:00-16:00\n"
        " location: in person\n"
        "-status: scheduled\n"
        "+status: held\n"
        "+attendance:\n"
        "+  present: []\n"
        "+  in_attendance: []\n"
        "+  apologies: []\n"
        "+decisions: []\n"
    )
    assert "nothing written" in dry.stderr
    assert path.read_text(encoding="utf-8") == before
    result = run(root, "meeting held '15 May 2025'")
    assert result.stdout == (
        "meetings/2025-05-15.yaml: the 15 May 2025 meeting recorded as held; added "
        "attendance and decisions to fill in\n"
    )
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# The next board, scheduled: reports look ahead to it.\n")
    assert "status: held\n" in text
    repo, problems = load(root)
    meeting = repo.meeting("2025-05-15")
    assert meeting is not None and meeting.status == "held" and meeting.attendance is not None
    assert problems == []
    assert run(root, "check --as-of 2025-07-01").stdout == "ok: no problems in 7 files\n"
    # Now the last board held: the forward plan is read from it.
    assert "15 May 2025 board" in run(root, "forward-plan --as-of 2025-06-01").stdout


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (
            "2025-04-10",
            "sendtrack: the 10 Apr 2025 meeting is already recorded as held\n"
            "  hint: see it with 'sendtrack meeting show 2025-04-10'\n",
        ),
        (
            "2025-04-11",
            "sendtrack: no meeting '2025-04-11' in meetings/\n"
            "  hint: did you mean '2025-04-10' or '2025-05-15'?\n",
        ),
    ],
)
def test_meeting_held_refusals(make_repo: MakeRepo, run: Run, day: str, message: str) -> None:
    root = make_repo({})
    before = snapshot(root)
    result = run(root, f"meeting held {day}")
    assert (result.exit_code, result.stderr) == (1, message + "sendtrack: nothing written\n")
    assert snapshot(root) == before


def test_a_board_not_met_yet_cannot_be_held(make_repo: MakeRepo) -> None:
    repo, _ = load(make_repo({}))
    from sendtrack.board.common import BoardError

    with pytest.raises(BoardError, match="has not met yet"):
        hold_meeting(repo, date(2025, 5, 14), "2025-05-15")


# -- status looks ahead only to boards still to come ----------------------------------------


def test_status_never_reports_a_past_board_as_the_next(make_repo: MakeRepo, run: Run) -> None:
    root = make_repo({})
    ahead = json.loads(run(root, "status --as-of 2025-05-01 --format json").stdout)
    assert ahead["next_meeting"]["id"] == "2025-05-15"
    past = json.loads(run(root, "status --as-of 2025-06-01 --format json").stdout)
    assert past["next_meeting"] is None
    assert "Next board: none scheduled" in run(root, "status --as-of 2025-06-01").stdout


# -- meeting new before the last board held --------------------------------------------------


def test_meeting_new_refuses_a_date_before_the_last_board_held(
    make_repo: MakeRepo, run: Run
) -> None:
    root = make_repo({})  # 10 Apr 2025 held
    before = snapshot(root)
    result = run(root, "meeting new 2024-04-10")  # the year mistyped
    assert (result.exit_code, result.stderr) == (
        1,
        "sendtrack: 10 Apr 2024 is before the last board held, on 10 Apr 2025\n"
        "  hint: check the date; to record a past meeting on purpose, add --backfill\n"
        "sendtrack: nothing written\n",
    )
    assert snapshot(root) == before
    backfilled = run(root, "meeting new 2024-04-10 --backfill")
    assert backfilled.exit_code == 0, backfilled.output
    assert (root / "meetings" / "2024-04-10.yaml").exists()
