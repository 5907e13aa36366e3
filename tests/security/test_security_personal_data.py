"""Issue 10, item 9: personal data written so that the guard missed it, and false alarms.

The labelled set is ``personal_data_cases.yaml`` beside this file: forms of NHS numbers,
UPNs, dates of birth, personal e-mail and mobile numbers a review planted in a
repository, and ordinary council and NHS texts that must pass. Every case goes into a
file of its own in a real git repository; the real ``sendtrack check`` runs on a clone
(in a subprocess, as CI runs it) and the rates are computed from its JSON output:
at least 95% of the planted forms caught, at most one false alarm in twenty ordinary
texts. The measured numbers are printed (``pytest -s`` shows them).

No real person's data is used: NHS numbers are built here in the unissued 999 range,
UPNs for the non-existent local authority 999, mobiles in Ofcom's drama range.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from sendtrack.review.privacy import ALLOW_MARKER, nhs_number_valid, upn_check_letter, upn_valid
from tests.gitrepo import BOARD, GitRepo

CASES_FILE = Path(__file__).with_name("personal_data_cases.yaml")
CASES = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))

_PLACEHOLDER = re.compile(r"\{(nhs|upn|tupn|mob)(?::([^{}]*))?\}")
_DEFAULT_PICTURES = {
    "nhs": "d" * 10,
    "upn": "L" + "d" * 12,
    "tupn": "L" + "d" * 12,
    "mob": "d" * 11,
}
_TEMPORARY_UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"


def nhs_number(serial: int) -> str:
    """A valid NHS number in the 999 range (never issued): the serial's first with a check digit."""
    while True:
        first_nine = f"999{serial % 1_000_000:06d}"
        total = sum(int(d) * w for d, w in zip(first_nine, range(10, 1, -1), strict=True))
        check = (11 - total % 11) % 11
        if check != 10:
            return first_nine + str(check)
        serial += 1


def upn(serial: int, *, temporary: bool = False) -> str:
    """A UPN of local authority 999 (there is none) with its check letter."""
    body = f"999{serial % 100_000_000:08d}"
    body += _TEMPORARY_UPN_LETTERS[serial % 23] if temporary else str(serial % 10)
    return upn_check_letter(body) + body


def mobile(serial: int) -> str:
    return f"07700900{serial % 1000:03d}"


def write_as(picture: str, value: str) -> str:
    """``value`` written as ``picture`` says, one slot per character (see the data file)."""
    out: list[str] = []
    chars = iter(value)
    for slot in picture:
        if slot not in "dLlfaxu_":
            out.append(slot)
            continue
        char = next(chars, None)
        assert char is not None, f"picture {picture!r} has more slots than {value!r} has characters"
        if slot == "L":
            out.append(char.upper())
        elif slot == "l":
            out.append(char.lower())
        elif slot == "f":  # the full-width form of an ASCII letter or digit
            out.append(chr(ord(char) - 0x21 + 0xFF01))
        elif slot == "a":
            out.append(chr(0x0660 + int(char)))
        elif slot == "x":
            out.append(f"\\x{ord(char):02x}")
        elif slot == "u":
            out.append(f"\\u{ord(char):04x}")
        elif slot == "d":
            out.append(char)
    rest = "".join(chars)
    assert not rest, f"picture {picture!r} leaves {rest!r} of the value unwritten"
    return "".join(out)


def fill(template: str, serial: int) -> str:
    """The case's YAML with every placeholder replaced by a fresh synthetic value."""
    counter = iter(range(serial * 8, serial * 8 + 8))

    def replace(match: re.Match[str]) -> str:
        kind, picture = match.group(1), match.group(2)
        number = next(counter)
        value = {
            "nhs": lambda: nhs_number(number),
            "upn": lambda: upn(number),
            "tupn": lambda: upn(number, temporary=True),
            "mob": lambda: mobile(number),
        }[kind]()
        return write_as(picture if picture is not None else _DEFAULT_PICTURES[kind], value)

    return _PLACEHOLDER.sub(replace, template)


RISK_HEAD = """\
risks:
  - id: "C{serial:03d}"
    title: Synthetic case {serial}
    description: A case of the personal-data guard's labelled set.
    owner: Head of SEND
    category: capacity
    likelihood: 3
    impact: 3
    target:
      likelihood: 2
      impact: 2
"""
SNIPPET_FIRST_LINE = RISK_HEAD.count("\n") + 1


@dataclass(frozen=True)
class Case:
    id: str
    planted: bool
    file: str
    lines: range
    """The lines of the file the snippet occupies."""


