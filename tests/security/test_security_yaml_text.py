"""Issue 10, item 4: text on its way into YAML comes back exactly as it was given.

The attack: a quoting rule written by hand let ``--note '"C:\\new\\temp"'`` in unquoted,
to be read back as ``C:⏎ew⇥emp``, and refused notes starting with an indicator with a
message blaming the file. Now every new value is emitted by ruamel.yaml
(``sendtrack.store.yamlemit``) and every write is proved by reading it back.

The property tests run the library's real edit path (plan, re-check, prove, write
atomically) over arbitrary text; the CLI tests run the real command on a real clone.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from sendtrack.board.actions import update_action
from sendtrack.board.common import BoardError
from sendtrack.board.risks import add_risk, close_risk
from sendtrack.checks.validate import check_repository
from sendtrack.core.problems import Severity
from sendtrack.edit.planned import EditRefused, open_workspace
from sendtrack.plan import edits as plan_edits
from sendtrack.store.edits import EditError, Editor, render_block, render_scalar
from sendtrack.store.loader import load
from sendtrack.store.scaffold import init_repository
from sendtrack.store.yamlio import read
from tests.gitrepo import GitRepo

Cli = Callable[..., Any]

TODAY = date(2025, 6, 1)
PLAN = "plan/priority-1.yaml"
MILESTONE = ("outcomes", 0, "actions", 0, "milestones", 1)
"""Where the template's milestone 1.1.1.2 stands in plan/priority-1.yaml."""

