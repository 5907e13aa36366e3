"""The board's action log: listing (overdue, carried over, filters, formats), add, update
and archive with exact diffs, an interrupted archive recovered with nothing lost or
duplicated, and the cross-checks on board actions."""

from __future__ import annotations

import json
import os
import shlex
import tempfile
import textwrap
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from sendtrack.board.actions import archive_actions, carried_over, days_overdue, list_actions
from sendtrack.checks import CheckContext, run_checks
from sendtrack.models import BoardAction, Meeting
from sendtrack.store.journal import paths
from sendtrack.store.loader import load
from sendtrack.store.scaffold import init_repository
from tests.conftest import MakeRepo

Run = Callable[..., Any]

MEETINGS = {
    "meetings/2025-04-10.yaml": """
        id: "2025-04-10"
        board: SEND Improvement Board
        date: 2025-04-10
        status: held
        actions_raised:
          - "2025-04-10/A1"
        next_meeting: "2025-05-15"
    """,
    "meetings/2025-05-15.yaml": """
        id: "2025-05-15"
        board: SEND Improvement Board
        date: 2025-05-15
        status: held
    """,
    "meetings/2025-06-19.yaml": """
        id: "2025-06-19"
        board: SEND Improvement Board
        date: 2025-06-19
        status: held
    """,
    "meetings/2025-07-17.yaml": """
        id: "2025-07-17"
        board: SEND Improvement Board
        date: 2025-07-17
        status: scheduled
    """,
}

ACTIONS = """
    # The board's action log.
    actions:
      # Raised under item 3; the chair asked for it by name.
      - id: "2025-04-10/A1"
        meeting: "2025-04-10"
        number: 1
        text: Circulate the revised terms of reference to all partners.
        owner: SEND Partnership Manager
        due: 2025-05-15
        status: open  # open, in_progress or closed
        links:
          - "1.1.1.2"
"""

NOTHING = "sendtrack: nothing written\n"
"""The last line of every refused write."""


@pytest.fixture
def run(cli: Callable[..., Any]) -> Run:
    """``run(root, "actions update ID --on 2025-05-01", "--note", "two words")``: the real
    CLI on the repository at ``root``; the command string is split as a shell would."""

    def invoke(root: Path, command: str, *extra: str) -> Any:
        return cli("--repo", str(root), *shlex.split(command), *extra)

    return invoke


def ids_in(root: Path, name: str) -> list[str]:
    data = yaml.safe_load((root / name).read_text(encoding="utf-8"))
    return [str(action["id"]) for action in data["actions"] or []]


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(path.relative_to(root)): path.read_bytes() for path in sorted(root.rglob("*.yaml"))}


def as_json(result: Any) -> Any:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# -- days overdue and carried over --------------------------------------------------------


def _action(**fields: Any) -> BoardAction:
    base: dict[str, Any] = {
        "id": "2025-04-10/A1",
        "meeting": "2025-04-10",
        "number": 1,
        "text": "Do it.",
        "owner": "Chair",
        "due": "2025-05-15",
    }
    return BoardAction.model_validate({**base, **fields})


def _board(day: str, status: str = "held") -> Meeting:
    return Meeting.model_validate({"id": day, "board": "B", "date": day, "status": status})


@pytest.mark.parametrize(
    ("as_of", "status", "expected"),
    [
        (date(2025, 5, 15), "open", 0),  # due today: not overdue
        (date(2025, 5, 16), "open", 1),
        (date(2025, 6, 14), "in_progress", 30),
        (date(2025, 6, 14), "closed", 0),
    ],
)
def test_days_overdue(as_of: date, status: str, expected: int) -> None:
    closed = {"closed_on": "2025-05-20"} if status == "closed" else {}
    assert days_overdue(_action(status=status, **closed), as_of) == expected