def case_files() -> Iterator[tuple[Case, str]]:
    serial = 0
    for label in ("planted", "ordinary"):
        for entry in CASES[label]:
            serial += 1
            snippet = fill(entry["yaml"], serial)
            body = "".join(f"    {line}\n" if line else "\n" for line in snippet.splitlines())
            text = RISK_HEAD.format(serial=serial) + body
            lines = range(SNIPPET_FIRST_LINE, text.count("\n") + 1)
            yield Case(entry["id"], label == "planted", f"risks/{entry['id']}.yaml", lines), text


@dataclass
class Measured:
    cases: list[Case]
    findings: dict[str, list[dict[str, object]]]
    """Each case file's personal-data problems, as `check --format json` reported them."""

    def caught(self, case: Case) -> bool:
        return bool(self.findings.get(case.file))

    def rate(self, planted: bool) -> tuple[int, int]:
        chosen = [case for case in self.cases if case.planted is planted]
        return sum(self.caught(case) for case in chosen), len(chosen)


def sendtrack(*args: str) -> subprocess.CompletedProcess[str]:
    """The installed CLI in a subprocess, as CI runs it."""
    return subprocess.run(
        [sys.executable, "-m", "sendtrack", *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "COLUMNS": "200", "NO_COLOR": "1"},
    )


@pytest.fixture(scope="module")
def measured(tmp_path_factory: pytest.TempPathFactory) -> Measured:
    origin = GitRepo.create(tmp_path_factory.mktemp("origin"), BOARD)
    cases = []
    for case, text in case_files():
        path = origin.root / case.file
        path.write_text(text, encoding="utf-8")
        cases.append(case)
    origin.commit("a pull request's branch carrying the labelled cases")
    clone = tmp_path_factory.mktemp("clone") / "repo"
    origin.git("clone", "--quiet", str(origin.root), str(clone))
    result = sendtrack("--repo", str(clone), "check", "--format", "json", "--as-of", "2025-12-06")
    assert result.returncode in (0, 1), result.stderr
    problems = json.loads(result.stdout)["problems"]
    findings: dict[str, list[dict[str, object]]] = {}
    for problem in problems:
        if problem["code"] == "personal-data":
            findings.setdefault(problem["file"], []).append(problem)
    return Measured(cases, findings)


def test_the_set_is_large_varied_and_synthetic() -> None:
    planted = CASES["planted"]
    assert len(planted) >= 80 and len(CASES["ordinary"]) >= 20
    kinds = {entry["id"].split("-")[0] for entry in planted}
    assert kinds == {"nhs", "upn", "dob", "email", "mobile", "marker"}
    # The generated numbers pass their own checks, so a miss is the guard's, not the set's.
    assert all(nhs_number_valid(nhs_number(n)) for n in range(500))
    assert all(upn_valid(upn(n)) and upn_valid(upn(n, temporary=True)) for n in range(500))
    # No identifier is written in the data file itself: they are all built above.
    text = CASES_FILE.read_text(encoding="utf-8")
    assert not [n for n in re.findall(r"(?<!\d)\d{10}(?!\d)", text) if nhs_number_valid(n)]
    assert not [u for u in re.findall(r"\b[A-Z]\d{11}[0-9A-Z]\b", text) if upn_valid(u)]


def test_at_least_95_percent_of_planted_forms_are_caught(measured: Measured) -> None:
    caught, total = measured.rate(planted=True)
    missed = [case.id for case in measured.cases if case.planted and not measured.caught(case)]
    print(f"\npersonal-data guard: caught {caught} of {total} planted forms ({caught / total:.1%})")
    if missed:
        print("missed: " + ", ".join(missed))
    assert caught / total >= 0.95, missed


def test_at_most_one_false_alarm_in_twenty_ordinary_texts(measured: Measured) -> None:
    alarms, total = measured.rate(planted=False)
    flagged = [case.id for case in measured.cases if not case.planted and measured.caught(case)]
    print(f"\npersonal-data guard: {alarms} false alarms on {total} ordinary texts")
    if flagged:
        print("false alarms: " + ", ".join(flagged))
    assert alarms / total <= 1 / 20, flagged


def test_findings_are_on_the_planted_lines_and_masked(measured: Measured) -> None:
    for case in measured.cases:
        for problem in measured.findings.get(case.file, []):
            assert problem["line"] in case.lines, (case.id, problem)
            assert problem["severity"] == "error"
            message = str(problem["message"])
            assert message.startswith("possible ") and "personal data about a child" in message
            # Masking keeps two characters: no run of five digits or letters survives.
            shown = message.split("(", 1)[1].rsplit(")", 1)[0]
            assert not re.search(r"[^\W_*]{5}", shown.replace(" ", "")), (case.id, message)


