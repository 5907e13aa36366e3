"""The one shape every problem takes, from YAML syntax to cross-file rules.

Problems are plain values: the loader and the checks return them, they never raise on
bad user data. Every renderer (text with a caret, JSON, GitHub annotations) reads the
same fields, so a problem found anywhere is reported the same way everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the repository, located as precisely as we can.

    ``line`` and ``column`` are 1-based; 0 means "the whole file" (a file that cannot be
    decoded at all, say). ``file`` is relative to the repository root, with ``/``.
    """

    code: str
    message: str
    file: str
    line: int = 0
    column: int = 0
    id: str | None = None
    hint: str = ""
    severity: Severity = Severity.ERROR

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.column, self.code)

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "id": self.id,
            "message": self.message,
            "hint": self.hint,
        }
