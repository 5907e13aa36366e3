"""Bytes ↔ data: the one YAML reader (positions, guards), loading into models, the
repository value, the model cache, edits spliced at parsed positions, atomic multi-file
writes and their journal, reading git revisions, the starter repository and JSON Schemas.

The bottom of the flow: it imports ``core`` and ``models`` only, never a domain package
(plan, board, papers), the checks or the renderers.
"""
