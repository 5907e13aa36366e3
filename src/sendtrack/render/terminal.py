"""How wide standard output is and whether it may be coloured, from ``os`` alone.

The rules (``console.py``'s docstring has them in full): ``--width`` wins, then
``COLUMNS``, then the terminal's own width, then ``DEFAULT_WIDTH`` for a pipe or a
file; colour only on a terminal, never with ``NO_COLOR`` or ``TERM=dumb``. Kept apart
from ``console.py`` (its dataclass and regexes) because an unchanged repository's status
is answered from the output cache (``cli/stored_output.py``) with only this decided.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False
"""Not ``typing.TYPE_CHECKING``: importing typing costs the early answer ~4 ms, and type
checkers read any ``TYPE_CHECKING`` as true."""
if TYPE_CHECKING:
    from typing import TextIO

DEFAULT_WIDTH = 80
"""The width of a pipe or a file with no ``COLUMNS`` or ``--width``."""

MIN_WIDTH = 40
"""Narrower than this, no table can show its columns: render at this and let it wrap."""


def _columns() -> int | None:
    try:
        value = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        return None
    return value if value > 0 else None


def is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # replaced or closed streams
        return False


def colour_allowed(stream: TextIO) -> bool:
    """Colour only on a terminal, and never with ``NO_COLOR`` set or ``TERM=dumb``."""
    return (
        is_terminal(stream) and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
    )


def measure(width: int | None, stream: TextIO) -> tuple[int, bool, bool]:
    """The width in cells, colour or not, and whether ``stream`` is a terminal."""
    interactive = is_terminal(stream)
    chosen = width or _columns()
    if chosen is None and interactive:
        try:
            chosen = os.get_terminal_size(stream.fileno()).columns or None
        except (OSError, ValueError, AttributeError):
            chosen = None
    return max(MIN_WIDTH, chosen or DEFAULT_WIDTH), colour_allowed(stream), interactive
