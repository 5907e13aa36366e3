"""Ids as people read them: natural order, so ``priority-2`` comes before ``priority-10``.

Ids are text exactly as written (``1.10`` is not ``1.1``), and text sorts ``C11`` before
``C3``. A plan's reader expects the order the plan prints: numbers inside an id compare
as numbers. Every listing that orders items by id (and the plan's top level, whose files
would otherwise come in file-name order) uses ``natural_key``.
"""

from __future__ import annotations

import re

_PARTS = re.compile(r"(\d+)")


def natural_key(value: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key: 1.9 before 1.10, R2 before R10, 'IP 3.5' before 'IP 3.10'.

    Digit runs compare as numbers and every other run as text (case-folded, so 'c3' and
    'C3' sit together); a number sorts before text at the same place.
    """
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part.casefold())
        for part in _PARTS.split(value)
        if part
    )
