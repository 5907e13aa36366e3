"""``sendtrack migrate``: rewrite an older repository in the current schema, keeping
every comment, key order, quote and unknown line a person wrote.

Why ruamel's round-trip mode here, when every other write patches text at a parsed
position (``edits.py``): a migration is a structural rewrite of whole files (a key
renamed, a block moved, a version added) and round-trip mode exists for exactly that.
It is configured to write what it read: the file's own indentation (guessed from the
file), quotes kept, no line wrapping, its line endings and byte-order mark restored. On
every file of the shipped data an unchanged round trip is byte for byte the same.

Nothing is trusted blindly. A file is read first by sendtrack's own reader, with its
guards (no anchors, aliases, tags or deep nesting), and a file that does not read
cleanly is not migrated. Each migrated file is proved afterwards: read again, its data
must be the original's with only what the migration steps changed — never a value that
a re-dump altered. Then the whole repository is re-checked with the new files, and the
files are written together or not at all (``journal.write_files``).

``STEPS`` holds one step per schema version. Schema 2 (levels and words, bodies,
added_on, carried forward, links, undated milestones, the lead's rating) added only
optional fields, so the step from 1 to 2 changes nothing but ``schema_version``.
"""

from __future__ import annotations

import difflib
import io
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.util import load_yaml_guess_indent

from sendtrack.core.problems import Problem, Severity
from sendtrack.models.schema import CURRENT_SCHEMA
from sendtrack.store.edits import FileChange, unified_diff
from sendtrack.store.journal import Replacement, write_files
from sendtrack.store.loader import data_files, kind_of
from sendtrack.store.yamlio import read_for_models

KEY = "schema_version"
_BOM = "\ufeff"

StepFunction = Callable[[CommentedMap, str], list[str]]
"""Changes one file's document in place (its kind given); returns what it did, in words."""


def _schema_2(document: CommentedMap, kind: str) -> list[str]:
    """Schema 2 only added optional fields: nothing to rewrite."""
    return []


STEPS: dict[int, StepFunction] = {1: _schema_2}
"""Version N → the step that brings a file from N to N + 1."""


class MigrationError(Exception):
    """The repository cannot be migrated as it stands; nothing was written."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


@dataclass
class Migration:
    """What ``migrate`` would write: each changed file, and what changed in words."""

    root: FsPath
    changes: list[FileChange] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)
    unchanged: int = 0
    """Files already at the current schema."""

    def diff(self) -> str:
        return unified_diff(self.changes)

    def commit(self, recheck: Callable[[Mapping[str, bytes]], list[Problem]]) -> None:
        """Re-check the repository with the migrated files (``recheck``: the problems they
        introduce, passed in because store sits below checks), then write them all at once."""
        if not self.changes:
            return
        fresh = recheck({change.file: change.after for change in self.changes})
        errors = [p for p in fresh if p.severity is Severity.ERROR]
        if errors:
            raise MigrationError("the migrated files would not check cleanly", errors)
        # Each file is written only if it still holds the bytes the migration read.
        write_files(self.root, [Replacement(c.file, c.before, c.after) for c in self.changes])


def _yaml(text: str) -> YAML:
    """A round-trip YAML that writes a file back the way it was written."""
    _, sequence_indent, dash_offset = load_yaml_guess_indent(text)
    sequence = sequence_indent or 2
    offset = dash_offset or 0
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never wrap a long line (the plan's wording is one line)
    yaml.indent(mapping=max(sequence - offset, 2), sequence=sequence, offset=offset)
    return yaml


def file_version(data: Mapping[str, Any]) -> int:
    """The schema a file's data says it is in; 1 when it says nothing."""
    value = data.get(KEY, 1)
    return int(value) if isinstance(value, (int, str)) and str(value).isdigit() else 1