@pytest.mark.parametrize(
    ("closed_on", "expected"),
    [
        (None, 2),  # open at both later boards
        ("2025-06-19", 1),  # closed on the day of the second board: dealt with there
        ("2025-06-20", 2),
        ("2025-05-01", 0),  # closed before the next board
    ],
)
def test_carried_over_counts_later_boards_while_open(closed_on: str | None, expected: int) -> None:
    boards = [_board("2025-04-10"), _board("2025-05-15"), _board("2025-06-19")]
    fields = {"status": "closed", "closed_on": closed_on} if closed_on else {}
    action = _action(**fields)
    assert carried_over(action, date(2025, 4, 10), boards) == expected


def test_listing_counts_only_boards_held_by_the_as_of_date(make_repo: MakeRepo) -> None:
    root = make_repo({**MEETINGS, "tracker/actions.yaml": ACTIONS})
    repo, problems = load(root)
    assert not problems
    rows = list_actions(repo, date(2025, 6, 1)).rows
    assert [(r.action.id, r.days_overdue, r.carried_over) for r in rows] == [
        ("2025-04-10/A1", 17, 1)
    ]
    rows = list_actions(repo, date(2025, 6, 30)).rows
    assert [(r.days_overdue, r.carried_over) for r in rows] == [(46, 2)]


# -- listing the shipped action log ---------------------------------------------------------


def test_shipped_log_as_json(shipped_copy: Path, run: Run) -> None:
    data = as_json(run(shipped_copy, "actions --as-of 2025-12-10 --format json"))
    assert (data["as_of"], data["count"], data["overdue"]) == ("2025-12-10", 11, 10)
    by_id = {a["id"]: a for a in data["actions"]}
    assert [a["id"] for a in data["actions"]] == [f"2025-11-03/A{n}" for n in range(1, 12)]
    assert by_id["2025-11-03/A4"] == {
        "id": "2025-11-03/A4",
        "meeting": "2025-11-03",
        "raised_on": "2025-11-03",
        "number": 4,
        "text": "The data workshop will identify how the partnership can use the JSNA more "
        "effectively to inform commissioning and strategic decisions.",
        "owner": "Director of Policy, Commissioning and Children's Health, "
        "Lancashire County Council",
        "due": "2025-11-30",
        "status": "open",
        "closed_on": None,
        "archived": False,
        "days_overdue": 10,
        "carried_over": 0,
        "latest_update": None,
        "updates": 0,
        "links": ["1.6.3.1", "1.6.4"],
        "illustrative": True,
    }
    archived = by_id["2025-11-03/A10"]
    assert (archived["archived"], archived["status"], archived["days_overdue"]) == (
        True,
        "closed",
        0,
    )


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--open"], [n for n in range(1, 12) if n != 10]),
        (["--overdue", "--as-of", "2025-12-01"], [4]),  # due 30 Nov; the rest due 5 Dec
        (["--overdue", "--as-of", "2025-11-30"], []),
        (["--owner", "send auditor"], [9]),
        (["--owner", "Director of Policy"], [4, 6, 7]),
        (["--meeting", "3 Nov 2025", "--open", "--owner", "Manager"], [3, 8]),
    ],
)
def test_filters(shipped_copy: Path, run: Run, args: list[str], expected: list[int]) -> None:
    data = as_json(run(shipped_copy, "actions --format json", *args))
    assert [a["number"] for a in data["actions"]] == expected


def test_unknown_meeting_filter_names_the_nearest(shipped_copy: Path, run: Run) -> None:
    result = run(shipped_copy, "actions --meeting 2025-11-04")
    assert result.exit_code == 1
    assert result.stderr == (
        "sendtrack: no meeting '2025-11-04' in meetings/\n"
        "  hint: did you mean '2025-11-03' or '2025-12-05' or '2025-10-13'?\n"
    )


