"""Problems rendered for people (text with a caret), for tools (json), and for GitHub.

A message can quote the data (an unknown key, a bad value), so text for a terminal or a
CI log goes out through ``escaping.escape_terminal``: a control character in a
repository shows as ``\\x1b``, it never acts.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from sendtrack.core.escaping import escape_terminal
from sendtrack.core.problems import Problem, Severity

SourceLookup = Callable[[str, int], str]
"""A file's line by number, for the excerpt under a problem (``store.yamlio.source_lookup``
builds one from the documents read)."""


def render_text(problems: Sequence[Problem], line_of: SourceLookup, files_read: int) -> str:
    out: list[str] = []
    for problem in problems:
        out.append(
            f"{problem.file}:{problem.line}:{problem.column}: {problem.code} {problem.message}"
        )
        source = line_of(problem.file, problem.line) if problem.line else ""
        if source:
            gutter = f"{problem.line:>5} | "
            out.append(gutter + source.rstrip("\r"))
            caret_pad = "".join(
                "\t" if ch == "\t" else " " for ch in source[: max(problem.column - 1, 0)]
            )
            out.append(" " * (len(gutter) - 2) + "| " + caret_pad + "^")
        if problem.hint:
            out.append(f"  hint: {problem.hint}")
        out.append("")
    out.append(summary(problems, files_read))
    return escape_terminal("\n".join(out) + "\n")


def summary(problems: Sequence[Problem], files_read: int) -> str:
    errors = sum(1 for p in problems if p.severity is Severity.ERROR)
    warnings = len(problems) - errors
    files = f"{files_read} file{'s' if files_read != 1 else ''}"
    if not problems:
        return f"ok: no problems in {files}"
    parts = [f"{errors} error{'s' if errors != 1 else ''}"]
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return f"{', '.join(parts)} in {files}"


def render_json(problems: Sequence[Problem]) -> str:
    ok = not any(p.severity is Severity.ERROR for p in problems)
    return json.dumps({"ok": ok, "problems": [p.as_dict() for p in problems]}, indent=2) + "\n"


def _escape_github(text: str, *, property_value: bool = False) -> str:
    # The workflow-command escaping GitHub documents for messages and properties.
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def render_github(problems: Sequence[Problem]) -> str:
    lines = []
    for problem in problems:
        level = "error" if problem.severity is Severity.ERROR else "warning"
        message = f"{problem.code}: {problem.message}"
        if problem.hint:
            message += f" (hint: {problem.hint})"
        lines.append(
            f"::{level} file={_escape_github(problem.file, property_value=True)},"
            f"line={problem.line},col={problem.column},"
            f"title={_escape_github(problem.code, property_value=True)}::"
            f"{_escape_github(message)}"
        )
    return escape_terminal("\n".join(lines) + ("\n" if lines else ""))
