"""The text renderers' quick layout gives the bytes rich's tables give.

``render.console`` lays out strings, indented text, ``hanging`` items and ``LineRows``
itself, with rich's ``Text.wrap``, instead of a rich ``Table`` per item and a ``print``
per renderable (seconds on a 10,000-milestone status). rich's tables are the truth: the
reference here is the construction every renderer used before, kept in this module (a
grid per hanging item and per group of exceptions, ``Text.from_ansi`` to measure, one
``print`` each), and the status, over the shipped data, a generated repository and
hostile text (wide and combining characters, control characters, tabs, line breaks,
words longer than the line, empty fields), must come out byte for byte the same at
every width, with colour and without, verbose or not.
"""

from __future__ import annotations

import dataclasses
import io
import re
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from sendtrack.plan.status import MilestoneRow, StatusReport, compute_status
from sendtrack.render import console, status
from sendtrack.render.layout import LineRows
from sendtrack.render.terminal import MIN_WIDTH
from sendtrack.store.loader import load
from tests.conftest import PROJECT_ROOT

WIDTHS = (40, 80, 123, 200)
BOARD_DAY = date(2025, 11, 3)

HOSTILE = (
    "特別支援教育の計画 — 全ての学校で実施する 🎓👩‍👩‍👧 家族と一緒に",
    "Re\u0301vision des plans de l'e\u0301cole, cafe\u0301 au lait, nai\u0308ve",
    "Bell\x07 and escape \x1b[31mred\x1b[0m and DEL\x7f and C1\x9b",
    "Tabs\there\tand\tthere, then a long tab\t\tgap",
    "",
    " leading and trailing spaces ",
    "ends in other white space\u3000\u00a0\u2003",
    "Supercalifragilisticexpialidocious" * 4,
    "ａｂｃ全角ｄｅｆ" * 9,
    "https://example.org/a/very/long/path/that/never/breaks/at/a/space/anywhere/at/all.html",
)
"""One-line titles no renderer may mangle differently from rich's tables."""

BROKEN = ("First line\nsecond line", "\n", "ends with a break\n")
"""Titles with line breaks: a row of the exception lines becomes two (rich's table)."""


# -- the reference: how every renderer drew before the quick layout ------------------


def reference_render(terminal: console.Terminal, *renderables: RenderableType | str) -> str:
    buffer = io.StringIO()
    out = console.console(terminal, buffer)
    for renderable in renderables:
        out.print(renderable)
    return "".join(reference_trimmed(line) + "\n" for line in buffer.getvalue().splitlines())


TRAILING = re.compile(r"(?:\s|\x1b\[[0-9;]*m)+$")


def reference_trimmed(line: str) -> str:
    match = TRAILING.search(line)
    if match is None:
        return line
    return line[: match.start()] + ("\x1b[0m" if "\x1b" in match.group() else "")


def reference_hanging(lead: str | Text, body: str | Text, gap: int = 2) -> Table:
    rows = console.grid(gap)
    rows.add_column(no_wrap=True)
    rows.add_column(ratio=1, overflow="fold")
    rows.add_row(lead, body)
    return rows


def reference_cell_width(value: str) -> int:
    return cell_len(Text.from_ansi(value).plain)


def reference_exception_lines(
    cells: Sequence[tuple[Text, str, str, str, str]], widths: Sequence[int]
) -> Table:
    """The grid of exception lines (``widths``: the badge, id, date and slip columns')."""
    lines = console.grid()
    lines.expand = True
    lines.add_column(no_wrap=True, width=widths[0])
    lines.add_column(no_wrap=True, width=widths[1])
    lines.add_column(ratio=1, no_wrap=True, overflow="ellipsis", min_width=8)
    lines.add_column(no_wrap=True, justify="right", width=widths[2])
    lines.add_column(no_wrap=True, justify="right", width=widths[3])
    for row in cells:
        lines.add_row(*row)
    return lines


