"""Edits that change only the lines they must, written atomically, refused if invalid.

Why text patching rather than a YAML round-trip dump: even ruamel's round-trip mode,
tuned, rewrites quoting, wrapping, ``---`` and spacing somewhere in a real file (see
FIELD-NOTES). A lead's one-line status change must be a one-line diff, so an ``Editor``
patches the file's text at the positions ``yamlio`` recorded, inserting new keys and
list items with the indentation the file already uses. Everything it does not touch —
comments, blank lines, quoting, key order, unknown keys, CRLF line endings, a BOM — stays
byte for byte. New values and blocks are emitted by ruamel.yaml (``yamlemit``), never
quoted by hand, and every one is proved: the file is read back after each patch, and
again from the bytes about to be written, and the value ``yamlio`` reads at that path
must be the value given (``yamlemit.as_read``), or the edit is refused with nothing
written.

Writing (``Editor.commit``): the new text of every changed file is re-read and the
whole repository re-checked *before* anything on disk changes; an edit that would add an
error is refused with the problems. The files are then written by
``journal.write_files``: under the repository's write lock, only if each is still the
bytes this editor read, through temporary files and a journal of the renames, so a
change spanning two files (an action moved to the archive) is never half-applied and an
interrupted one is finished by the next write: nothing lost, nothing duplicated.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path as FsPath
from typing import Any

import yaml

from sendtrack.core.problems import Problem, Severity
from sendtrack.store.journal import Replacement, write_files
from sendtrack.store.yamlemit import Quoted, as_read, render_block, render_scalar
from sendtrack.store.yamlio import Document, Path, read, read_text

_BOM = "\ufeff"

__all__ = ["EditError", "Editor", "FileChange", "Quoted", "render_block", "render_scalar"]


class EditError(Exception):
    """An edit that cannot be made as asked; nothing was written."""

    def __init__(self, message: str, problems: Sequence[Problem] = ()) -> None:
        super().__init__(message)
        self.problems = list(problems)


def _is_collection(value: Any) -> bool:
    return isinstance(value, Mapping) or (
        isinstance(value, Sequence) and not isinstance(value, str)
    )


# -- one file being edited -------------------------------------------------------------


@dataclass
class _FileState:
    file: str
    original: bytes
    bom: bool
    newline: str
    text: str  # current text, with '\n' line endings
    doc: Document
    existed: bool = True
    expected: dict[Path, Any] = field(default_factory=dict)
    """What the reader must read back at each path a value was written to (``as_read``)."""

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
            self._files[file] = _FileState(
                file, raw, bom, newline, text, self._parse(file, text), existed=path.exists()
            )
        return self._files[file]

    @staticmethod
    def _parse(file: str, text: str) -> Document:
        doc, problems = read_text(text, file)
        if doc is None:
            raise EditError(f"{file} cannot be edited until it reads cleanly", problems)
        return doc

    def _replace(self, state: _FileState, start: int, end: int, new: str) -> None:
        text = state.text[:start] + new + state.text[end:]
        doc, problems = read_text(text, state.file)
        if doc is None:
            # The file read cleanly before: what we spliced in is at fault, not the file.
            raise EditError(
                f"{state.file}: the new text would not read back as YAML "
                f"({problems[0].message if problems else 'unreadable'})"
            )
        state.text, state.doc = text, doc

    def _prove(self, state: _FileState, path: Path, value: Any) -> None:
        """Read back what was just written at ``path``: it must be ``value`` exactly.

        Recorded, too, so ``commit`` checks it again on the bytes it is about to write.
        """
        expected = as_read(value)
        _check_reads_back(state.file, state.doc, path, expected)
        for leaf, item in _leaves(path, expected):
            state.expected[leaf] = item

    @staticmethod
    def _forget(state: _FileState, removed: Path) -> None:
        """Keep the recorded values in step with lines that leave the file: those under
        ``removed`` go, and when it is a list item the later items move up by one."""
        parent, last = removed[:-1], removed[-1]
        depth = len(parent)
        kept: dict[Path, Any] = {}
        for path, value in state.expected.items():
            if path[: depth + 1] == removed:
                continue
            step = path[depth] if len(path) > depth and path[:depth] == parent else None
            if isinstance(last, int) and isinstance(step, int) and step > last:
                path = (*parent, step - 1, *path[depth + 1 :])
            kept[path] = value
        state.expected = kept

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
        self._prove(state, path, value)

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
            self._prove(state, (*seq_path, 0), item)
            return
        dash_col = node.start_mark.column
        lines = render_block([item], dash_col)
        at = self._line_after(state, node)
        self._replace(state, at, at, "\n".join(lines) + "\n")
        self._prove(state, (*seq_path, len(node.value)), item)

    def append_or_create(
        self, file: str, mapping: Path, key: str, item: Any, *, after: Sequence[str] = ()
    ) -> None:
        """Append to the list ``key``, or create it after the last present key of
        ``after`` (the model's field order) when it is absent."""
        if (*mapping, key) in self.document(file).nodes:
            self.append(file, mapping, key, item)
        else:
            self.set_field(file, mapping, key, [item], after=after)

    def remove_item(self, file: str, seq_path: Path, index: int) -> None:
        """Remove item ``index`` of the block list at ``seq_path``, lines and all."""
        state = self._state(file)
        seq = self._node(state, seq_path)
        if not isinstance(seq, yaml.SequenceNode) or seq.flow_style:
            raise EditError(f"{file}: {_show(seq_path)} is not a block list")
        if len(seq.value) == 1:
            key_line, key_col = state.doc.keys[seq_path]
            start = _line_start(state.text, key_line - 1)
            end = self._line_after(state, seq)
            empty = render_block({str(seq_path[-1]): []}, key_col - 1)
            self._replace(state, start, end, "\n".join(empty) + "\n")
            self._forget(state, seq_path)
            self._prove(state, seq_path, [])
            return
        item = seq.value[index]
        start = _line_start(state.text, item.start_mark.line)
        end = self._line_after(state, item)
        self._replace(state, start, end, "")
        self._forget(state, (*seq_path, index))

    def _delete_key(self, state: _FileState, mapping: Path, key: str) -> None:
        key_line, _ = state.doc.keys[(*mapping, key)]
        value = self._node(state, (*mapping, key))
        start = _line_start(state.text, key_line - 1)
        self._replace(state, start, self._line_after(state, value), "")
        self._forget(state, (*mapping, key))

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
        for key, value in fields.items():
            self._prove(state, (*mapping, key), value)

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

    def create(self, file: str, text: str, data: Mapping[str, Any] | None = None) -> None:
        """Plan a whole new file (a meeting record, a first archive). ``data``, when the
        text was rendered from it, is what the file must read back as."""
        if file in self._files or (self.root / file).exists():
            raise EditError(f"{file} already exists")
        doc, problems = read_text(text, file)
        if doc is None:
            raise EditError(
                f"{file}: the new file would not read back as YAML "
                f"({problems[0].message if problems else 'unreadable'})"
            )
        state = _FileState(file, b"", False, "\n", text, doc, existed=False)
        self._files[file] = state
        if data is not None:
            self._prove(state, (), data)

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
            self._forget(state, (*seq_path, index))
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
        for change in changes:
            self._prove_bytes(self._files[change.file], change.after)
        if recheck is not None:
            new_problems = recheck({change.file: change.after for change in changes})
            errors = [p for p in new_problems if p.severity is Severity.ERROR]
            if errors:
                raise EditError("the edit would make the repository invalid", errors)
        write_files(
            self.root,
            [
                Replacement(c.file, c.before if self._files[c.file].existed else None, c.after)
                for c in changes
            ],
        )
        return changes

    @staticmethod
    def _prove_bytes(state: _FileState, raw: bytes) -> None:
        """Read the bytes about to be written, as every command will: each value written
        must read back as given, or nothing is written."""
        doc, problems = read(raw, state.file)
        if doc is None:
            raise EditError(f"{state.file}: the edited file would not read back", problems)
        for path, expected in state.expected.items():
            _check_reads_back(state.file, doc, path, expected)


def _leaves(path: Path, value: Any) -> list[tuple[Path, Any]]:
    """Every scalar (and empty list or mapping) of ``value``, with its path under ``path``."""
    if isinstance(value, dict) and value:
        return [leaf for key, item in value.items() for leaf in _leaves((*path, key), item)]
    if isinstance(value, list) and value:
        return [leaf for index, item in enumerate(value) for leaf in _leaves((*path, index), item)]
    return [(path, value)]


_MISSING = object()


def _check_reads_back(file: str, doc: Document, path: Path, expected: Any) -> None:
    try:
        actual = doc.value_at(path)
    except (KeyError, IndexError, TypeError):
        actual = _MISSING
    if actual != expected:
        got = "nothing" if actual is _MISSING else repr(actual)
        raise EditError(
            f"{file}: {_show(path)} would read back as {got}, not {expected!r} as given "
            "(a bug in sendtrack's YAML writing: please report it)"
        )


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
