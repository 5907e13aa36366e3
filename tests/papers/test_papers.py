"""Board papers: highlight reports and the board pack, through the real CLI.

Golden files (tests/golden/papers/, rewritten with SENDTRACK_UPDATE_GOLDEN=1) hold the
shipped data's papers as of the 3 November 2025 board. In the HTML goldens each inline
chart is reduced to its accessible name and the text it draws: the words and figures
are pinned, while matplotlib's path coordinates (which move between its releases) are
not; byte-for-byte reproducibility of the SVG is tested on its own. Everything else is
asserted on content in a small repository built in the test (``papers_scenario``).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from sendtrack.papers.burn_up import burn_up
from sendtrack.papers.highlight import overall_health
from sendtrack.papers.period import resolve_period
from sendtrack.plan.colours import AMBER, GREEN, RED
from sendtrack.plan.health import Health
from sendtrack.plan.status import compute_status
from sendtrack.render.papers_layout import Document, Paragraph
from sendtrack.render.papers_markdown import escape
from sendtrack.render.papers_text import render_text
from sendtrack.store.loader import load
from tests.conftest import PROJECT_ROOT, MakeRepo
from tests.papers_scenario import AS_OF, FORMULA, HOSTILE_TITLE, scenario

GOLDEN = Path(__file__).parents[1] / "golden" / "papers"
BOARD = "2025-11-03"
Cli = Callable[..., Any]

MEASURES = [f"M0{n}" for n in range(1, 8)]
"""The shipped measures, in their files' order: the pack opens with a chart of each."""
PACK_CHARTS = [
    *(f"measure-{measure}" for measure in MEASURES),
    "burn-up",
    *(
        f"{chart}-{stream}"
        for stream in ("leadership", "ehcp", "nd-pathway", "working-together", "pfa")
        for chart in ("burn-up", "timeline")
    ),
    "heat-map",
]


