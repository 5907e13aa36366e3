"""The HTML papers in a real browser: Debian's Chromium driven by playwright-core.

``tests/browser/audit.js`` opens a paper, takes a full-page screenshot, reports what
rendered (title, headings, tables, charts), runs axe-core (every rule: WCAG 2.0–2.2 A
and AA, and best practice) and prints it as A4. Requests leaving the file are refused
and reported, so a paper that is not self-contained fails here.

Needs: ``apt-get install -y chromium`` and ``npm ci`` in tests/browser (see .ci/run).
"""

from __future__ import annotations

import itertools
import json
import os
import re
import struct
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import PROJECT_ROOT, MakeRepo
from tests.external import require
from tests.papers_scenario import AS_OF, MEASURES, scenario

pytestmark = [pytest.mark.browser, pytest.mark.slow]

BROWSER_DIR = PROJECT_ROOT / "tests" / "browser"
A4_POINTS = (595, 842)
Cli = Callable[..., Any]
HOSTILE_MEASURE = '<img src=x onerror=alert(1)> "plans" & <b>on time</b>'


@pytest.fixture(scope="module")
def node() -> str:
    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    require(chromium, "apt-get install -y chromium")
    found = require("node", "apt-get install -y nodejs npm")
    for package in ("playwright-core", "axe-core"):
        require(str(BROWSER_DIR / "node_modules" / package), "npm ci in tests/browser")
    return found


def audit(node: str, page: Path, tmp_path: Path) -> tuple[dict[str, Any], Path, Path]:
    shot = tmp_path / f"{page.stem}.png"
    pdf = tmp_path / f"{page.stem}.pdf"
    done = subprocess.run(
        [node, "audit.js", str(page), str(shot), str(pdf)],
        cwd=BROWSER_DIR,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout), shot, pdf


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def pdf_pages(path: Path) -> list[tuple[int, int]]:
    """Each page's size in points, read from the PDF's MediaBox entries."""
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", path.read_bytes())
    return [(round(float(w)), round(float(h))) for w, h in boxes]


def assert_headings_in_order(headings: list[list[Any]]) -> None:
    levels = [level for level, _ in headings]
    assert levels[0] == 1 and levels.count(1) == 1
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, f"heading level jumps from h{before} to h{after}"


def test_board_pack_in_chromium(node: str, cli: Cli, shipped_copy: Path, tmp_path: Path) -> None:
    page = tmp_path / "board-pack.html"
    result = cli(
        "--repo",
        str(shipped_copy),
        "report",
        "board-pack",
        "--meeting",
        "2025-11-03",
        "-f",
        "html",
        "-o",
        str(page),
    )
    assert result.exit_code == 0, result.output
    report, shot, pdf = audit(node, page, tmp_path)
    rendered = report["rendered"]

    assert rendered["title"] == "SEND Partnership Improvement Board: board pack, 3 Nov 2025"
    assert rendered["lang"] == "en-GB"
    assert rendered["h1"] == [rendered["title"]]
    assert_headings_in_order(rendered["headings"])
    assert [text for level, text in rendered["headings"] if level == 2] == [
        "Impact measures",
        "Overall status",
        "What changed since the last board",
        "Workstream highlight reports",
        "Re-profile register",
        "Action log",
        "Risk register",
        "Forward plan",
        "Key",
    ]
    html = page.read_text(encoding="utf-8")
    tables = rendered["tables"]
    assert len(tables) == html.count("<table>") > 30
    assert all(t["caption"] and t["rows"] > 0 and t["width"] > 200 for t in tables)
    charts = rendered["charts"]
    assert len(charts) == 19
    # The pack opens with a small chart per impact measure, then the milestone charts.
    measures, milestones = charts[:7], charts[7:]
    assert [c["label"][:4] for c in measures] == [f"M0{n} " for n in range(1, 8)]
    assert all(c["width"] >= 600 and 250 <= c["height"] < 400 for c in measures)
    assert all(c["texts"] >= 10 for c in measures)
    assert all(c["width"] >= 600 and c["height"] >= 300 and c["texts"] >= 15 for c in milestones)
    # Each measure's chart is captioned with its figures in words (suppressed: the code).
    body = rendered["body_text"]
    assert (
        "M01 EHC plans issued within 20 weeks. M01: 17.0% in 2024, target 17.0%; final target "
        "46.4% by 2026; Green, on trajectory; worsening since 2022 (from 98.6%); England "
        "46.4%, 29.4 percentage points higher; North West: not published for 2024. The chart "
        "shows actual figures 2014 to 2024 (2015: not applicable, z; not drawn as a point), "
        "the trajectory, England and North West." in body
    )
    assert body.index("Impact scorecard as of 3 Nov 2025") < body.index("Overall status")
    assert charts[-1]["label"] == "Open risks by likelihood and impact"
    assert (
        "79 (83%) of 95 milestones in progress or completed; 50 (53%) completed."
        in rendered["body_text"]
    )

    assert report["axe"]["violations"] == []
    assert report["external"] == []
    assert report["errors"] == []

    width, height = png_size(shot)
    assert width == 1100 and height == report["print_height"] > 10000
    pages = pdf_pages(pdf)
    assert len(pages) > 10
    assert set(pages) == {A4_POINTS}
    assert report["print_overflow"] == []


