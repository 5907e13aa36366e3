"""The board's own tools: the action log, the risk register and the meeting cycle.

A library package (no Typer, no console): each module computes report objects from a
loaded ``Repository`` and an as-of date, and plans writes as ``PlannedEdit`` values
(``edit.planned``) that show their diff or commit through ``store.edits`` (journaled,
re-validated, atomic).
"""
