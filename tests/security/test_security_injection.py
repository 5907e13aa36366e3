"""Terminal and Markdown injection (issue 10, item 8).

The attack: a double-quoted YAML escape (``"\\e]0;title\\a"``) puts ESC and BEL into a
title, and ``show``, ``milestones`` and ``status`` printed the OSC sequences raw — a new
window title, the clipboard written (OSC 52), a disguised link (OSC 8). And the
``--format markdown`` of ``status``, ``milestones``, ``actions``, ``risks``, ``risks
heatmap``, ``meeting show`` and ``forward-plan`` passed ``<img onerror>``,
``javascript:`` links and remote images straight through.

Now ``check`` refuses control characters in text (``control-character``; tabs and line
breaks are text) and in ids (``unsafe-id``), every terminal renderer makes them visible
through ``escaping.escape_terminal`` regardless, and every Markdown renderer escapes
the data through ``escaping.escape_markdown``. The Markdown is proved the way GitHub
would show it: rendered by cmark-gfm (GitHub's own parser, tables and autolinks on, raw
HTML allowed), and the HTML searched for anything alive.
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Callable
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options

from sendtrack.board.actions import list_actions
from sendtrack.board.meetings import forward_plan, show_meeting
from sendtrack.board.risks import heatmap, list_risks
from sendtrack.core.escaping import escape_markdown, escape_terminal
from sendtrack.core.problems import Problem
from sendtrack.papers.highlight import highlight_papers
from sendtrack.plan.query import find_item
from sendtrack.plan.status import compute_status, milestone_rows
from sendtrack.render import board as board_render
from sendtrack.render import diff as diff_render
from sendtrack.render import milestones as milestone_render
from sendtrack.render import papers_text, problems
from sendtrack.render import status as status_render
from sendtrack.render.console import Terminal
from sendtrack.render.papers_highlight import highlight_document
from sendtrack.review.diff import Change, DiffReport
from sendtrack.store.loader import load
from tests.gitrepo import PRIORITY, meeting
from tests.security.hostile_clone import hostile_clone

Cli = Callable[..., Any]
AS_OF = date(2025, 11, 3)
COLOUR = Terminal(colour=True)
"""An 80-column terminal that takes colour: the renderers add their own escape codes."""

# -- the terminal ------------------------------------------------------------------------------

OSC = {
    "window title": "\\e]0;pwned\\a",
    "clipboard (OSC 52)": "\\e]52;c;ZWNobyBwd25lZA==\\a",
    "hidden link (OSC 8)": "\\e]8;;https://evil.example/\\e\\\\click here\\e]8;;\\e\\\\",
    "C1 control": "\\x9b2J cleared",
}
"""YAML double-quoted escapes that put terminal control sequences into a value."""

RAW_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _titled(escape: str) -> str:
    return PRIORITY.replace(
        "title: Outcomes framework agreed by the board",
        f'title: "Outcomes framework {escape} agreed"',
    )


def _assert_inert(*outputs: str) -> None:
    for output in outputs:
        assert not RAW_CONTROL.search(output), repr(output)


@pytest.mark.parametrize("escape", OSC.values(), ids=OSC.keys())
def test_check_refuses_control_characters_in_text(cli: Cli, tmp_path: Path, escape: str) -> None:
    clone = hostile_clone(tmp_path, {"plan/priority-1.yaml": _titled(escape)})
    result = cli("--repo", str(clone), "check", "--as-of", "2025-11-03")
    assert result.exit_code == 1
    _assert_inert(result.stdout, result.stderr)
    line = next(
        n for n, text in enumerate(_titled(escape).splitlines(), 1) if "Outcomes framework" in text
    )
    assert f"plan/priority-1.yaml:{line}:20: control-character 'title' in milestone 1.4.2.1: " in (
        result.stdout
    )
    assert "hint: remove the escape" in result.stdout
    found = json.loads(
        cli("--repo", str(clone), "check", "--as-of", "2025-11-03", "--format", "json").stdout
    )
    assert [p["code"] for p in found["problems"]] == ["control-character"]
    github = cli("--repo", str(clone), "check", "--as-of", "2025-11-03", "--format", "github")
    _assert_inert(github.stdout)
    assert github.stdout.startswith(f"::error file=plan/priority-1.yaml,line={line},col=20,")


@pytest.mark.parametrize(
    "command",
    [("show", "1.4.2.1"), ("milestones",), ("status",), ("status", "-f", "markdown")],
    ids=["show", "milestones", "status", "status-markdown"],
)
@pytest.mark.parametrize("escape", OSC.values(), ids=OSC.keys())
def test_reports_never_print_control_characters(
    cli: Cli, tmp_path: Path, command: tuple[str, ...], escape: str
) -> None:
    clone = hostile_clone(tmp_path, {"plan/priority-1.yaml": _titled(escape)})
    result = cli("--repo", str(clone), *command, "--as-of", "2025-11-03")
    assert result.exit_code == 1
    _assert_inert(result.stdout, result.stderr)
    assert "control-character" in result.stderr
    # Board day goes on without the file: the banner names it, its figures are left out.
    assert "These figures leave out 1 file with problems: plan/priority-1.yaml" in result.stderr


def test_tabs_and_line_breaks_are_text(cli: Cli, tmp_path: Path) -> None:
    priority = PRIORITY.replace(
        "title: Outcomes framework agreed by the board",
        'title: "Outcomes framework\\tagreed"\n            note: |\n              line one\n'
        "              line two",
    )
    clone = hostile_clone(tmp_path, {"plan/priority-1.yaml": priority})
    result = cli("--repo", str(clone), "check", "--as-of", "2025-11-03")
    assert (result.exit_code, result.stdout) == (0, "ok: no problems in 8 files\n")


def test_a_key_made_of_escapes_is_shown_not_obeyed(cli: Cli, tmp_path: Path) -> None:
    risks = '"\\e]52;c;cHduZWQ=\\a": oops\nrisks: []\n'
    clone = hostile_clone(tmp_path, {"risks/register.yaml": risks})
    result = cli("--repo", str(clone), "check", "--as-of", "2025-11-03")
    assert result.exit_code == 1
    _assert_inert(result.stdout)
    assert "unknown-field unknown field '\\x1b]52;c;cHduZWQ=\\x07'" in result.stdout


def test_every_terminal_renderer_escapes_regardless(tmp_path: Path) -> None:
    """Data that got past the models (written by hand into loaded objects, as a future
    bug or a cache from another version might): every renderer still shows it inertly."""
    clone = _hostile_board(tmp_path)
    repo, found = load(clone)
    assert found == []
    evil = "pwned \x1b]0;title\x07 \x1b]52;c;eA==\x07 \x9b2J \r\x08"
    milestone = repo.priorities[0].outcomes[0].actions[0].milestones[0]
    milestone.title = evil
    milestone.reprofiles[0].reason = evil
    repo.priorities[0].title = evil
    assert repo.settings is not None
    repo.settings.workstreams[0].name = evil
    repo.open_actions[0].text = evil
    repo.open_actions[0].owner = evil
    repo.risks[0].title = evil
    repo.risks[0].id = "R\x1b]0;t\x07"
    meeting_2025 = next(m for m in repo.meetings if m.id == "2025-11-03")
    meeting_2025.board = evil
    meeting_2025.standing_items = [evil]
    meeting_2025.forward_plan[0].item = evil

    rows = milestone_rows(repo, AS_OF)
    detail = find_item(repo, "1.4.2.1", AS_OF)
    assert detail is not None
    report = compute_status(repo, AS_OF)
    papers = highlight_papers(repo, AS_OF, None, "all")
    change = Change("milestone-retitled", "1.4.2.1", "title", "a", evil, f"retitled: {evil}")
    diff = DiffReport("main", "head", AS_OF, (change,))
    problem = Problem("unknown-field", f"unknown field '{evil}'", "plan/priority-1.yaml", 1, 1)
    outputs = {
        "status": status_render.render_text(report),
        "status-colour": status_render.render_text(report, COLOUR),
        "status-markdown": status_render.render_markdown(report),
        "milestones": milestone_render.list_text(rows, len(rows), AS_OF),
        "milestones-colour": milestone_render.list_text(rows, len(rows), AS_OF, COLOUR),
        "milestones-markdown": milestone_render.list_markdown(rows, len(rows), AS_OF),
        "show": milestone_render.show_text(detail, AS_OF),
        "show-colour": milestone_render.show_text(detail, AS_OF, COLOUR),
        "highlight-text": papers_text.render_text(highlight_document(papers)),
        "diff": diff_render.render_text(diff),
        "diff-markdown": diff_render.render_markdown(diff),
        "check": problems.render_text([problem], lambda _f, _l: "", 1),
        "check-github": problems.render_github([problem]),
    }
    for fmt in ("text", "markdown"):
        outputs[f"actions-{fmt}"] = board_render.render_actions(list_actions(repo, AS_OF), fmt)
        outputs[f"risks-{fmt}"] = board_render.render_risks(list_risks(repo, AS_OF), fmt)
        outputs[f"heatmap-{fmt}"] = board_render.render_heatmap(heatmap(repo, AS_OF), fmt)
        view = show_meeting(repo, "2025-11-03")
        outputs[f"meeting-{fmt}"] = board_render.render_meeting(view, fmt)
        plan = forward_plan(repo, AS_OF)
        outputs[f"forward-plan-{fmt}"] = board_render.render_forward_plan(plan, fmt)
    # The renderers' own styles: each colour, bold (a table's header, bold over a colour
    # in a colour's header cell), dim, and the reset.
    our_colours = re.compile(r"\x1b\[(?:1;)?(?:31|38;5;208|33|32|34)m|\x1b\[(?:1|2|0)m")
    for name, output in outputs.items():
        plain = our_colours.sub("", output) if name.endswith("-colour") else output
        assert not RAW_CONTROL.search(plain), (name, output)
        assert "x1b" in plain, (name, output)  # shown, as text
        assert name.startswith("heatmap") or "pwned" in plain, (name, output)
    assert "\x1b[1;31m✖ Red (off track)\x1b[0m" in outputs["status-colour"]


def test_escape_terminal_keeps_tabs_and_line_breaks() -> None:
    assert (
        escape_terminal("a\tb\nc\x1b[2Jd\x07\x7f\x9b\r") == "a\tb\nc\\x1b[2Jd\\x07\\x7f\\x9b\\x0d"
    )


# -- Markdown ----------------------------------------------------------------------------------

HOSTILE = (
    "<img src=x onerror=alert(1)> [click](javascript:alert(1)) "
    "![tracker](https://tracker.example/p.png) <https://evil.example/> "
    "<script>alert(2)</script> | cell @lead $x$ ~~gone~~ # heading"
)
"""Text that passes every check and would be live Markdown or HTML if not escaped."""

HOSTILE_ID = "<img>[x](javascript:alert(1))"
"""A risk id that passes the id character set (no space, '/' or '\\') and is markup."""

HOSTILE_MEETING = meeting(
    "2025-11-03",
    "held",
    textwrap.dedent(f"""\
        actions_raised:
          - "2025-11-03/A1"
          - "2025-11-03/A2"
        standing_items:
          - '{HOSTILE}'
        agenda:
          - number: "1"
            title: '{HOSTILE}'
            challenges:
              - challenge: '{HOSTILE}'
        risks_added:
          - '{HOSTILE_ID}'
        forward_plan:
          - item: '{HOSTILE}'
            meeting: "2025-12-05"
        """),
)


def _hostile_board(tmp_path: Path) -> Path:
    priority = PRIORITY.replace(
        "title: Outcomes framework agreed by the board", f"title: '{HOSTILE}'"
    ).replace("reason: Partners asked for a second round of comments.", f"reason: '{HOSTILE}'")
    actions = (
        "actions:\n"
        '  - id: "2025-11-03/A1"\n'
        '    meeting: "2025-11-03"\n'
        "    number: 1\n"
        f"    text: '{HOSTILE}'\n"
        f"    owner: '{HOSTILE}'\n"
        "    due: 2025-12-05\n"
        "    status: open\n"
        "    links:\n"
        f"      - '{HOSTILE_ID}'\n"
        "    updates:\n"
        "      - on: 2025-11-20\n"
        f"        note: '{HOSTILE}'\n"
        '  - id: "2025-11-03/A2"\n'
        '    meeting: "2025-11-03"\n'
        "    number: 2\n"
        "    text: Bring the joint commissioning arrangements to the January board.\n"
        "    owner: Director of Commissioning\n"
        "    due: 2026-01-15\n"
        "    status: open\n"
    )
    risks = (
        "risks:\n"
        f"  - id: '{HOSTILE_ID}'\n"
        f"    title: '{HOSTILE}'\n"
        f"    description: '{HOSTILE}'\n"
        f"    owner: '{HOSTILE}'\n"
        "    category: capacity\n"
        "    raised_at: '2025-11-03'\n"
        "    likelihood: 4\n"
        "    impact: 4\n"
        "    target:\n"
        "      likelihood: 2\n"
        "      impact: 3\n"
    )
    return hostile_clone(
        tmp_path,
        {
            "plan/priority-1.yaml": priority,
            "tracker/actions.yaml": actions,
            "risks/register.yaml": risks,
            "meetings/2025-11-03.yaml": HOSTILE_MEETING,
        },
    )


class _Elements(HTMLParser):
    """Every element and attribute in a piece of HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


