"""The papers and git's record: what changed since the last board, the trend at each board
and ``--as-recorded``, on real git repositories whose commits are dated by
GIT_COMMITTER_DATE, as boards and leads would have made them."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from sendtrack.papers.since_board import since_board
from sendtrack.plan.status import MeetingRef
from sendtrack.store.loader import load
from sendtrack.store.recorded import Record
from tests.gitrepo import BOARD, RISKS, SETTINGS, DatedRepo, meeting
from tests.measure_text import MEASURE

Cli = Callable[..., Any]

EHCP_PRIORITY = """\
id: "2"
kind: priority_action
title: EHC plans are issued on time.
workstream: ehcp
outcomes:
  - id: "2.1"
    text: Plans are issued within 20 weeks.
    actions:
      - id: "2.1.1"
        title: Recruit caseworkers
        workstream: ehcp
        due: 2026-06
        milestones:
          - id: "2.1.1.1"
            title: Caseworkers recruited
            due: 2026-06
            status: in_progress
            started_on: 2025-09-01
"""


NEW_ACTUAL = """      - period: "2024"
        value: 35
        source:
          entered_by: Data team
          on: 2026-01-09
"""

PLAN = "plan/priority-1.yaml"


def boards_repo(tmp_path: Path) -> DatedRepo:
    """The record of the 3 November and 5 December 2025 boards, then the work of
    December and January, committed on 10 January 2026 before the 15 January board."""
    files = {
        **BOARD,
        "plan/partnership.yaml": SETTINGS
        + "  - id: ehcp\n    name: EHC plans\n    leads:\n      - Head of SEND\n",
        "plan/priority-2.yaml": EHCP_PRIORITY,
        "risks/register.yaml": RISKS.replace(
            "    category: capacity\n", '    category: capacity\n    links: ["2.1.1.1"]\n'
        ).replace("    category: delivery\n", '    category: delivery\n    links: ["1.4.3.2"]\n'),
        "measures/m.yaml": MEASURE,
    }
    repo = DatedRepo.create(tmp_path / "repo", files)
    repo.commit_on("2025-11-03T16:30:00+00:00", "minutes of the November board")
    repo.write(
        {
            "meetings/2025-12-05.yaml": meeting("2025-12-05", "held"),
            "meetings/2026-01-15.yaml": meeting("2026-01-15", "scheduled"),
        }
    )
    repo.commit_on("2025-12-05T17:00:00+00:00", "minutes of the December board")
    # 1.4.3.2 completed (it was on track); 1.4.2.1, off track since May, completed too.
    started = "            started_on: 2025-09-01\n"
    repo.edit(
        PLAN,
        "            due: 2025-12\n            status: in_progress\n" + started,
        "            due: 2025-12\n            status: complete\n"
        + started
        + "            completed_on: 2025-12-20\n",
    )
    repo.edit(
        PLAN,
        "            status: in_progress\n            started_on: 2025-02-03\n",
        "            status: complete\n            started_on: 2025-02-03\n"
        "            completed_on: 2026-01-08\n",
    )
    # A re-profile proposed for 1.4.2.2; 1.4.3.1 is left alone and falls past its date.
    due = "            due: 2026-02\n            status: in_progress\n" + started
    repo.edit(
        PLAN,
        due,
        due + "            reprofiles:\n              - to: 2026-05-31\n"
        "                reason: The new case management system goes live in April.\n"
        "                proposed: true\n                proposed_on: 2026-01-09\n",
    )
    repo.edit("risks/register.yaml", "    likelihood: 3\n", "    likelihood: 4\n")
    repo.write({"measures/m.yaml": MEASURE + NEW_ACTUAL})
    repo.commit_on("2026-01-10T10:00:00+00:00", "December and January updates")
    return repo


def run(cli: Cli, root: Path, *args: str) -> Any:
    result = cli("--repo", str(root), "--width", "200", *args)
    return result


def section(text: str, heading: str = "What changed since the last board") -> str:
    """The Markdown section under ``heading``, up to the next heading of any level."""
    start = text.index(f" {heading}\n")
    rest = text[start:].split("\n", 1)[1]
    end = re.search(r"^#{1,6} ", rest, re.M)
    return rest[: end.start()] if end else rest


def rows(markdown: str) -> dict[str, list[str]]:
    """Table rows of a Markdown section, first cell → the cells after it, joined by
    change (an id can have several rows: 'id|change')."""
    found: dict[str, list[str]] = {}
    for line in markdown.splitlines():
        if line.startswith("| ") and not line.startswith("| Item "):
            cells = [cell.strip() for cell in line.strip("|").split(" | ")]
            found[f"{cells[0]}|{cells[2]}"] = cells
    return found


def test_the_highlight_report_says_what_changed_since_the_last_board(
    tmp_path: Path, cli: Cli
) -> None:
    repo = boards_repo(tmp_path)
    result = run(
        cli, repo.root, "report", "highlight", "-w", "leadership", "--as-of", "2026-01-12", "-f",
        "markdown",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    changed = section(result.output)
    december = repo.git("rev-parse", "--short=7", "HEAD~1").strip()
    assert (
        f"Since the 5 Dec 2025 board: the data as recorded that day, at commit {december} "
        "(5 Dec 2025 17:00), against the data of these papers; health as the board saw it on "
        "5 Dec 2025 and as of 12 Jan 2026." in changed
    )
    found = rows(changed)
    # Completed between the boards.
    assert found["1.4.3.2|Completed"][1] == "Commissioning dashboard live"
    assert "in progress → complete (completed 20 Dec 2025)" in found["1.4.3.2|Completed"][3]
    assert "1.4.2.1|Completed" in found
    # Newly red with the reason: nothing recorded, its date passed between the boards.
    newly = found["1.4.3.1|✖ Red: newly off track"]
    assert newly[3].startswith("● Green (on track) on 5 Dec 2025 → as of 12 Jan 2026 ✖ Red")
    assert "31 Dec 2025" in newly[3]
    # Red at the board, green now, and how: it was completed.
    back = found["1.4.2.1|● Green: now complete, was off track"]
    assert back[3] == "How: in progress → complete (completed 8 Jan 2026)"
    assert "re-profile proposed on 9 Jan 2026" in found["1.4.2.2|Re-profile proposed"][3]
    assert found["R02|Risk rescored"][3].startswith("rescored 9 → 12 ↑ up (likelihood 3 → 4)")
    assert found["M1|New figures"][3] == "2024: 35"
    assert "None since the board: re-profiles agreed; new risks." in changed
    assert "other change" not in changed  # a completion's health change is its row
    # The other workstream's report has only its own changes: none.
    ehcp = run(
        cli, repo.root, "report", "highlight", "-w", "ehcp", "--as-of", "2026-01-12", "-f",
        "markdown",
    )  # fmt: skip
    assert "Nothing the papers report on has changed since the 5 Dec 2025 board." in section(
        ehcp.output
    )


def test_the_section_is_what_diff_since_board_computes(tmp_path: Path, cli: Cli) -> None:
    """The papers read the diff engine's changes, not a second count of their own."""
    repo = boards_repo(tmp_path)
    diffed = run(cli, repo.root, "diff", "--since-board", "--as-of", "2026-01-12", "-f", "json")
    assert diffed.exit_code == 0, diffed.output
    changes = json.loads(diffed.output)
    with Record(repo.root) as record:
        new, _ = load(repo.root)
        board = MeetingRef("2025-12-05", date.fromisoformat("2025-12-05"), "SEND Improvement Board")
        since = since_board(record, new, board, date.fromisoformat("2026-01-12"))
    assert [c.as_dict() for c in since.changes] == changes
    health = {c["id"]: c for c in changes if c["kind"] == "health-changed"}
    assert (health["1.4.3.1"]["old"], health["1.4.3.1"]["new"]) == ("on_track", "off_track")
    text = run(cli, repo.root, "diff", "--since-board", "--as-of", "2026-01-12").output
    assert (
        "Health and colour compared as the board saw it on 5 Dec 2025 and as of 12 Jan 2026."
        in (text)
    )
    leadership = since.for_workstream("leadership")
    assert {c.id for c in leadership.changes} >= {"1.4.3.1", "R02", "M1"}
    assert since.for_workstream("ehcp").changes == ()


