"""update, reprofile, agree, withdraw: exact diffs on copies of the shipped files, comments
and CRLF kept, baselines and history never rewritten, refusals that change nothing."""

# The expected diffs quote the shipped data's own lines, some longer than 100 characters.
# ruff: noqa: E501

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from sendtrack.checks.validate import check_repository
from sendtrack.edit.planned import EditRefused, PlannedEdit, Workspace, open_workspace
from sendtrack.plan import edits as plan_edits
from sendtrack.store.edits import Editor, Quoted
from sendtrack.store.loader import load

TODAY = date(2025, 12, 6)
"""The day after the 5 December 2025 board, so that board can have agreed things."""

Cli = Callable[..., Any]

# Comments a lead might have written inside the block being edited.
ANNOTATED = (
    ('          - id: "2.1.4.1"\n', '          # Lead: dashboard owner is the EHCP data team.\n'
                                     '          - id: "2.1.4.1"\n'),
    ("            status: in_progress\n            reprofiles:\n              - to: 2026-01-31",
     "            status: in_progress  # reported at the October board\n"
     "            reprofiles:\n"
     "              # proposed at the 3 November board, not yet agreed\n"
     "              - to: 2026-01-31"),
)  # fmt: skip


def annotate(root: Path) -> Path:
    path = root / "plan" / "priority-2.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in ANNOTATED:
        assert text.count(old) == 1
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return path


def comments(text: str) -> list[str]:
    return [line[line.index("#") :] for line in text.splitlines() if "#" in line]


def workspace(root: Path) -> Workspace:
    return open_workspace(root, TODAY)


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


# -- exact diffs ---------------------------------------------------------------------


def test_update_to_complete(shipped_copy: Path) -> None:
    path = annotate(shipped_copy)
    before = path.read_text(encoding="utf-8")
    plan = plan_edits.update(
        workspace(shipped_copy), "2.1.4.1", "complete", date(2025, 12, 1), None
    )
    # Its proposal awaiting the board is closed: a completed milestone needs no new date.
    assert plan.summary == [
        "2.1.4.1: status in progress → complete on 1 Dec 2025; proposed re-profile to "
        "31 Jan 2026 closed"
    ]
    assert plan.diff() == (
        "--- a/plan/priority-2.yaml\n"
        "+++ b/plan/priority-2.yaml\n"
        "@@ -136,16 +136,23 @@\n"
        '           - id: "2.1.4.1"\n'
        "             title: Progress tracking dashboard with monthly score card and live data on key performance indicators\n"
        "             due: 2025-09\n"
        "-            status: in_progress  # reported at the October board\n"
        "+            status: complete  # reported at the October board\n"
        "+            completed_on: 2025-12-01\n"
        "             reprofiles:\n"
        "               # proposed at the 3 November board, not yet agreed\n"
        "               - to: 2026-01-31\n"
        "                 reason: Live data depends on the integrated SEND dashboard, expected January 2026.\n"
        "-                proposed: true\n"
        "+                proposed: false\n"
        "                 proposed_on: 2025-11-03\n"
        "+                withdrawn:\n"
        "+                  on: 2025-12-01\n"
        '+                  reason: "Closed: the milestone was completed on 1 Dec 2025."\n'
        "             updates:\n"
        "               - on: 2025-11-03\n"
        "                 note: Reported off track (red) with re-profiling proposed (minutes item 6).\n"
        "+              - on: 2025-12-01\n"
        "+                note: Status changed from in progress to complete.\n"
        "+                status: complete\n"
        "             illustrative: false\n"
        "             note: One of the three EHCP Processes milestones the minutes report red with proposed re-profiling; which three, and the proposed dates, are our choice.\n"
        '       - id: "2.1.5"\n'
    )  # fmt: skip
    assert path.read_text(encoding="utf-8") == before  # planning writes nothing
    plan.commit()
    after = path.read_text(encoding="utf-8")
    assert comments(after) == comments(before)
    assert after.count("\n") == before.count("\n") + 7


