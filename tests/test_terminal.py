"""The terminal (issue 14, section 1): output that fits, colour that never stands alone,
global options anywhere, help that says what each option takes.

Widths are measured in terminal cells with rich's own measure (a symbol or an accent is
one cell, a CJK character two), on the shipped data through the real CLI. Colour is
tested on a real pseudo-terminal, as a person would run it.
"""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len

from sendtrack.cli.app import SUMMARIES, app
from sendtrack.render.console import Terminal, cell_width, detect
from tests.conftest import PROJECT_ROOT, MakeRepo
from tests.measures.test_measure_import import SEN2, TIMELINESS

Cli = Callable[..., Any]
BOARD = ("--as-of", "2025-11-03")

LISTED = [
    ("status", *BOARD),
    ("status", "--verbose", *BOARD),
    ("milestones", *BOARD),
    ("show", "1.6.5.1", *BOARD),
    ("show", "2", *BOARD),
    ("risks", *BOARD),
    ("risks", "--all", *BOARD),
    ("risks", "heatmap", *BOARD),
    ("actions", *BOARD),
    ("meeting", "show", "2025-11-03"),
    ("forward-plan", *BOARD),
    ("report", "highlight", "--format", "text", *BOARD),
    ("report", "board-pack", "--format", "text", "--meeting", "2025-11-03"),
]
"""Every command issue 14 measured too wide at 80 columns, and their neighbours."""


@pytest.mark.parametrize("args", LISTED, ids=" ".join)
@pytest.mark.parametrize("width", [80, 100])
def test_every_line_fits_the_width(
    cli: Cli, shipped_copy: Path, args: tuple[str, ...], width: int
) -> None:
    result = cli("--repo", str(shipped_copy), "--width", str(width), *args)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) > 5
    too_wide = [line for line in lines if cell_len(line) > width]
    assert too_wide == [], f"{len(too_wide)} lines wider than {width}: {too_wide[0]!r}"
    assert "\x1b[" not in result.stdout  # not a terminal: no escape codes