def test_text_and_markdown(make_repo: MakeRepo, run: Run) -> None:
    root = make_repo({**MEETINGS, "tracker/actions.yaml": ACTIONS})
    run(root, "actions update 2025-04-10/A1 --on 2025-05-20", "--note", "Sent to | all partners.")
    text = run(root, "actions --as-of 2025-06-30 --width 120")
    assert text.exit_code == 0, text.output
    assert text.stdout == (
        "Board actions as of 30 Jun 2025: 1 action, 1 open, 1 overdue\n"
        "\n"
        "2025-04-10/A1  open · owner SEND Partnership Manager · due 15 May 2025 · "
        "OVERDUE 46 days · carried over 2 boards\n"
        "  Circulate the revised terms of reference to all partners.\n"
        "  latest update 20 May 2025: Sent to | all partners.\n"
        "  links: 1.1.1.2\n"
    )
    # At 80 columns (a pipe's default) the facts wrap between facts, under the first.
    narrow = run(root, "actions --as-of 2025-06-30")
    assert narrow.stdout.splitlines()[2:4] == [
        "2025-04-10/A1  open · owner SEND Partnership Manager · due 15 May 2025",
        "               OVERDUE 46 days · carried over 2 boards",
    ]
    markdown = run(root, "actions --as-of 2025-06-30 -f markdown")
    assert markdown.stdout == (
        "## Board actions as of 30 Jun 2025: 1 action, 1 open, 1 overdue\n"
        "\n"
        "| Action | Raised | Owner | Due | Status | Days overdue | Carried over | "
        "Latest update | Links |\n"
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n"
        "| **2025-04-10/A1** Circulate the revised terms of reference to all partners. | "
        "10 Apr 2025 | SEND Partnership Manager | 15 May 2025 | open | 46 | 2 boards | "
        "20 May 2025: Sent to \\| all partners. | 1.1.1.2 |\n"
    )


# -- add ----------------------------------------------------------------------------------


def test_add_numbers_within_the_meeting_and_lists_it(shipped_copy: Path, run: Run) -> None:
    command = "actions add --meeting 2025-11-03 --link R22"
    owner = ("--owner", "Manager of the SEND Partnership, Lancashire County Council")
    text = "Bring social care capacity mitigations to the next board."
    result = run(shipped_copy, command, *owner, text, "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "--- a/tracker/actions.yaml\n"
        "+++ b/tracker/actions.yaml\n"
        "@@ -127,3 +127,12 @@\n"
        "     links:\n"
        '       - "R21"\n'
        "     illustrative: true\n"
        '+  - id: "2025-11-03/A12"\n'
        '+    meeting: "2025-11-03"\n'
        "+    number: 12\n"
        "+    text: Bring social care capacity mitigations to the next board.\n"
        "+    owner: Manager of the SEND Partnership, Lancashire County Council\n"
        "+    due: 2025-12-05\n"
        "+    status: open\n"
        "+    links:\n"
        '+      - "R22"\n'
        "--- a/meetings/2025-11-03.yaml\n"
        "+++ b/meetings/2025-11-03.yaml\n"
        "@@ -206,6 +206,7 @@\n"
        '   - "2025-11-03/A9"\n'
        '   - "2025-11-03/A10"\n'
        '   - "2025-11-03/A11"\n'
        '+  - "2025-11-03/A12"\n'
        " risks_added:\n"
        '   - "R21"\n'
        '   - "R22"\n'
    )
    assert result.stderr.startswith("dry run: added 2025-11-03/A12 (owner Manager")
    assert result.stderr.endswith("; nothing written\n")
    before = snapshot(shipped_copy)
    assert snapshot(shipped_copy) == before
    written = run(shipped_copy, command, *owner, text)
    assert written.stdout == (
        "added 2025-11-03/A12 (owner Manager of the SEND Partnership, Lancashire County "
        "Council; due 5 Dec 2025, the next board) to tracker/actions.yaml\n"
        "listed 2025-11-03/A12 in meetings/2025-11-03.yaml actions_raised\n"
    )
    assert run(shipped_copy, "check").exit_code == 0