def test_reopening_moves_the_completion_date_into_the_log(shipped_copy: Path) -> None:
    path = shipped_copy / "plan" / "priority-1.yaml"
    before = path.read_text(encoding="utf-8")
    plan = plan_edits.update(
        workspace(shipped_copy), "1.1.1.1", "in_progress", date(2025, 12, 1), "Chair resigned."
    )
    removed = [
        line[1:].strip()
        for line in plan.diff().splitlines()
        if line.startswith("-") and not line.startswith("---")
    ]
    assert removed == ["status: complete", "completed_on: 2025-03-24"]
    plan.commit()
    after = path.read_text(encoding="utf-8")
    assert comments(after) == comments(before)
    assert 'note: "Re-opened (was completed on 2025-03-24): Chair resigned."' in after
    milestone = check_repository(shipped_copy, date(2025, 12, 1)).repo.milestones()[0]
    assert (milestone.status, milestone.completed_on) == ("in_progress", None)


def test_update_to_in_progress_sets_started_on_and_logs(shipped_copy: Path) -> None:
    plan = plan_edits.update(
        workspace(shipped_copy), "5.7.1.2", "in_progress", date(2025, 12, 1),
        "Pathway drafted with young people.",
    )  # fmt: skip
    assert plan.diff() == (
        "--- a/plan/priority-5.yaml\n"
        "+++ b/plan/priority-5.yaml\n"
        "@@ -181,7 +181,12 @@\n"
        '           - id: "5.7.1.2"\n'
        "             title: Pathway approved\n"
        "             due: 2026-02\n"
        "-            status: not_started\n"
        "+            status: in_progress\n"
        "+            started_on: 2025-12-01\n"
        "+            updates:\n"
        "+              - on: 2025-12-01\n"
        "+                note: Pathway drafted with young people.\n"
        "+                status: in_progress\n"
        "             illustrative: true\n"
        '           - id: "5.7.1.3"\n'
        "             title: Evidence of preparation for adulthood in care plans\n"
    )


def test_a_note_alone(shipped_copy: Path) -> None:
    plan = plan_edits.update(
        workspace(shipped_copy), "5.7.1.2", None, date(2025, 12, 1), "Drafting."
    )
    assert plan.summary == ["5.7.1.2: note added on 1 Dec 2025"]
    assert plan.diff().splitlines()[3:] == [
        "             title: Pathway approved",
        "             due: 2026-02",
        "             status: not_started",
        "+            updates:",
        "+              - on: 2025-12-01",
        "+                note: Drafting.",
        "             illustrative: true",
        '           - id: "5.7.1.3"',
        "             title: Evidence of preparation for adulthood in care plans",
    ]


def test_reprofile_proposed_creates_the_list_in_model_order(shipped_copy: Path) -> None:
    plan = plan_edits.reprofile(
        workspace(shipped_copy), "3.3.1.1", date(2026, 3, 31),
        "Two providers cannot submit until their new systems go live.", None, True,
    )  # fmt: skip
    assert plan.summary == [
        "3.3.1.1: re-profiled from 31 Jan 2026 to 31 Mar 2026, proposed, awaiting the board "
        "(baseline 31 Jan 2026 kept)"
    ]
    assert plan.diff().splitlines()[2:] == [
        "@@ -135,6 +135,11 @@",
        "             due: 2026-01",
        "             status: in_progress",
        '             at_risk: "Single provider dataset still pending (minutes item 6): not all '
        'providers are yet submitting to a common dataset."',
        "+            reprofiles:",
        "+              - to: 2026-03-31",
        "+                reason: Two providers cannot submit until their new systems go live.",
        "+                proposed: true",
        "+                proposed_on: 2025-12-06",
        "             updates:",
        "               - on: 2025-11-03",
        '                 note: "ND pathway: single provider dataset still pending (minutes item 6)."',
    ]


def test_reprofile_agreed_appends_after_the_history(shipped_copy: Path) -> None:
    plan = plan_edits.reprofile(
        workspace(shipped_copy), "1.6.5.1", date(2026, 3, 31), "Data feeds: one more month: yes",
        "2025-12-05", False,
    )  # fmt: skip
    diff = plan.diff()
    added = [
        line for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++")
    ]
    assert added == [
        "+              - to: 2026-03-31",
        '+                reason: "Data feeds: one more month: yes"',
        '+                agreed_at: "2025-12-05"',
    ]
    assert not [
        line for line in diff.splitlines() if line.startswith("-") and not line.startswith("---")
    ]
    assert plan.summary[-1].endswith("agreed at the 5 Dec 2025 board (baseline 30 Jun 2025 kept)")


