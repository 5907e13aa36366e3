"""The one way every write command plans and applies a change (``planned.PlannedEdit``).

Plan edits (``plan.edits``) and board writes (``board``) build a ``PlannedEdit``: text
patches made by ``store.edits.Editor``, the diff to show, and a commit that re-checks the
whole edited repository (``checks.validate.problems_introduced``) before anything on disk
changes. It sits above ``checks`` because the re-check is the checks; ``store`` stays
below both and knows nothing of them.
"""