def migrate_text(text: str, kind: str, file: str) -> tuple[str, int, list[str]]:
    """``text`` (one data file, '\\n' line endings, no BOM) in the current schema: the new
    text, the version it was in, and what changed. Raises ``MigrationError``."""
    yaml = _yaml(text)
    document = yaml.load(text)
    if not isinstance(document, CommentedMap):
        raise MigrationError(f"{file}: the top level is not a mapping of fields")
    version = file_version(document)
    if version > CURRENT_SCHEMA:
        raise MigrationError(
            f"{file} is written in schema {version}, newer than this sendtrack "
            f"({CURRENT_SCHEMA}): upgrade sendtrack instead"
        )
    notes: list[str] = []
    for step in range(version, CURRENT_SCHEMA):
        notes.extend(STEPS[step](document, kind))
    if version == CURRENT_SCHEMA and KEY in document:
        return text, version, notes
    if KEY in document:
        document[KEY] = CURRENT_SCHEMA
    else:
        # First, after the file's opening comment: where a reader looks for a version.
        document.insert(0, KEY, CURRENT_SCHEMA)
    out = io.StringIO()
    yaml.dump(document, out)
    return out.getvalue(), version, notes


_SPACE = re.compile(r"\s+")
_NULL_VALUE = re.compile(r":(?:~|null|Null|NULL)$")


def _plain(line: str) -> str:
    """A line without the spelling ruamel normalises (spaces after ':' or inside '[ ]',
    '~' for null), to match a written line with its re-dump."""
    return _NULL_VALUE.sub(":", _SPACE.sub("", line))


def keep_written_lines(before: str, after: str) -> str:
    """``after`` with each line that only changed spelling put back as it was written:
    a migration changes the lines its steps change, not the user's spacing."""
    old, new = before.split("\n"), after.split("\n")
    matcher = difflib.SequenceMatcher(
        None, [_plain(line) for line in old], [_plain(line) for line in new], autojunk=False
    )
    merged: list[str] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        merged.extend(old[i1:i2] if tag == "equal" else new[j1:j2])
    return "\n".join(merged)


def _decode(raw: bytes) -> tuple[str, bool, str]:
    text = raw.decode("utf-8")
    bom = text.startswith(_BOM)
    text = text.removeprefix(_BOM)
    newline = "\r\n" if "\r\n" in text else "\n"
    return text.replace("\r\n", "\n"), bom, newline


def _encode(text: str, bom: bool, newline: str) -> bytes:
    if newline != "\n":
        text = text.replace("\n", newline)
    return ((_BOM if bom else "") + text).encode("utf-8")


def _expected(before: Any) -> Any:
    """What a file's data must read as after a migration whose steps changed nothing but
    the version: the same data with ``schema_version`` at the current one."""
    if isinstance(before, dict):
        return {**before, KEY: str(CURRENT_SCHEMA)}
    return before


def _proved(
    file: str, data: Any, notes: list[str], text: str, bom: bool, newline: str
) -> bytes | None:
    """The file's new bytes if they read back as the original data with only the schema
    changed (a step that changed more, and said so, is proved by the re-check); else None."""
    after = _encode(text, bom, newline)
    _, new_data, new_problems = read_for_models(after, file)
    if new_problems or (not notes and new_data != _expected(data)):
        return None
    return after


def plan_migration(root: FsPath) -> Migration:
    """The migration of every data file under ``root`` (nothing is written)."""
    migration = Migration(root)
    refused: list[Problem] = []
    for file in data_files(root):
        file_kind = kind_of(file)
        if file_kind is None:  # pragma: no cover - data_files only lists data files
            continue
        raw = (root / file).read_bytes()
        doc, data, problems = read_for_models(raw, file)
        errors = [p for p in problems if p.severity is Severity.ERROR]
        if doc is None or errors:
            refused.extend(errors)
            continue
        text, bom, newline = _decode(raw)
        dumped, version, notes = migrate_text(text, file_kind.kind, file)
        if dumped == text:
            migration.unchanged += 1
            continue
        after = _proved(file, data, notes, keep_written_lines(text, dumped), bom, newline)
        if after is None:  # a line put back did not mean what ruamel wrote: use its text
            after = _proved(file, data, notes, dumped, bom, newline)
        if after is None:
            raise MigrationError(
                f"{file}: the rewritten file does not read back as the original with only "
                "its schema changed; nothing was written"
            )
        migration.changes.append(FileChange(file, raw, after))
        words = "; ".join(notes) or "nothing else changes"
        migration.summary.append(f"{file}: schema {version} → {CURRENT_SCHEMA} ({words})")
    if refused:
        raise MigrationError(
            "some files do not read cleanly: fix them first ('sendtrack check')", refused
        )
    return migration
