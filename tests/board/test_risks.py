"""The risk register: listing by score with filters, the 5×5 heat map, the trend since
the last board, rescore/add/close with exact diffs, and the cross-checks on risks."""

from __future__ import annotations

import json
import shlex
import textwrap
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from sendtrack.board.risks import band, heatmap, score_at, trend
from sendtrack.models import Risk
from sendtrack.store.loader import load
from tests.conftest import MakeRepo

Run = Callable[..., Any]

EXTREME = ["R01", "R10", "R02", "R05", "R09", "R12", "R14", "R21", "R07", "R16"]

MEETINGS = {
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
        status: scheduled
    """,
}

NOTHING = "sendtrack: nothing written\n"
"""The last line of every refused write."""


@pytest.fixture
def run(cli: Callable[..., Any]) -> Run:
    """``run(root, "risks rescore R01 -l 3", "--note", "two words")``: the real CLI on the
    repository at ``root``; the command string is split as a shell would."""

    def invoke(root: Path, command: str, *extra: str) -> Any:
        return cli("--repo", str(root), *shlex.split(command), *extra)

    return invoke


def as_json(result: Any) -> Any:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.yaml"))}


# -- scores, bands, trend -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        (1, "low"),
        (3, "low"),
        (4, "moderate"),
        (6, "moderate"),
        (8, "high"),
        (12, "high"),
        (15, "extreme"),
        (25, "extreme"),
    ],
)
def test_bands(score: int, expected: str) -> None:
    assert band(score) == expected


def _risk(history: list[tuple[str, int, int]], likelihood: int = 4, impact: int = 4) -> Risk:
    return Risk.model_validate(
        {
            "id": "R01",
            "title": "T",
            "description": "D",
            "owner": "O",
            "category": "C",
            "likelihood": str(likelihood),
            "impact": str(impact),
            "target": {"likelihood": "1", "impact": "1"},
            "history": [
                {"on": on, "likelihood": str(lk), "impact": str(im), "note": "n"}
                for on, lk, im in history
            ],
        }
    )


@pytest.mark.parametrize(
    ("history", "day", "expected"),
    [
        ([], date(2025, 5, 15), 16),  # no rescore: the current score was in force
        ([("2025-05-15", 3, 3)], date(2025, 5, 15), 9),  # dated on the board's day counts
        ([("2025-05-01", 3, 3), ("2025-05-16", 4, 4)], date(2025, 5, 15), 9),
        ([("2025-05-16", 4, 4)], date(2025, 5, 15), None),  # the history cannot say
    ],
)
def test_score_in_force(history: list[tuple[str, int, int]], day: date, expected: int) -> None:
    assert score_at(_risk(history), day) == expected


def test_trend_words_on_the_shipped_register(shipped_copy: Path, run: Run) -> None:
    data = as_json(run(shipped_copy, "risks --as-of 2025-12-10 --format json"))
    assert data["last_board"] == "2025-11-03"
    assert {r["trend"] for r in data["risks"]} == {"same"}
    # R21 was raised at that board: it was in force there, so it is 'same', not 'new'.
    r21 = next(r for r in data["risks"] if r["id"] == "R21")
    assert (r21["trend"], r21["trend_symbol"], r21["score_at_last_board"]) == ("same", "→", 16)


def test_trend_new_and_unknown(make_repo: MakeRepo) -> None:
    register = """
        risks:
          - id: R01
            title: Raised after the board
            description: D.
            owner: Head of SEND
            category: capacity
            raised_on: 2025-05-20
            likelihood: 3
            impact: 3
            target: {likelihood: 1, impact: 1}
          - id: R02
            title: Hand-written history that starts after the board
            description: D.
            owner: Head of SEND
            category: capacity
            raised_on: 2025-01-01
            likelihood: 3
            impact: 3
            target: {likelihood: 1, impact: 1}
            history:
              - on: 2025-05-20
                likelihood: 3
                impact: 3
                note: First recorded score.
    """
    root = make_repo({**MEETINGS, "risks/register.yaml": register})
    repo, problems = load(root)
    assert not problems
    new, unknown = (trend(risk, repo, date(2025, 6, 1)) for risk in repo.risks)
    assert (new.trend, new.symbol) == ("new", "new")
    assert (unknown.trend, unknown.symbol, unknown.score_at_board) == (None, "?", None)


# -- listing --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--min-score", "15"], EXTREME),
        (["--owner", "children's services"], ["R22"]),
        (["--overdue-review", "--as-of", "2025-12-10", "--min-score", "16"], EXTREME[:7]),
        (["--overdue-review", "--as-of", "2025-12-05"], []),  # due today is not overdue
    ],
)
def test_listing_sorted_by_score_and_filtered(
    shipped_copy: Path, run: Run, args: list[str], expected: list[str]
) -> None:
    data = as_json(run(shipped_copy, "risks --format json", *args))
    assert [r["id"] for r in data["risks"]] == expected


def test_listing_json_contract(shipped_copy: Path, run: Run) -> None:
    data = as_json(run(shipped_copy, "risks --as-of 2025-12-10 --format json --min-score 12"))
    r22 = next(r for r in data["risks"] if r["id"] == "R22")
    assert {key: r22[key] for key in list(r22)[:12]} == {
        "id": "R22",
        "title": "Social care capacity for advice",
        "description": "Insufficient social care capacity to provide timely, good-quality "
        "advice for Education, Health and Care needs assessments and annual reviews, affecting "
        "the quality and timeliness of EHCPs.",
        "owner": "Director of Children's Services, Lancashire County Council",
        "category": "capacity",
        "raised_at": "2025-11-03",
        "raised_on": "2025-11-03",
        "likelihood": 4,
        "impact": 3,
        "score": 12,
        "band": "high",
        "target": {"likelihood": 2, "impact": 3, "score": 6},
    }
    assert (r22["review_date"], r22["review_overdue"], r22["mitigations"]) == (
        "2025-12-05",
        True,
        [],
    )


def test_listing_text(make_repo: MakeRepo, run: Run) -> None:
    root = make_repo(MEETINGS)  # the template's R01, scored 4×4, target 2×3
    result = run(root, "risks --as-of 2025-06-01")
    # Fits 80 columns: score, likelihood × impact and band share a cell; long cells wrap.
    assert result.stdout == (
        "Risks as of 1 Jun 2025 (filters: open): 1 risk, 1 with review overdue; trend\n"
        "since the 15 May 2025 board\n"
        "\n"
        "Risk  Score     Trend   Target   Review       Title     Owner\n"
        "────────────────────────────────────────────────────────────────────\n"
        "R01   16 (4×4)  → same  6 (2×3)  15 May 2025  Capacity  Head of SEND\n"
        "      extreme                    (overdue)\n"
    )
    markdown = run(root, "risks --as-of 2025-06-01 --format markdown")
    assert markdown.stdout.splitlines()[-1] == (
        "| R01 | 16 | 4×4 | extreme | → same | 6 (2×3) | 15 May 2025 (overdue) | open | "
        "Capacity | Head of SEND |"
    )


# -- heat map ---------------------------------------------------------------------------------


def test_heatmap_cells_on_the_shipped_register(shipped_copy: Path, run: Run) -> None:
    data = as_json(run(shipped_copy, "risks heatmap --as-of 2025-12-10 --format json"))
    assert data["total"] == 22
    assert len(data["cells"]) == 25
    filled = {
        (c["likelihood"], c["impact"]): (c["score"], c["band"], c["count"], c["ids"])
        for c in data["cells"]
        if c["count"]
    }
    assert filled == {
        (5, 3): (15, "extreme", 1, ["R07"]),
        (5, 4): (20, "extreme", 2, ["R01", "R10"]),
        (4, 3): (12, "high", 5, ["R08", "R17", "R18", "R19", "R22"]),
        (4, 4): (16, "extreme", 6, ["R02", "R05", "R09", "R12", "R14", "R21"]),
        (3, 3): (9, "high", 6, ["R03", "R04", "R06", "R11", "R13", "R20"]),
        (3, 4): (12, "high", 1, ["R15"]),
        (3, 5): (15, "extreme", 1, ["R16"]),
    }
    assert sum(c["count"] for c in data["cells"]) == data["total"]
    assert data["cells"][0] == {
        "likelihood": 5,
        "likelihood_label": "almost certain",
        "impact": 1,
        "impact_label": "negligible",
        "score": 5,
        "band": "moderate",
        "count": 0,
        "ids": [],
    }


def test_heatmap_text_names_every_cell(make_repo: MakeRepo, run: Run) -> None:
    root = make_repo(MEETINGS)
    result = run(root, "risks heatmap --as-of 2025-06-01")
    lines = result.stdout.splitlines()
    assert lines[:2] == [
        "Risk heat map as of 1 Jun 2025: 1 open risk by likelihood (rows) and impact",
        "(columns)",
    ]
    assert lines[3:5] == [
        "likelihood                                                          5",
        "\\ impact    1 negligible  2 minor       3 moderate    4 major       catastrophic",
    ]
    row_likely = lines[lines.index(next(line for line in lines if line.startswith("4 likely"))) :]
    assert row_likely[:2] == [
        "4 likely    4 moderate    8 high        12 high       16 extreme    20 extreme",
        "            –             –             –             1: R01        –",
    ]
    assert lines[-2].startswith("Each cell: its score (likelihood × impact) and band")
    repo, _ = load(root)
    assert heatmap(repo, date(2025, 6, 1)).cell(4, 4).ids == ["R01"]


# -- rescore ----------------------------------------------------------------------------------

R09_TAIL = (
    "@@ -179,6 +179,15 @@\n"
    '       - "1.4.2"\n'
    '       - "1.6.5"\n'
    '       - "1.6.5.1"\n'
    "+    history:\n"
    "+      - on: 2025-11-03\n"
    "+        likelihood: 4\n"
    "+        impact: 4\n"
    "+        note: Score in force before the first rescore (recorded by 'sendtrack risks "
    "rescore').\n"
    "+      - on: 2025-11-20\n"
    "+        likelihood: 3\n"
    "+        impact: 4\n"
    "+        note: Dashboard in test; integrated data due January.\n"
    "     illustrative: true\n"
)


def test_first_rescore_records_the_score_it_replaces(shipped_copy: Path, run: Run) -> None:
    note = ("--note", "Dashboard in test; integrated data due January.")
    dry = run(shipped_copy, "risks rescore R09 -l 3 -i 4 --on 2025-11-20 --dry-run", *note)
    assert dry.stdout.startswith(
        "--- a/risks/register.yaml\n"
        "+++ b/risks/register.yaml\n"
        "@@ -166,7 +166,7 @@\n"
        "     owner: Associate Director for SEND and Complexities, NHS Lancashire and South "
        "Cumbria ICB\n"
        "     category: data\n"
        "     raised_on: 2025-03-19\n"
        "-    likelihood: 4\n"
        "+    likelihood: 3\n"
        "     impact: 4\n"
        "     target:\n"
        "       likelihood: 2\n" + R09_TAIL
    )
    done = run(shipped_copy, "risks rescore R09 -l 3 -i 4 --on 2025-11-20", *note)
    assert done.stdout == (
        "rescored R09 on 20 Nov 2025: 4×4 = 16 → 3×4 = 12 (high) in risks/register.yaml\n"
        "trend since the 2025-11-03 board: ↓ down from 16\n"
    )
    # A second rescore appends one entry; the trend still compares with the board's 16.
    again = run(
        shipped_copy, "risks rescore R09 -l 5 -i 4 --on 2025-11-25 --dry-run", "--note", "x"
    )
    assert again.stdout.endswith(
        "         note: Dashboard in test; integrated data due January.\n"
        "+      - on: 2025-11-25\n"
        "+        likelihood: 5\n"
        "+        impact: 4\n"
        "+        note: x\n"
        "     illustrative: true\n"
        '     note: "Description verbatim from Appendix 7 (Risk / Non-compliance with '
        "statutory responsibilities) of the ICB Board paper of 19 March 2025. The appendix "
        "gives no title, owner, category, scores or review date: those are illustrative. "
        'Mitigations are taken from the body of the same paper where it names one."\n'
        '   - id: "R10"\n'
    )
    assert "trend since the 2025-11-03 board: ↑ up from 16" in again.stderr
    listed = as_json(run(shipped_copy, "risks --as-of 2025-12-10 --format json --min-score 12"))
    r09 = next(r for r in listed["risks"] if r["id"] == "R09")
    assert (r09["score"], r09["trend"], r09["trend_symbol"], r09["score_at_last_board"]) == (
        12,
        "down",
        "↓",
        16,
    )
    assert run(shipped_copy, "check").exit_code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            "R9 -l 3 -i 3 --note x",
            "sendtrack: no risk 'R9' in risks/\n  hint: did you mean 'R19' or 'R09'?\n",
        ),
        (
            "R09 -l 3 -i 3 --note ' '",
            "sendtrack: a rescore needs a note saying why\n  hint: give --note TEXT\n",
        ),
    ],
)
def test_rescore_refusals(shipped_copy: Path, run: Run, args: str, message: str) -> None:
    before = snapshot(shipped_copy)
    result = run(shipped_copy, f"risks rescore {args}")
    assert (result.exit_code, result.stderr) == (1, message + NOTHING)
    assert snapshot(shipped_copy) == before


def test_rescore_out_of_range_is_a_usage_error(shipped_copy: Path, run: Run) -> None:
    result = run(shipped_copy, "risks rescore R09 -l 6 -i 3 --note x")
    assert result.exit_code == 2
    assert "Invalid value for '--likelihood' / '-l'" in result.stderr


def test_rescore_keeps_the_history_in_date_order(shipped_copy: Path, run: Run) -> None:
    run(shipped_copy, "risks rescore R09 -l 3 -i 4 --on 2025-11-20 --note first")
    result = run(shipped_copy, "risks rescore R09 -l 3 -i 3 --on 2025-11-19 --note earlier")
    assert result.stderr == (
        "sendtrack: rescore dated 19 Nov 2025 is earlier than the latest history entry "
        "(20 Nov 2025); the history is kept in date order\n"
        "  hint: use --on with a date on or after it\n" + NOTHING
    )


# -- add and close -----------------------------------------------------------------------------


def test_add_takes_the_next_id_and_lists_it_at_its_meeting(shipped_copy: Path, run: Run) -> None:
    result = run(
        shipped_copy,
        "risks add --category capacity -l 3 -i 4 --target-likelihood 2 --target-impact 3"
        " --raised-at 2025-11-03 --review 2026-01 --link 2.5.1",
        "--title", "Educational psychology capacity",
        "--description", "Too few educational psychologists to give advice on time.",
        "--owner", "Head of SEND and Inclusion, Lancashire County Council",
        "--mitigation", "Commission locum educational psychologists.",
        "--dry-run",
    )  # fmt: skip
    assert result.stdout == (
        "--- a/risks/register.yaml\n"
        "+++ b/risks/register.yaml\n"
        "@@ -440,3 +440,22 @@\n"
        '       - "2.5.4"\n'
        "     illustrative: true\n"
        "     note: \"Identified at the 3 November 2025 board (minutes item 11), 'with "
        "mitigation actions to be developed': none are recorded yet. The description expands "
        "the minutes' four words; owner, category and scores are illustrative.\"\n"
        '+  - id: "R23"\n'
        "+    title: Educational psychology capacity\n"
        "+    description: Too few educational psychologists to give advice on time.\n"
        "+    owner: Head of SEND and Inclusion, Lancashire County Council\n"
        "+    category: capacity\n"
        '+    raised_at: "2025-11-03"\n'
        "+    raised_on: 2025-11-03\n"
        "+    likelihood: 3\n"
        "+    impact: 4\n"
        "+    target:\n"
        "+      likelihood: 2\n"
        "+      impact: 3\n"
        "+    mitigations:\n"
        "+      - text: Commission locum educational psychologists.\n"
        "+        owner: Head of SEND and Inclusion, Lancashire County Council\n"
        "+    review_date: 2026-01-31\n"
        "+    status: open\n"
        "+    links:\n"
        '+      - "2.5.1"\n'
        "--- a/meetings/2025-11-03.yaml\n"
        "+++ b/meetings/2025-11-03.yaml\n"
        "@@ -209,6 +209,7 @@\n"
        " risks_added:\n"
        '   - "R21"\n'
        '   - "R22"\n'
        '+  - "R23"\n'
        " forward_plan:\n"
        "   - item: Standing items\n"
        "     kind: standing\n"
    )


def test_add_refuses_a_used_id(shipped_copy: Path, run: Run) -> None:
    result = run(
        shipped_copy,
        "risks add --id R05 --title T --description D --owner O --category C -l 1 -i 1"
        " --target-likelihood 1 --target-impact 1",
    )
    assert result.stderr == "sendtrack: risk id 'R05' is already used\n  hint: try R23\n" + NOTHING


def test_close_and_list_closed(shipped_copy: Path, run: Run) -> None:
    reason = ("--reason", "Merged into R21 at the board's request.")
    dry = run(shipped_copy, "risks close R22 --at 2025-11-03 --dry-run", *reason)
    assert dry.stdout == (
        "--- a/risks/register.yaml\n"
        "+++ b/risks/register.yaml\n"
        "@@ -433,7 +433,10 @@\n"
        "       likelihood: 2\n"
        "       impact: 3\n"
        "     review_date: 2025-12-05\n"
        "-    status: open\n"
        "+    status: closed\n"
        "+    closed:\n"
        "+      reason: Merged into R21 at the board's request.\n"
        '+      at: "2025-11-03"\n'
        "     links:\n"
        '       - "2.5.1"\n'
        '       - "2.5.2"\n'
    )
    assert run(shipped_copy, "risks close R22 --at '3 Nov 2025'", *reason).exit_code == 0
    open_ids = [r["id"] for r in as_json(run(shipped_copy, "risks --format json"))["risks"]]
    all_ids = [r["id"] for r in as_json(run(shipped_copy, "risks --all -f json"))["risks"]]
    assert "R22" not in open_ids
    assert "R22" in all_ids
    again = run(shipped_copy, "risks close R22 --at 2025-11-03", *reason)
    assert again.stderr == "sendtrack: risk R22 is already closed at 2025-11-03\n" + NOTHING
    heat = as_json(run(shipped_copy, "risks heatmap -f json"))
    assert heat["total"] == 21


def test_close_needs_a_known_meeting(shipped_copy: Path, run: Run) -> None:
    before = snapshot(shipped_copy)
    result = run(shipped_copy, "risks close R22 --at 2025-11-30 --reason Done.")
    assert result.stderr == (
        "sendtrack: no meeting '2025-11-30' in meetings/\n"
        "  hint: did you mean '2025-11-03' or '2025-12-05' or '2025-10-13'?\n" + NOTHING
    )
    assert snapshot(shipped_copy) == before


# -- cross-checks -------------------------------------------------------------------------------


def test_risk_checks(make_repo: MakeRepo, run: Run) -> None:
    register = textwrap.dedent(
        """\
        risks:
          - id: R01
            title: Capacity
            description: D.
            owner: Head of SEND
            category: capacity
            likelihood: 2
            impact: 2
            target:
              likelihood: 3
              impact: 3
            history:
              - on: 2025-05-20
                likelihood: 4
                impact: 4
                note: Rescored.
              - on: 2025-05-10
                likelihood: 2
                impact: 3
                note: Written later, dated earlier.
              - on: 2025-07-01
                likelihood: 2
                impact: 3
                note: In the future of the as-of date.
          - id: R02
            title: Reopened by hand
            description: D.
            owner: Head of SEND
            category: capacity
            likelihood: 3
            impact: 3
            target:
              likelihood: 1
              impact: 1
            status: open
            closed:
              reason: Gone.
              at: "2025-05-15"
        """
    )
    root = make_repo({**MEETINGS, "risks/register.yaml": register})
    result = run(root, "check --as-of 2025-06-01 --format json")
    found = [
        (p["code"], p["severity"], p["line"], p["column"], p["message"])
        for p in json.loads(result.stdout)["problems"]
    ]
    assert found == [
        (
            "risk-score-not-in-history", "warning", 7, 17,
            "risk R01 is scored 2×2 but its latest history entry (1 Jul 2025) says 2×3",
        ),
        (
            "risk-target-above-current", "warning", 10, 7,
            "risk R01's target score 9 is above its current score 4",
        ),
        (
            "history-in-future", "error", 13, 7,
            "history entry 3 of risk R01 (a rescore) is dated 1 Jul 2025, after 1 Jun 2025",
        ),
        (
            "history-out-of-order", "error", 13, 7,
            "history entry 2 of risk R01 is dated 10 May 2025, before the entry above it "
            "(20 May 2025)",
        ),
        (
            "risk-closed-but-open", "error", 37, 7,
            "risk R02 has a 'closed:' record but its status is open",
        ),
    ]  # fmt: skip
