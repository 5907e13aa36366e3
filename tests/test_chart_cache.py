"""The chart cache (issue 14, section 6): an unchanged chart is not drawn twice, and a
cached SVG is byte for byte the one drawing gives now.

Through the real CLI on a copy of the shipped data, each test with a cache folder of
its own; the cache's rules (key, checksum, where it lives) are in store/cache.py.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from sendtrack.board.risks import heatmap
from sendtrack.papers.board_pack import compute_board_pack
from sendtrack.render.charts import Chart, draw_all, heat_map_chart
from sendtrack.render.papers_board_pack import board_pack_document
from sendtrack.store.cache import ChartCache
from sendtrack.store.loader import load

Cli = Callable[..., Any]
PACK = ("report", "board-pack", "--meeting", "2025-11-03")
PACK_CHARTS = 19
"""A chart per impact measure (7), the burn-up, each workstream's burn-up and timeline
(10) and the heat map."""


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("SENDTRACK_CACHE_DIR", str(folder))
    return folder


def charts_written(cli: Cli, root: Path, out: Path, *options: str) -> dict[str, bytes]:
    """The SVG files a Markdown pack writes beside ``out``, by name."""
    result = cli("--repo", str(root), *options, *PACK, "--output", str(out))
    assert result.exit_code == 0, result.output
    return {p.name: p.read_bytes() for p in sorted(out.parent.glob("*.svg"))}


def test_a_cached_svg_equals_a_freshly_drawn_one(
    cli: Cli, shipped_copy: Path, tmp_path: Path, cache_dir: Path
) -> None:
    cold = charts_written(cli, shipped_copy, tmp_path / "cold" / "pack.md")
    entries = sorted((cache_dir / "charts").glob("*.svg"))
    assert len(cold) == len(entries) == PACK_CHARTS
    stamps = [entry.read_bytes() for entry in entries]
    warm = charts_written(cli, shipped_copy, tmp_path / "warm" / "pack.md")
    fresh = charts_written(cli, shipped_copy, tmp_path / "fresh" / "pack.md", "--no-cache")
    assert warm == cold == fresh
    assert [entry.read_bytes() for entry in entries] == stamps  # read, not rewritten
    assert all(svg.startswith(b'<svg role="img" aria-label=') for svg in cold.values())


def test_no_cache_neither_reads_nor_writes_charts(
    cli: Cli, shipped_copy: Path, tmp_path: Path, cache_dir: Path
) -> None:
    charts_written(cli, shipped_copy, tmp_path / "a" / "pack.md", "--no-cache")
    assert not (cache_dir / "charts").exists()
    result = cli("--repo", str(shipped_copy), *PACK, "--format", "html", "--no-cache")
    assert result.exit_code == 0 and "<svg" in result.stdout
    assert not (cache_dir / "charts").exists()


def test_a_damaged_or_foreign_entry_is_drawn_again(
    cli: Cli, shipped_copy: Path, tmp_path: Path, cache_dir: Path
) -> None:
    first = charts_written(cli, shipped_copy, tmp_path / "1" / "pack.md")
    entries = sorted((cache_dir / "charts").glob("*.svg"))
    damaged, foreign = entries[0], entries[1]
    blob = bytearray(damaged.read_bytes())
    blob[-20] ^= 0x01  # one flipped bit in the SVG
    damaged.write_bytes(bytes(blob))
    foreign.write_bytes(b"<svg><script>alert(1)</script></svg>")  # not ours: no checksum
    second = charts_written(cli, shipped_copy, tmp_path / "2" / "pack.md")
    assert second == first
    assert b"<script>" not in foreign.read_bytes()  # rewritten with the drawing


def test_only_charts_whose_inputs_changed_are_drawn_again(
    cli: Cli, shipped_copy: Path, tmp_path: Path, cache_dir: Path
) -> None:
    charts_written(cli, shipped_copy, tmp_path / "1" / "pack.md")
    register = shipped_copy / "risks" / "register.yaml"
    text = register.read_text(encoding="utf-8")
    # R16 moves from likelihood 3 × impact 5 to 2 × 5 (its history gains the rescore).
    result = cli(
        "--repo",
        str(shipped_copy),
        "risks",
        "rescore",
        "R16",
        "-l",
        "2",
        "-i",
        "5",
        "--note",
        "Fewer cases.",
        "--on",
        "2025-10-20",
    )
    assert result.exit_code == 0, result.output
    assert register.read_text(encoding="utf-8") != text
    before = set((cache_dir / "charts").glob("*.svg"))
    charts_written(cli, shipped_copy, tmp_path / "2" / "pack.md")
    added = set((cache_dir / "charts").glob("*.svg")) - before
    assert len(added) == 1  # the heat map; no milestone or measure moved: no other chart
    assert b"R16" in next(iter(added)).read_bytes()


def test_inputs_cover_what_is_drawn_and_nothing_else(tmp_path: Path) -> None:
    from tests.conftest import PROJECT_ROOT

    repo, _ = load(PROJECT_ROOT)
    pack = compute_board_pack(repo, date(2025, 11, 3), "2025-11-03", None)
    charts = board_pack_document(pack).charts
    again = board_pack_document(compute_board_pack(repo, date(2026, 1, 1), "2025-11-03", None))
    # The same data as of the same board: the same inputs, whatever day it is run.
    assert [c.inputs for c in charts] == [c.inputs for c in again.charts]
    assert len({c.inputs for c in charts}) == PACK_CHARTS
    # Another as-of date changes every chart's inputs but the heat map's risks.
    later = board_pack_document(compute_board_pack(repo, date(2026, 1, 1), None, date(2025, 12, 1)))
    changed = {c.key for c, d in zip(charts, later.charts, strict=True) if c.inputs != d.inputs}
    assert "burn-up" in changed and "timeline-ehcp" in changed
    store = ChartCache(tmp_path)
    draw_all(charts[:1], store)
    assert store.get(store.key(charts[0].inputs)) == charts[0].svg
    assert store.key(charts[0].inputs) != store.key(charts[1].inputs)


def test_a_chart_input_of_an_unknown_type_is_refused() -> None:
    from tests.conftest import PROJECT_ROOT

    repo, _ = load(PROJECT_ROOT)
    chart = heat_map_chart(heatmap(repo, date(2025, 11, 3)), "heat-map", "Risks")
    assert b'"_draw_heat_map"' in chart.inputs and b'"R16"' in chart.inputs
    with pytest.raises(TypeError, match="cannot key a chart on a set"):
        Chart.of("x", "X", "", lambda value: "", {"a set"})


# -- whole papers ----------------------------------------------------------------------------


def test_an_identical_report_is_given_again_and_a_changed_one_is_not(
    cli: Cli, shipped_copy: Path, tmp_path: Path, cache_dir: Path
) -> None:
    out = tmp_path / "pack.md"
    first = cli("--repo", str(shipped_copy), *PACK, "--output", str(out))
    written = {p.name: p.read_bytes() for p in sorted(tmp_path.glob("pack*"))}
    assert len(written) == 1 + PACK_CHARTS  # the paper and its charts
    for path in tmp_path.glob("pack*"):
        path.unlink()
    again = cli("--repo", str(shipped_copy), *PACK, "--output", str(out))
    assert again.stdout == first.stdout  # 'wrote …' for each file, in the same order
    assert {p.name: p.read_bytes() for p in sorted(tmp_path.glob("pack*"))} == written
    assert list(cache_dir.glob("*.papers"))
    # A changed file is a new paper, never the stored one.
    plan = shipped_copy / "plan" / "priority-2.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace(
            "title: Progress tracking dashboard", "title: Progress dashboard", 1
        ),
        encoding="utf-8",
    )
    cli("--repo", str(shipped_copy), *PACK, "--output", str(out))
    assert "Progress dashboard with monthly" in out.read_text(encoding="utf-8")
    assert out.read_bytes() != written["pack.md"]


def test_stdout_papers_are_given_again_per_format_and_width(
    cli: Cli, shipped_copy: Path, cache_dir: Path
) -> None:
    args = (
        "--repo",
        str(shipped_copy),
        "report",
        "highlight",
        "-w",
        "ehcp",
        "--as-of",
        "2025-11-03",
        "--format",
        "text",
    )
    narrow = cli(*args, "--width", "80").stdout
    wide = cli(*args, "--width", "120").stdout
    assert narrow != wide
    assert cli(*args, "--width", "80").stdout == narrow
    assert cli(*args, "--width", "120").stdout == wide
    assert cli(*args, "--width", "80", "--no-cache").stdout == narrow
