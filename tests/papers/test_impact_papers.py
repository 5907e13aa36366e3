"""The papers' impact section (issue 13 §4): the board pack opens with the scorecard and
a captioned chart per measure; a highlight report shows the measures linked to its
workstream's items. Through the real CLI on the papers' scenario (``papers_scenario``:
no measures of its own) with two measures added, and on the shipped data; the goldens
in tests/golden/papers/ pin the shipped papers whole.

T1 is linked to a milestone of the ehcp workstream, T2 to priority 1 (leadership's).
T1's two latest quarters are suppressed (``c``) and its neighbours' figure is not
available (``x``): the papers say so in words and code, never as a zero.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import MakeRepo
from tests.papers_scenario import AS_OF, MEASURES, scenario

Cli = Callable[..., Any]

T1_CAPTION = (
    "T1: 42.0% in 2024 Q3, target 53.3%; 2025 Q1: suppressed (small numbers), c; final "
    "target 60.0% by 2024 Q4; Red, off trajectory; worsening since 2024 Q2 (from 45.0%); "
    "England 50.0%, 8.0 percentage points higher; Neighbours: not available, x. The chart "
    "shows actual figures 2024 Q2 to 2025 Q1 (2024 Q4: suppressed (small numbers), c; "
    "2025 Q1: suppressed (small numbers), c; not drawn as a point), the trajectory, "
    "England and Neighbours."
)
T2_CAPTION = (
    "T2: 12 in 2024, no target; Grey, no target; no change since 2023 (from 12). "
    "The chart shows actual figures 2023 to 2024."
)


@pytest.fixture
def measured(make_repo: MakeRepo) -> Path:
    root = scenario(make_repo)
    (root / "measures").mkdir()
    make_repo({"measures/local.yaml": MEASURES})
    return root


def paper(cli: Cli, root: Path, *args: str) -> str:
    result = cli("--repo", str(root), "--width", "100", "report", *args)
    assert result.exit_code == 0, result.output
    return str(result.stdout)


def pack(cli: Cli, root: Path, fmt: str) -> str:
    return paper(cli, root, "board-pack", "--meeting", "2025-05-15", "--as-of", AS_OF, "-f", fmt)


def words(text: str) -> str:
    """The paper's words in order, whatever the format: no HTML tags or entities, no
    Markdown table rules, runs of white space (text wraps its lines) as one space."""
    plain = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return " ".join(word for word in plain.split() if word != "|")


@pytest.mark.parametrize("fmt", ["markdown", "html", "text"])
def test_the_pack_opens_with_the_scorecard_and_a_chart_per_measure(
    cli: Cli, measured: Path, fmt: str
) -> None:
    text = words(pack(cli, measured, fmt))
    impact = text.index("Impact measures")
    assert impact < text.index("Overall status") < text.index("Re-profile register")
    assert text.count("Impact scorecard as of 20 Apr 2025") == 1
    assert "0 of 2 measures on trajectory, 1 off, 1 without a target." in text
    # T1's row: latest and period (the later suppressed quarter beside it), the target for
    # that period with the final one, RAG with symbol and word, arrow with word,
    # England with the gap, neighbours with the code in words.
    for cell in (
        "T1 Plans issued on time",
        "42.0% (2024 Q3); 2025 Q1: suppressed (small numbers), c",
        "53.3% for 2024 Q3 (final 60.0% by 2024 Q4)",
        "✖ Red: off trajectory",
        "↓ worsening",
        "England 50.0% (−8.0 pp)",
        "Neighbours: not available, x",
        "○ Grey: no target",
        "→ no change",
    ):
        assert cell in text, cell
    assert "T1: 42.0% in 2024 Q3, 11.3 percentage points below the target of 53.3%." in text
    assert "It needs commentary from its owner." in text
    # A suppressed figure is never a zero.
    assert not re.search(r"(?<![\d.])0\.0%", text)
    # The key explains a measure's colours.
    assert "✖ Red: off trajectory impact measure: its latest figure is short" in text
    for caption in (T1_CAPTION, T2_CAPTION):
        assert caption in text, caption
    # The captions come before the milestone figures.
    assert text.index(T2_CAPTION) < text.index("Overall status")


def test_the_pack_s_measure_charts_are_svg_with_the_codes_drawn_as_text(
    cli: Cli, measured: Path, tmp_path: Path
) -> None:
    out = tmp_path / "pack.md"
    result = cli(
        "--repo", str(measured), "report", "board-pack", "--meeting", "2025-05-15",
        "--as-of", AS_OF, "-o", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    charts = sorted(p.name for p in tmp_path.glob("pack-measure-*.svg"))
    assert charts == ["pack-measure-T1.svg", "pack-measure-T2.svg"]
    svg = (tmp_path / "pack-measure-T1.svg").read_text(encoding="utf-8")
    assert svg.startswith('<svg role="img" aria-label="T1 Plans issued on time"')
    texts = re.findall(r"<text\b[^>]*>([^<]*)</text>", svg)
    # Both suppressed quarters are marked by their code at the foot, and the legend says
    # what a code means; England and the neighbours are named series.
    assert texts.count("c") == 2
    assert "c: not published (not zero)" in texts
    assert {"Actual", "Trajectory", "England", "Neighbours", "Per cent"} <= set(texts)
    markdown = out.read_text(encoding="utf-8")
    assert "![T1 Plans issued on time](pack-measure-T1.svg)" in markdown
    assert f"*{T1_CAPTION}*" in markdown
    # Inside the pack a workstream's section lists its measures but draws no second chart.
    assert markdown.count("The measures' charts are in the impact section above.") == 2


def test_a_changed_figure_redraws_only_its_measure_s_chart(
    cli: Cli, measured: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SENDTRACK_CACHE_DIR", str(tmp_path / "cache"))
    args = ("report", "board-pack", "--meeting", "2025-05-15", "--as-of", AS_OF)

    def charts(name: str) -> dict[str, bytes]:
        out = tmp_path / name / "pack.md"
        result = cli("--repo", str(measured), *args, "-o", str(out))
        assert result.exit_code == 0, result.output
        return {p.name: p.read_bytes() for p in sorted(out.parent.glob("*-measure-*.svg"))}

    first = charts("1")
    assert charts("2") == first  # unchanged: the cached SVG, byte for byte
    path = measured / "measures" / "local.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("value: 12, source", "value: 14, source", 1),
        encoding="utf-8",
    )
    changed = charts("3")
    assert changed["pack-measure-T1.svg"] == first["pack-measure-T1.svg"]
    assert changed["pack-measure-T2.svg"] != first["pack-measure-T2.svg"]


@pytest.mark.parametrize(
    ("workstream", "shown", "hidden"),
    [("ehcp", "T1 Plans issued on time", "T2 Tribunal appeals"),
     ("leadership", "T2 Tribunal appeals", "T1 Plans issued on time")],
)  # fmt: skip
@pytest.mark.parametrize("fmt", ["markdown", "html", "text"])
def test_a_highlight_report_shows_the_measures_linked_to_its_items(
    cli: Cli, measured: Path, workstream: str, shown: str, hidden: str, fmt: str
) -> None:
    """T1 links a milestone (2.1.1.2, ehcp); T2 a priority (1, led by leadership)."""
    text = words(paper(cli, measured, "highlight", "-w", workstream, "--as-of", AS_OF, "-f", fmt))
    assert "Impact measures linked to this workstream as of 20 Apr 2025" in text
    assert shown in text and hidden not in text
    assert text.index("Status summary") < text.index("Impact measures") < text.index("This period")
    caption = T1_CAPTION if workstream == "ehcp" else T2_CAPTION
    assert caption in text
    assert "charts are in the impact section above" not in text


def test_a_workstream_with_no_linked_measure_says_so(cli: Cli, make_repo: MakeRepo) -> None:
    root = scenario(make_repo)
    only_t2 = MEASURES[: MEASURES.index('      - id: "T2"')].replace('["2.1.1.2"]', '["1"]')
    make_repo({"measures/local.yaml": only_t2})
    text = words(paper(cli, root, "highlight", "-w", "ehcp", "--as-of", AS_OF, "-f", "markdown"))
    assert "## Impact measures No impact measure is linked to this workstream's items." in text
    assert "on trajectory" not in text  # no row, so no measure colours in the key either


def test_a_priority_without_a_lead_counts_in_its_milestones_workstreams(
    cli: Cli, make_repo: MakeRepo
) -> None:
    """Priority 2 loses its lead workstream; its action 2.1.1 is still ehcp's."""
    root = scenario(make_repo)
    plan = root / "plan" / "priority-2.yaml"
    text = plan.read_text(encoding="utf-8")
    lead = "kind: priority_action\ntitle: Improve EHC plans.\nworkstream: ehcp\n"
    assert lead in text
    plan.write_text(text.replace(lead, lead.replace("workstream: ehcp\n", "")), encoding="utf-8")
    make_repo({"measures/local.yaml": MEASURES.replace('links: ["1"]', 'links: ["2"]')})
    ehcp = words(paper(cli, root, "highlight", "-w", "ehcp", "--as-of", AS_OF, "-f", "text"))
    assert "T1 Plans issued on time" in ehcp and "T2 Tribunal appeals" in ehcp
    leadership = paper(cli, root, "highlight", "-w", "leadership", "--as-of", AS_OF, "-f", "text")
    assert "No impact measure is linked to this workstream's items." in words(leadership)


@pytest.mark.parametrize("fmt", ["markdown", "html", "text"])
def test_a_repository_without_measures_has_no_impact_section(
    cli: Cli, make_repo: MakeRepo, fmt: str
) -> None:
    root = scenario(make_repo)
    assert not (root / "measures").exists()
    for text in (
        pack(cli, root, fmt),
        paper(cli, root, "highlight", "--as-of", AS_OF, "-f", fmt),
    ):
        assert "Impact measures" not in text
        assert "trajectory" not in text
        assert "measure-" not in text