def test_agree_completes_the_proposed_entry(shipped_copy: Path) -> None:
    path = annotate(shipped_copy)
    before = path.read_text(encoding="utf-8")
    plan = plan_edits.agree(workspace(shipped_copy), "2.1.4.1", "2025-12-05")
    assert plan.summary == [
        "2.1.4.1: re-profile to 31 Jan 2026 agreed at the 5 Dec 2025 board "
        "(baseline 30 Sep 2025 kept)"
    ]
    assert plan.diff().splitlines()[2:] == [
        "@@ -141,7 +141,8 @@",
        "               # proposed at the 3 November board, not yet agreed",
        "               - to: 2026-01-31",
        "                 reason: Live data depends on the integrated SEND dashboard, expected January 2026.",
        "-                proposed: true",
        '+                agreed_at: "2025-12-05"',
        "+                proposed: false",
        "                 proposed_on: 2025-11-03",
        "             updates:",
        "               - on: 2025-11-03",
    ]
    plan.commit()
    assert comments(path.read_text(encoding="utf-8")) == comments(before)
    repo, problems = load(shipped_copy)
    assert problems == []
    agreed = next(m for m in repo.milestones() if m.id == "2.1.4.1")
    assert agreed.current_due() == date(2026, 1, 31)


def test_withdraw_with_superseding_milestone(shipped_copy: Path) -> None:
    plan = plan_edits.withdraw(
        workspace(shipped_copy),
        "5.8.1.1",
        "Merged into 5.9.1.1 at the board.",
        "2025-12-05",
        "5.9.1.1",
    )
    assert plan.summary == ["5.8.1.1: superseded by 5.9.1.1, agreed at the 5 Dec 2025 board"]
    assert plan.diff().splitlines()[2:] == [
        "@@ -230,6 +230,10 @@",
        "             title: More children accessing Breaktime activities, family hubs and "
        "life-skills opportunities",
        "             due: 2026-04",
        "             status: not_started",
        "+            withdrawn:",
        "+              reason: Merged into 5.9.1.1 at the board.",
        '+              agreed_at: "2025-12-05"',
        '+              superseded_by: "5.9.1.1"',
        "             illustrative: true",
        '   - id: "5.9"',
        "     text: Children and young people are well prepared for adulthood. Parents carers "
        "report that they feel able to support their children in their preparation for adulthood",
    ]


def test_crlf_file_stays_crlf(shipped_copy: Path) -> None:
    path = shipped_copy / "plan" / "priority-2.yaml"
    lf = path.read_bytes()
    path.write_bytes(lf.replace(b"\n", b"\r\n"))
    plan = plan_edits.update(
        workspace(shipped_copy), "2.7.2.1", "complete", date(2025, 12, 1), "Live."
    )
    plan.commit()
    after = path.read_bytes()
    assert after.count(b"\n") == after.count(b"\r\n")
    # Same change as on the LF file, line for line.
    lf_copy = shipped_copy.parent / "lf"
    lf_copy.mkdir()
    for folder in ("plan", "tracker", "risks", "meetings"):
        for source in (shipped_copy / folder).iterdir():
            (lf_copy / folder).mkdir(exist_ok=True)
            (lf_copy / folder / source.name).write_bytes(
                source.read_bytes().replace(b"\r\n", b"\n")
            )
    (lf_copy / "plan" / "priority-2.yaml").write_bytes(lf)
    plan_edits.update(
        workspace(lf_copy), "2.7.2.1", "complete", date(2025, 12, 1), "Live."
    ).commit()
    assert after.replace(b"\r\n", b"\n") == (lf_copy / "plan" / "priority-2.yaml").read_bytes()
    assert comments(after.decode("utf-8")) == comments(lf.decode("utf-8"))


# -- the baseline and the history are never rewritten ---------------------------------


def _history(root: Path) -> dict[str, tuple[date, list[tuple[date, str, date | None]]]]:
    repo, problems = load(root)
    assert problems == []
    return {
        m.id: (m.due, [(r.to, r.reason, r.proposed_on) for r in m.reprofiles])
        for m in repo.milestones()
    }


@pytest.mark.parametrize(
    "make",
    [
        lambda ws: plan_edits.update(ws, "2.1.4.1", "complete", date(2025, 12, 1), None),
        lambda ws: plan_edits.reprofile(ws, "2.7.2.1", date(2026, 4, 30), "r", "2025-12-05", False),
        lambda ws: plan_edits.agree(ws, "2.5.4.1", "2025-12-05"),
        lambda ws: plan_edits.withdraw(ws, "5.8.1.1", "r", "2025-12-05"),
    ],
    ids=["update", "reprofile", "agree", "withdraw"],
)
def test_baselines_and_history_survive(
    shipped_copy: Path, make: Callable[[Workspace], PlannedEdit]
) -> None:
    before = _history(shipped_copy)
    make(workspace(shipped_copy)).commit()
    after = _history(shipped_copy)
    assert set(after) == set(before)
    for milestone_id, (due, entries) in before.items():
        assert after[milestone_id][0] == due
        assert after[milestone_id][1][: len(entries)] == entries