def check_golden(name: str, actual: str) -> None:
    """Compare with tests/golden/papers/NAME; SENDTRACK_UPDATE_GOLDEN=1 rewrites it."""
    path = GOLDEN / name
    if os.environ.get("SENDTRACK_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"


_SVG = re.compile(r"<svg\b[^>]*?aria-label=\"([^\"]*)\"[^>]*>.*?</svg>", re.S)
_TEXT = re.compile(r"<text\b[^>]*>([^<]*)</text>")


def chart_texts(svg: str) -> list[str]:
    return _TEXT.findall(svg)


def without_paths(html: str) -> str:
    """Each inline SVG reduced to its name and the text it draws (see the module doc)."""
    return _SVG.sub(
        lambda m: f'<svg aria-label="{m.group(1)}">[{" | ".join(chart_texts(m.group(0)))}]</svg>',
        html,
    )


def run(cli: Cli, root: Path, *args: str) -> Any:
    return cli("--repo", str(root), *args)


# -- golden papers for the shipped data ------------------------------------------------------


def test_board_pack_markdown_golden(cli: Cli, shipped_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "board-pack.md"
    result = run(cli, shipped_copy, "report", "board-pack", "--meeting", BOARD, "-o", str(out))
    assert result.exit_code == 0, result.output
    charts = sorted(path.name for path in out.parent.glob("*.svg"))
    assert charts == sorted(f"board-pack-{key}.svg" for key in PACK_CHARTS)
    assert result.output.splitlines()[-1] == f"wrote {out}"
    markdown = out.read_text(encoding="utf-8")
    check_golden("board-pack.md", markdown)
    # The Markdown links every chart it wrote, and nothing else.
    assert sorted(re.findall(r"\]\((board-pack-[A-Za-z0-9-]+\.svg)\)", markdown)) == charts
    # The board's headline sentence, from status, bold at the top of the overall status.
    assert "**79 \\(83%\\) of 95 milestones" not in markdown  # parentheses are not escaped
    assert "**79 (83%) of 95 milestones in progress or completed; 50 (53%) completed.**" in markdown


def test_board_pack_html_golden(cli: Cli, shipped_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "pack.html"
    result = run(
        cli, shipped_copy, "report", "board-pack", "--meeting", BOARD, "-f", "html", "-o", str(out)
    )
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    check_golden("board-pack.html", without_paths(html))
    assert len(_SVG.findall(html)) == len(PACK_CHARTS)


@pytest.mark.parametrize(("fmt", "name"), [("markdown", "md"), ("html", "html"), ("text", "txt")])
def test_highlight_golden(
    cli: Cli, shipped_copy: Path, tmp_path: Path, fmt: str, name: str
) -> None:
    out = tmp_path / f"highlight-ehcp.{name}"
    result = run(
        cli,
        shipped_copy,
        "report",
        "highlight",
        "--workstream",
        "ehcp",
        "--as-of",
        BOARD,
        "-f",
        fmt,
        "-o",
        str(out),
    )
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    check_golden(f"highlight-ehcp.{name}", without_paths(text) if fmt == "html" else text)
    # Burn-up and timeline, and the measures linked to EHC plans' items (M01, M02).
    expected_charts = 4 if fmt == "markdown" else 0
    assert len(list(tmp_path.glob("*.svg"))) == expected_charts


def test_highlight_all_workstreams(cli: Cli, shipped_copy: Path) -> None:
    result = run(cli, shipped_copy, "report", "highlight", "--as-of", BOARD, "-f", "text")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Highlight reports: Lancashire SEND Partnership"
    names = [lines[i - 1] for i, line in enumerate(lines) if line and set(line) == {"="}]
    assert names == [
        "Leadership, partnership and Joint Commissioning",
        "EHCPs / Annual Reviews (also: EHCP Processes)",
        "Neuro-divergent (ND) Pathway (Standing ICB Group)",
        "Working Together (also: Comms & Engagement)",
        "Transitions and Preparation for Adulthood",
        "Key",
    ]


# -- what each section says ------------------------------------------------------------------


def highlight(cli: Cli, root: Path, *args: str) -> str:
    result = run(cli, root, "report", "highlight", "--as-of", AS_OF, *args)
    assert result.exit_code == 0, result.output
    return str(result.output)


def section(markdown: str, heading: str) -> str:
    """The text under ``heading`` up to the next heading of the same or a higher level."""
    level = len(heading) - len(heading.lstrip("#"))
    start = markdown.index(heading + "\n")
    rest = markdown[start + len(heading) + 1 :]
    end = re.search(rf"^#{{1,{level}}} ", rest, re.M)
    return rest[: end.start()] if end else rest


def test_highlight_header_and_summary(cli: Cli, make_repo: MakeRepo) -> None:
    text = highlight(cli, scenario(make_repo), "-w", "ehcp")
    assert text.startswith("# Highlight report: EHCPs / Annual Reviews\n\n- **Workstream:** ")
    assert "- **Leads:** Head of SEND\n" in text
    assert (
        "- **Period covered:** 11 Apr 2025 to 20 Apr 2025 (since the 10 Apr 2025 board)\n" in text
    )
    assert "- **As of:** 20 Apr 2025\n- **Next board:** 15 May 2025\n" in text
    assert "- **Overall health:** ✖ Red: off track — 1 milestone off track (2.1.1.1)\n" in text
    summary = section(text, "## Status summary")
    assert "**3 (100%) of 3 milestones in progress or completed; 1 (33%) completed.**" in summary
    assert "| ✖ Red: off track | 1 | 33% |" in summary
    assert "| ● Green: complete | 1 | 33% |" in summary


def test_this_period_next_period_exceptions_decisions(cli: Cli, make_repo: MakeRepo) -> None:
    text = highlight(cli, scenario(make_repo), "-w", "ehcp")
    title = escape(HOSTILE_TITLE)
    formula = escape(FORMULA)
    assert f"| 2.1.1.3 | {formula} | 15 Apr 2025 | 30 Apr 2025 | yes |" in section(
        text, "### Completed"
    )
    assert "| 2.1.1.2 | Portal pilot | 12 Apr 2025 | 10 May 2025 |" in section(text, "### Started")
    assert "No re-profile was agreed this period." in section(text, "### Re-profiled")
    assert "| 2.1.1.2 | Portal pilot | 10 May 2025 | ● Green: on track |" in section(
        text, "## Next period"
    )
    assert (
        f"| 2.1.1.1 | {title} | ✖ Red: off track | 31 Mar 2025 | 31 Mar 2025 | 0 (122 proposed) "
        "| due 31 Mar 2025; in progress, 20 days past due; re-profile to 31 Jul 2025 awaiting "
        "the board |" in section(text, "## Exceptions")
    )
    assert (
        f"| 2.1.1.1 | {title} | 31 Mar 2025 | 31 Jul 2025 | 122 | Waiting for {formula} "
        "| 18 Apr 2025 |" in section(text, "## Decisions needed")
    )


def test_board_actions_and_risks_by_workstream(cli: Cli, make_repo: MakeRepo) -> None:
    root = scenario(make_repo)
    leadership = highlight(cli, root, "-w", "leadership")
    actions = section(leadership, "## Board actions")
    assert actions.startswith("\n2 open actions, 1 overdue; 1 closed since the last board.\n")
    # Raised on 13 Mar, linked to risk R01 (which links to priority 1): leadership's,
    # overdue, and back at a second board.
    assert (
        "| 2025-03-13/A1 | Report on caseworker recruitment. | Head of SEND | 10 Apr 2025 "
        "| open | overdue by 10 days | 1 board |" in actions
    )
    assert "| 2025-04-10/A3 | Confirm the chair's terms. | Independent Chair | 15 Apr 2025 |" in (
        section(leadership, "### Closed since the last board")
    )
    assert "| R01 | Capacity | 16 (4×4) | ✖ Red: extreme | → same | 6 (2×3) |" in section(
        leadership, "## Key risks"
    )
    ehcp = highlight(cli, root, "-w", "ehcp")
    # Closed on 1 May: as of 20 Apr it was still in progress (its dated update says so).
    assert (
        "| 2025-04-10/A2 | Share the portal pilot plan. | Head of SEND | 15 May 2025 "
        "| in progress | no | — |" in section(ehcp, "### Open")
    )
    assert "No open risk is linked to this workstream." in section(ehcp, "## Key risks")


def test_since_moves_the_period(cli: Cli, make_repo: MakeRepo) -> None:
    root = scenario(make_repo)
    text = highlight(cli, root, "-w", "leadership", "--since", "2025-03-13")
    assert "(since the 13 Mar 2025 board)" in text
    assert (
        "| 1.1.1.2 | Terms of reference agreed | 30 Apr 2025 | 30 Jun 2025 | 61 "
        "| 10 Apr 2025 board | Partners asked for a second round of comments. |"
        in section(text, "### Re-profiled")
    )
    by_date = highlight(cli, root, "-w", "leadership", "--since", "1 Apr 2025")
    assert "2 Apr 2025 to 20 Apr 2025 (since 1 Apr 2025)" in by_date


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--since", "soon"],
            "sendtrack: --since 'soon' is neither a meeting (2025-03-13, 2025-04-10, "
            "2025-05-15) nor a date: 'soon' is not a date;",
        ),
        (["--since", "2025-04-21"], "sendtrack: --since 21 Apr 2025 is not before the as-of"),
        (
            ["--workstream", "ehcq"],
            "sendtrack: no workstream 'ehcq' (did you mean 'ehcp'?); known: leadership, ehcp "
            "or 'all'",
        ),
    ],
)
def test_highlight_refuses_what_names_nothing(
    cli: Cli, make_repo: MakeRepo, args: list[str], message: str
) -> None:
    result = run(cli, scenario(make_repo), "report", "highlight", "--as-of", AS_OF, *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(message), result.stderr
    assert result.stdout == ""


def test_board_pack_meeting_choice_and_errors(cli: Cli, make_repo: MakeRepo) -> None:
    root = scenario(make_repo)
    # No board on or after today: the latest recorded one, as of its date.
    result = run(cli, root, "report", "board-pack")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("# SEND Improvement Board: board pack, 15 May 2025\n")
    assert "- **Figures as of:** 15 May 2025\n" in result.output
    missing = run(cli, root, "report", "board-pack", "--meeting", "2025-06-01")
    assert missing.exit_code == 2
    assert missing.stderr.startswith("sendtrack: no meeting '2025-06-01' in meetings/")
    late = run(
        cli, root, "report", "board-pack", "--meeting", "2025-04-10", "--as-of", "2025-05-01"
    )
    assert late.exit_code == 2
    assert late.stderr == (
        "sendtrack: --as-of 1 May 2025 is after the 10 Apr 2025 board; "
        "a pack reports as of a date on or before its board\n"
    )


def test_board_pack_sections(cli: Cli, make_repo: MakeRepo) -> None:
    root = scenario(make_repo)
    result = run(cli, root, "report", "board-pack", "--meeting", "2025-05-15", "--as-of", AS_OF)
    text = str(result.output)
    headings = re.findall(r"^## (.*)$", text, re.M)
    assert headings == [
        "Overall status",
        "What changed since the last board",
        "Workstream highlight reports",
        "Re-profile register",
        "Action log",
        "Risk register",
        "Forward plan",
        "Key",
    ]
    assert (
        "| 1.1.1.2 | Terms of reference agreed | leadership | 30 Apr 2025 | 30 Jun 2025 | 61 | 1 "
        "| 10 Apr 2025 (to 30 Jun 2025) | ▲ Amber: delayed |"
        in section(text, "## Re-profile register")
    )
    log = section(text, "## Action log")
    assert "3 open actions, 1 overdue; 1 closed since the last board." in log
    assert section(log, "### Overdue").count("| 2025-") == 1
    risks = section(text, "## Risk register")
    assert risks.startswith(
        "\n1 open risk: ✖ Red: extreme 1; ▲ Amber: high 0; ◆ Yellow: moderate 0; ● Green: low 0. "
        "No review is overdue.\n"
    )
    assert "| Deep dive on assessment timeliness | deep dive | 15 May 2025 | 15 May 2025 |" in (
        section(text, "## Forward plan")
    )


def test_everything_from_the_data_is_escaped(cli: Cli, make_repo: MakeRepo) -> None:
    root = scenario(make_repo)
    name = "Leadership <script>alert(1)</script> & $x$"
    settings = root / "plan" / "partnership.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(
        text.replace("name: Leadership, partnership and joint commissioning", f"name: '{name}'"),
        encoding="utf-8",
    )
    html = highlight(cli, root, "-f", "html")
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; | pipe *star* $5m" in html
    assert "Leadership &lt;script&gt;alert(1)&lt;/script&gt; &amp; $x$" in html
    # Chart names (an attribute) and titles (drawn text) are escaped too; '$x$' is not maths.
    escaped = "Leadership &lt;script&gt;alert(1)&lt;/script&gt; &amp; $x$"
    assert f'aria-label="{escaped}: original and current milestone dates"' in html
    drawn = [text for svg in re.findall(r"<svg.*?</svg>", html, re.S) for text in chart_texts(svg)]
    assert f"{escaped}: original and current milestone dates" in drawn
    markdown = highlight(cli, root)
    assert "## Leadership \\<script\\>alert(1)\\</script\\> \\& \\$x\\$\n" in markdown
    assert '\\<script\\>alert("x")\\</script\\> \\| pipe \\*star\\* \\$5m' in markdown


