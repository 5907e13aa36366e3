"""Issue 10, item 9b: a character YAML forbids is reported where it is, not at 1:1.

libyaml reports a NUL or other control character with a byte offset and no line, so
every such file was reported at ``1:1`` (43 of 400 fuzzed files). A byte that is not
UTF-8 was located by bytes, and after a BOM named the wrong byte. Each case here plants
the character in a committed file of a real clone and runs the real ``check``.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sendtrack.store.scaffold import init_repository
from sendtrack.store.yamlio import read
from tests.conftest import PROJECT_ROOT
from tests.gitrepo import GitRepo

Cli = Callable[..., Any]
PLAN = "plan/priority-1.yaml"


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    origin = tmp_path / "origin"
    init_repository(origin)
    GitRepo.create(origin).commit("template")
    work = tmp_path / "clone"
    GitRepo(origin).git("clone", "--quiet", str(origin), str(work))
    return work


def plant(root: Path, line: int, column: int, planted: bytes, *, bom: bool = False) -> None:
    """Insert ``planted`` before the character at 1-based ``line``:``column``."""
    path = root / PLAN
    lines = path.read_text(encoding="utf-8").split("\n")
    text = lines[line - 1]
    encoded = [item.encode() for item in lines]
    encoded[line - 1] = text[: column - 1].encode() + planted + text[column - 1 :].encode()
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + b"\n".join(encoded))


def located(cli: Cli, root: Path) -> list[tuple[str, int, int, str]]:
    result = cli("--repo", str(root), "check", "--format", "json")
    assert result.exit_code == 1, result.output
    problems = [p for p in json.loads(result.output)["problems"] if p["file"] == PLAN]
    return [(p["code"], p["line"], p["column"], p["message"]) for p in problems]


@pytest.mark.parametrize(
    ("line", "column", "planted", "name"),
    [
        (1, 1, b"\x00", "U+0000"),  # the very first character
        (3, 1, b"\x00", "U+0000"),  # at the start of a line
        (5, 8, b"\x00", "U+0000"),  # inside a plain value
        (26, 22, b"\x1b", "U+001B"),  # ESC inside a milestone's title
        (1, 40, b"\x07", "U+0007"),  # BEL inside a comment
        (36, 13, b"\x7f", "U+007F"),  # DEL inside an indented key
        (10, 5, "\u0090".encode(), "U+0090"),  # a C1 control
        (12, 9, "\ufffe".encode(), "U+FFFE"),  # a non-character
    ],
)
def test_a_forbidden_character_is_located(
    clone: Path, cli: Cli, line: int, column: int, planted: bytes, name: str
) -> None:
    plant(clone, line, column, planted)
    [(code, at_line, at_column, message)] = located(cli, clone)
    assert (code, at_line, at_column) == ("yaml-syntax", line, column)
    assert f"character {name}" in message
    text = cli("--repo", str(clone), "check").output
    assert f"{PLAN}:{line}:{column}: yaml-syntax" in text
    assert "hint: delete it" in text


def test_columns_count_characters_not_bytes(clone: Path, cli: Cli) -> None:
    path = clone / PLAN
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "title: Independent chair appointed", "title: Présidente 👩‍⚖️ appointed"
        ),
        encoding="utf-8",
    )
    # Before 'appointed': 35 characters (the emoji is four code points), 47 bytes.
    plant(clone, 27, 36, b"\x00")
    assert located(cli, clone)[0][:3] == ("yaml-syntax", 27, 36)


def test_after_a_bom_and_with_crlf_line_ends(clone: Path, cli: Cli) -> None:
    path = clone / PLAN
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    plant(clone, 4, 7, b"\x00", bom=True)
    assert located(cli, clone)[0][:3] == ("yaml-syntax", 4, 7)


@pytest.mark.parametrize("bom", [False, True])
def test_a_byte_that_is_not_utf8_is_located_by_character(clone: Path, cli: Cli, bom: bool) -> None:
    path = clone / PLAN
    path.write_text(
        path.read_text(encoding="utf-8").replace("title: Terms", "title: Café Terms"),
        encoding="utf-8",
    )
    plant(clone, 31, 24, b"\xe9", bom=bom)  # after 'Café' (é is two bytes in UTF-8)
    [(code, line, column, message)] = located(cli, clone)
    assert (code, line, column) == ("yaml-encoding", 31, 24)
    assert message == "not UTF-8: byte 0xe9 cannot be decoded"


def test_no_fuzzed_file_is_reported_at_1_1() -> None:
    """The issue's measurement: 400 shipped files with a NUL, a control character or
    random bytes planted at a random place; each problem lies where the planting did."""
    files = sorted((PROJECT_ROOT / "plan").glob("*.yaml"))
    files += sorted((PROJECT_ROOT / "meetings").glob("*.yaml"))
    chance = random.Random(10)
    mislocated = []
    for _ in range(400):
        path = chance.choice(files)
        raw = path.read_bytes()
        at = chance.randrange(len(raw))
        while at and (raw[at] & 0xC0) == 0x80:  # plant between characters, not inside one
            at -= 1
        planted = chance.choice([b"\x00", bytes([chance.choice([1, 7, 8, 11, 12, 27, 127])])])
        changed = raw[:at] + planted + raw[at:]
        _, problems = read(changed, path.name)
        before = changed[:at].decode("utf-8")
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        if not problems or (problems[0].line, problems[0].column) != (line, column):
            mislocated.append((path.name, line, column, problems[:1]))
    assert mislocated == []
