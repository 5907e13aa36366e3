"""The terminal: how wide it is, whether to colour, and rich consoles that render to text.

Every terminal renderer (status, milestones, the board's listings, the text papers) draws
with rich, the stack's console library: tables whose cells wrap to fit the width,
widths measured in terminal cells (a symbol, an accent or a CJK character counts as
what it takes on screen), and styles that become escape codes only where colour is on.
They all render through ``render()`` to a string, so the CLI prints it (and the cache of
whole outputs keeps it) like any other text. Hanging items, one-line rows and plain
lines, by far the most of a large status, are laid out by ``render.layout`` with the
primitives rich's tables use underneath, to the same bytes.

Text from the data is made safe here, once for every renderer: the consoles made by
``console()`` pass every string through ``escaping.escape_terminal`` as rich turns it
into text (table cells and headers included, and when measuring them), and ``text()``
escapes its value, so a control character is shown as ``\\x1b``-style text and sized
as such, before any style is applied. The only escape codes in the output are the ones
rich adds for colour.

What decides the width and the colour (``detect``), in order:

* ``--width N`` (the CLI's global option) wins: output for goldens and scripts;
* else ``COLUMNS``, when set (how pipelines and tests fix it);
* else the terminal's own width when output goes to one;
* else ``DEFAULT_WIDTH``: a pipe or a file gets the same lines on every machine.

Colour only on a terminal, never with ``NO_COLOR`` set or ``TERM=dumb``; every colour is
printed with its symbol and its word anyway, so nothing depends on it.

Importing this module is cheap (no rich); the width and colour themselves are decided
by ``terminal.py``, which needs only ``os``. rich is imported inside the functions that
draw (``rich.table`` alone costs ~35 ms, which ``--help`` must not pay).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO

from sendtrack.core.escaping import escape_terminal
from sendtrack.render.terminal import DEFAULT_WIDTH, measure

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.table import Table
    from rich.text import Text

    from sendtrack.render.layout import Hanging

_TRAILING = re.compile(r"(?:\s|\x1b\[[0-9;]*m)+$")
"""Spaces at the end of a line, and the escape codes among them (rich pads styled
header cells inside their style)."""


@dataclass(frozen=True)
class Terminal:
    """Where text output goes: its width in cells and whether it may be coloured."""

    width: int = DEFAULT_WIDTH
    colour: bool = False
    interactive: bool = False
    """Output goes to a terminal (with or without colour), not a pipe or a file."""


PLAIN = Terminal()
"""No colour, ``DEFAULT_WIDTH``: what library callers and tests get by default."""


def detect(width: int | None = None, *, stream: TextIO) -> Terminal:
    """The width and colour for output to ``stream`` (the CLI's stdout); see the module
    doc. The stream is the caller's: only the CLI touches the terminal."""
    return Terminal(*measure(width, stream))


def console(terminal: Terminal, file: TextIO | None = None) -> Console:
    """A rich console for ``terminal``, writing to ``file`` (default: a string buffer).

    Everything rich would read from the environment is decided here instead (width,
    colour), so the same ``Terminal`` gives the same bytes on any machine; no markup,
    emoji codes or highlighting are applied to the data's text.
    """
    from rich.console import Console

    class EscapingConsole(Console):
        """A console that escapes every string it is given before rich styles it."""

        def render_str(self, text: str, **options: Any) -> Text:
            return super().render_str(escape_terminal(text), **options)

    return EscapingConsole(
        file=file if file is not None else io.StringIO(),
        width=terminal.width,
        force_terminal=terminal.colour,
        no_color=not terminal.colour,
        color_system="256" if terminal.colour else None,
        markup=False,
        emoji=False,
        highlight=False,
        soft_wrap=False,
        legacy_windows=False,
        _environ={},
    )


def render(terminal: Terminal, *renderables: RenderableType | str) -> str:
    """``renderables`` printed one after another on a console for ``terminal``, as text.

    Lines carry no trailing spaces (rich pads table rows to the table's width).

    Strings, plain ``Text``, ``indented`` ones, ``hanging`` items and ``LineRows`` are
    laid out by ``render.layout`` with rich's own wrapping (``Text.wrap``) and printed
    together, in one ``print`` per run of them: a status of 10,000 milestones has
    thousands of such lines, and a ``print`` or a table per line cost seconds. Anything
    else is printed by rich as it comes. Both give the same bytes
    (tests/render/test_render_identity.py).
    """
    from sendtrack.render.layout import RUN, laid_out, print_lines

    buffer = io.StringIO()
    out = console(terminal, buffer)
    options = out.options  # the console's own: what ``print`` draws with
    lines: list[Text] = []
    printed: list[str] = []
    for renderable in renderables:
        laid = laid_out(out, options, renderable)
        if laid is None:
            print_lines(out, lines)
            out.print(renderable)
            _take_lines(buffer, printed)
        else:
            lines.extend(laid)
            if len(lines) >= RUN:  # printed as they come, not all kept until the end
                print_lines(out, lines)
                _take_lines(buffer, printed)
    print_lines(out, lines)
    _take_lines(buffer, printed, everything=True)
    return "".join(printed)


def _take_lines(buffer: io.StringIO, printed: list[str], *, everything: bool = False) -> None:
    """Move the whole lines printed into ``buffer`` (``everything``: and the rest) to
    ``printed``, each trimmed and ended: taken as they come, a 100,000-milestone status
    never holds its text in more than two copies (split into lines at the end, it held
    five, ~25 MB)."""
    text = buffer.getvalue()
    whole = len(text) if everything else text.rfind("\n") + 1
    if whole:
        printed.append("".join(_trimmed(line) + "\n" for line in text[:whole].splitlines()))
        buffer.seek(0)
        buffer.truncate()
        buffer.write(text[whole:])


def _trimmed(line: str) -> str:
    """``line`` without trailing spaces; styles still open there are reset."""
    if "\x1b" not in line:
        return line.rstrip()  # the same white space as the pattern's \s, and no codes
    match = _TRAILING.search(line)
    if match is None:
        return line
    return line[: match.start()] + ("\x1b[0m" if "\x1b" in match.group() else "")


def table() -> Table:
    """An empty table in the house style: a header and a rule under it, no borders,
    columns two spaces apart (put it in ``indented`` to set it in from the left)."""
    from rich import box
    from rich.table import Table

    return Table(
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        padding=(0, 1, 0, 0),
        header_style="bold",
    )


def grid(gap: int = 2) -> Table:
    """Columns with no header or rule, ``gap`` cells apart: hanging indents ('label  text
    that wraps under itself') and one-line listings."""
    from rich.table import Table

    return Table.grid(padding=(0, gap, 0, 0))


def text(value: str, style: str | None = None) -> Text:
    """Plain text (never markup) with an optional style, e.g. a colour's ``style``."""
    from rich.text import Text

    return Text(escape_terminal(value), style=style or "")


def hanging(lead: str | Text, body: str | Text, gap: int = 2) -> Hanging:
    """'lead  body' with the body wrapping under itself, ``gap`` cells after the lead:
    an id and its title, a label and its value, a bullet and its item."""
    from sendtrack.render.layout import Hanging

    return Hanging(lead, body, gap)


def indented(value: RenderableType, left: int) -> RenderableType:
    """``value`` (a paragraph, a table) drawn ``left`` cells in, within the width."""
    from rich.padding import Padding

    return Padding(value, (0, 0, 0, left)) if left else value


def cell_width(value: str) -> int:
    """How many terminal cells ``value`` takes (escape codes excluded)."""
    from rich.cells import cell_len

    if value.isprintable():
        # No escape code, control character or line break: nothing for ``from_ansi`` to
        # take out, and decoding one costs 40 times the measuring.
        return cell_len(value)
    from rich.text import Text

    return cell_len(Text.from_ansi(value).plain)


def flow(parts: list[Text], width: int, *, separator: str = " · ", indent: int = 2) -> list[Text]:
    """``parts`` joined by ``separator`` in lines of at most ``width`` cells, a line
    breaking only between parts (so '▲ Amber (delayed) 7' is never split), lines after
    the first ``indent`` cells in. A part wider than a line gets a line of its own
    (rich then wraps it)."""
    from rich.text import Text

    lines: list[Text] = []
    line = Text()
    for part in parts:
        if line.plain and line.cell_len + len(separator) + part.cell_len > width:
            lines.append(line)
            line = Text(" " * indent)
        elif line.plain and line.plain.strip():
            line.append(separator)
        line.append_text(part)
    lines.append(line)
    return lines
