"""The improvement plan as a domain: health and colour of milestones, the status
report, queries over milestones, and plan edits (update, re-profile, agree, withdraw).
"""