# Text that has broken YAML writers: indicators, comment and mapping markers inside,
# white space at either end, line breaks YAML 1.1 knows and 1.2 does not, controls,
# escapes, astral characters, and words and numbers YAML would type.
FRAGMENTS = [
    *"#*&!-[]{}@`\"'%|>?:,\\",
    "- ",
    ": ",
    " #",
    " ",
    "\t",
    "\n",
    "\r\n",
    "\r",
    "\x00",
    "\x07",
    "\x1b",
    "\x7f",
    "\x85",
    "\u2028",
    "\u2029",
    "\ufeff",
    "\U0001f600",
    "\U0010fffd",
    "é",
    "1.10",
    "2025-01-01",
    "2025-01-01 10:00",
    "10:30",
    "0o17",
    "0x1F",
    "1e3",
    "1_000",
    ".inf",
    "yes",
    "no",
    "on",
    "Off",
    "~",
    "null",
    "true",
    "---",
    "...",
    "\\n",
    "# sendtrack",
]
TEXT = st.one_of(
    st.text(st.characters(codec="utf-8"), max_size=30),
    st.lists(
        st.one_of(st.sampled_from(FRAGMENTS), st.text(st.characters(codec="utf-8"), max_size=4)),
        min_size=1,
        max_size=8,
    ).map("".join),
)
PROPERTY = settings(
    max_examples=int(os.environ.get("SENDTRACK_PROPERTY_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)


# -- a repository restored after every example -------------------------------------------


class Scratch:
    """The template repository; ``restore`` puts every data file back as it was."""

    def __init__(self, root: Path) -> None:
        self.root = root
        init_repository(root)
        self.files = {p: p.read_bytes() for p in root.rglob("*.yaml")}

    def restore(self) -> None:
        for path in self.root.rglob("*.yaml"):
            if path not in self.files:
                path.unlink()
        for path, raw in self.files.items():
            path.write_bytes(raw)

    def unchanged(self) -> bool:
        now = {p: p.read_bytes() for p in self.root.rglob("*.yaml")}
        return now == self.files

    def read_back(self, file: str, path: tuple[str | int, ...]) -> Any:
        doc, problems = read((self.root / file).read_bytes(), file)
        assert doc is not None, problems
        return doc.value_at(path)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scratch]:
    yield Scratch(tmp_path_factory.mktemp("text") / "repo")


def _refused_by_the_model(problems: list[Any]) -> bool:
    """A refusal is fine when the checks decided it (an id with a space, a control
    character, something that looks like personal data), never the YAML layer."""
    return bool(problems) and all(not p.code.startswith("yaml-") for p in problems)


def _written_or_refused(scratch: Scratch, commit: Callable[[], object]) -> bool:
    """Commit; True if written. A refusal must leave every file as it was."""
    try:
        commit()
    except EditRefused as exc:
        assert _refused_by_the_model(exc.problems), exc.problems
        assert scratch.unchanged()
        event("refused by " + ", ".join(sorted({p.code for p in exc.problems})))
        return False
    event("written")
    return True


def _model_value(scratch: Scratch, pick: Callable[[Any], Any]) -> Any:
    repo, problems = load(scratch.root)
    assert not [p for p in problems if p.severity is Severity.ERROR], problems
    return pick(repo)


# -- properties: notes, reasons, titles and ids ----------------------------------------------


@PROPERTY
@given(note=TEXT)
def test_a_milestone_note_reads_back_as_given(scratch: Scratch, note: str) -> None:
    scratch.restore()
    workspace = open_workspace(scratch.root, TODAY)
    try:
        plan = plan_edits.update(workspace, "1.1.1.2", None, TODAY, note)
    except EditRefused:
        assert not note.strip()  # "give --status, --note or both"
        return
    if _written_or_refused(scratch, plan.commit):
        assert scratch.read_back(PLAN, (*MILESTONE, "updates", 0, "note")) == note
        notes = _model_value(scratch, lambda repo: [u.note for u in repo.milestones()[1].updates])
        assert notes == [note.strip()]


@PROPERTY
@given(reason=TEXT)
def test_a_reprofile_reason_reads_back_as_given(scratch: Scratch, reason: str) -> None:
    scratch.restore()
    workspace = open_workspace(scratch.root, TODAY)
    try:
        plan = plan_edits.reprofile(workspace, "1.1.1.2", date(2025, 9, 30), reason, None, True)
    except EditRefused:
        assert not reason.strip()
        return
    if _written_or_refused(scratch, plan.commit):
        written = scratch.read_back(PLAN, (*MILESTONE, "reprofiles", 1, "reason"))
        assert written == reason.strip()


def _add_risk(scratch: Scratch, **fields: Any) -> tuple[Any, str]:
    repo = check_repository(scratch.root, TODAY).repo
    values: dict[str, Any] = {
        "title": "A title",
        "description": "A description.",
        "owner": "Head of SEND",
        "category": "capacity",
        "likelihood": 3,
        "impact": 4,
        "target_likelihood": 2,
        "target_impact": 2,
        **fields,
    }
    return add_risk(repo, TODAY, **values)


@PROPERTY
@given(title=TEXT)
def test_a_risk_title_reads_back_as_given(scratch: Scratch, title: str) -> None:
    scratch.restore()
    try:
        change, _ = _add_risk(scratch, title=title)
    except BoardError:
        assert not title.strip()
        return
    if _written_or_refused(scratch, change.commit):
        assert scratch.read_back("risks/register.yaml", ("risks", 1, "title")) == title.strip()


@PROPERTY
@given(risk_id=TEXT)
def test_a_risk_id_reads_back_as_given(scratch: Scratch, risk_id: str) -> None:
    scratch.restore()
    try:
        change, _ = _add_risk(scratch, risk_id=risk_id or None)
    except BoardError:
        assert risk_id == "R01"  # already used
        return
    if _written_or_refused(scratch, change.commit):
        written = scratch.read_back("risks/register.yaml", ("risks", 1, "id"))
        assert written == (risk_id or "R02")
        ids = _model_value(scratch, lambda repo: [risk.id for risk in repo.risks])
        assert ids == ["R01", (risk_id or "R02").strip()]


@PROPERTY
@given(note=TEXT, reason=TEXT)
def test_board_notes_and_closing_reasons_read_back(
    scratch: Scratch, note: str, reason: str
) -> None:
    scratch.restore()
    repo = check_repository(scratch.root, TODAY).repo
    try:
        change = update_action(repo, TODAY, "2025-04-10/A1", on=TODAY, note=note)
    except BoardError:
        assert not note.strip()
    else:
        if _written_or_refused(scratch, change.commit):
            written = scratch.read_back("tracker/actions.yaml", ("actions", 0, "updates", 0))
            assert written == {"on": "2025-06-01", "note": note.strip()}
    scratch.restore()
    repo = check_repository(scratch.root, TODAY).repo
    try:
        closing = close_risk(repo, TODAY, "R01", reason=reason, at="2025-04-10")
    except BoardError:
        assert not reason.strip()
        return
    if _written_or_refused(scratch, closing.commit):
        written = scratch.read_back("risks/register.yaml", ("risks", 0, "closed"))
        assert written == {"reason": reason.strip(), "at": "2025-04-10"}


# -- the emitter on its own -------------------------------------------------------------------


@settings(max_examples=1000, deadline=None, database=None)
@given(value=TEXT)
def test_every_scalar_and_block_reads_back_through_our_reader(value: str) -> None:
    scalar, _ = read(f"key: {render_scalar(value)}\n".encode(), "f.yaml")
    assert scalar is not None and scalar.data == {"key": value}
    block = {"id": value, "updates": [{"on": date(2025, 1, 1), "note": value, "tags": []}]}
    lines = render_block({"item": [block]}, 0)
    doc, _ = read(("\n".join(lines) + "\n").encode(), "f.yaml")
    expected = {"id": value, "updates": [{"on": "2025-01-01", "note": value, "tags": []}]}
    assert doc is not None and doc.data == {"item": [expected]}


def test_yaml_1_1_words_are_quoted_and_keys_are_not() -> None:
    # A person's own YAML 1.1 tools would read these as a boolean or a number.
    assert render_scalar("no") == '"no"'
    assert render_scalar("10:30") == '"10:30"'
    assert render_block({"on": "2025"}, 4) == ['    on: "2025"']
    assert render_block([{"on": date(2025, 1, 2), "note": "Plain words"}], 2) == [
        "  - on: 2025-01-02",
        "    note: Plain words",
    ]


def test_a_value_that_would_not_read_back_is_refused_before_anything_is_written(
    scratch: Scratch,
) -> None:
    """A lone surrogate (an undecodable byte in a command's arguments) has no YAML form."""
    scratch.restore()
    editor = Editor(scratch.root)
    with pytest.raises(EditError, match="would not read back"):
        editor.set_value(PLAN, (*MILESTONE, "title"), "bad \udcff byte")
    assert editor.changes() == []
    assert scratch.unchanged()


# -- the real CLI on a real clone ---------------------------------------------------------------


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    """A clone of a repository holding the template, as a reviewer or a lead has it."""
    origin = tmp_path / "origin"
    init_repository(origin)
    upstream = GitRepo.create(origin)
    upstream.commit("template")
    work = tmp_path / "clone"
    upstream.git("clone", "--quiet", str(origin), str(work))
    return work


def _added_lines(root: Path) -> list[str]:
    diff = GitRepo(root).git("diff", "--unified=0")
    return [line[1:] for line in diff.splitlines() if line[:1] == "+" and line[:3] != "+++"]


NOTES = [
    '"C:\\new\\temp"',
    "#1 priority for the board",
    "*urgent*",
    "& partners agreed",
    "!important",
    "- first point",
    "[draft] agreed",
    "@Head of SEND to confirm",
    "`code`",
    '"quoted" at the start',
    "Agreed: yes # with conditions",
    "yes",
    "~",
    "null",
    "1.10",
    "2025-01-01",
    "  spaces either side  ",
    "two\nlines",
    "tab\tinside",
    "emoji \U0001f600 and é",
    "U+2028\u2028inside",
]


@pytest.mark.parametrize("note", NOTES)
def test_cli_note_is_written_as_given(clone: Path, cli: Cli, note: str) -> None:
    result = cli("--repo", str(clone), "update", "1.1.1.2", "--on", "2025-06-01", "--note", note)
    assert result.exit_code == 0, result.output
    assert "note added on 1 Jun 2025" in result.output
    added = _added_lines(clone)
    assert added[:2] == ["            updates:", "              - on: 2025-06-01"]
    assert len(added) == 3 and added[2].startswith("                note: ")
    doc, _ = read((clone / PLAN).read_bytes(), PLAN)
    assert doc is not None
    assert doc.value_at((*MILESTONE, "updates", 0, "note")) == note
    assert cli("--repo", str(clone), "check", "--as-of", "2025-06-01").exit_code == 0


def test_cli_refuses_a_control_character_and_writes_nothing(clone: Path, cli: Cli) -> None:
    """NEL (U+0085) would be written faithfully, but it is a C1 control character: the
    re-check refuses it (control-character) and the file is left as it was."""
    before = (clone / PLAN).read_bytes()
    result = cli(
        "--repo", str(clone), "update", "1.1.1.2", "--on", "2025-06-01", "--note", "a\x85b"
    )
    assert result.exit_code == 1
    assert "control-character" in result.output and "\\x85" in result.output
    assert "nothing written" in result.output
    assert (clone / PLAN).read_bytes() == before


def test_cli_shows_the_windows_path_as_typed(clone: Path, cli: Cli) -> None:
    note = '"C:\\new\\temp"'
    cli("--repo", str(clone), "update", "1.1.1.2", "--on", "2025-06-01", "--note", note)
    assert _added_lines(clone)[2] == '                note: "\\"C:\\\\new\\\\temp\\""'
    shown = cli("--repo", str(clone), "show", "1.1.1.2")
    assert 'Update 1 Jun 2025: "C:\\new\\temp"' in shown.output


def test_cli_titles_and_ids_are_written_as_given(clone: Path, cli: Cli) -> None:
    title = "#1: children missing education & *not* on roll"
    result = cli(
        "--repo", str(clone), "risks", "add", "--id", "R-1.10", "--title", title,
        "--description", "- if not tracked, children are missed", "--owner", "Head of SEND",
        "--category", "safeguarding", "--likelihood", "3", "--impact", "5",
        "--target-likelihood", "2", "--target-impact", "3",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    doc, _ = read((clone / "risks/register.yaml").read_bytes(), "risks/register.yaml")
    assert doc is not None
    risk = doc.value_at(("risks", 1))
    assert (risk["id"], risk["title"]) == ("R-1.10", title)
    assert risk["description"] == "- if not tracked, children are missed"
    listed = cli("--repo", str(clone), "risks", "--format", "json")
    assert title in listed.output


def test_cli_an_undecodable_argument_is_refused_and_nothing_is_written(clone: Path) -> None:
    """Bytes that are not UTF-8 reach Python as lone surrogates: no YAML can hold them."""
    done = subprocess.run(
        [sys.executable, "-m", "sendtrack", "--repo", str(clone), "update", "1.1.1.2",
         "--on", "2025-06-01", "--note", b"caf\xe9 meeting"],
        capture_output=True,
        env={**os.environ, "LC_ALL": "C.UTF-8", "PYTHONUTF8": "1"},
        check=False,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert b"Traceback" not in done.stderr
    assert b"would not read back" in done.stderr
    assert b"nothing written" in done.stderr
    assert GitRepo(clone).git("status", "--porcelain") == ""


def test_a_moved_action_keeps_its_text(clone: Path, cli: Cli) -> None:
    """Archiving moves lines as written; a note with indicators survives the move."""
    note = '"done" - see #4: closed'
    result = cli(
        "--repo", str(clone), "actions", "update", "2025-04-10/A1", "--on", "2025-05-15",
        "--status", "closed", "--note", note,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert cli("--repo", str(clone), "actions", "archive").exit_code == 0
    doc, _ = read((clone / "tracker/archive.yaml").read_bytes(), "tracker/archive.yaml")
    assert doc is not None
    assert doc.value_at(("actions", 0, "updates", 0, "note")) == note