def test_markdown_to_stdout_leaves_charts_out_with_a_note(cli: Cli, make_repo: MakeRepo) -> None:
    text = highlight(cli, scenario(make_repo), "-w", "ehcp", "--format", "markdown")
    assert "data:image" not in text and "<svg" not in text
    assert max(len(line) for line in text.splitlines()) < 1000  # no base64 line
    notes = re.findall(r"^\*Chart left out here: (.*) \(written as an SVG file beside", text, re.M)
    assert notes == [
        "EHCPs / Annual Reviews: milestones due and completed over time",
        "EHCPs / Annual Reviews: original and current milestone dates",
    ]
    # Each chart's summary, which gives its figures, stays.
    assert "*3 milestones; 0 moved from their original date.*" in text


def test_heat_map_cells_print_count_and_ids(cli: Cli, shipped_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "pack.md"
    run(cli, shipped_copy, "report", "board-pack", "--meeting", BOARD, "-o", str(out))
    texts = chart_texts((tmp_path / "pack-heat-map.svg").read_text(encoding="utf-8"))
    # Score and band in every cell; count and ids where there are risks.
    assert sum(1 for t in texts if re.fullmatch(r"\d+ (low|moderate|high|extreme)", t)) == 25
    assert "6 risks" in texts and "R02 R05 R09" in texts and "R12 R14 R21" in texts
    assert "2 risks" in texts and "R01 R10" in texts
    assert "✖ Extreme (15–25)" in texts


def test_charts_are_byte_for_byte_reproducible(shipped_copy: Path, tmp_path: Path) -> None:
    """Two separate processes draw the same bytes (ids salted, no timestamp)."""
    outputs = []
    for run_number in (1, 2):
        out = tmp_path / str(run_number) / "h.md"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "sendtrack",
                "--repo",
                str(shipped_copy),
                "--no-cache",  # both draw: the chart cache would hand the second its SVG
                "report",
                "highlight",
                "-w",
                "leadership",
                "--as-of",
                BOARD,
                "-o",
                str(out),
            ],
            check=True,
            capture_output=True,
        )
        outputs.append({p.name: p.read_bytes() for p in sorted(out.parent.iterdir())})
    assert outputs[0] == outputs[1]
    assert sorted(outputs[0]) == [
        "h-burn-up-leadership.svg",
        # M02 links priority 1; M07 links outcome 4.3, whose actions leadership leads.
        "h-measure-leadership-M02.svg",
        "h-measure-leadership-M07.svg",
        "h-timeline-leadership.svg",
        "h.md",
    ]
    assert b"<dc:date>" not in outputs[0]["h-burn-up-leadership.svg"]


