"""Board papers as data: the highlight report, the board pack, their charts and exports.

A library package (no Typer, no console, no file writes): each module computes a report
object from a loaded ``Repository``, the status report and a reporting period, and the
renderers in ``sendtrack.render.papers_*`` turn it into Markdown, HTML or text.
matplotlib and openpyxl are imported inside the functions that draw or write, never at
module level, so ``sendtrack --help`` and the other commands never pay for them.
"""
