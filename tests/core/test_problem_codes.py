"""The catalogue of problem codes is complete, documented, and every code is tested."""

from __future__ import annotations

import os
import re

from sendtrack.core.problems import CATALOGUE, render_catalogue
from tests.conftest import PROJECT_ROOT

SOURCE = PROJECT_ROOT / "src" / "sendtrack"
DOC = PROJECT_ROOT / "docs" / "problems.md"

# A code is a kebab-case string given as the first argument of Problem(...), the third of
# problem_at(...), or an argument of @check(...).
_EMITTED = re.compile(
    r"""(?:Problem\(\s*|problem_at\(\s*[^,]+,\s*[^,]+,\s*|@check\((?:\s*"[a-z-]+",)*\s*)"([a-z0-9]+(?:-[a-z0-9]+)+)\"""",
)


def emitted_codes() -> set[str]:
    codes: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        codes.update(_EMITTED.findall(path.read_text(encoding="utf-8")))
    return codes


def test_every_emitted_code_is_catalogued() -> None:
    missing = emitted_codes() - set(CATALOGUE)
    assert not missing, f"add these codes to sendtrack.core.problems.CATALOGUE: {sorted(missing)}"


def test_catalogue_has_no_stale_codes() -> None:
    stale = set(CATALOGUE) - emitted_codes()
    assert not stale, f"no code emits these catalogued codes: {sorted(stale)}"


def test_docs_list_every_code() -> None:
    expected = render_catalogue()
    if os.environ.get("SENDTRACK_UPDATE_GOLDEN"):
        DOC.write_text(expected, encoding="utf-8")
    assert DOC.read_text(encoding="utf-8") == expected


def test_every_code_has_a_test() -> None:
    tests = "".join(
        path.read_text(encoding="utf-8")
        for path in (PROJECT_ROOT / "tests").rglob("test_*.py")
        if path.name != "test_problem_codes.py"
    )
    untested = [code for code in CATALOGUE if f'"{code}"' not in tests]
    assert not untested, f"write a test asserting these codes: {untested}"