def test_the_board_pack_has_the_section_and_the_trend(tmp_path: Path, cli: Cli) -> None:
    repo = boards_repo(tmp_path)
    result = run(
        cli, repo.root, "report", "board-pack", "--meeting", "2026-01-15", "--as-of", "2026-01-12",
        "-f", "markdown",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    found = rows(section(result.output))
    assert {"1.4.3.2|Completed", "1.4.3.1|✖ Red: newly off track", "R02|Risk rescored"} <= set(
        found
    )
    commits = repo.git("log", "--format=%h", "--abbrev=7", "--first-parent").split()
    overview = section(result.output, "Overall status")
    # The trend: the chart's caption in words, and the same figures as a table.
    assert (
        "*At the 3 Nov 2025 board 0 of 9 milestones complete (0%), 1 off track and 0 delayed; "
        "at the 5 Dec 2025 board 0 of 9 milestones complete (0%), 1 off track and 0 delayed. "
        "From the first board recorded to the last, completed went from 0 to 0, off track from "
        "1 to 1 and delayed from 0 to 0.*" in overview
    )
    assert "*Milestones at each board, as recorded then*" in overview
    assert f"| 3 Nov 2025 | {commits[2]} | 9 | 5 (56%) | 0 (0%) | 1 | 0 |" in overview
    assert f"| 5 Dec 2025 | {commits[1]} | 9 | 5 (56%) | 0 (0%) | 1 | 0 |" in overview
    assert "Not recorded, held before the first commit: 10 Apr 2025." in overview
    # Text gives the same table; HTML draws the chart with its caption.
    text = run(
        cli, repo.root, "report", "board-pack", "--meeting", "2026-01-15", "--as-of", "2026-01-12",
        "-f", "text",
    )  # fmt: skip
    assert re.search(rf"5 Dec 2025\s+{commits[1]}\s+9\s+5 \(56%\)\s+0 \(0%\)\s+1\s+0", text.output)
    assert "What changed since the last board" in text.output
    html = tmp_path / "pack.html"
    drawn = run(
        cli, repo.root, "report", "board-pack", "--meeting", "2026-01-15", "--as-of", "2026-01-12",
        "-f", "html", "-o", str(html),
    )  # fmt: skip
    assert drawn.exit_code == 0, drawn.output
    page = html.read_text(encoding="utf-8")
    assert 'aria-label="Milestones completed, off track and delayed at each board"' in page


def test_papers_outside_git_say_why_in_a_sentence(cli: Cli, make_repo: Any) -> None:
    root = make_repo({})
    pack = run(cli, root, "report", "board-pack", "-f", "markdown")
    assert pack.exit_code == 0, pack.output
    changed = section(pack.output).strip()
    assert changed == (
        "Not shown: the data is not kept in git, so no earlier board's record exists to "
        "compare with."
    )
    assert (
        "The figures at each board as recorded are not shown: the data is not kept in git, "
        "so no board's figures were recorded." in pack.output
    )
    highlight = run(cli, root, "report", "highlight", "-f", "markdown")
    assert "Not shown: the data is not kept in git" in section(highlight.output)


def test_no_earlier_board_says_so(tmp_path: Path, cli: Cli) -> None:
    repo = boards_repo(tmp_path)
    early = run(cli, repo.root, "report", "highlight", "--as-of", "2025-11-03", "-f", "markdown")
    assert early.exit_code == 0, early.output
    # On the day of a board its papers report since the board before, held before the
    # first commit.
    assert section(early.output).strip() == (
        "Not shown: the 10 Apr 2025 board is older than the record in git (nothing was "
        "recorded by 10 Apr 2025: the first commit is of 3 Nov 2025)."
    )
    first = run(cli, repo.root, "report", "highlight", "--as-of", "2025-04-01", "-f", "markdown")
    assert section(first.output).strip() == (
        "Not shown: no board was held before 1 Apr 2025, so there is none to compare with."
    )


def test_papers_as_recorded_name_their_commit(tmp_path: Path, cli: Cli) -> None:
    repo = boards_repo(tmp_path)
    december = repo.git("rev-parse", "--short=7", "HEAD~1").strip()
    pack = run(
        cli, repo.root, "report", "board-pack", "--meeting", "2025-12-05", "--as-recorded", "-f",
        "markdown",
    )  # fmt: skip
    assert pack.exit_code == 0, pack.output
    assert f"Note: As recorded at commit {december} (5 Dec 2025 17:00)." in pack.output
    # As recorded on 5 December, R02 scored 9; today's data, read as of that day, has
    # January's rescore.
    assert "| R02 | Dashboard data feeds | 9 (3×3) |" in pack.output
    today = run(cli, repo.root, "report", "board-pack", "--meeting", "2025-12-05", "-f", "markdown")
    assert "As recorded at commit" not in today.output
    assert "| R02 | Dashboard data feeds | 12 (4×3) |" in today.output
    highlight = run(
        cli, repo.root, "report", "highlight", "-w", "leadership", "--as-of", "2026-01-12",
        "--as-recorded", "-f", "markdown",
    )  # fmt: skip
    head = repo.git("rev-parse", "--short=7", "HEAD").strip()
    assert f"Note: As recorded at commit {head} (10 Jan 2026 10:00)." in highlight.output
    assert "1.4.3.1" in section(highlight.output)


def test_papers_as_recorded_outside_git_or_too_early_exit_2(
    tmp_path: Path, cli: Cli, make_repo: Any
) -> None:
    root = make_repo({})
    for args in (["highlight"], ["board-pack"]):
        outside = run(cli, root, "report", *args, "--as-recorded", "-f", "markdown")
        assert outside.exit_code == 2
        assert outside.output.count("\n") == 1
        assert "is not in a git repository, so nothing was recorded" in outside.output
    repo = boards_repo(tmp_path)
    for args in (["highlight"], ["board-pack", "--meeting", "2025-11-03"]):
        early = run(
            cli, repo.root, "report", *args, "--as-of", "2025-10-01", "--as-recorded", "-f",
            "markdown",
        )  # fmt: skip
        assert early.exit_code == 2
        assert early.output == (
            "sendtrack: nothing was recorded by 1 Oct 2025: the first commit is of 3 Nov 2025\n"
        )


def test_a_new_commit_is_not_answered_from_the_output_cache(tmp_path: Path, cli: Cli) -> None:
    """The files on disk can stay the same while the record changes (a commit): the
    stored paper must not be reused then."""
    repo = boards_repo(tmp_path)
    args = ["report", "highlight", "-w", "leadership", "--as-of", "2026-01-12", "-f", "markdown"]
    before = run(cli, repo.root, *args).output
    assert "1.4.3.2" in section(before)
    repo.commit_on("2026-01-11T09:00:00+00:00", "nothing changed on disk")
    repo.git("reset", "--quiet", "--soft", "HEAD~3")
    repo.commit_on("2025-12-04T09:00:00+00:00", "everything before the December board")
    after = run(cli, repo.root, *args).output
    assert "1.4.3.2" not in section(after)
