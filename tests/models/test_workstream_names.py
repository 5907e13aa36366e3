"""A workstream may carry the other names the board uses (issue 14 §2).

The 3 November 2025 minutes speak of "Comms & Engagement" where the plan says "Working
Together": the name the board uses is shown beside the plan's where they differ, and
accepted wherever a workstream is named on the command line.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

from sendtrack.checks.validate import check_repository
from sendtrack.models.settings import Workstream
from tests.conftest import PROJECT_ROOT, MakeRepo

Cli = Callable[..., Any]
BOARD = "2025-11-03"
SHOWN = "Working Together (also: Comms & Engagement)"


def run(cli: Cli, *args: str, repo: str = str(PROJECT_ROOT)) -> str:
    result = cli("--repo", repo, *args)
    assert result.exit_code == 0, result.output
    return " ".join(str(result.output).split())


def test_an_other_name_is_shown_only_where_it_differs() -> None:
    stream = Workstream.model_validate(
        {
            "id": "wt",
            "name": "Working Together",
            "also_known_as": ["working together", "Together", "Comms", "Comms & Working"],
        }
    )
    # Only a name with a word the others lack is news to a reader; all are accepted.
    assert stream.shown == "Working Together (also: Comms)"
    assert stream.answers_to("together") and stream.answers_to("comms & working")
    pfa = Workstream.model_validate(
        {
            "id": "pfa",
            "name": "Transitions and Preparation for Adulthood",
            "also_known_as": ["Preparation for Adulthood & Transitions", "Transitions"],
        }
    )
    assert pfa.shown == pfa.name and pfa.answers_to("transitions")
    assert Workstream.model_validate({"id": "x", "name": "X"}).shown == "X"
    assert stream.answers_to("COMMS") and stream.answers_to("wt")
    assert stream.answers_to("  working   together ") and not stream.answers_to("Comm")


def test_status_and_papers_show_the_board_s_name(cli: Cli) -> None:
    assert SHOWN in run(cli, "status", "--as-of", BOARD, "--width", "200")
    markdown = run(cli, "status", "--as-of", BOARD, "--format", "markdown")
    assert SHOWN.replace("&", "\\&") in markdown  # Markdown escapes the '&'

    status = json.loads(
        cli("--repo", str(PROJECT_ROOT), "status", "--as-of", BOARD, "--format", "json").output
    )
    group = {g["id"]: g for g in status["by_workstream"]}["working-together"]
    assert (group["name"], group["also_known_as"]) == ("Working Together", ["Comms & Engagement"])
    shown = run(cli, "show", "4.3.1.1", "--as-of", BOARD, "--width", "200")
    assert f"Workstream: {SHOWN}" in shown


def test_a_workstream_named_as_the_board_names_it(cli: Cli) -> None:
    paper = run(
        cli, "report", "highlight", "--workstream", "Comms & Engagement", "--as-of", BOARD,
        "--format", "text", "--width", "200",
    )  # fmt: skip
    assert paper.startswith(f"Highlight report: {SHOWN}")
    assert f"Workstream: {SHOWN} (working-together)" in paper
    listed = run(
        cli, "milestones", "--workstream", "comms & engagement", "--as-of", BOARD,
        "--format", "json",
    )  # fmt: skip
    by_id = run(
        cli, "milestones", "--workstream", "working-together", "--as-of", BOARD,
        "--format", "json",
    )  # fmt: skip
    assert json.loads(listed) and json.loads(listed) == json.loads(by_id)


def test_one_name_for_two_workstreams_is_refused(make_repo: MakeRepo, cli: Cli) -> None:
    settings = (PROJECT_ROOT / "src/sendtrack/templates/init/plan/partnership.yaml").read_text()
    assert "  - id: " in settings
    text = settings.replace("  - id: ", "  - also_known_as:\n      - Everything\n    id: ", 2)
    root = make_repo({"plan/partnership.yaml": text})
    codes = [problem.code for problem in check_repository(root, date(2025, 6, 1)).problems]
    assert codes == ["duplicate-workstream-name"]
    result = cli("--repo", str(root), "check")
    assert result.exit_code == 1
    output = " ".join(result.output.split())
    assert (
        "plan/partnership.yaml:25:7: duplicate-workstream-name 'Everything' names two "
        "workstreams, 'leadership' and 'ehcp'" in output
    )
