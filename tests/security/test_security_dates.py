"""Issue 10, item 7: dates the checker accepted crashed the papers.

The attack: a re-profile to 9999-12-31 passed ``check``, then ``report highlight`` and
``report board-pack`` died with an OverflowError (exit 3) drawing a chart whose axis ran
past ``date.max``; so did ``--as-of 0001-01-01`` and ``--as-of 9999-12``. Dates now lie
in a documented window, 2000-01-01 to 2100-12-31: in the data a located problem
(``date-out-of-range``), on the command line a usage error naming the option, and the
papers' own date arithmetic stops at the ends of ``date`` instead of overflowing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from sendtrack.core.dates import EARLIEST, LATEST, DateOutOfRange, parse_date, shift
from sendtrack.models.plan import Reprofile
from sendtrack.render.charts import BurnUp, burn_up_chart
from sendtrack.store.scaffold import init_repository
from tests.gitrepo import GitRepo

Cli = Callable[..., Any]
WINDOW = "outside the dates sendtrack accepts (2000-01-01 to 2100-12-31)"
REPROFILE = """\
              - to: 2025-06-30
                reason: Partners asked for a second round of comments.
                agreed_at: "2025-04-10"
"""


@pytest.fixture
def clone(tmp_path: Path) -> GitRepo:
    origin = tmp_path / "origin"
    init_repository(origin)
    GitRepo.create(origin).commit("template")
    work = tmp_path / "clone"
    GitRepo(origin).git("clone", "--quiet", str(origin), str(work))
    return GitRepo(work)


def run(cli: Cli, repo: GitRepo, *args: str) -> Any:
    result = cli("--repo", str(repo.root), *args)
    assert "internal error" not in result.output and "Traceback" not in result.output
    return result


def agreed_reprofile_to(repo: GitRepo, to: str) -> None:
    """A pull request's change: the template's re-profile followed by one more, agreed."""
    more = REPROFILE.replace("2025-06-30", to).replace("a second round", "a third round")
    repo.edit("plan/priority-1.yaml", REPROFILE, REPROFILE + more)
    repo.commit(f"re-profile to {to}")


# -- in the data --------------------------------------------------------------------------


def test_a_reprofile_to_9999_is_a_located_problem_and_the_papers_do_not_crash(
    clone: GitRepo, cli: Cli
) -> None:
    agreed_reprofile_to(clone, "9999-12-31")
    checked = run(cli, clone, "check", "--format", "json", "--as-of", "2025-05-01")
    assert checked.exit_code == 1
    [problem] = json.loads(checked.output)["problems"]
    assert (problem["code"], problem["file"]) == ("date-out-of-range", "plan/priority-1.yaml")
    assert (problem["line"], problem["column"], problem["id"]) == (41, 21, "1.1.1.2")
    assert (
        problem["message"]
        == f"'to' in milestone 1.1.1.2: '9999-12-31' is in the year 9999, {WINDOW}"
    )
    assert "check the year" in problem["hint"]
    for papers in (["report", "highlight"], ["report", "board-pack"]):
        result = run(cli, clone, *papers, "--as-of", "2025-05-01")
        assert result.exit_code == 1
        assert "plan/priority-1.yaml:41:21: date-out-of-range" in result.output


@pytest.mark.parametrize(
    ("file", "old", "new", "line"),
    [
        ("plan/priority-1.yaml", "due: 2025-04\n", "due: 1999-12\n", 33),
        ("plan/priority-1.yaml", "completed_on: 2025-03-14", "completed_on: 0001-01-01", 30),
        ("risks/register.yaml", "review_date: 2025-05-15", "review_date: Dec 9999", 19),
        ("tracker/actions.yaml", "due: 2025-05-15", "due: 1 January 2101", 10),
    ],
)
def test_every_kind_of_date_is_bounded(
    clone: GitRepo, cli: Cli, file: str, old: str, new: str, line: int
) -> None:
    clone.edit(file, old, new)
    result = run(cli, clone, "check", "--format", "json", "--as-of", "2025-05-01")
    assert result.exit_code == 1
    problems = [p for p in json.loads(result.output)["problems"] if p["file"] == file]
    assert [(p["code"], p["line"]) for p in problems] == [("date-out-of-range", line)]
    assert WINDOW in problems[0]["message"]


def test_the_ends_of_the_window_are_accepted_and_the_papers_draw(clone: GitRepo, cli: Cli) -> None:
    agreed_reprofile_to(clone, "2100-12-31")
    assert run(cli, clone, "check", "--as-of", "2025-05-01").exit_code == 0
    for day in ("2025-05-01", "2100-12-31"):
        highlight = run(cli, clone, "report", "highlight", "--as-of", day, "-f", "html")
        assert highlight.exit_code == 0, highlight.output
        assert "31 Dec 2100" in highlight.output
    # HTML, so that the charts are drawn: Markdown on stdout leaves them out (issue 14).
    pack = run(
        cli, clone, "report", "board-pack", "--meeting", "2025-05-15", "--as-of", "2025-05-01",
        "-f", "html",
    )  # fmt: skip
    assert pack.exit_code == 0, pack.output
    assert "<svg" in pack.output


# -- on the command line -------------------------------------------------------------------


READS = [
    ["status"],
    ["check"],
    ["milestones"],
    ["actions"],
    ["risks"],
    ["risks", "heatmap"],
    ["forward-plan"],
    ["report", "highlight"],
    ["report", "board-pack"],
]


@pytest.mark.parametrize("command", READS, ids=" ".join)
@pytest.mark.parametrize("day", ["0001-01-01", "9999-12", "1999-12-31", "2101-01-01"])
def test_an_as_of_outside_the_window_is_a_usage_error(
    clone: GitRepo, cli: Cli, command: list[str], day: str
) -> None:
    result = run(cli, clone, *command, "--as-of", day)
    assert result.exit_code == 2
    assert "Invalid value for --as-of" in result.output
    assert WINDOW in result.output


WRITES = [
    (["update", "1.1.1.2", "--note", "x", "--on"], "--on"),
    (["reprofile", "1.1.1.2", "--reason", "x", "--proposed", "--to"], "--to"),
    (["agree", "1.1.1.2", "--agreed-at", "2025-04-10", "--to"], "--to"),
    (
        ["actions", "add", "Circulate it.", "--meeting", "2025-04-10", "--owner", "PM", "--due"],
        "--due",
    ),
    (["actions", "update", "2025-04-10/A1", "--note", "x", "--on"], "--on"),
    (
        ["risks", "rescore", "R01", "--likelihood", "3", "--impact", "3", "--note", "x", "--on"],
        "--on",
    ),
    (["milestones", "--due-before"], "--due-before"),
    (["meeting", "new"], "DATE"),
]


@pytest.mark.parametrize(("command", "option"), WRITES, ids=[option for _, option in WRITES])
def test_other_date_options_outside_the_window_are_usage_errors_and_write_nothing(
    clone: GitRepo, cli: Cli, command: list[str], option: str
) -> None:
    result = run(cli, clone, *command, "9999-12-31")
    assert result.exit_code == 2, result.output
    assert f"Invalid value for {option}" in result.output
    assert WINDOW in result.output
    assert clone.git("status", "--porcelain") == ""


def test_since_outside_the_window_is_named(clone: GitRepo, cli: Cli) -> None:
    result = run(cli, clone, "report", "highlight", "--since", "0001-01-01")
    assert result.exit_code == 2
    assert "--since '0001-01-01'" in result.output and WINDOW in result.output


# -- the library on its own -------------------------------------------------------------------


def test_parse_date_bounds_every_form() -> None:
    for text in ("0000-01-01", "9999-12", "Dec 9999", "31 December 1999", "2101-01-01"):
        with pytest.raises(DateOutOfRange, match="outside the dates"):
            parse_date(text)
    assert parse_date("2000-01") == date(2000, 1, 31) and parse_date("Dec 2100") == LATEST
    assert parse_date("Feb 26") == date(2026, 2, 28) and parse_date("2000-01-01") == EARLIEST


def test_a_python_caller_cannot_pass_a_date_outside_the_window() -> None:
    with pytest.raises(ValidationError) as caught:
        Reprofile(to=date(9999, 12, 31), reason="Never.", proposed=True)
    assert caught.value.errors()[0]["type"] == "date_out_of_range"


def test_date_arithmetic_is_total() -> None:
    assert shift(date.max, 20) == date.max and shift(date.min, -20) == date.min
    assert shift(date(2025, 12, 31), 1) == date(2026, 1, 1)
    # A chart drawn by a library caller with the extremes of ``date`` does not overflow.
    ends = (date.min, date.max)
    data = BurnUp(date.max, 2, ends, ends, (date.min,), 0)
    assert "<svg" in burn_up_chart(data, "burn-up", "Burn-up").svg
