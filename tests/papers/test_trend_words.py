"""Every trend arrow in the papers has its word beside it, as the terminal does (issue 14 §2).

The board pack printed a bare '→' for a risk's trend 34 times: an arrow alone is lost
to a screen reader and in black and white. An arrow is bare when nothing but a bracket,
a cell's end or a tag follows it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import PROJECT_ROOT

Cli = Callable[..., Any]
BOARD = "2025-11-03"
BARE = re.compile(r"[↑↓→]\s*(?:$|\||<|\(|\)|,)", re.MULTILINE)


def _bare(text: str) -> list[str]:
    return [text[max(0, m.start() - 40) : m.end() + 10] for m in BARE.finditer(text)]


@pytest.mark.parametrize("fmt", ["markdown", "html", "text"])
def test_the_board_pack_has_no_bare_arrow(
    cli: Cli, shipped_copy: Path, tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / f"pack.{fmt}"
    result = cli(
        "--repo", str(shipped_copy), "report", "board-pack", "--as-of", BOARD,
        "--format", fmt, "--output", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert _bare(text) == []
    # The words the terminal's risk register uses.
    assert "→ same" in text


def test_the_highlight_reports_have_no_bare_arrow(cli: Cli) -> None:
    result = cli(
        "--repo", str(PROJECT_ROOT), "report", "highlight", "--as-of", BOARD,
        "--format", "markdown",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert _bare(result.output) == []