# -- refusals ------------------------------------------------------------------------

REFUSALS: list[tuple[str, Callable[[Workspace], PlannedEdit], str]] = [
    (
        "unknown id",
        lambda ws: plan_edits.update(ws, "2.1.41", "complete", TODAY, None),
        "no milestone '2.1.41'; nearest: 2.1.4.1, 2.1.1.1, 2.1.2.1",
    ),
    (
        "an action's id",
        lambda ws: plan_edits.update(ws, "2.1.4", "complete", TODAY, None),
        "'2.1.4' is an action, not a milestone; its milestones: 2.1.4.1",
    ),
    (
        "unknown meeting",
        lambda ws: plan_edits.reprofile(ws, "2.7.2.1", date(2026, 4, 30), "r", "2025-11-30", False),
        "no meeting '2025-11-30' in meetings/; nearest: 2025-11-03, 2025-12-05, 2025-10-13",
    ),
    (
        "a board that has not met",
        lambda ws: plan_edits.reprofile(
            open_workspace(ws.root, date(2025, 12, 4)),
            "2.7.2.1",
            date(2026, 4, 30),
            "r",
            "2025-12-05",
            False,
        ),
        "the 5 Dec 2025 board has not met yet; until it agrees, record the change as proposed "
        "(--proposed)",
    ),
    (
        "date before baseline",
        lambda ws: plan_edits.reprofile(ws, "2.7.2.1", date(2025, 8, 31), "r", None, True),
        "31 Aug 2025 is before the baseline date 30 Sep 2025; a re-profile moves a date later, "
        "and finishing early needs none",
    ),
    (
        "the date already in force",
        lambda ws: plan_edits.reprofile(ws, "1.6.5.1", date(2026, 1, 31), "r", None, True),
        "milestone 1.6.5.1 is already due 31 Jan 2026",
    ),
    (
        "a second proposal",
        lambda ws: plan_edits.reprofile(ws, "2.7.2.1", date(2026, 4, 30), "r", None, True),
        "milestone 2.7.2.1 already has a re-profile to 28 Feb 2026 awaiting the board; agree it "
        "with 'sendtrack agree 2.7.2.1 --agreed-at MEETING', replace it with --revise, or take "
        "it back with --withdraw-proposal",
    ),
    (
        "re-profiling a complete milestone",
        lambda ws: plan_edits.reprofile(ws, "1.1.1.1", date(2026, 4, 30), "r", None, True),
        "milestone 1.1.1.1 is complete; a complete milestone keeps its dates",
    ),
    (
        "nothing proposed to agree",
        lambda ws: plan_edits.agree(ws, "1.6.5.1", "2025-11-03"),
        "milestone 1.6.5.1 has no proposed re-profile awaiting the board",
    ),
    (
        "agreed before it was proposed",
        lambda ws: plan_edits.agree(ws, "2.7.2.1", "2025-10-13"),
        "the re-profile was proposed on 3 Nov 2025; the 13 Oct 2025 board met before that and "
        "cannot have agreed it",
    ),
    (
        "unknown superseding milestone",
        lambda ws: plan_edits.withdraw(ws, "5.8.1.1", "r", "2025-11-03", "5.9.9.9"),
        "no milestone '5.9.9.9'; nearest: 5.9.1.1",
    ),
    (
        "same status, no note",
        lambda ws: plan_edits.update(ws, "2.1.4.1", "in_progress", TODAY, None),
        "milestone 2.1.4.1 is already in progress; nothing to change",
    ),
    (
        "re-opening a completed milestone without saying why",
        lambda ws: plan_edits.update(ws, "1.1.1.1", "in_progress", TODAY, None),
        "milestone 1.1.1.1 was completed on 24 Mar 2025; re-opening it needs --note saying why",
    ),
    (
        "a date in the future",
        lambda ws: plan_edits.update(ws, "2.1.4.1", "complete", date(2025, 12, 7), None),
        "--on 2025-12-07 is after today (6 Dec 2025)",
    ),
]


