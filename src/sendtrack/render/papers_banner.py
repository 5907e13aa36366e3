"""The banner at the top of a paper whose figures leave files out (issue 14 §4).

A paper is read away from the terminal that made it, so the warning a read command
prints on stderr goes into the paper too, before anything else: which files are not
counted, and each of their problems.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from sendtrack.render.papers_layout import Block, Bullets, Document, Paragraph, Strong


def with_banner(document: Document, head: str, lines: Sequence[str]) -> Document:
    """``document`` with the banner (``head``, then one bullet per problem) first."""
    banner: list[Block] = [Paragraph((Strong(head),)), Bullets(tuple((line,) for line in lines))]
    return replace(document, blocks=[*banner, *document.blocks])