INERT_TAGS = {
    *(
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "p",
        "ul",
        "ol",
        "li",
        "strong",
        "em",
        "blockquote",
        "code",
    ),
    *("table", "thead", "tbody", "tr", "th", "td", "details", "summary", "br"),
}
PLAIN_LINK = re.compile(r"(?:https?://|mailto:)[^\s\"'<>]*")


def _assert_inert_markdown(markdown: str) -> None:
    """What GitHub would show: no image, script, raw HTML or handler from the data, no
    link but a plain URL showing itself (GitHub links bare URLs), and every table row as
    wide as its header (no '|' broke out of a cell)."""
    assert "![" not in markdown
    html = cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)
    parser = _Elements()
    parser.feed(html)
    for tag, attrs in parser.tags:
        if tag == "a":
            assert list(attrs) == ["href"] and PLAIN_LINK.fullmatch(attrs["href"] or ""), html
        elif tag in {"td", "th"}:
            assert set(attrs) <= {"align"}, html
        else:
            assert tag in INERT_TAGS and not attrs, html
    for table in re.findall(r"<table>.*?</table>", html, flags=re.S):
        rows = re.findall(r"<tr>.*?</tr>", table, flags=re.S)
        assert len({row.count("<td") + row.count("<th") for row in rows}) == 1, table
    assert "&lt;img src=x onerror=alert(1)&gt;" in html  # the data is there, as text
    assert "[click](javascript:alert(1))" in html


