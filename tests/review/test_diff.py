"""`sendtrack diff`: real git repositories, real commits, golden output in three formats."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from sendtrack.render.diff import escape_markdown, render_markdown
from sendtrack.review.diff import KINDS, Change, DiffReport, compare
from sendtrack.store.history import HistoryError, read_revision
from tests.conftest import PROJECT_ROOT
from tests.gitrepo import BOARD, GitRepo, meeting

GOLDEN = Path(__file__).parents[1] / "golden" / "diff"
AS_OF = "2025-12-06"
CliRunner = Callable[..., Any]
COMPLETE_1431 = (
    "            status: complete\n            started_on: 2025-06-02\n"
    "            completed_on: 2025-11-28\n"
)


def december(repo: GitRepo) -> None:
    """What the 5 December 2025 board changed, as a partnership manager would edit it."""
    plan = "plan/priority-1.yaml"
    # 1.4.2.1: a second re-profile, agreed at the board.
    repo.edit(
        plan,
        '                agreed_at: "2025-04-10"\n',
        '                agreed_at: "2025-04-10"\n'
        "              - to: 2026-01-31\n"
        "                reason: The framework waits for the integrated dashboard data.\n"
        '                agreed_at: "2025-12-05"\n',
    )
    # 1.4.2.2: now at risk.
    repo.edit(
        plan,
        '            started_on: 2025-09-01\n          - id: "1.4.2.3"',
        "            started_on: 2025-09-01\n            at_risk: Analyst post vacant.\n"
        '          - id: "1.4.2.3"',
    )
    # 1.4.2.3: deleted outright (should have been withdrawn).
    repo.edit(
        plan,
        '          - id: "1.4.2.3"\n            title: Data sharing protocol signed\n'
        "            due: 2026-03\n            status: not_started\n",
        "",
    )
    # 1.4.2.4: baseline edited (should have been re-profiled).
    repo.edit(
        plan,
        "            title: Self-evaluation framework revised\n            due: 2026-03\n",
        "            title: Self-evaluation framework revised\n            due: 2026-05\n",
    )
    # 1.4.3.1: complete.
    repo.edit(
        plan,
        "            status: in_progress\n            started_on: 2025-06-02\n",
        "            status: complete\n            started_on: 2025-06-02\n"
        "            completed_on: 2025-11-28\n",
    )
    # 1.4.3.2: retitled, and a re-profile proposed.
    repo.edit(
        plan,
        "            title: Commissioning dashboard live\n            due: 2025-12\n"
        "            status: in_progress\n            started_on: 2025-09-01\n",
        "            title: Commissioning dashboard live for all partners\n"
        "            due: 2025-12\n            status: in_progress\n"
        "            started_on: 2025-09-01\n            reprofiles:\n"
        "              - to: 2026-03-31\n"
        "                reason: Two partners' data feeds are not yet connected.\n"
        "                proposed: true\n                proposed_on: 2025-12-05\n",
    )
    # 1.4.3.3: superseded by a new 1.4.3.4; 1.4.3.5 renamed 1.4.3.6.
    repo.edit(
        plan,
        "            title: Procurement plan agreed\n            due: 2026-03\n"
        "            status: not_started\n",
        "            title: Procurement plan agreed\n            due: 2026-03\n"
        "            status: not_started\n            withdrawn:\n"
        "              reason: Folded into the commissioning intentions.\n"
        '              agreed_at: "2025-12-05"\n              superseded_by: "1.4.3.4"\n'
        '          - id: "1.4.3.4"\n'
        "            title: Procurement pipeline agreed as part of the commissioning intentions\n"
        "            due: 2026-06\n            status: not_started\n",
    )
    repo.edit(plan, 'id: "1.4.3.5"', 'id: "1.4.3.6"')

    # Board actions: A1 closed and archived, A2 in progress, one raised.
    repo.write(
        {
            "tracker/actions.yaml": """\
            actions:
              - id: "2025-11-03/A2"
                meeting: "2025-11-03"
                number: 2
                text: Bring the joint commissioning arrangements to the January board.
                owner: Director of Commissioning
                due: 2026-01-15
                status: in_progress
                updates:
                  - on: 2025-12-05
                    note: Draft arrangements shared with partners.
              - id: "2025-12-05/A1"
                meeting: "2025-12-05"
                number: 1
                text: Report casework recruitment to the January board.
                owner: Head of SEND
                due: 2026-01-15
                status: open
            """,
            "tracker/archive.yaml": """\
            actions:
              - id: "2025-11-03/A1"
                meeting: "2025-11-03"
                number: 1
                text: Circulate the revised terms of reference to all partners.
                owner: SEND Partnership Manager
                due: 2025-12-05
                status: closed
                closed_on: 2025-12-05
            """,
        }
    )
    # Risks: R01 rescored, R02 closed, R03 added.
    risks = "risks/register.yaml"
    repo.edit(
        risks,
        "    likelihood: 4\n    impact: 4\n",
        "    likelihood: 3\n    impact: 4\n",
    )
    repo.edit(
        risks,
        "      likelihood: 2\n      impact: 3\n    status: open\n",
        "      likelihood: 2\n      impact: 3\n    status: open\n    history:\n"
        "      - on: 2025-12-05\n        likelihood: 3\n        impact: 4\n"
        "        note: Six caseworkers recruited.\n",
    )
    repo.edit(
        risks,
        "      likelihood: 1\n      impact: 3\n    status: open\n",
        "      likelihood: 1\n      impact: 3\n    status: closed\n    closed:\n"
        "      reason: All partners' data feeds are connected.\n"
        '      at: "2025-12-05"\n'
        "  - id: R03\n    title: Tribunal appeals\n"
        "    description: If appeals keep rising, casework time goes to tribunals.\n"
        "    owner: Head of SEND\n    category: delivery\n"
        '    raised_at: "2025-12-05"\n    likelihood: 3\n    impact: 4\n'
        "    target:\n      likelihood: 2\n      impact: 3\n",
    )
    # Meetings: 5 December held, January scheduled.
    repo.write(
        {
            "meetings/2025-12-05.yaml": meeting(
                "2025-12-05",
                "held",
                'actions_raised:\n  - "2025-12-05/A1"\nrisks_added:\n  - R03\n'
                'next_meeting: "2026-01-15"\n',
            ),
            "meetings/2026-01-15.yaml": meeting("2026-01-15", "scheduled"),
        }
    )


@pytest.fixture
def board(tmp_path: Path) -> GitRepo:
    repo = GitRepo.create(tmp_path / "board", BOARD)
    repo.commit("After the 3 November board")
    return repo


@pytest.fixture
def reviewed(board: GitRepo) -> GitRepo:
    december(board)
    board.commit("The 5 December board")
    return board


def _stable(text: str) -> str:
    """Commit ids in labels differ with git versions' object formats: name them."""
    return re.sub(r"\(([0-9a-f]{7})\)", "(<commit>)", text)