def test_add_counts_archived_numbers_and_takes_the_next_scheduled_board(
    make_repo: MakeRepo, run: Run
) -> None:
    archive = """
        actions:
          - id: "2025-04-10/A2"
            meeting: "2025-04-10"
            number: 2
            text: Archived already.
            owner: Chair
            due: 2025-05-15
            status: closed
            closed_on: 2025-05-01
    """
    meetings = dict(MEETINGS)
    meetings["meetings/2025-04-10.yaml"] = MEETINGS["meetings/2025-04-10.yaml"].replace(
        '- "2025-04-10/A1"', '- "2025-04-10/A1"\n          - "2025-04-10/A2"'
    )
    root = make_repo({**meetings, "tracker/actions.yaml": ACTIONS, "tracker/archive.yaml": archive})
    assert run(root, "check --as-of 2025-06-01").exit_code == 0
    result = run(root, "actions add --meeting 2025-04-10 --owner 'Head of SEND' 'Publish it.'")
    assert result.exit_code == 0, result.output
    # Held boards on 15 May and 19 Jun do not count: the next *scheduled* one does.
    assert "added 2025-04-10/A3 (owner Head of SEND; due 17 Jul 2025, the next board)" in (
        result.stdout
    )
    assert ids_in(root, "tracker/actions.yaml") == ["2025-04-10/A1", "2025-04-10/A3"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--meeting", "2025-11-04"],
            "sendtrack: no meeting '2025-11-04' in meetings/\n"
            "  hint: did you mean '2025-11-03' or '2025-12-05' or '2025-10-13'?\n",
        ),
        (
            ["--meeting", "2025-11-03", "--link", "R99"],
            "sendtrack: link 'R99' is not a milestone, action, risk or meeting id\n"
            "  hint: did you mean 'R19' or 'R09'?\n",
        ),
        (
            ["--meeting", "2025-12-05"],
            "sendtrack: no scheduled board after 5 Dec 2025 to make the action due at\n"
            "  hint: give --due DATE, or add the next meeting to meetings/ with status: "
            "scheduled\n",
        ),
        (
            ["--meeting", "2025-11-03", "--due", "2025-10-01"],
            "sendtrack: due date 1 Oct 2025 is before the 3 Nov 2025 meeting that raises "
            "the action\n",
        ),
    ],
)
def test_add_refusals_write_nothing(
    shipped_copy: Path, run: Run, args: list[str], message: str
) -> None:
    before = snapshot(shipped_copy)
    result = run(shipped_copy, "actions add --owner Chair Text.", *args)
    assert (result.exit_code, result.stderr) == (1, message + NOTHING)
    assert snapshot(shipped_copy) == before


# -- update -------------------------------------------------------------------------------