@pytest.mark.parametrize(
    ("make", "message"), [r[1:] for r in REFUSALS], ids=[r[0] for r in REFUSALS]
)
def test_refusals_change_nothing(
    shipped_copy: Path, make: Callable[[Workspace], PlannedEdit], message: str
) -> None:
    files = snapshot(shipped_copy)
    with pytest.raises(EditRefused) as refused:
        make(workspace(shipped_copy))
    assert str(refused.value) == message
    assert snapshot(shipped_copy) == files


def test_new_problems_refuse_but_old_ones_do_not_block(shipped_copy: Path) -> None:
    # An unrelated problem already in the repository: a risk linking to nothing.
    register = shipped_copy / "risks" / "register.yaml"
    text = register.read_text(encoding="utf-8")
    register.write_text(
        text.replace("    links:\n", '    links:\n      - "9.9.9"\n', 1), encoding="utf-8"
    )
    ws = workspace(shipped_copy)
    assert [p.code for p in ws.problems] == ["unknown-link"]
    plan_edits.update(ws, "2.1.4.1", "complete", date(2025, 12, 1), None).commit()
    assert "status: complete" in (shipped_copy / "plan" / "priority-2.yaml").read_text(
        encoding="utf-8"
    )

    # A hand-made edit that adds a problem is refused by the re-check, nothing written.
    ws = workspace(shipped_copy)
    files = snapshot(shipped_copy)
    editor = Editor(shipped_copy)
    target = plan_edits.find_milestone(ws, "1.6.5.1")
    editor.set_value(
        target.file, (*target.path, "reprofiles", 1, "agreed_at"), Quoted("2025-11-04")
    )
    with pytest.raises(EditRefused) as refused:
        ws.edit(editor, "hand-made").commit()
    assert [(p.code, p.id) for p in refused.value.problems] == [("unknown-meeting", "1.6.5.1")]
    assert snapshot(shipped_copy) == files


# -- the commands --------------------------------------------------------------------


def test_cli_dry_run_prints_the_diff_and_writes_nothing(shipped_copy: Path, cli: Cli) -> None:
    files = snapshot(shipped_copy)
    result = cli(
        "--repo", str(shipped_copy), "update", "5.7.1.2", "--status", "in_progress",
        "--on", "2025-12-01", "--note", "Drafted.", "--dry-run",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("--- a/plan/priority-5.yaml\n+++ b/plan/priority-5.yaml\n")
    assert "+            started_on: 2025-12-01\n" in result.stdout
    assert result.stderr == (
        "dry run: 5.7.1.2: status not started → in progress on 1 Dec 2025; nothing written\n"
    )
    assert snapshot(shipped_copy) == files


def test_cli_writes_and_reports(shipped_copy: Path, cli: Cli) -> None:
    result = cli("--repo", str(shipped_copy), "agree", "2.5.4.1", "--agreed-at", "2025-12-05")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "2.5.4.1: re-profile to 31 Mar 2026 agreed at the 5 Dec 2025 board "
        "(baseline 30 Sep 2025 kept) (plan/priority-2.yaml)\n"
    )
    shown = cli(
        "--repo", str(shipped_copy), "show", "2.5.4.1", "--as-of", "2025-12-05", "-f", "json"
    )
    row = json.loads(shown.stdout)["milestone"]
    assert (row["health"], row["current_due"], row["reprofiles"]) == ("delayed", "2026-03-31", 1)


def test_cli_unknown_id_names_the_nearest(shipped_copy: Path, cli: Cli) -> None:
    files = snapshot(shipped_copy)
    result = cli(
        "--repo",
        str(shipped_copy),
        "withdraw",
        "5.8.11",
        "--reason",
        "r",
        "--agreed-at",
        "2025-11-03",
    )
    assert result.exit_code == 1
    assert (
        result.stderr
        == "sendtrack: no milestone '5.8.11'; nearest: 5.8.1.1, 5.1.1.1, 5.2.1.1; nothing written\n"
    )
    assert snapshot(shipped_copy) == files


def test_cli_reprofile_needs_exactly_one_of_agreed_or_proposed(
    shipped_copy: Path, cli: Cli
) -> None:
    result = cli(
        "--repo", str(shipped_copy), "reprofile", "3.3.1.1", "--to", "2026-03", "--reason", "r"
    )
    assert result.exit_code == 2
    assert "give exactly one of --agreed-at MEETING or --proposed" in result.stderr
