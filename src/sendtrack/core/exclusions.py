"""Which files a figure leaves out, in the words printed beside it.

When some files have problems, read commands still report (issue 14 §4: board day is
never blocked by one typo), but every total says what it does not count: "95 milestones
… (excluding plan/priority-3.yaml)". A total names only the files that would have
counted in it: a broken risk register does not mark the milestone totals.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Exclusions:
    """The data files left out of the figures (root-relative paths with '/')."""

    files: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.files)

    def of(self, *folders: str) -> tuple[str, ...]:
        """The files left out under ``folders`` ('plan', 'tracker'…; none: every file).
        The partnership settings are never among them: without them nothing is counted."""
        return tuple(file for file in self.files if not folders or file.split("/", 1)[0] in folders)

    def phrase(self, *folders: str) -> str:
        """'excluding plan/priority-3.yaml', or '' when nothing there is left out."""
        left = self.of(*folders)
        return f"excluding {', '.join(left)}" if left else ""

    def mark(self, text: str, *folders: str) -> str:
        """``text`` with the phrase after it in brackets, when there is one."""
        phrase = self.phrase(*folders)
        return f"{text} ({phrase})" if phrase else text