@pytest.mark.parametrize(
    "case_id",
    [entry["id"] for entry in CASES["planted"] if entry["id"].startswith("marker-")],
)
def test_the_allow_marker_inside_a_value_silences_nothing(measured: Measured, case_id: str) -> None:
    case = next(case for case in measured.cases if case.id == case_id)
    assert measured.caught(case), f"{case_id}: the marker inside a value silenced the guard"


def test_the_allow_marker_as_a_real_comment_silences_its_line_only(tmp_path: Path) -> None:
    number = nhs_number(4242)
    risks = BOARD["risks/register.yaml"].replace(
        "    status: open\n  - id: R02",
        f"    note: Escalated via the SEND team  {ALLOW_MARKER}\n"
        f"    # {number[:3]} {number[3:6]} {number[6:]}  {ALLOW_MARKER}\n"
        f"    appetite: {mobile(7)}\n"
        "    status: open\n  - id: R02",
    )
    origin = GitRepo.create(tmp_path / "origin", {**BOARD, "risks/register.yaml": risks})
    origin.commit("one silenced line and one not")
    clone = tmp_path / "clone"
    origin.git("clone", "--quiet", str(origin.root), str(clone))
    result = sendtrack("--repo", str(clone), "check", "--format", "json", "--as-of", "2025-12-06")
    found = [p for p in json.loads(result.stdout)["problems"] if p["code"] == "personal-data"]
    line = risks.splitlines().index(f"    appetite: {mobile(7)}") + 1
    assert [(p["file"], p["line"], p["message"]) for p in found] == [
        (
            "risks/register.yaml",
            line,
            "possible phone number (07*********): personal data about a child must "
            "never be committed",
        )
    ]
    assert result.returncode == 1


WRITES_WITH_FREE_TEXT = [
    ("update", "1.4.2.2", "--status", "in_progress", "--note", "{text}"),
    ("reprofile", "1.4.2.3", "--to", "2026-06", "--agreed-at", "2025-11-03", "--reason", "{text}"),
    ("withdraw", "1.4.2.4", "--agreed-at", "2025-11-03", "--reason", "{text}"),
    ("actions", "add", "{text}", "--meeting", "2025-11-03", "--owner", "Head of SEND"),
    ("actions", "add", "Circulate the paper", "--meeting", "2025-11-03", "--owner", "{text}"),
    ("actions", "update", "2025-11-03/A1", "--note", "{text}"),
    ("risks", "rescore", "R01", "-l", "3", "-i", "3", "--note", "{text}"),
    ("risks", "close", "R02", "--at", "2025-11-03", "--reason", "{text}"),
    *[
        (
            "risks", "add", "--title", "T", "--description", "D", "--owner", "O",
            "--category", "capacity", "-l", "3", "-i", "3", "--target-likelihood", "2",
            "--target-impact", "2", option, "{text}",
        )
        for option in ("--title", "--description", "--owner", "--category", "--appetite",
                       "--mitigation")
    ],
    ("meeting", "new", "2026-01-15", "--location", "{text}"),
    ("meeting", "new", "2026-01-15", "--board", "{text}"),
]  # fmt: skip


@pytest.mark.parametrize("command", WRITES_WITH_FREE_TEXT, ids=lambda c: " ".join(c[:3]))
def test_write_commands_refuse_text_carrying_the_allow_marker(
    tmp_path: Path, command: tuple[str, ...], cli: Callable[..., Any]
) -> None:
    origin = GitRepo.create(tmp_path / "origin", BOARD)
    origin.commit("the board")
    clone = tmp_path / "clone"
    origin.git("clone", "--quiet", str(origin.root), str(clone))
    work = GitRepo(clone)
    text = f"Called the parent {ALLOW_MARKER}"
    args = [arg.replace("{text}", text) for arg in command]
    result = sendtrack("--repo", str(clone), *args)
    assert result.returncode != 0, result.stdout
    assert "sendtrack: allow personal-data" in result.stderr
    assert "silence" in result.stderr
    assert work.git("status", "--porcelain", "--untracked-files=all") == ""
    # The same command without the marker is accepted (in-process, to spare a second
    # start-up): the refusal is the marker's.
    plain = [arg.replace("{text}", "Called the parent") for arg in command]
    accepted = cli("--repo", str(clone), *plain)
    assert accepted.exit_code == 0, accepted.output
    assert work.git("status", "--porcelain") != ""
