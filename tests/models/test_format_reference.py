"""docs/format.md documents every field of every file kind, straight from the models."""

from __future__ import annotations

import os

from sendtrack.models.reference import render_reference
from tests.conftest import PROJECT_ROOT

DOC = PROJECT_ROOT / "docs" / "format.md"


def test_reference_is_current() -> None:
    expected = render_reference()
    if os.environ.get("SENDTRACK_UPDATE_GOLDEN"):
        DOC.write_text(expected, encoding="utf-8")
    assert DOC.read_text(encoding="utf-8") == expected


def test_reference_names_every_milestone_field() -> None:
    text = render_reference()
    for field in ("`due`", "`reprofiles`", "`agreed_at`", "`proposed`", "`withdrawn`"):
        assert field in text