def test_updates_are_appended_never_overwritten(make_repo: MakeRepo, run: Run) -> None:
    root = make_repo({**MEETINGS, "tracker/actions.yaml": ACTIONS})
    update = "actions update 2025-04-10/A1"
    first = run(root, f"{update} --status in_progress --on 2025-04-20 --note 'Draft circulated.'")
    assert first.stdout == (
        "updated 2025-04-10/A1 on 20 Apr 2025: status open → in_progress "
        "(in tracker/actions.yaml)\n"
    )
    second = run(root, f"{update} --status closed --on 2025-05-02 --dry-run")
    assert second.stdout == (
        "--- a/tracker/actions.yaml\n"
        "+++ b/tracker/actions.yaml\n"
        "@@ -7,10 +7,14 @@\n"
        "     text: Circulate the revised terms of reference to all partners.\n"
        "     owner: SEND Partnership Manager\n"
        "     due: 2025-05-15\n"
        "-    status: in_progress  # open, in_progress or closed\n"
        "+    status: closed  # open, in_progress or closed\n"
        "+    closed_on: 2025-05-02\n"
        "     links:\n"
        '       - "1.1.1.2"\n'
        "     updates:\n"
        "       - on: 2025-04-20\n"
        "         note: Draft circulated.\n"
        "         status: in_progress\n"
        "+      - on: 2025-05-02\n"
        "+        note: Status changed from in_progress to closed.\n"
        "+        status: closed\n"
    )
    run(root, f"{update} --status closed --on 2025-05-02")
    reopen = run(root, f"{update} --status open --on 2025-05-03 --note 'Changes.' --dry-run")
    assert "-    closed_on: 2025-05-02\n" in reopen.stdout
    assert "+    status: open  # open, in_progress or closed\n" in reopen.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["2025-04-10/A9", "--note", "x"],
            "sendtrack: no board action '2025-04-10/A9' in tracker/\n"
            "  hint: did you mean '2025-04-10/A1'?\n",
        ),
        (
            ["2025-04-10/A1", "--status", "open"],
            "sendtrack: board action 2025-04-10/A1 is already open\n",
        ),
        (
            ["2025-04-10/A1", "--note", "x", "--on", "2025-04-01"],
            "sendtrack: update dated 1 Apr 2025 is before the 10 Apr 2025 meeting that raised "
            "2025-04-10/A1\n",
        ),
        (
            ["2025-04-10/A1", "--status", "closed", "--on", "2099-01-01"],
            None,  # closed in the future: refused by the re-check
        ),
    ],
)
def test_update_refusals(
    make_repo: MakeRepo, run: Run, args: list[str], message: str | None
) -> None:
    root = make_repo({**MEETINGS, "tracker/actions.yaml": ACTIONS})
    before = snapshot(root)
    result = run(root, "actions update", *args)
    assert result.exit_code == 1
    if message is not None:
        assert result.stderr == message + NOTHING
    else:
        assert "completed-in-future board action 2025-04-10/A1 is closed on 1 Jan 2099" in (
            result.stderr
        )
        assert result.stderr.endswith(
            "sendtrack: the edit would make the repository invalid; nothing written\n"
        )
    assert snapshot(root) == before


def test_update_out_of_date_order_is_refused(make_repo: MakeRepo, run: Run) -> None:
    root = make_repo({**MEETINGS, "tracker/actions.yaml": ACTIONS})
    run(root, "actions update 2025-04-10/A1 --note a --on 2025-05-01")
    result = run(root, "actions update 2025-04-10/A1 --note b --on 2025-04-30")
    assert result.stderr == (
        "sendtrack: update dated 30 Apr 2025 is earlier than the latest update (1 May 2025); "
        "updates are kept in date order\n"
        "  hint: use --on with a date on or after it\n" + NOTHING
    )


def test_archived_action_status_cannot_change(shipped_copy: Path, run: Run) -> None:
    result = run(shipped_copy, "actions update 2025-11-03/A10 --status open --on 2025-11-20")
    assert result.stderr == (
        "sendtrack: board action 2025-11-03/A10 is archived (closed); its status cannot change\n"
        "  hint: to re-open it, move it back from tracker/archive.yaml to tracker/actions.yaml\n"
        + NOTHING
    )


# -- archive ------------------------------------------------------------------------------


