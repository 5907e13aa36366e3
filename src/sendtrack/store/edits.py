"""Edits that change only the lines they must, written atomically, refused if invalid.

Why text patching rather than a YAML round-trip dump: even ruamel's round-trip mode,
tuned, rewrites quoting, wrapping, ``---`` and spacing somewhere in a real file (see
FIELD-NOTES). A lead's one-line status change must be a one-line diff, so an ``Editor``
patches the file's text at the positions ``yamlio`` recorded, inserting new keys and
list items with the indentation the file already uses. Everything it does not touch —
comments, blank lines, quoting, key order, unknown keys, CRLF line endings, a BOM — stays
byte for byte.

Writing (``Editor.commit``): the new text of every changed file is re-read and the
whole repository re-checked *before* anything on disk changes; an edit that would add an
error is refused with the problems. Files are then written to temporary files beside
their targets, a journal naming the renames is written, the renames are done, and the
journal is removed. If a process dies between two renames, ``recover`` (run before
every command) finishes the journal, so a change spanning two files (an action moved to
the archive) is never half-applied: nothing lost, nothing duplicated.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path as FsPath
from typing import Any

import yaml

from sendtrack.core.problems import Problem, Severity
from sendtrack.store.journal import JOURNAL, JournalError, recover, write_files
from sendtrack.store.yamlio import Document, Path, read_text

_BOM = "\ufeff"


class Quoted(str):
    """A string always written double-quoted (ids, meeting references)."""

    __slots__ = ()


__all__ = [
    "JOURNAL",
    "EditError",
    "Editor",
    "FileChange",
    "JournalError",
    "Quoted",
    "recover",
    "write_files",
]


class EditError(Exception):
    """An edit that cannot be made as asked; nothing was written."""

    def __init__(self, message: str, problems: Sequence[Problem] = ()) -> None:
        super().__init__(message)
        self.problems = list(problems)


# -- rendering new values -------------------------------------------------------------

_NEEDS_QUOTES = re.compile(
    r"""^(?:
        [-?:,\[\]{}#&*!|>'"%@`\s]       # starts with an indicator or space
      | .*(?::\s|\s\#).* | .*:          # ': ' or ' #' inside, or a trailing ':'
      | .*\s$                           # trailing space
      | [-+]?(?:\d[\d_]*)?(?:\.\d*)?(?:[eE][-+]?\d+)?$   # number-like (also '', '.')
      | 0[xob][0-9a-fA-F_]+
      | [-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)
      | (?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE
          |on|On|ON|off|Off|OFF|null|Null|NULL|~)
      | \d{4}-\d\d?-\d\d?(?:[Tt\s].*)?   # date-like
      | \d+:\d+(?::\d+)*                # sexagesimal in YAML 1.1
    )$""",
    re.VERBOSE,
)


def render_scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    if isinstance(value, Quoted) or "\n" in text or _NEEDS_QUOTES.match(text):
        return json.dumps(text, ensure_ascii=False)
    return text


def render_block(value: Any, indent: int) -> list[str]:
    """Lines (without newline) of ``value`` as a block mapping or sequence at ``indent``."""
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, Mapping):
        for key, item in value.items():
            if _is_collection(item) and item:
                lines.append(f"{pad}{key}:")
                child_indent = indent + 2
                lines.extend(render_block(item, child_indent))
            else:
                lines.append(f"{pad}{key}: {_inline(item)}")
        return lines
    if isinstance(value, Sequence) and not isinstance(value, str):
        for item in value:
            if isinstance(item, Mapping) and item:
                inner = render_block(item, indent + 2)
                inner[0] = f"{pad}- {inner[0][indent + 2 :]}"
                lines.extend(inner)
            else:
                lines.append(f"{pad}- {_inline(item)}")
        return lines
    raise TypeError(f"render_block needs a mapping or a list, not {type(value).__name__}")


def _is_collection(value: Any) -> bool:
    return isinstance(value, Mapping) or (
        isinstance(value, Sequence) and not isinstance(value, str)
    )


def _inline(value: Any) -> str:
    if isinstance(value, Mapping):
        return "{}"
    if _is_collection(value):
        return "[]"
    return render_scalar(value)


# -- one file being edited -------------------------------------------------------------


@dataclass
class _FileState:
    file: str
    original: bytes
    bom: bool
    newline: str
    text: str  # current text, with '\n' line endings
    doc: Document

    def encoded(self) -> bytes:
        text = self.text.replace("\n", self.newline) if self.newline != "\n" else self.text
        return ((_BOM if self.bom else "") + text).encode("utf-8")


@dataclass
class FileChange:
    file: str
    before: bytes
    after: bytes


@dataclass
class Editor:
    """Plans text patches against the files of one repository, then commits them."""

    root: FsPath
    _files: dict[str, _FileState] = field(default_factory=dict)

    def fork(self) -> Editor:
        """An editor holding this one's planned text, to plan more on without touching
        this one: a batch of edits tries each step on a fork and keeps it only if the
        whole step succeeds (``edit.batch``). Cheap: patches replace a file's text and
        document rather than changing them, so sharing them is safe."""
        return Editor(self.root, {name: replace(state) for name, state in self._files.items()})

    # -- reading

    def document(self, file: str) -> Document:
        return self._state(file).doc

    def _state(self, file: str) -> _FileState:
        if file not in self._files:
            path = self.root / file
            raw = path.read_bytes() if path.exists() else b""
            decoded = raw.decode("utf-8")
            bom = decoded.startswith(_BOM)
            decoded = decoded.removeprefix(_BOM)
            newline = "\r\n" if "\r\n" in decoded else "\n"
            text = decoded.replace("\r\n", "\n")
            self._files[file] = _FileState(file, raw, bom, newline, text, self._parse(file, text))
        return self._files[file]

    @staticmethod
    def _parse(file: str, text: str) -> Document:
        doc, problems = read_text(text, file)
        if doc is None:
            raise EditError(f"{file} cannot be edited until it reads cleanly", problems)
        return doc

    def _replace(self, state: _FileState, start: int, end: int, new: str) -> None:
        state.text = state.text[:start] + new + state.text[end:]
        state.doc = self._parse(state.file, state.text)

    def _node(self, state: _FileState, path: Path) -> yaml.Node:
        node = state.doc.nodes.get(path)
        if node is None:
            raise EditError(f"{state.file}: nothing at {_show(path)}")
        return node

    # -- primitive edits

    def set_value(self, file: str, path: Path, value: Any) -> None:
        """Replace the scalar at ``path`` (which must exist) with ``value``."""
        state = self._state(file)
        node = self._node(state, path)
        if not isinstance(node, yaml.ScalarNode):
            raise EditError(f"{file}: {_show(path)} is not a single value")
        if node.style in ("|", ">"):
            raise EditError(f"{file}: {_show(path)} is a block scalar; edit it by hand")
        self._replace(state, node.start_mark.index, node.end_mark.index, render_scalar(value))

    def set_field(
        self, file: str, mapping: Path, key: str, value: Any, *, after: Sequence[str] = ()
    ) -> None:
        """Set ``key`` in the block mapping at ``mapping``: replace its value, or add it
        after the last present key of ``after`` (the model's field order), else last."""
        state = self._state(file)
        if (*mapping, key) in state.doc.nodes and not _is_collection(value):
            self.set_value(file, (*mapping, key), value)
            return
        if (*mapping, key) in state.doc.nodes:
            raise EditError(f"{file}: {_show((*mapping, key))} exists; append to it instead")
        self._insert_in_mapping(state, mapping, {key: value}, after=after)

    def append(self, file: str, mapping: Path, key: str, item: Any) -> None:
        """Append ``item`` to the list under ``key`` of the mapping, creating the list."""
        state = self._state(file)
        seq_path = (*mapping, key)
        node = state.doc.nodes.get(seq_path)
        if node is None or (
            isinstance(node, yaml.ScalarNode) and state.doc.value_at(seq_path) is None
        ):
            if node is not None:
                self._delete_key(state, mapping, key)
            self._insert_in_mapping(state, mapping, {key: [item]})
            return
        if not isinstance(node, yaml.SequenceNode):
            raise EditError(f"{file}: {_show(seq_path)} is not a list")
        if node.flow_style or not node.value:
            if node.value:
                raise EditError(f"{file}: {_show(seq_path)} is a [flow] list; make it a block list")
            # `key: []`: replace the empty flow list by a block list on the next lines.
            key_col = state.doc.keys[seq_path][1] - 1
            lines = render_block([item], key_col + 2)
            start = len(state.text[: node.start_mark.index].rstrip(" "))
            self._replace(state, start, node.end_mark.index, "\n" + "\n".join(lines))
            return
        dash_col = node.start_mark.column
        lines = render_block([item], dash_col)
        at = self._line_after(state, node)
        self._replace(state, at, at, "\n".join(lines) + "\n")

    def remove_item(self, file: str, seq_path: Path, index: int) -> None:
        """Remove item ``index`` of the block list at ``seq_path``, lines and all."""
        state = self._state(file)
        seq = self._node(state, seq_path)
        if not isinstance(seq, yaml.SequenceNode) or seq.flow_style:
            raise EditError(f"{file}: {_show(seq_path)} is not a block list")
        if len(seq.value) == 1:
            key_path = seq_path
            key_line, key_col = state.doc.keys[key_path]
            start = _line_start(state.text, key_line - 1)
            end = self._line_after(state, seq)
            key = str(seq_path[-1])
            self._replace(state, start, end, f"{' ' * (key_col - 1)}{key}: []\n")
            return
        item = seq.value[index]
        start = _line_start(state.text, item.start_mark.line)
        end = self._line_after(state, item)
        self._replace(state, start, end, "")

    def _delete_key(self, state: _FileState, mapping: Path, key: str) -> None:
        key_line, _ = state.doc.keys[(*mapping, key)]
        value = self._node(state, (*mapping, key))
        start = _line_start(state.text, key_line - 1)
        self._replace(state, start, self._line_after(state, value), "")

    def _insert_in_mapping(
        self, state: _FileState, mapping: Path, fields: dict[str, Any], after: Sequence[str] = ()
    ) -> None:
        node = self._node(state, mapping)
        if not isinstance(node, yaml.MappingNode) or node.flow_style:
            raise EditError(f"{state.file}: {_show(mapping)} is not a block mapping")
        if not node.value:
            raise EditError(f"{state.file}: {_show(mapping)} is an empty mapping")
        indent = node.value[0][0].start_mark.column
        lines = render_block(fields, indent)
        anchor: yaml.Node = node
        present = [key for key in after if (*mapping, key) in state.doc.nodes]
        if present:
            anchor = state.doc.nodes[(*mapping, present[-1])]
        at = self._line_after(state, anchor)
        self._replace(state, at, at, "\n".join(lines) + "\n")

    def _line_after(self, state: _FileState, node: yaml.Node) -> int:
        """Index of the start of the line after the last content line of ``node``.

        A block collection's end mark lies at the next token, past any comment lines that
        belong to what follows; the deepest last leaf's end marks where this node's own
        lines stop.
        """
        leaf = node
        while isinstance(leaf, (yaml.MappingNode, yaml.SequenceNode)) and leaf.value:
            last = leaf.value[-1]
            leaf = last[1] if isinstance(leaf, yaml.MappingNode) else last
        end = leaf.end_mark
        if end.column == 0 and end.index > 0:
            return int(end.index)
        newline = state.text.find("\n", end.index)
        if newline == -1:
            state.text += "\n"
            return len(state.text)
        return newline + 1

    def create(self, file: str, text: str) -> None:
        """Plan a whole new file (a meeting record, a first archive)."""
        if file in self._files or (self.root / file).exists():
            raise EditError(f"{file} already exists")
        self._files[file] = _FileState(file, b"", False, "\n", text, self._parse(file, text))

    def delete_field(self, file: str, mapping: Path, key: str) -> None:
        """Remove ``key`` and its value's lines from the block mapping at ``mapping``."""
        state = self._state(file)
        if (*mapping, key) in state.doc.nodes:
            self._delete_key(state, mapping, key)

    def take_item(self, file: str, seq_path: Path, index: int) -> tuple[str, int]:
        """Remove item ``index`` of a block list and return its lines as written (with
        the comment lines directly above it, which belong to it) and its dash column.

        Moving lines verbatim (an action to the archive) keeps their comments, quoting
        and any keys sendtrack does not know; re-rendering parsed data would drop them.
        """
        state = self._state(file)
        seq = state.doc.nodes.get(seq_path)
        if not isinstance(seq, yaml.SequenceNode) or seq.flow_style:
            raise EditError(f"{file}: {_show(seq_path)} is not a block list")
        dash_column = int(seq.start_mark.column)
        item = seq.value[index]
        start = state.text.rfind("\n", 0, item.start_mark.index) + 1
        while start > 0:
            above = state.text.rfind("\n", 0, start - 1) + 1
            line = state.text[above : start - 1]
            indent = len(line) - len(line.lstrip(" "))
            if not line.lstrip(" ").startswith("#") or indent < dash_column:
                break
            start = above
        end = self._line_after(state, item)
        block = state.text[start:end]
        if len(seq.value) == 1:
            self.remove_item(file, seq_path, index)
        else:
            self._replace(state, start, end, "")
        return block, dash_column

    def append_block(self, file: str, key: str, block: str, from_column: int) -> None:
        """Append a list item's lines (from ``take_item``) to the top-level list ``key``,
        re-indented to that list's own indentation."""
        state = self._state(file)
        seq_path: Path = (key,)
        node = state.doc.nodes.get(seq_path)
        if isinstance(node, yaml.SequenceNode) and node.value and not node.flow_style:
            text = reindent(block, int(node.start_mark.column) - from_column)
            at = self._line_after(state, node)
            self._replace(state, at, at, text)
            return
        if isinstance(node, yaml.SequenceNode) and not node.value:
            # `key: []`: the empty flow list becomes a block list on the next lines.
            key_column = state.doc.keys[seq_path][1] - 1
            text = reindent(block, key_column + 2 - from_column)
            start = len(state.text[: node.start_mark.index].rstrip(" "))
            self._replace(state, start, node.end_mark.index, "\n" + text.rstrip("\n"))
            return
        raise EditError(f"{file}: '{key}' is not a list of items")

    # -- results

    def changes(self) -> list[FileChange]:
        result = []
        for state in self._files.values():  # the order the edits were planned in
            after = state.encoded()
            if after != state.original:
                result.append(FileChange(state.file, state.original, after))
        return result

    def diff(self) -> str:
        return unified_diff(self.changes())

    def commit(
        self, recheck: Callable[[Mapping[str, bytes]], list[Problem]] | None = None
    ) -> list[FileChange]:
        """Check the edited repository, then write every changed file atomically.

        ``recheck`` receives the new bytes of the changed files and returns the problems
        the edited repository would have that it does not have now; any error refuses.
        """
        changes = self.changes()
        if not changes:
            return []
        if recheck is not None:
            new_problems = recheck({change.file: change.after for change in changes})
            errors = [p for p in new_problems if p.severity is Severity.ERROR]
            if errors:
                raise EditError("the edit would make the repository invalid", errors)
        write_files(self.root, {change.file: change.after for change in changes})
        return changes


def reindent(block: str, delta: int) -> str:
    """Shift every non-blank line of ``block`` right (or left) by ``delta`` columns."""
    lines = block.splitlines(keepends=True)
    if delta >= 0:
        return "".join((" " * delta + line) if line.strip() else line for line in lines)
    out = []
    for line in lines:
        spaces = len(line) - len(line.lstrip(" "))
        out.append(line[min(spaces, -delta) :])
    return "".join(out)


def _show(path: Path) -> str:
    return ".".join(str(step) for step in path) or "the document"


def _line_start(text: str, zero_based_line: int) -> int:
    index = 0
    for _ in range(zero_based_line):
        index = text.index("\n", index) + 1
    return index


def unified_diff(changes: Sequence[FileChange]) -> str:
    out: list[str] = []
    for change in changes:
        before = change.before.decode("utf-8").splitlines(keepends=True)
        after = change.after.decode("utf-8").splitlines(keepends=True)
        out.extend(difflib.unified_diff(before, after, f"a/{change.file}", f"b/{change.file}"))
    return "".join(line if line.endswith("\n") else line + "\n" for line in out)