@contextmanager
def the_old_way() -> Iterator[None]:
    """The renderers draw as before inside this."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(console, "render", reference_render)
        patch.setattr(console, "hanging", reference_hanging)
        patch.setattr(console, "cell_width", reference_cell_width)
        patch.setattr(status, "_exception_lines", reference_exception_lines)
        yield


def both(draw: Callable[..., str], *args: object, **options: object) -> tuple[str, str]:
    """``draw(*args, **options)`` the new way and the old way."""
    new = draw(*args, **options)
    with the_old_way():
        old = draw(*args, **options)
    return new, old


# -- reports ---------------------------------------------------------------------------


def _generated(tmp: Path) -> StatusReport:
    out = tmp / "generated"
    subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "benchmarks" / "generate.py"),
         "--milestones", "60", "--out", str(out), "--seed", "3"],
        check=True,
        capture_output=True,
    )  # fmt: skip
    repo, problems = load(out)
    assert not problems
    return compute_status(repo, date(2026, 12, 2))


def _cycled(values: Sequence[str]) -> Iterator[str]:
    while True:
        yield from values


def _hostile(report: StatusReport, titles: Sequence[str]) -> StatusReport:
    """``report`` with its texts, and some ids, replaced by hostile ones."""
    text = _cycled(titles)
    ids = _cycled(["\u5b66\u6821-1", "id\x1b[2J", "x" * 70, "é-1\u0301"])

    def row(item: MilestoneRow, n: int) -> MilestoneRow:
        return dataclasses.replace(
            item,
            title=next(text),
            reason=next(text),
            id=next(ids) if n % 5 == 0 else item.id,
        )

    exceptions = [row(item, n) for n, item in enumerate(report.exceptions)]
    return dataclasses.replace(
        report,
        board=next(text) + " board",
        exceptions=exceptions,
        awaiting_board=[
            dataclasses.replace(a, milestone=row(a.milestone, n), reason=next(text))
            for n, a in enumerate(report.awaiting_board)
        ],
        overdue_actions=[
            dataclasses.replace(a, text=next(text), owner=next(text), id=next(ids))
            for a in report.overdue_actions
        ],
        withdrawn=[row(item, n) for n, item in enumerate(report.withdrawn)],
        due_before_next=exceptions[:6],
        by_priority=[
            dataclasses.replace(group, name=next(text), short=next(text) if n % 2 else None)
            for n, group in enumerate(report.by_priority)
        ],
        notes=[*report.notes, next(text)],
    )


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, StatusReport]:
    shipped, problems = load(PROJECT_ROOT)
    assert not problems
    generated = _generated(tmp_path_factory.mktemp("identity"))
    # One group of exceptions with a line break in a title (rich's table draws it),
    # the others with one-line hostile titles (the quick layout).
    first = generated.exceptions[0].workstream
    broken = _hostile(generated, HOSTILE)
    broken = dataclasses.replace(
        broken,
        exceptions=[
            dataclasses.replace(item, title=BROKEN[n % len(BROKEN)])
            if item.workstream == first
            else item
            for n, item in enumerate(broken.exceptions)
        ],
        # A name of two lines: rich's table draws the priorities.
        by_priority=[
            dataclasses.replace(group, name="Two\nlines", short=None) if n == 1 else group
            for n, group in enumerate(broken.by_priority)
        ],
    )
    return {
        "shipped": compute_status(shipped, BOARD_DAY),
        "generated": generated,
        "hostile": _hostile(generated, HOSTILE),
        "broken": broken,
    }


def _boundary(report: StatusReport) -> list[int]:
    """Widths about where the exception lines' fixed columns leave the title too little
    and rich shrinks every column (the quick layout hands over to the table there)."""
    cells = [status._exception_cells(row) for row in report.exceptions]
    widths = [max((reference_cell_width(str(c[i])) for c in cells), default=0) for i in range(5)]
    edge = 4 + widths[0] + widths[1] + widths[3] + widths[4] + 3 * 2 + 3
    return [w for w in (edge - 1, edge, edge + 1) if w >= MIN_WIDTH]


# -- the proofs --------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["shipped", "generated", "hostile", "broken"])
def test_status_text_is_what_rich_tables_give(name: str, reports: dict[str, StatusReport]) -> None:
    report = reports[name]
    assert report.exceptions and report.awaiting_board
    for width in sorted({*WIDTHS, *_boundary(report)}):
        for colour in (False, True):
            terminal = console.Terminal(width=width, colour=colour)
            for verbose in (False, True):
                new, old = both(status.render_text, report, terminal, verbose=verbose)
                assert new == old, f"{name} at {width}, colour {colour}, verbose {verbose}"
                assert ("\x1b[" in new) == colour


HANGING: list[tuple[str | Text, str | Text, int]] = [
    ("p0001-1.2.3", "A title that wraps over several lines " * 4, 2),
    ("-", "a bullet", 1),
    ("", "no lead at all", 2),
    ("lead", "", 2),
    ("", "", 1),
    ("x" * 45, "a lead wider than a narrow line", 2),
    ("x" * 37, "a lead that leaves one cell", 2),
    ("two\nlines", "a lead of two lines and a body of one", 2),
    ("tab\there", "a lead with a tab\tand a body with one", 2),
    (console.text("▲ Amber (delayed)", "bold yellow"), "p1  styled lead " * 6, 2),
    ("Label:", console.text("a styled body that wraps, " * 5, "italic"), 1),
    ("k", Text.assemble("plain ", ("bold part", "bold"), " then plain again " * 4), 2),
    ("k", Text("justified", justify="right"), 2),
    *((t[:20] or "-", t, 2) for t in HOSTILE + BROKEN),
]


def _hung(terminal: console.Terminal, left: int) -> str:
    items = [console.indented(console.hanging(*item), left) for item in HANGING]
    return console.render(terminal, "before", *items, "", "after")


@pytest.mark.parametrize("width", [40, 41, 47, 48, 60, 80, 123, 200])
def test_hanging_is_what_the_grid_gives(width: int) -> None:
    """Every kind of lead and body the renderers hang, set in or not (milestones,
    board listings, papers and measures all draw with ``hanging``)."""
    for colour in (False, True):
        terminal = console.Terminal(width=width, colour=colour)
        for left in (0, 2, 6):
            new, old = both(_hung, terminal, left)
            assert new == old, f"width {width}, colour {colour}, set in {left}"


def test_cell_width_is_from_ansi_s() -> None:
    for value in (*HOSTILE, *BROKEN, "\x1b[1mbold\x1b[0m", "a\u2028b", "\u00a0nbsp", "\x85"):
        assert console.cell_width(value) == reference_cell_width(value), repr(value)


def test_line_rows_are_what_the_grid_gives() -> None:
    """Right-justified cells with trailing spaces, styled and empty cells, and cells
    wider than their columns, at widths either side of where rich shrinks them all."""
    badge = console.text("✖ Red (off track)", "bold red")
    rows: list[tuple[str | Text, ...]] = [
        (badge, "id-1", "A title", "1 Jan 2026", "slip 3 days"),
        (console.text("● Green", "green"), "", "", "trailing  ", ""),
        (badge, "x" * 12, "特別支援教育の計画" * 3, "", "wide 全角"),
        (console.text(""), "id\x1b[2J", "t\tab", "  lead", "slip 0 days"),
    ]
    widths = [17, 10, None, 10, 11]
    fixed = 17 + 2 + 10 + 2 + 10 + 2 + 11
    for width in (40, fixed + 2, fixed + 3, fixed + 4, 80, 123):
        for colour in (False, True):
            terminal = console.Terminal(width=width, colour=colour)
            with the_old_way():
                old = console.render(
                    terminal, LineRows(rows, widths, [False, False, False, True, True])
                    .table()
                )  # fmt: skip
            new = console.render(
                terminal, LineRows(rows, widths, [False, False, False, True, True])
            )
            assert new == old, f"width {width}, colour {colour}"