MARKDOWN_COMMANDS = {
    "status": ("status",),
    "milestones": ("milestones",),
    "actions": ("actions",),
    "risks": ("risks",),
    "risks-heatmap": ("risks", "heatmap"),
    "meeting-show": ("meeting", "show", "2025-11-03"),
    "forward-plan": ("forward-plan",),
}


@pytest.mark.parametrize("command", MARKDOWN_COMMANDS.values(), ids=MARKDOWN_COMMANDS.keys())
def test_markdown_of_every_report_is_inert(
    cli: Cli, tmp_path: Path, command: tuple[str, ...]
) -> None:
    clone = _hostile_board(tmp_path)
    assert cli("--repo", str(clone), "check").exit_code == 0
    as_of = () if command[0] == "meeting" else ("--as-of", "2025-11-03")
    result = cli("--repo", str(clone), *command, *as_of, "--format", "markdown")
    assert result.exit_code == 0, result.output
    if command == ("risks", "heatmap"):  # only ids reach the heat map
        html = cmarkgfm.github_flavored_markdown_to_html(
            result.stdout, options=Options.CMARK_OPT_UNSAFE
        )
        assert "![" not in result.stdout
        assert "<img" not in html and "href" not in html, html
        assert "&lt;img&gt;[x](javascript:alert(1))" in html
        return
    _assert_inert_markdown(result.stdout)


def test_the_board_pack_markdown_is_inert(cli: Cli, tmp_path: Path) -> None:
    clone = _hostile_board(tmp_path)
    result = cli("--repo", str(clone), "report", "board-pack", "--as-of", "2025-11-03")
    assert result.exit_code == 0, result.output
    # The pack embeds its charts as images on purpose: set them aside, check the rest.
    text = re.sub(r"!\[[^\]\n]*\]\(data:image/svg\+xml;base64,[A-Za-z0-9+/=]+\)", "", result.stdout)
    _assert_inert_markdown(text)


def test_one_markdown_escape_for_every_renderer() -> None:
    """The papers, the diff and the reports share one function (the diff's old test)."""
    from sendtrack.render import diff, papers_markdown

    assert papers_markdown.escape is escape_markdown
    assert diff.escape_markdown is escape_markdown
    assert escape_markdown("*Phase 1* | @lead <b>#12</b> [x](y) _a_ ~b~ `c` $5m & !") == (
        r"\*Phase 1\* \| \@lead \<b\>\#12\</b\> \[x\](y) \_a\_ \~b\~ \`c\` \$5m \& \!"
    )
    assert escape_markdown("two\nlines\x1b") == "two lines\\\\x1b"