def test_help_does_not_import_the_drawing_stack() -> None:
    code = (
        "import sys\n"
        "from sendtrack.cli.main import main\n"
        "for args in (['--help'], ['report', '--help'], ['report', 'board-pack', '--help'],"
        " ['export', '--help']):\n"
        "    try:\n"
        "        main(args)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(sorted(m for m in ('matplotlib', 'jinja2', 'openpyxl', 'sendtrack.papers')"
        " if m in sys.modules), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=PROJECT_ROOT
    )
    assert done.stderr.strip().splitlines()[-1] == "[]"


# -- library pieces ------------------------------------------------------------------------


def test_workstream_takes_the_health_of_its_worst_milestone(make_repo: MakeRepo) -> None:
    repo, _ = load(scenario(make_repo))
    status = compute_status(repo, date(2025, 4, 20))
    ehcp = [row for row in status.rows if row.workstream == "ehcp"]
    verdict = overall_health(ehcp, status.scheme)
    assert (verdict.health, verdict.colour, verdict.reason) == (
        Health.OFF_TRACK,
        RED,
        "1 milestone off track (2.1.1.1)",
    )
    leadership = [row for row in status.rows if row.workstream == "leadership"]
    assert overall_health(leadership, status.scheme).colour is AMBER
    done = [row for row in ehcp if row.health is Health.COMPLETE]
    assert overall_health(done, status.scheme).reason == "all 1 milestone complete"
    assert overall_health(done, status.scheme).colour is GREEN


