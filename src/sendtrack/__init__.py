"""sendtrack: a SEND Priority Action Plan kept as YAML in git."""

__version__ = "0.1.0"
