"""Paths from data (issue 10, item 5): no id can walk a written file out of its folder.

The attack: a workstream id ``pfa/../../../elsewhere/evil`` passed ``check``, and
``report board-pack --output papers/pack.md`` wrote the workstream's chart SVGs outside
``papers/``, creating folders on the way. Now every kind of id has a documented character
set (``check`` refuses control characters, ``/``, ``\\`` and a leading dot: ``unsafe-id``),
an id used in a file name is slugged to ``[A-Za-z0-9._-]``, and every derived file is
resolved and must stay inside the output folder (``output.contained``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sendtrack.core.slug import file_slug
from sendtrack.store.output import OutputError, contained
from tests.gitrepo import ACTIONS, PRIORITY, RISKS, SETTINGS, GitRepo, meeting
from tests.security.hostile_clone import hostile_clone, snapshot

Cli = Callable[..., Any]
SAFE_NAME = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]*")
WALK_OUT = "leadership/../../../elsewhere/evil"


def _with_workstream(stream_id: str) -> dict[str, str]:
    """The board with its one workstream renamed (settings and every reference)."""
    quoted = json.dumps(stream_id)
    return {
        "plan/partnership.yaml": SETTINGS.replace("id: leadership", f"id: {quoted}"),
        "plan/priority-1.yaml": PRIORITY.replace("workstream: leadership", f"workstream: {quoted}"),
    }


def test_a_workstream_id_cannot_walk_charts_out_of_the_papers_folder(
    cli: Cli, tmp_path: Path
) -> None:
    clone = hostile_clone(tmp_path, _with_workstream(WALK_OUT))
    before = snapshot(tmp_path)

    checked = cli("--repo", str(clone), "check")
    assert checked.exit_code == 1
    assert (
        "plan/partnership.yaml:7:9: unsafe-id 'id' in workstream "
        f"{WALK_OUT}: id '{WALK_OUT}' contains '/'" in checked.stdout
    )

    pack = cli(
        "--repo", str(clone), "report", "board-pack", "--output", str(clone / "papers/pack.md")
    )
    assert pack.exit_code == 1
    assert "fix the problems above first" in pack.stderr
    assert not (tmp_path / "elsewhere").exists()
    assert snapshot(tmp_path) == before


UNSAFE = [
    ("a slash", "x/y", "'/'"),
    ("a parent step", "../x", "'/'"),
    ("a backslash", "x\\\\y", "'\\'"),
    ("a leading dot", ".x", "a leading '.'"),
    ("a control character", "x\\e]0;t\\a", "a control character (\\x1b)"),
]
"""(what, the id as written inside YAML double quotes, what the message names)."""

KINDS = [
    ("workstream", "plan/partnership.yaml", "id: leadership"),
    ("priority", "plan/priority-1.yaml", 'id: "1"'),
    ("outcome", "plan/priority-1.yaml", 'id: "1.4"'),
    ("action", "plan/priority-1.yaml", 'id: "1.4.2"'),
    ("milestone", "plan/priority-1.yaml", 'id: "1.4.2.1"'),
    ("re-profile's meeting", "plan/priority-1.yaml", 'agreed_at: "2025-04-10"'),
    ("risk", "risks/register.yaml", "id: R01"),
    ("board action's meeting", "tracker/actions.yaml", 'meeting: "2025-11-03"'),
    ("meeting", "meetings/2025-04-10.yaml", 'id: "2025-04-10"'),
    ("meeting's next meeting", "meetings/2025-04-10.yaml", "status: held"),
]
"""(kind of id, file, the line that holds it): the id on that line is replaced."""


def _replace_id(line: str, value: str) -> str:
    if line == "status: held":  # a field the file does not have yet: add it
        return f'status: held\nnext_meeting: "{value}"'
    key = line.split(":")[0]
    return f'{key}: "{value}"'


@pytest.mark.parametrize(("kind", "file", "line"), KINDS, ids=[k[0] for k in KINDS])
@pytest.mark.parametrize(("what", "value", "named"), UNSAFE, ids=[u[0] for u in UNSAFE])
def test_check_refuses_unsafe_ids_of_every_kind(
    cli: Cli, tmp_path: Path, kind: str, file: str, line: str, what: str, value: str, named: str
) -> None:
    board = {
        "plan/partnership.yaml": SETTINGS,
        "plan/priority-1.yaml": PRIORITY,
        "risks/register.yaml": RISKS,
        "tracker/actions.yaml": ACTIONS,
        "meetings/2025-04-10.yaml": meeting("2025-04-10", "held"),
    }
    text = board[file]
    first = text.index(line)
    changed = text[:first] + _replace_id(line, value) + text[first + len(line) :]
    clone = hostile_clone(tmp_path, {file: changed})
    result = cli("--repo", str(clone), "check", "--format", "json")
    assert result.exit_code == 1
    found = [p for p in json.loads(result.stdout)["problems"] if p["code"] == "unsafe-id"]
    assert len(found) == 1, result.stdout
    problem = found[0]
    lines = changed.splitlines()
    line_number = next(n for n, text in enumerate(lines, 1) if f'"{value}"' in text)
    assert (problem["file"], problem["line"]) == (file, line_number)
    assert problem["column"] == lines[line_number - 1].index('"') + 1
    assert named in problem["message"]
    assert problem["hint"]


BOARD_ACTION_IDS = [
    ("2025-11-03/../A1", "'..'"),
    ("/A1", "an empty part"),
    ("2025-11-03//A1", "an empty part"),
    ("2025-11-03/.A1", "a leading '.'"),
]


@pytest.mark.parametrize(("value", "named"), BOARD_ACTION_IDS)
def test_board_action_ids_keep_one_safe_slash(
    cli: Cli, tmp_path: Path, value: str, named: str
) -> None:
    """'<meeting>/A<n>' holds a '/' by design; each part keeps the id character set."""
    actions = ACTIONS.replace('"2025-11-03/A2"', f'"{value}"')
    clone = hostile_clone(tmp_path, {"tracker/actions.yaml": actions})
    result = cli("--repo", str(clone), "check", "--format", "json")
    found = [p for p in json.loads(result.stdout)["problems"] if p["code"] == "unsafe-id"]
    assert [(p["file"], p["line"], p["column"]) for p in found] == [
        ("tracker/actions.yaml", 9, 9),
    ]
    assert named in found[0]["message"]


def test_safe_ids_and_the_shipped_board_actions_still_pass(cli: Cli, tmp_path: Path) -> None:
    clone = hostile_clone(tmp_path, _with_workstream("SEMH:2025*?<>|&"))
    result = cli("--repo", str(clone), "check", "--as-of", "2025-11-03")
    assert (result.exit_code, result.stdout.splitlines()[-1]) == (0, "ok: no problems in 8 files")


def test_ids_in_file_names_are_slugged(cli: Cli, tmp_path: Path) -> None:
    """A valid id with characters no file name should carry ('*', '?', ':', '|'…): its
    charts are named by a slug, inside the output folder, and the paper links to them."""
    stream = "SEMH:2025*?<>|&"
    clone = hostile_clone(tmp_path, _with_workstream(stream))
    papers = clone / "papers"
    result = cli(
        "--repo", str(clone), "report", "board-pack", "--as-of", "2025-11-03",
        "--output", str(papers / "pack.md"),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    written = sorted(path.name for path in papers.iterdir())
    assert all(SAFE_NAME.fullmatch(name) for name in written), written
    assert [p for p in tmp_path.rglob("*.svg") if p.parent != papers] == []
    stream_charts = [name for name in written if name.startswith("pack-burn-up-SEMH")]
    assert stream_charts == [f"pack-burn-up-{file_slug(stream)}.svg"]
    assert f"]({stream_charts[0]})" in (papers / "pack.md").read_text(encoding="utf-8")


def test_a_derived_file_that_leads_out_of_the_folder_is_refused(cli: Cli, tmp_path: Path) -> None:
    """A committed symbolic link where a chart goes, pointing outside the clone: nothing
    is written through it, and no other chart is written before refusing."""
    secret = tmp_path / "secret.txt"
    secret.write_text("keep", encoding="utf-8")

    def plant(origin: GitRepo) -> None:
        (origin.root / "papers").mkdir()
        (origin.root / "papers" / "pack-heat-map.svg").symlink_to("../../secret.txt")

    clone = hostile_clone(tmp_path, change=plant)
    papers = clone / "papers"
    result = cli(
        "--repo", str(clone), "report", "board-pack", "--as-of", "2025-11-03",
        "--output", str(papers / "pack.md"),
    )  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr == (
        f"sendtrack: {papers / 'pack-heat-map.svg'} is a symbolic link to {secret}, "
        f"outside {papers}; sendtrack writes through a link only to a file in the link's "
        "own folder\n"
    )
    assert secret.read_text(encoding="utf-8") == "keep"
    assert sorted(path.name for path in papers.iterdir()) == ["pack-heat-map.svg"]


# -- the two helpers every writer of derived files uses -------------------------------------


@pytest.mark.parametrize("name", ["../x.svg", "a/b.svg", "..", ".", "", "/etc/passwd", "a\0b"])
def test_contained_refuses_names_that_are_not_plain_file_names(tmp_path: Path, name: str) -> None:
    with pytest.raises(OutputError, match="not a plain file name"):
        contained(tmp_path, name)


def test_contained_follows_links_only_inside_the_folder(tmp_path: Path) -> None:
    (tmp_path / "inside.svg").write_text("", encoding="utf-8")
    (tmp_path / "ok.svg").symlink_to("inside.svg")
    (tmp_path / "out.svg").symlink_to(tmp_path.parent / "elsewhere.svg")
    assert contained(tmp_path, "ok.svg") == tmp_path / "ok.svg"
    assert contained(tmp_path, "new.svg") == tmp_path / "new.svg"
    with pytest.raises(OutputError, match="outside"):
        contained(tmp_path, "out.svg")


def test_file_slug_keeps_safe_ids_as_they_are() -> None:
    for safe in ("ehcp", "nd-pathway", "working-together", "2.3.2.1", "R01", "A_B"):
        assert file_slug(safe) == safe


@given(st.text(max_size=300))
def test_file_slug_is_always_a_safe_short_name(text: str) -> None:
    name = file_slug(text)
    assert SAFE_NAME.fullmatch(name), name
    assert len(name) <= 80


@given(st.text(max_size=40), st.text(max_size=40))
def test_file_slug_keeps_different_ids_apart(one: str, other: str) -> None:
    if one != other:
        assert file_slug(one) != file_slug(other)