def test_burn_up_counts(make_repo: MakeRepo) -> None:
    repo, _ = load(scenario(make_repo))
    status = compute_status(repo, date(2025, 4, 20))
    data = burn_up(status.rows, status.as_of)
    assert data.total == 5
    # Baselines: 31 Mar, 30 Apr (x2: 1.1.1.2 and 2.1.1.3), 31 Mar (1.1.1.1), 10 May.
    assert [data.due_by_baseline(date(2025, 4, d)) for d in (1, 29, 30)] == [2, 2, 4]
    # 1.1.1.2 moved to 30 Jun: one fewer due by 30 Apr on current dates.
    assert data.due_by_current(date(2025, 4, 30)) == 3
    assert data.completed_by(date(2025, 4, 20)) == 2
    assert data.summary() == (
        "By 20 Apr 2025, of 5 milestones: 2 due by their baseline dates, 2 due by their "
        "current dates, 2 completed. On current dates the last falls due on 30 Jun 2025."
    )


def test_period_boundaries(make_repo: MakeRepo) -> None:
    repo, _ = load(scenario(make_repo))
    # On the day of a board, its papers look back to the board before it.
    on_the_day = resolve_period(repo, date(2025, 4, 10))
    assert on_the_day.start == date(2025, 3, 13)
    assert not on_the_day.contains(date(2025, 3, 13))
    assert on_the_day.contains(date(2025, 4, 10))
    assert not on_the_day.contains(date(2025, 4, 11))
    assert on_the_day.next_meeting is not None
    assert on_the_day.next_meeting.id == "2025-05-15"
    first = resolve_period(repo, date(2025, 3, 1))
    assert first.start is None
    assert first.describe() == "up to 1 Mar 2025 (since the plan began)"