def test_archive_moves_lines_as_written(shipped_copy: Path, run: Run) -> None:
    nothing = run(shipped_copy, "actions archive")
    assert nothing.stdout == "nothing to archive: no closed actions in the open log\n"
    note = "EHCNA process published on the Local Offer."
    run(
        shipped_copy, "actions update 2025-11-03/A2 --status closed --on 2025-11-28", "--note", note
    )
    dry = run(shipped_copy, "actions archive --dry-run")
    moved = (
        '  - id: "2025-11-03/A2"\n'
        '    meeting: "2025-11-03"\n'
        "    number: 2\n"
        "    text: The Head of SEND and Inclusion will ensure the Education, Health and Care "
        "Needs Assessment process will be outlined more transparently on the Local Offer.\n"
        "    owner: Head of SEND and Inclusion, Lancashire County Council\n"
        "    due: 2025-12-05\n"
        "    status: closed\n"
        "    closed_on: 2025-11-28\n"
        "    updates:\n"
        "      - on: 2025-11-28\n"
        "        note: EHCNA process published on the Local Offer.\n"
        "        status: closed\n"
        "    illustrative: true\n"
        "    note: Raised under the Lancashire Parent Carer Forum update (item 5), on the "
        "communication of SEND panel outcomes to parents.\n"
    )
    removed = "".join("-" + line for line in moved.splitlines(keepends=True))
    added = "".join("+" + line for line in moved.splitlines(keepends=True))
    assert dry.stdout == (
        "--- a/tracker/actions.yaml\n"
        "+++ b/tracker/actions.yaml\n"
        "@@ -25,20 +25,6 @@\n"
        '       - "R14"\n'
        "     illustrative: true\n"
        "     note: Proposed by the Independent Chair (item 1); the review of the Terms of "
        "Reference and membership (item 10) also refers to this action. The owner is "
        "inferred from the minutes.\n" + removed + '   - id: "2025-11-03/A3"\n'
        '     meeting: "2025-11-03"\n'
        "     number: 3\n"
        "--- a/tracker/archive.yaml\n"
        "+++ b/tracker/archive.yaml\n"
        "@@ -21,3 +21,17 @@\n"
        '       - "R21"\n'
        "     illustrative: true\n"
        "     note: Closed at the same meeting - the risk was added at the same meeting (item "
        '11, "children out of school to be added as a risk"), now R21 in risks/register.yaml. '
        "The owner (keeper of the risk register) is assumed; the minutes name none.\n" + added
    )
    done = run(shipped_copy, "actions archive")
    assert done.stdout == "archived 1 closed action: 2025-11-03/A2\n"
    # Its id still resolves: the meeting's actions_raised and the log agree, check is clean.
    assert run(shipped_copy, "check").exit_code == 0
    shown = as_json(run(shipped_copy, "actions --format json --as-of 2025-12-01"))
    assert [a["archived"] for a in shown["actions"] if a["number"] == 2] == [True]


def test_archive_keeps_comments_and_empties_the_list(make_repo: MakeRepo, run: Run) -> None:
    root = make_repo({**MEETINGS, "tracker/actions.yaml": ACTIONS})
    run(root, "actions update 2025-04-10/A1 --status closed --on 2025-05-01")
    assert run(root, "actions archive").exit_code == 0
    assert (root / "tracker/actions.yaml").read_text() == "# The board's action log.\nactions: []\n"
    assert (root / "tracker/archive.yaml").read_text() == (
        "# Closed board actions, kept for the record.\n"
        "schema_version: 2\n"
        "actions:\n"
        "  # Raised under item 3; the chair asked for it by name.\n"
        '  - id: "2025-04-10/A1"\n'
        '    meeting: "2025-04-10"\n'
        "    number: 1\n"
        "    text: Circulate the revised terms of reference to all partners.\n"
        "    owner: SEND Partnership Manager\n"
        "    due: 2025-05-15\n"
        "    status: closed  # open, in_progress or closed\n"
        "    closed_on: 2025-05-01\n"
        "    links:\n"
        '      - "1.1.1.2"\n'
        "    updates:\n"
        "      - on: 2025-05-01\n"
        "        note: Status changed from open to closed.\n"
        "        status: closed\n"
    )


def _close_three(root: Path, run: Run) -> None:
    for number in (2, 5, 9):
        result = run(root, f"actions update 2025-11-03/A{number} --status closed --on 2025-11-28")
        assert result.exit_code == 0, result.output


