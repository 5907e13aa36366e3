"""What a reviewer and CI need: the diff keyed by id between two states, baseline
protection against rewritten history, and the personal-data guard.
"""
