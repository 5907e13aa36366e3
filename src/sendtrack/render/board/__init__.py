"""The board's own reports rendered as text, Markdown or JSON, a module for each of the
board's tools as in ``board/``: the action log (``actions``), the risk register and heat
map (``risks``), a meeting and the forward plan (``meetings``), over the tables and
formats they share (``common``). The commands import the renderers from here."""

from __future__ import annotations

from sendtrack.render.board.actions import render_actions
from sendtrack.render.board.meetings import render_forward_plan, render_meeting
from sendtrack.render.board.risks import render_heatmap, render_risks

__all__ = [
    "render_actions",
    "render_forward_plan",
    "render_heatmap",
    "render_meeting",
    "render_risks",
]