@pytest.mark.parametrize("renames_before_crash", [0, 1])
def test_interrupted_archive_is_finished_by_the_next_command(
    shipped_copy: Path, run: Run, monkeypatch: pytest.MonkeyPatch, renames_before_crash: int
) -> None:
    """A crash between the two file renames (or before the first) loses and duplicates
    nothing: a read refuses the half-applied files, and ``recover`` (or any write)
    completes the journaled write."""
    _close_three(shipped_copy, run)
    everything = Counter(
        ids_in(shipped_copy, "tracker/actions.yaml") + ids_in(shipped_copy, "tracker/archive.yaml")
    )
    assert sum(everything.values()) == 11

    real_replace = os.replace
    data_renames: list[str] = []

    def crashing_replace(source: Any, target: Any) -> None:
        if Path(target).suffix == ".yaml":  # the data files, not the journal or a cache
            if len(data_renames) == renames_before_crash:
                raise OSError("simulated power cut between the renames")
            data_renames.append(Path(target).name)
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", crashing_replace)
    with pytest.raises(OSError, match="simulated power cut"):
        run(shipped_copy, "actions archive")
    monkeypatch.setattr(os, "replace", real_replace)

    journal = paths(shipped_copy).journal
    assert journal.exists()
    half = Counter(
        ids_in(shipped_copy, "tracker/actions.yaml") + ids_in(shipped_copy, "tracker/archive.yaml")
    )
    if renames_before_crash:
        # Half applied: without the journal, three actions would be lost or doubled.
        assert half != everything
    before_read = snapshot(shipped_copy)
    refused = run(shipped_copy, "actions --format json")
    assert refused.exit_code == 1
    assert refused.stderr.startswith("sendtrack: an interrupted write is pending: ")
    assert snapshot(shipped_copy) == before_read  # a read renames nothing
    finished = run(shipped_copy, "recover")
    assert finished.exit_code == 0, finished.output
    assert finished.stdout.startswith("finished the interrupted write of ")
    assert not journal.exists()
    listing = run(shipped_copy, "actions --format json")
    open_ids = ids_in(shipped_copy, "tracker/actions.yaml")
    archived = ids_in(shipped_copy, "tracker/archive.yaml")
    assert Counter(open_ids + archived) == everything  # every action exactly once
    assert archived == [f"2025-11-03/A{n}" for n in (10, 2, 5, 9)]
    assert not list(shipped_copy.rglob("*.tmp"))
    assert sorted(a["id"] for a in as_json(listing)["actions"]) == sorted(everything)
    assert run(shipped_copy, "check").exit_code == 0


# -- cross-checks -------------------------------------------------------------------------


def test_board_action_checks(make_repo: MakeRepo, run: Run) -> None:
    bad = textwrap.dedent(ACTIONS).replace('id: "2025-04-10/A1"', 'id: "2025-04-10/A7"').replace(
        "due: 2025-05-15", "due: 2025-04-01"
    ) + (
        "    updates:\n"
        "      - on: 2025-05-20\n"
        "        note: Sent.\n"
        "      - on: 2025-05-10\n"
        "        note: Earlier, written later.\n"
        "      - on: 2025-07-01\n"
        "        note: In the future of the as-of date.\n"
    )
    meetings = dict(MEETINGS)
    meetings["meetings/2025-04-10.yaml"] = MEETINGS["meetings/2025-04-10.yaml"].replace(
        "2025-04-10/A1", "2025-04-10/A7"
    )
    root = make_repo({**meetings, "tracker/actions.yaml": bad})
    result = run(root, "check --as-of 2025-06-01 --format json")
    found = [
        (p["code"], p["line"], p["column"], p["message"])
        for p in json.loads(result.stdout)["problems"]
    ]
    assert found == [
        (
            "action-id-mismatch", 4, 9,
            "board action id '2025-04-10/A7' does not match its meeting and number "
            "('2025-04-10/A1')",
        ),
        (
            "action-due-before-meeting", 9, 10,
            "board action 2025-04-10/A7 is due 1 Apr 2025, before the 10 Apr 2025 meeting "
            "that raised it",
        ),
        (
            "history-in-future", 14, 7,
            "update 3 of board action 2025-04-10/A7 is dated 1 Jul 2025, after 1 Jun 2025",
        ),
        (
            "history-out-of-order", 14, 7,
            "update 2 of board action 2025-04-10/A7 is dated 10 May 2025, before update 1 "
            "(20 May 2025)",
        ),
    ]  # fmt: skip


# -- more shapes of file ------------------------------------------------------------------


