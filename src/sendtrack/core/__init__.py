"""Values every stage shares: the one problem shape and its catalogue, dates, numbers.

Imports nothing else from sendtrack, so the reader, the domain packages, the checks and
the renderers can all use it without an import running back up the flow.
"""
