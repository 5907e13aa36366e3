"""Board papers as data: the highlight report, the board pack, the burn-up figures, the
reporting period, and the rows of the spreadsheet export.

A library package (no Typer, no console, no file writes): each module computes a report
object from a loaded ``Repository``, the status report and a reporting period, and the
renderers in ``sendtrack.render`` (``papers_*``, ``charts``, ``export``) turn it into
Markdown, HTML, text, charts or spreadsheets. Nothing here imports matplotlib or
openpyxl, so ``sendtrack --help`` and the other commands never pay for them.
"""