def test_archive_keeps_crlf_and_bom(make_repo: MakeRepo, run: Run) -> None:
    root = make_repo({**MEETINGS, "tracker/actions.yaml": ACTIONS})
    for name in ("tracker/actions.yaml", "tracker/archive.yaml"):
        path = root / name
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    run(root, "actions update 2025-04-10/A1 --status closed --on 2025-05-01")
    assert run(root, "actions archive").exit_code == 0
    actions = (root / "tracker/actions.yaml").read_bytes()
    archive = (root / "tracker/archive.yaml").read_bytes()
    assert actions == b"\xef\xbb\xbf# The board's action log.\r\nactions: []\r\n"
    assert archive.startswith(b"\xef\xbb\xbf# Closed board actions, kept for the record.\r\n")
    assert b"\n" not in archive.replace(b"\r\n", b"")
    assert b'  - id: "2025-04-10/A1"\r\n' in archive


def test_add_completes_an_empty_actions_raised(make_repo: MakeRepo, run: Run) -> None:
    meetings = dict(MEETINGS)
    meetings["meetings/2025-04-10.yaml"] = MEETINGS["meetings/2025-04-10.yaml"].replace(
        '        actions_raised:\n          - "2025-04-10/A1"\n', ""
    )
    root = make_repo({**meetings, "tracker/actions.yaml": ACTIONS})
    result = run(root, "actions add --meeting 2025-04-10 --owner Chair --due 2025-05-15 Go.")
    assert result.exit_code == 0, result.output
    record = (root / "meetings/2025-04-10.yaml").read_text()
    assert record.endswith(
        'status: held\nactions_raised:\n  - "2025-04-10/A1"\n  - "2025-04-10/A2"\n'
        'next_meeting: "2025-05-15"\n'
    )
    assert run(root, "check").exit_code == 0


@settings(max_examples=25, deadline=None)
@given(
    closed=st.lists(st.booleans(), min_size=1, max_size=8),
    commented=st.lists(st.booleans(), min_size=8, max_size=8),
)
def test_archive_moves_exactly_the_closed_actions(
    closed: list[bool], commented: list[bool]
) -> None:
    """Whatever mix of open and closed actions, with or without comments above them:
    archiving keeps every id exactly once, moves exactly the closed ones in their order,
    and leaves the repository valid."""
    blocks = []
    for index, is_closed in enumerate(closed, start=1):
        comment = f"  # About action {index}.\n" if commented[index - 1] else ""
        status = "closed\n    closed_on: 2025-05-01" if is_closed else "open"
        blocks.append(
            f'{comment}  - id: "2025-04-10/A{index}"\n    meeting: "2025-04-10"\n'
            f"    number: {index}\n    text: Action {index}.\n    owner: Chair\n"
            f"    due: 2025-05-15\n    status: {status}\n"
        )
    raised = "".join(f'  - "2025-04-10/A{n}"\n' for n in range(1, len(closed) + 1))
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "repo"
        init_repository(root)
        (root / "tracker/actions.yaml").write_text("actions:\n" + "".join(blocks))
        record = root / "meetings/2025-04-10.yaml"
        text = record.read_text()
        start = text.index("actions_raised:\n")
        end = text.index("risks_added:")
        record.write_text(text[:start] + "actions_raised:\n" + raised + text[end:])
        repo, problems = load(root)
        assert not problems
        change = archive_actions(repo, date(2025, 6, 1))
        if any(closed):
            change.commit()
        expected_archive = [f"2025-04-10/A{n}" for n, c in enumerate(closed, start=1) if c]
        expected_open = [f"2025-04-10/A{n}" for n, c in enumerate(closed, start=1) if not c]
        assert ids_in(root, "tracker/archive.yaml") == expected_archive
        assert ids_in(root, "tracker/actions.yaml") == expected_open
        archived_text = (root / "tracker/archive.yaml").read_text()
        for number, is_closed in enumerate(closed, start=1):
            if is_closed and commented[number - 1]:
                assert f"  # About action {number}.\n" in archived_text
        repo, problems = load(root)
        assert not problems
        assert not run_checks(repo, CheckContext(date(2025, 6, 1)))
