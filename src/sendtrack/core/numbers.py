"""The one percentage rule: whole numbers, rounded half up, counts always beside them.

Why one function: the board's figures are quoted in minutes and compared month to month
("79 (83%) of 95"). Python's ``round`` rounds half to even (``round(42.5) == 42``) and
floating point puts some halves just below .5, so two reports rounding their own way
would disagree by a point. Every report calls ``percent`` and nothing else.
"""

from __future__ import annotations


def percent(part: int, whole: int) -> int:
    """``part`` as a whole-number percentage of ``whole``, rounded half up, in integers.

    0 of 0 is 0%: an empty workstream has nothing started, and a report must not divide
    by zero. ``part`` must lie between 0 and ``whole``.
    """
    if whole < 0 or not 0 <= part <= max(whole, 0):
        raise ValueError(f"cannot take {part} as a percentage of {whole}")
    if whole == 0:
        return 0
    # floor(100 * part / whole + 1/2) without floating point.
    return (200 * part + whole) // (2 * whole)


def count_and_percent(part: int, whole: int) -> str:
    """'79 (83%)': the count first, the percentage beside it, as the board writes it."""
    return f"{part} ({percent(part, whole)}%)"