def test_text_renderer_strips_control_characters() -> None:
    document = Document("Title\x1b[31m", [Paragraph(("bell\x07 and\x1b[2J clear",))])
    assert render_text(document) == (
        "Title\\x1b[31m\n#############\n\nbell\\x07 and\\x1b[2J clear\n"
    )


def test_text_papers_never_draw(shipped_copy: Path) -> None:
    """The plain-text report prints each chart's summary and never loads matplotlib."""
    code = (
        "import sys\n"
        "from sendtrack.cli.main import main\n"
        "try:\n"
        f"    main(['--repo', {str(shipped_copy)!r}, 'report', 'highlight', '-f', 'text',"
        f" '--as-of', {BOARD!r}])\n"
        "except SystemExit as done:\n"
        "    assert not done.code, done.code\n"
        "print('matplotlib' in sys.modules, file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "Chart: EHCPs / Annual Reviews: milestones due and completed over time. By 3 Nov" in (
        done.stdout
    )
    assert done.stderr.strip().splitlines()[-1] == "False"


def test_output_that_cannot_be_written(cli: Cli, make_repo: MakeRepo, tmp_path: Path) -> None:
    root = scenario(make_repo)
    folder = run(cli, root, "report", "highlight", "--as-of", AS_OF, "-o", str(tmp_path))
    assert (folder.exit_code, folder.stderr) == (
        1,
        f"sendtrack: {tmp_path} is a folder; give the file to write\n",
    )
    assert not list(tmp_path.parent.glob("*.svg"))  # no chart written before refusing
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    target = blocker / "paper.html"
    result = run(cli, root, "report", "board-pack", "-f", "html", "-o", str(target))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"sendtrack: cannot write {target}: ")
    assert blocker.read_text(encoding="utf-8") == ""
