"""Board papers as one self-contained HTML page: inline CSS, inline SVG charts, no network.

Rendered with Jinja2 and autoescaping, so every value from the data is escaped (a title
containing ``<script>`` prints as text); the only markup not escaped is the charts' SVG,
which matplotlib writes and escapes itself. The page is made to pass an accessibility
audit (axe-core, WCAG 2.2 AA): ``lang="en-GB"``, one ``h1`` and headings in order,
landmarks, tables with captions and ``th scope``, every colour beside its symbol and
name with dark text on a light tint, and each chart an ``img`` with an accessible name
and a caption giving its figures. ``@page`` sets A4 for printing; the paper's main
sections (and in the pack each workstream) start on a new page.
"""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined

from sendtrack.plan.colours import COLOURS
from sendtrack.render.papers_layout import (
    Badge,
    Bullets,
    Document,
    Facts,
    Figure,
    Heading,
    Paragraph,
    Strong,
    Table,
)


@cache
def _environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("sendtrack.render", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    kinds: dict[str, type] = {
        "badge": Badge,
        "strong": Strong,
        "heading": Heading,
        "paragraph": Paragraph,
        "facts": Facts,
        "bullets": Bullets,
        "table": Table,
        "figure": Figure,
    }
    for name, kind in kinds.items():
        environment.tests[name] = lambda value, kind=kind: isinstance(value, kind)
    return environment


def render_html(document: Document) -> str:
    """The document as a complete HTML page."""
    environment = _environment()
    css = environment.get_template("paper.css.j2").render(colours=COLOURS)
    return environment.get_template("paper.html.j2").render(document=document, css=css)