def test_a_pipe_gets_80_columns_and_columns_is_honoured(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    piped = cli("--repo", str(PROJECT_ROOT), "milestones", *BOARD).stdout
    assert max(cell_len(line) for line in piped.splitlines()) == 80
    monkeypatch.setenv("COLUMNS", "120")
    wide = cli("--repo", str(PROJECT_ROOT), "milestones", *BOARD).stdout
    assert max(cell_len(line) for line in wide.splitlines()) > 100
    # --width wins over COLUMNS.
    fixed = cli("--repo", str(PROJECT_ROOT), "--width", "80", "milestones", *BOARD).stdout
    assert fixed == piped


def test_wide_characters_are_measured_in_cells(cli: Cli, shipped_copy: Path) -> None:
    register = shipped_copy / "risks" / "register.yaml"
    text = register.read_text(encoding="utf-8")
    register.write_text(
        text.replace(
            "title: Insufficient Designated Clinical Officer (DCO) capacity",
            "title: 指定臨床担当者の能力が不足している、とても長い題名",
            1,
        ),
        encoding="utf-8",
    )
    result = cli("--repo", str(shipped_copy), "--width", "80", "risks", *BOARD)
    assert result.exit_code == 0, result.output
    assert "指定臨床" in result.stdout
    assert max(cell_len(line) for line in result.stdout.splitlines()) <= 80
    assert cell_width("指定") == 4 and cell_width("\x1b[31m✖\x1b[0m") == 1


def test_status_headline_first_and_exceptions_one_line_each(cli: Cli) -> None:
    out = cli("--repo", str(PROJECT_ROOT), "--width", "80", "status", *BOARD).stdout
    lines = out.splitlines()
    assert lines[5] == "79 (83%) of 95 milestones in progress or completed; 50 (53%) completed"
    start = lines.index("Exceptions, red first then amber (10)")
    block = lines[start + 1 : start + 16]
    assert block[0] == "  EHCPs / Annual Reviews (also: EHCP Processes) (3)"
    assert re.fullmatch(
        r"    ✖ Red \(off track\)  2\.1\.4\.1  Progress tracking.*…  30 Sep 2025 "
        r"+slip 0 days",
        block[1],
    )
    assert "  Leadership, partnership and Joint Commissioning (4)" in block
    assert (
        block[-1] == "  Original dates, times re-profiled and reasons: sendtrack status --verbose"
    )
    verbose = cli("--repo", str(PROJECT_ROOT), "--width", "80", "status", "-v", *BOARD).stdout
    assert "original 30 Jun 2025 · current 31 Jan 2026 · slip 215 days · re-profiled 2" in verbose
    assert "sendtrack status --verbose" not in verbose


# -- colour --------------------------------------------------------------------------------


def _in_terminal(args: list[str], env: dict[str, str], *, stderr_too: bool = False) -> str:
    """The real CLI with stdout (and, with ``stderr_too``, stderr) on a pseudo-terminal."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "sendtrack", *args],
        stdout=follower,
        stderr=follower if stderr_too else subprocess.PIPE,
        env=env,
    )
    os.close(follower)
    chunks: list[bytes] = []
    while True:
        ready, _, _ = select.select([leader], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closes when the process ends
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert process.wait() == 0
    return b"".join(chunks).decode("utf-8")


@pytest.fixture
def terminal_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLUMNS")}
    env.update(TERM="xterm-256color", COLUMNS="80", SENDTRACK_CACHE_DIR=str(tmp_path / "cache"))
    return env


COLOURED = re.compile(r"\x1b\[[0-9;]*m([^\x1b]+)\x1b\[0m")


@pytest.mark.parametrize(
    "args",
    [["status", *BOARD], ["milestones", *BOARD], ["report", "highlight", "-w", "ehcp", *BOARD]],
    ids=" ".join,
)
def test_colour_always_has_its_symbol_and_word(
    args: list[str], terminal_env: dict[str, str]
) -> None:
    out = _in_terminal(["--repo", str(PROJECT_ROOT), *args], terminal_env)
    painted = [text for text in COLOURED.findall(out) if text.strip()]
    badges = [t for t in painted if re.search(r"Red|Amber|Green", t)]
    assert badges, "expected coloured badges on a terminal"
    for text in badges:
        assert re.match(r"[✖▲●◆★○] (Red|Amber|Green|Yellow|Blue|Grey)\b", text.strip()), text
    # The same words without colour: NO_COLOR honoured, nothing else changes.
    plain = _in_terminal(["--repo", str(PROJECT_ROOT), *args], {**terminal_env, "NO_COLOR": "1"})
    assert "\x1b[" not in plain
    assert plain.replace("\r\n", "\n") == re.sub(r"\x1b\[[0-9;]*m", "", out).replace("\r\n", "\n")


def test_papers_on_a_terminal_are_text_and_markdown_elsewhere(
    cli: Cli, terminal_env: dict[str, str]
) -> None:
    args = ["--repo", str(PROJECT_ROOT), "report", "board-pack", "--meeting", "2025-11-03"]
    shown = _in_terminal(args, {**terminal_env, "NO_COLOR": "1"}).replace("\r\n", "\n")
    assert shown.startswith("SEND Partnership Improvement Board: board pack, 3 Nov 2025\n####")
    assert "data:image" not in shown and "<svg" not in shown
    assert max(cell_len(line) for line in shown.splitlines()) <= 80
    piped = cli(*args).stdout
    assert piped.startswith("# SEND Partnership Improvement Board: board pack, 3 Nov 2025\n")
    assert "*Chart left out here: All milestones: due and completed over time" in piped


def test_progress_on_a_terminal_and_nothing_on_a_pipe(
    cli: Cli, terminal_env: dict[str, str], tmp_path: Path
) -> None:
    args = [
        "--repo",
        str(PROJECT_ROOT),
        "report",
        "board-pack",
        "--meeting",
        "2025-11-03",
        "--format",
        "html",
    ]
    out = _in_terminal([*args, "-o", str(tmp_path / "a.html")], terminal_env, stderr_too=True)
    assert "Drawing charts" in out and "19/19" in out  # 7 measures, 12 other charts
    piped = subprocess.run(
        [sys.executable, "-m", "sendtrack", *args, "-o", str(tmp_path / "b.html")],
        capture_output=True,
        text=True,
        env=terminal_env,
        check=True,
    )
    assert piped.stderr == ""
    assert (tmp_path / "a.html").read_bytes() == (tmp_path / "b.html").read_bytes()


def test_measures_import_shows_progress_on_a_terminal_only(
    make_repo: MakeRepo, terminal_env: dict[str, str]
) -> None:
    root = make_repo({"measures/ehcp.yaml": TIMELINESS})
    args = ["--repo", str(root), "measures", "import", "--dry-run", str(SEN2)]
    out = _in_terminal(args, terminal_env, stderr_too=True)
    assert "Importing" in out and "3/3" in out
    # What the import says comes after the bar, whole, on the terminal.
    assert "dry run: import of sen2_mi.csv for M01: 36 new figures; 0 unchanged" in out
    piped = subprocess.run(
        [sys.executable, "-m", "sendtrack", *args],
        capture_output=True,
        text=True,
        env=terminal_env,
        check=True,
    )
    assert piped.stderr == ""
    assert "Importing" not in piped.stdout
    assert "dry run: import of sen2_mi.csv for M01: 36 new figures" in piped.stdout


def test_detect_reads_width_and_colour_from_its_stream(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    leader, follower = pty.openpty()
    with open(follower, "w") as tty:
        monkeypatch.delenv("NO_COLOR", raising=False)
        monkeypatch.setenv("TERM", "xterm")
        assert detect(stream=tty).colour and detect(stream=tty).interactive
        monkeypatch.setenv("NO_COLOR", "1")
        assert not detect(stream=tty).colour and detect(stream=tty).interactive
        assert detect(100, stream=tty).width == 100
    os.close(leader)
    assert detect(stream=open(os.devnull, "w")) == Terminal(80, False, False)  # noqa: SIM115


# -- global options, help, values ----------------------------------------------------------


def test_global_options_work_after_the_command(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # not a repository: only --repo can find it
    before = cli("--repo", str(PROJECT_ROOT), "--no-cache", "--width", "90", "status", *BOARD)
    after = cli("status", *BOARD, "--repo", str(PROJECT_ROOT), "--no-cache", "--width", "90")
    assert after.exit_code == 0, after.output
    assert after.stdout == before.stdout
    assert max(cell_len(line) for line in after.stdout.splitlines()) == 90
    for args in (
        ["risks", "heatmap", *BOARD],
        ["risks", *BOARD],
        ["meeting", "show", "2025-11-03"],
        ["report", "highlight", "-w", "ehcp", "--format", "text", *BOARD],
    ):
        result = cli(*args, "--repo", str(PROJECT_ROOT), "--debug")
        assert result.exit_code == 0, (args, result.output)
    nowhere = cli("status", *BOARD)
    assert nowhere.exit_code == 2 and "sendtrack" in nowhere.stderr


def test_no_cache_after_the_command_reads_afresh(cli: Cli, shipped_copy: Path) -> None:
    from sendtrack.store.outputs import OutputCache

    cli("status", *BOARD, "--repo", str(shipped_copy), "--no-cache")
    assert not Path(OutputCache(shipped_copy).path).exists()
    cli("status", *BOARD, "--repo", str(shipped_copy))
    assert Path(OutputCache(shipped_copy).path).exists()


def _commands() -> list[tuple[str, Any]]:
    from typer.main import get_command

    found: list[tuple[str, Any]] = []
    pending: list[tuple[str, Any]] = list(get_command(app).commands.items())  # type: ignore[attr-defined]
    while pending:
        path, command = pending.pop()
        found.append((path, command))
        pending.extend((f"{path} {n}", c) for n, c in getattr(command, "commands", {}).items())
    return sorted(found, key=lambda pair: pair[0])


def test_every_command_has_a_whole_sentence_summary(cli: Cli) -> None:
    paths = [path for path, _ in _commands()]
    assert sorted(SUMMARIES) == paths
    for summary in SUMMARIES.values():
        assert summary.endswith(".") and len(summary) <= 55, summary
    listing = cli("--help").stdout
    assert "..." not in listing.split("Commands:")[1]
    for group in ("actions", "risks", "meeting", "report"):
        assert "..." not in cli(group, "--help").stdout.split("Commands:")[1]


@pytest.mark.parametrize("path", [path for path, _ in _commands()])
def test_help_says_what_each_option_takes(cli: Cli, path: str) -> None:
    text = cli(*path.split(), "--help").stdout
    assert "<str>" not in text and "<int" not in text and "<path>" not in text
    assert "list[" not in text
    assert "--repo PATH" in text and "--width COLUMNS" in text


def test_help_names_dates_meetings_and_ids(cli: Cli) -> None:
    assert "--as-of DATE" in cli("status", "--help").stdout
    add = cli("actions", "add", "--help").stdout
    assert "--meeting MEETING" in add and "--due DATE" in add and "--link ID" in add
    assert "--agreed-at MEETING" in cli("reprofile", "--help").stdout
    assert "--since MEETING|DATE" in cli("report", "highlight", "--help").stdout


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["status", "--as-of", "2025-13-45"], "--as-of"),
        (["actions", "--as-of", "tomorrow"], "--as-of"),
        (["milestones", "--due-before", "soon"], "--due-before"),
        (
            ["risks", "rescore", "R01", "-l", "3", "-i", "3", "--note", "x", "--on", "2025-02-30"],
            "--on",
        ),
        (["meeting", "new", "2026-02-30"], "DATE"),
    ],
)
def test_a_bad_date_names_its_option(cli: Cli, args: list[str], option: str) -> None:
    result = cli("--repo", str(PROJECT_ROOT), *args)
    assert result.exit_code == 2
    assert f"Invalid value for {option}: " in result.stderr


def test_status_words_as_printed_or_stored(cli: Cli, shipped_copy: Path) -> None:
    root = ("--repo", str(shipped_copy))
    for word in ("in progress", "In Progress", "in-progress", "in_progress"):
        dry = cli(*root, "update", "3.3.1.1", "--status", word, "--note", "x", "--dry-run")
        assert dry.exit_code == 0, dry.output
    done = cli(*root, "update", "3.3.1.1", "--status", "completed", "--dry-run")
    assert done.exit_code == 2
    assert "'completed' is not a choice; did you mean 'complete'?" in done.stderr
    spaced = cli(*root, "milestones", *BOARD, "--health", "off track", "--format", "json")
    health = cli(*root, "milestones", *BOARD, "--health", "off_track", "--format", "json")
    assert spaced.stdout == health.stdout and '"2.1.4.1"' in spaced.stdout
    action = cli(
        *root,
        "actions",
        "update",
        "2025-11-03/A1",
        "--status",
        "In progress",
        "--note",
        "Met.",
        "--dry-run",
    )
    assert action.exit_code == 0, action.output
    assert "+        status: in_progress\n" in action.stdout