def _golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("SENDTRACK_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8")


def _diff(cli: CliRunner, root: Path, *args: str) -> Any:
    return cli("--repo", str(root), "diff", *args)


# -- golden output ----------------------------------------------------------------------------


@pytest.mark.parametrize(("fmt", "suffix"), [("text", "txt"), ("markdown", "md"), ("json", "json")])
def test_december_board_golden(cli: CliRunner, reviewed: GitRepo, fmt: str, suffix: str) -> None:
    result = _diff(cli, reviewed.root, "HEAD~1", "HEAD", "--format", fmt, "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    _golden(f"december.{suffix}", _stable(result.output))


def test_the_issue_example_reads_as_the_board_says_it(cli: CliRunner, reviewed: GitRepo) -> None:
    result = _diff(cli, reviewed.root, "HEAD~1", "HEAD", "--as-of", AS_OF)
    assert (
        "  - 1.4.2.1 due 31 May 2025 → 31 Jan 2026, +245 days, 2nd re-profile, agreed "
        "5 Dec 2025: The framework waits for the integrated dashboard data.\n"
    ) in result.output
    assert "  ! 1.4.2.3 removed: “Data sharing protocol signed”" in result.output
    assert "  ! 1.4.2.4 baseline due date edited: 31 Mar 2026 → 31 May 2026" in result.output
    assert "  ! 1.4.3.6 was 1.4.3.5 (renamed; everything else is unchanged)\n" in result.output
    assert "  - R01 rescored 16 → 12 ↓ down (likelihood 4 → 3): Six caseworkers recruited.\n" in (
        result.output
    )


def test_json_is_a_list_of_changes_with_the_contract_keys(
    cli: CliRunner, reviewed: GitRepo
) -> None:
    result = _diff(cli, reviewed.root, "HEAD~1", "HEAD", "-f", "json", "--as-of", AS_OF)
    changes = json.loads(result.output)
    assert isinstance(changes, list) and changes
    for change in changes:
        assert {"kind", "id", "field", "old", "new"} <= set(change)
        assert change["kind"] in KINDS
    reprofile = next(c for c in changes if c["kind"] == "milestone-reprofiled")
    assert reprofile == {
        "kind": "milestone-reprofiled",
        "id": "1.4.2.1",
        "field": "reprofiles[1]",
        "old": "2025-05-31",
        "new": "2026-01-31",
        "flagged": False,
        "summary": "1.4.2.1 due 31 May 2025 → 31 Jan 2026, +245 days, 2nd re-profile, agreed "
        "5 Dec 2025: The framework waits for the integrated dashboard data.",
    }
    health = {c["id"]: (c["old"], c["new"]) for c in changes if c["kind"] == "health-changed"}
    assert health == {
        "1.4.2.1": ("off_track", "delayed"),
        "1.4.2.2": ("on_track", "delayed"),
        "1.4.3.1": ("on_track", "complete"),
        "1.4.3.3": ("on_track", "withdrawn"),
    }


# -- defaults, exit codes ---------------------------------------------------------------------


def test_default_is_head_against_the_working_tree(cli: CliRunner, board: GitRepo) -> None:
    clean = _diff(cli, board.root, "--exit-code")
    assert clean.exit_code == 0
    assert _stable(clean.output) == "No changes between HEAD (<commit>) and working tree.\n"

    board.edit(
        "plan/priority-1.yaml",
        "Outcomes framework agreed by the board",
        "Outcomes framework agreed",
    )
    changed = _diff(cli, board.root, "--exit-code", "--as-of", AS_OF)
    assert changed.exit_code == 1
    assert _stable(changed.output) == (
        "1 change between HEAD (<commit>) and working tree.\n"
        "Health and colour compared as of 6 Dec 2025.\n"
        "\n"
        "Milestones and plan (1)\n"
        "  - 1.4.2.1 retitled: “Outcomes framework agreed by the board” → "
        "“Outcomes framework agreed”\n"
    )
    without_flag = _diff(cli, board.root, "--as-of", AS_OF)
    assert without_flag.exit_code == 0


def test_branches_and_tags_are_revisions(cli: CliRunner, board: GitRepo) -> None:
    board.git("tag", "november")
    board.git("switch", "--quiet", "-c", "december")
    december(board)
    board.commit("December")
    result = _diff(cli, board.root, "november", "december", "-f", "json", "--as-of", AS_OF)
    assert result.exit_code == 0
    assert len(json.loads(result.output)) == 27
    back = _diff(cli, board.root, "december", "main", "-f", "json", "--as-of", AS_OF)
    kinds = {c["kind"] for c in json.loads(back.output)}
    assert "milestone-added" in kinds and "milestone-removed" in kinds


def test_no_change_in_every_format(cli: CliRunner, board: GitRepo) -> None:
    assert json.loads(_diff(cli, board.root, "-f", "json").output) == []
    markdown = _diff(cli, board.root, "HEAD", "HEAD", "-f", "markdown").output
    assert _stable(markdown) == (
        "### sendtrack: no changes to the plan\n\n`HEAD (<commit>)` → `HEAD (<commit>)`\n"
    )


# -- keyed by id, never position --------------------------------------------------------------


def test_reordering_and_moving_files_changes_nothing(cli: CliRunner, board: GitRepo) -> None:
    text = (board.root / "plan/priority-1.yaml").read_text(encoding="utf-8")
    first, second = text.split('      - id: "1.4.3"\n')
    # The two actions swap places, and the file is renamed with git mv.
    first_head, first_action = first.split('      - id: "1.4.2"\n')
    swapped = first_head + '      - id: "1.4.3"\n' + second + '      - id: "1.4.2"\n' + first_action
    (board.root / "plan/priority-1.yaml").write_text(swapped, encoding="utf-8")
    board.git("mv", "plan/priority-1.yaml", "plan/governance.yaml")
    board.commit("Reorder and rename")
    assert "renamed: plan/priority-1.yaml -> plan/governance.yaml" in board.git(
        "show", "--stat", "--summary", "-M", "HEAD"
    ) or "priority-1.yaml => governance.yaml" in board.git("show", "--stat", "-M", "HEAD")
    result = _diff(cli, board.root, "HEAD~1", "HEAD", "--exit-code")
    assert result.exit_code == 0
    assert "No changes" in result.output


def test_an_id_changed_with_the_rest_the_same_is_a_rename(cli: CliRunner, board: GitRepo) -> None:
    board.edit("risks/register.yaml", "id: R02", "id: R2")
    result = _diff(cli, board.root, "-f", "json", "--as-of", AS_OF)
    assert json.loads(result.output) == [
        {
            "kind": "risk-renamed",
            "id": "R2",
            "field": "id",
            "old": "R02",
            "new": "R2",
            "flagged": True,
            "summary": "R2 was R02 (renamed; everything else is unchanged)",
        }
    ]


def test_an_id_changed_with_other_edits_is_removed_and_added(
    cli: CliRunner, board: GitRepo
) -> None:
    board.edit("plan/priority-1.yaml", 'id: "1.4.3.5"', 'id: "1.4.3.9"')
    board.edit("plan/priority-1.yaml", "Commissioning intentions published", "Intentions out")
    kinds = [
        (c["kind"], c["id"])
        for c in json.loads(_diff(cli, board.root, "-f", "json", "--as-of", AS_OF).output)
    ]
    assert kinds == [("milestone-removed", "1.4.3.5"), ("milestone-added", "1.4.3.9")]


# -- real history: merge and revert -----------------------------------------------------------


def test_a_merge_brings_both_branches_changes(cli: CliRunner, board: GitRepo) -> None:
    base = board.git("rev-parse", "HEAD").strip()
    board.git("switch", "--quiet", "-c", "ehcp-lead")
    board.edit(
        "plan/priority-1.yaml",
        "            status: not_started\n",
        "            status: in_progress\n            started_on: 2025-12-01\n",
        count=4,
    )
    board.commit("Four milestones started")
    board.git("switch", "--quiet", "main")
    board.edit(
        "risks/register.yaml",
        "    likelihood: 3\n    impact: 3\n",
        "    likelihood: 4\n    impact: 3\n",
    )
    board.commit("R02 worse")
    board.git("merge", "--quiet", "--no-ff", "-m", "Merge the lead's update", "ehcp-lead")
    merged = json.loads(_diff(cli, board.root, base, "HEAD", "-f", "json", "--as-of", AS_OF).output)
    assert [(c["kind"], c["id"]) for c in merged] == [
        ("milestone-status", "1.4.2.3"),
        ("milestone-status", "1.4.2.4"),
        ("milestone-status", "1.4.3.3"),
        ("milestone-status", "1.4.3.5"),
        ("risk-rescored", "R02"),
    ]
    # Against its first parent, the merge brings only the branch's changes.
    first_parent = json.loads(
        _diff(cli, board.root, "HEAD^1", "HEAD", "-f", "json", "--as-of", AS_OF).output
    )
    assert {c["kind"] for c in first_parent} == {"milestone-status"}
    rescored = next(c for c in merged if c["kind"] == "risk-rescored")
    assert rescored["summary"] == "R02 rescored 9 → 12 ↑ up (likelihood 3 → 4)"


def test_a_revert_undoes_the_change(cli: CliRunner, board: GitRepo) -> None:
    board.edit(
        "plan/priority-1.yaml",
        "            status: in_progress\n            started_on: 2025-06-02\n",
        COMPLETE_1431,
    )
    board.commit("1.4.3.1 complete")
    board.git("revert", "--no-edit", "HEAD")
    assert json.loads(_diff(cli, board.root, "HEAD~2", "HEAD", "-f", "json").output) == []
    undone = json.loads(
        _diff(cli, board.root, "HEAD~1", "HEAD", "-f", "json", "--as-of", AS_OF).output
    )
    assert [(c["kind"], c["old"], c["new"]) for c in undone] == [
        ("milestone-status", "complete", "in_progress"),
        ("health-changed", "complete", "on_track"),
    ]


# -- health and colour ------------------------------------------------------------------------


def test_a_colour_scheme_change_recolours_without_changing_health(
    cli: CliRunner, board: GitRepo
) -> None:
    board.edit("plan/partnership.yaml", "colour_scheme: board", "colour_scheme: pap")
    changes = json.loads(_diff(cli, board.root, "-f", "json", "--as-of", AS_OF).output)
    colours = [(c["id"], c["old"], c["new"]) for c in changes if c["kind"] == "colour-changed"]
    # On the PAP's key, on track is amber and off track stays red.
    assert colours == [
        (m, "green", "amber")
        for m in ("1.4.2.2", "1.4.2.3", "1.4.2.4", "1.4.3.1", "1.4.3.2", "1.4.3.3", "1.4.3.5")
    ]
    first = next(c for c in changes if c["kind"] == "colour-changed")
    assert first["summary"] == (
        "1.4.2.2 as of 6 Dec 2025: ● Green → ▲ Amber, still on track (colour scheme board → pap)"
    )
    assert changes[-1] == {
        "kind": "settings-edited",
        "id": "settings",
        "field": "colour_scheme",
        "old": "board",
        "new": "pap",
        "flagged": False,
        "summary": "settings colour scheme “board” → “pap”",
    }


def test_health_is_compared_as_of_the_date_given(cli: CliRunner, board: GitRepo) -> None:
    board.edit(
        "plan/priority-1.yaml",
        "            status: in_progress\n            started_on: 2025-06-02\n",
        COMPLETE_1431,
    )
    before_completion = json.loads(
        _diff(cli, board.root, "-f", "json", "--as-of", "2025-11-01").output
    )
    # As of 1 November the completion (28 November) had not happened: no health change.
    assert [c["kind"] for c in before_completion] == ["milestone-status"]


# -- errors: clear messages, exit 2, nothing else ---------------------------------------------


def test_unknown_revision(cli: CliRunner, board: GitRepo) -> None:
    result = _diff(cli, board.root, "v9.9")
    assert result.exit_code == 2
    assert result.output == (
        "sendtrack: unknown revision 'v9.9': no commit, branch or tag has that name here; "
        "if it exists on a remote, fetch it first (e.g. 'git fetch origin')\n"
    )


def test_an_unfetched_remote_branch_says_what_to_fetch(
    cli: CliRunner, board: GitRepo, tmp_path: Path
) -> None:
    clone = tmp_path / "clone"
    board.git("clone", "--quiet", str(board.root), str(clone))
    result = _diff(cli, clone, "origin/feature")
    assert result.exit_code == 2
    assert result.output == (
        "sendtrack: unknown revision 'origin/feature': the remote branch has not been "
        "fetched; run 'git fetch origin feature'\n"
    )


def test_a_shallow_clone_says_to_fetch_the_history(
    cli: CliRunner, reviewed: GitRepo, tmp_path: Path
) -> None:
    clone = tmp_path / "shallow"
    reviewed.git("clone", "--quiet", "--depth", "1", f"file://{reviewed.root}", str(clone))
    result = subprocess.run(
        [sys.executable, "-m", "sendtrack", "diff", "HEAD~1"],
        cwd=clone,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        "sendtrack: unknown revision 'HEAD~1': this is a shallow clone, so older commits, "
        "other branches and tags were not fetched; run 'git fetch --unshallow' (in GitHub "
        "Actions, check out with 'fetch-depth: 0')\n"
    )


def test_outside_git(cli: CliRunner, tmp_path: Path) -> None:
    root = tmp_path / "plain"
    GitRepo(root).write(BOARD)
    result = _diff(cli, root)
    assert result.exit_code == 2
    assert result.output == (
        f"sendtrack: {root} is not in a git repository, so it has no revisions to compare; "
        "run 'git init' and commit the data first\n"
    )


def test_a_base_whose_files_do_not_load_is_refused(cli: CliRunner, board: GitRepo) -> None:
    board.edit("risks/register.yaml", "    likelihood: 4\n", "    likelihood: four\n")
    board.commit("Broken")
    board.edit("risks/register.yaml", "    likelihood: four\n", "    likelihood: 4\n")
    result = _diff(cli, board.root)
    assert result.exit_code == 2
    assert "risks/register.yaml:7:17: invalid-value 'likelihood' in risk R01" in result.output
    assert _stable(result.output).endswith(
        "sendtrack: cannot compare: HEAD (<commit>) has files that do not load (see above); "
        "fix them first\n"
    )


def test_a_repository_without_commits_diffs_as_all_new(cli: CliRunner, tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "fresh", BOARD)
    changes = json.loads(_diff(cli, repo.root, "-f", "json", "--as-of", AS_OF).output)
    assert {c["kind"] for c in changes} == {
        "priority-added",
        "outcome-added",
        "plan-action-added",
        "milestone-added",
        "board-action-raised",
        "risk-added",
        "meeting-added",
    }
    assert sum(c["kind"] == "milestone-added" for c in changes) == 8


def test_a_revision_before_the_data_existed_is_empty(cli: CliRunner, tmp_path: Path) -> None:
    repo = GitRepo.create(tmp_path / "later", {"README.md": "# Our plan\n"})
    repo.commit("Start")
    repo.write(BOARD)
    repo.commit("Add the data")
    changes = json.loads(_diff(cli, repo.root, "HEAD~1", "HEAD", "-f", "json").output)
    assert sum(c["kind"] == "milestone-added" for c in changes) == 8


def test_git_variables_from_a_hook_are_ignored(
    cli: CliRunner, board: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Inside a hook git exports these; they would point our git at another repository.
    other = GitRepo.create(tmp_path / "other")
    monkeypatch.setenv("GIT_DIR", str(other.root / ".git"))
    monkeypatch.setenv("GIT_INDEX_FILE", str(tmp_path / "missing-index"))
    monkeypatch.setenv("GIT_WORK_TREE", str(other.root))
    board.edit("plan/priority-1.yaml", "Outcomes framework agreed by the board", "Framework agreed")
    result = _diff(cli, board.root, "-f", "json")
    assert [c["kind"] for c in json.loads(result.output)] == ["milestone-retitled"]


def test_a_repository_in_a_subfolder_of_the_git_checkout(cli: CliRunner, tmp_path: Path) -> None:
    outer = GitRepo.create(tmp_path / "council", {f"send/{k}": v for k, v in BOARD.items()})
    outer.write({"finance/budget.yaml": "total: 3\n", "plan/unrelated.yaml": "x: 1\n"})
    outer.commit("Council repository")
    outer.edit("send/risks/register.yaml", "id: R02", "id: R2")
    result = _diff(cli, outer.root / "send", "-f", "json")
    assert [c["kind"] for c in json.loads(result.output)] == ["risk-renamed"]


def test_read_revision_names_a_non_commit(board: GitRepo) -> None:
    tree = board.git("rev-parse", "HEAD^{tree}").strip()
    with pytest.raises(HistoryError, match="names a git object that is not a commit"):
        read_revision(board.root, tree)
    with pytest.raises(HistoryError, match="is not a revision"):
        read_revision(board.root, "--output=/tmp/x")


# -- renderers --------------------------------------------------------------------------------


def test_markdown_escapes_what_the_data_supplies() -> None:
    assert escape_markdown("*Phase 1* | @lead <b>#12</b> [x](y) _a_ ~b~ `c`") == (
        r"\*Phase 1\* \| \@lead \<b\>\#12\</b\> \[x\](y) \_a\_ \~b\~ \`c\`"
    )
    change = Change("milestone-retitled", "1.1.1.1", "title", "a", "b", "retitled: “*bold*”")
    report = DiffReport("main (abc1234)", "working tree", date(2025, 12, 6), (change,))
    assert "- **1.1.1.1** retitled: “\\*bold\\*”" in render_markdown(report)


def test_long_sections_fold_in_markdown() -> None:
    changes = tuple(
        Change("colour-changed", f"1.1.1.{n}", "colour", "green", "amber", "as of …")
        for n in range(1, 20)
    )
    markdown = render_markdown(DiffReport("a", "b", date(2025, 12, 6), changes))
    assert "<details>\n<summary>Health and colour (19)</summary>\n" in markdown


def test_every_kind_is_documented_in_the_readme() -> None:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Reviewing changes", 1)[1].split("\n## ", 1)[0]
    missing = [kind for kind in KINDS if f"`{kind}`" not in section]
    assert not missing, f"document these kinds under 'Reviewing changes': {missing}"


def test_compare_in_the_library(board: GitRepo) -> None:
    old = read_revision(board.root, "HEAD")
    new = read_revision(board.root, None)
    assert compare(old.repo, new.repo, date(2025, 12, 6)) == []
    assert new.revision.label == "working tree"