def test_hostile_highlight_in_chromium(
    node: str, cli: Cli, make_repo: MakeRepo, tmp_path: Path
) -> None:
    """A title holding <script> is text on the page: no script element, no violation."""
    page = tmp_path / "highlight.html"
    result = cli(
        "--repo",
        str(scenario(make_repo)),
        "report",
        "highlight",
        "--as-of",
        AS_OF,
        "-f",
        "html",
        "-o",
        str(page),
    )
    assert result.exit_code == 0, result.output
    report, _, pdf = audit(node, page, tmp_path)
    rendered = report["rendered"]
    assert rendered["scripts"] == 0
    assert '<script>alert("x")</script> | pipe *star* $5m' in rendered["body_text"]
    assert rendered["title"] == "Highlight reports: Example SEND Partnership"
    assert_headings_in_order(rendered["headings"])
    assert len(rendered["charts"]) == 4
    assert report["axe"]["violations"] == []
    assert report["errors"] == [] and report["external"] == []
    assert set(pdf_pages(pdf)) == {A4_POINTS}
    assert report["print_overflow"] == []


def test_highlight_with_measures_in_chromium(
    node: str, cli: Cli, make_repo: MakeRepo, tmp_path: Path
) -> None:
    """A workstream's impact measures, a suppressed figure among them, with a measure
    title holding markup: text on the page and in the chart's name, axe clean."""
    root = scenario(make_repo)
    make_repo({"measures/local.yaml": MEASURES.replace("Plans issued on time", HOSTILE_MEASURE)})
    page = tmp_path / "highlight-ehcp.html"
    result = cli(
        "--repo", str(root), "report", "highlight", "-w", "ehcp", "--as-of", AS_OF,
        "-f", "html", "-o", str(page),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    report, _, pdf = audit(node, page, tmp_path)
    rendered = report["rendered"]
    assert rendered["scripts"] == 0
    assert_headings_in_order(rendered["headings"])
    assert "Impact measures" in [text for _, text in rendered["headings"]]
    body = rendered["body_text"]
    assert f"T1 {HOSTILE_MEASURE}" in body
    assert "42.0% (2024 Q3); 2025 Q1: suppressed (small numbers), c" in body
    assert "Neighbours: not available, x" in body
    charts = rendered["charts"]
    assert [c["label"] for c in charts][-1] == f"T1 {HOSTILE_MEASURE}"
    assert len(charts) == 3  # burn-up, timeline, and T1 (T2 is leadership's)
    assert report["axe"]["violations"] == []
    assert report["errors"] == [] and report["external"] == []
    assert set(pdf_pages(pdf)) == {A4_POINTS}
    assert report["print_overflow"] == []
