"""The one configured YAML reader: bytes in, plain data with positions out, never a crash.

Why it is shaped this way (measured, see FIELD-NOTES):

* We compose a node tree with libyaml (PyYAML's C composer) and build the data ourselves.
  We never use a library's implicit typing: YAML 1.1 reads ``no`` as False and ``017`` as
  15, and both libraries read ``1.10`` as the float 1.1. Here every scalar stays the text
  the person wrote; only YAML 1.2's plain nulls (``''``, ``~``, ``null``) become None.
  The models then type each field (dates, integers, booleans) and report errors at the
  value's own position.
* Aliases, anchors, merge keys and custom tags are refused before anything is expanded
  (an alias bomb of a few hundred bytes expands to hundreds of millions of items).
* Very deep nesting crashes libyaml's composer (a segfault near 100,000 levels) and
  Python's recursion: a cheap upper bound on the depth (the indentation, and every
  bracket in the file) is computed first, and only a file whose bound is high pays for
  an exact count from the (iterative) event parser. The libyaml that PyYAML 6.0.4
  bundles refuses more than 1,000 levels itself, in its scanner and before it emits a
  single event, with a plain syntax error; the exact count then falls back to PyYAML's
  pure-Python parser (no such limit), so a file nested deeper than ``MAX_DEPTH`` is
  ``yaml-too-deep`` whatever the installed PyYAML does.
* Edits do not round-trip through a YAML dumper (which rewrites quoting and wrapping);
  they patch the text at the positions recorded here (see ``edits.py``), so the nodes are
  kept on the result too.
* Reading only to validate (``read_for_models``, what the loader uses) takes a faster path
  to the same answer: the data is built in one loop straight from libyaml's parse events,
  with no node tree, no implicit typing (we never use the tags it would compute) and no
  positions; 0.38x a bare ``CSafeLoader`` parse of the same files, where composing nodes
  and walking them cost 0.53x (benchmarks/RESULTS.md). Anything unusual in a file (a
  duplicate key, a tag, a merge key, anything deep; every case where ``read`` reports a
  problem) sends that file down the full path instead, and the document it returns
  computes its nodes and positions with ``read`` the first time anyone asks for them. So
  both paths give the same data and the same problems by construction;
  ``tests/store/test_read_paths.py`` checks it over the shipped data, generated data,
  hostile files and the whole YAML test suite.
"""

from __future__ import annotations

import codecs
import operator
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from sendtrack.core.problems import Problem

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML built without libyaml: same results, slower
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 20 * 1024 * 1024
"""A real plan file is tens of kilobytes; a 100,000-milestone benchmark file is ~15 MB."""

MAX_DEPTH = 64
"""Deepest nesting accepted. The real data nests about 12 levels."""

_DEPTH_BOUND_BEFORE_EXACT_COUNT = 400

Path = tuple[str | int, ...]
Position = tuple[int, int]

_PLAIN_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_STANDARD_TAG_PREFIX = "tag:yaml.org,2002:"
_ANCHOR_OR_ALIAS = re.compile(r"(?:^|[\s\[\{,])[&*][^\s,\[\]\{\}]", re.MULTILINE)
_YAML_DIRECTIVE = re.compile(r"^%YAML[ \t]+(\S+)", re.MULTILINE)
_LSTRIP_INDENT = operator.methodcaller("lstrip", " -?")
_NOT_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""A character YAML does not allow in a stream (the spec's ``c-printable``, as libyaml)."""
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
"""What libyaml counts as a line break (YAML 1.1's set), so our lines match its marks."""


@dataclass(slots=True)
class Document:
    """One YAML file read into plain data, with where every key and value stands.

    Positions are 1-based (line, column). ``values[path]`` is where the value at
    ``path`` starts; ``keys[path]`` is where the key that holds it starts.
    """

    file: str
    text: str
    data: Any
    root: yaml.Node
    values: dict[Path, Position] = field(default_factory=dict)
    keys: dict[Path, Position] = field(default_factory=dict)
    nodes: dict[Path, yaml.Node] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    """Problems that did not stop the read (a duplicate key: the first value is kept)."""

    def position(self, path: Path, *, key: bool = False) -> Position:
        """Where ``path`` stands, or its nearest ancestor that exists (a missing field)."""
        table = self.keys if key else self.values
        probe = path
        while probe:
            if probe in table:
                return table[probe]
            if probe in self.values:
                return self.values[probe]
            probe = probe[:-1]
        return self.values.get((), (1, 1))

    def value_at(self, path: Path) -> Any:
        value = self.data
        for step in path:
            value = value[step]
        return value

    def line_text(self, line: int) -> str:
        lines = self.text.splitlines()
        return lines[line - 1] if 0 < line <= len(lines) else ""


def source_lookup(documents: Mapping[str, Document]) -> Callable[[str, int], str]:
    """A file's line by number, from the documents read: what problem excerpts quote
    (renderers get this function, not the documents; '' for a file or line not read)."""

    def line_of(file: str, line: int) -> str:
        doc = documents.get(file)
        return doc.line_text(line) if doc is not None else ""

    return line_of


class _Deferred:
    """A field of a ``LazyDocument`` that is filled in by the full read on first access."""

    def __init__(self, name: str) -> None:
        self.slot: Any = Document.__dict__[name]

    def __get__(self, doc: LazyDocument | None, owner: type | None = None) -> Any:
        if doc is None:
            return self
        try:
            return self.slot.__get__(doc, Document)
        except AttributeError:  # not read yet
            doc.complete()
            return self.slot.__get__(doc, Document)

    def __set__(self, doc: LazyDocument, value: Any) -> None:
        self.slot.__set__(doc, value)


class LazyDocument(Document):
    """A document read by the fast path: its text now, everything else when first needed.

    Validation needs only the data, and a repository without problems never asks where
    anything is; so the nodes and positions (and the data, which the models replace) are
    not kept. The first access to ``data``, ``root``, ``values``, ``keys`` or ``nodes``
    reads the text with ``read_text``, exactly as if the file had been read that way.
    """

    __slots__ = ()

    data = _Deferred("data")
    root = _Deferred("root")
    values = _Deferred("values")
    keys = _Deferred("keys")
    nodes = _Deferred("nodes")

    def __init__(self, file: str, text: str) -> None:
        self.file = file
        self.text = text
        self.problems = []

    def complete(self) -> None:
        full, problems = read_text(self.text, self.file)
        if full is None or problems:  # pragma: no cover - the fast path would have declined
            raise AssertionError(f"{self.file}: the fast read accepted what read() refuses")
        for name in ("data", "root", "values", "keys", "nodes"):
            Document.__dict__[name].__set__(self, getattr(full, name))


class _Refused(Exception):
    """Internal: the walk met something we refuse; carries the problem to report."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def decode(raw: bytes, file: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 (a BOM is accepted and dropped) to text, or a located problem."""
    if len(raw) > MAX_FILE_BYTES:
        return None, [
            Problem(
                "yaml-too-large",
                f"file is {len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,}",
                file,
                hint="split it into smaller files (one priority per file, say)",
            )
        ]
    # The BOM is dropped first: decoding with 'utf-8-sig' counts error offsets from
    # after it, which named the wrong byte.
    body = raw.removeprefix(codecs.BOM_UTF8)
    try:
        return body.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        # Everything before the bad byte decodes: count characters, not bytes.
        line, column = _line_and_column(body[: exc.start].decode("utf-8"))
        return None, [
            Problem(
                "yaml-encoding",
                f"not UTF-8: byte 0x{body[exc.start]:02x} cannot be decoded",
                file,
                line,
                column,
                hint="save the file as UTF-8 (in Excel or Word: 'Save as' → 'UTF-8')",
            )
        ]


def read(raw: bytes, file: str) -> tuple[Document | None, list[Problem]]:
    """Read one file. Returns the document, or None with the problems that stopped it."""
    text, problems = decode(raw, file)
    if text is None:
        return None, problems
    return read_text(text, file)


def read_for_models(raw: bytes, file: str) -> tuple[Document | None, Any, list[Problem]]:
    """Read one file to validate it: the document, its data, and the problems of ``read``.

    Same answer as ``read`` (the data is ``document.data``), by the fast path where the
    file allows it; the returned document is then a ``LazyDocument``.
    """
    text, problems = decode(raw, file)
    if text is None:
        return None, None, problems
    data = fast_data(text)
    if data is DECLINED:
        doc, problems = read_text(text, file)
        return doc, (doc.data if doc is not None else None), problems
    return LazyDocument(file, text), data, []


def read_text(text: str, file: str) -> tuple[Document | None, list[Problem]]:
    for check in (_check_directive, _check_anchors, _check_depth):
        problem = check(text, file)
        if problem is not None:
            return None, [problem]
    try:
        loader = _Loader(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_problem(exc, text, file)]
    except yaml.reader.ReaderError:
        # libyaml reports a forbidden character by its byte offset, with no line.
        return None, [_unprintable_problem(text, file)]
    except yaml.YAMLError as exc:
        return None, [Problem("yaml-syntax", f"not valid YAML: {exc}", file, 1, 1)]
    if root is None:
        return None, [
            Problem(
                "yaml-empty",
                "file is empty (no YAML document)",
                file,
                1,
                1,
                hint="add the file's content, or delete the file",
            )
        ]
    doc = Document(file=file, text=text, data=None, root=root)
    try:
        doc.data = _walk(root, (), doc, set(), 0)
    except _Refused as refused:
        return None, [refused.problem]
    return doc, list(doc.problems)


def _line_and_column(before: str) -> Position:
    """The 1-based position just after ``before``, the text preceding a character."""
    lines = _LINE_BREAK.split(before)
    return len(lines), len(lines[-1]) + 1


def _unprintable_problem(text: str, file: str) -> Problem:
    found = _NOT_PRINTABLE.search(text)
    if found is None:  # pragma: no cover - libyaml refused a character our set admits
        return Problem("yaml-syntax", "not valid YAML: a character YAML does not allow", file)
    line, column = _line_and_column(text[: found.start()])
    code = ord(found.group())
    kind = "a control character" if code < 0xA0 else "not a character YAML allows"
    return Problem(
        "yaml-syntax",
        f"not valid YAML: character U+{code:04X} ({kind}) is not allowed in a YAML file",
        file,
        line,
        column,
        hint="delete it: it is invisible in most editors (text pasted from a PDF, a "
        "spreadsheet or a terminal can carry one)",
    )


def _mark_position(mark: Any) -> Position:
    return (mark.line + 1, mark.column + 1)


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str, file: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, column = _mark_position(mark) if mark is not None else (1, 1)
    what = exc.problem or "not valid YAML"
    if exc.context:
        what = f"{exc.context}: {what}" if exc.problem else exc.context
    source_lines = text.splitlines()
    source = source_lines[line - 1] if 0 < line <= len(source_lines) else ""
    if "\t" in source[: max(column, 1)] or "'\\t'" in what:
        hint = "indent with spaces: YAML does not allow tabs for indentation"
    elif "expected a single document" in what:
        return Problem(
            "yaml-multi-document",
            "file holds more than one YAML document ('---' separates them)",
            file,
            line,
            column,
            hint="keep one document per file: remove the second '---' or split the file",
        )
    elif "mapping values are not allowed" in what:
        hint = "a value containing ': ' must be quoted, e.g. title: \"Phase 1: design\""
    else:
        hint = "check quoting and indentation at this point"
    return Problem("yaml-syntax", f"not valid YAML: {what}", file, line, column, hint=hint)


def _check_directive(text: str, file: str) -> Problem | None:
    if "%YAML" not in text:  # a substring test is ~10x cheaper than the regex scan
        return None
    for match in _YAML_DIRECTIVE.finditer(text):
        if match.group(1) != "1.2":
            line = text.count("\n", 0, match.start()) + 1
            return Problem(
                "yaml-version",
                f"%YAML {match.group(1)} is not supported; sendtrack reads YAML 1.2",
                file,
                line,
                1,
                hint="remove the %YAML line or write '%YAML 1.2'",
            )
    return None


def events(text: str, loader_class: type[Any] = _Loader) -> Iterator[yaml.Event]:
    """libyaml's parse events, one at a time: nothing is composed or expanded, so a scan can
    stop early, and no nesting or alias is a danger. Scalar events carry the decoded text
    and the span (``start_mark.index``/``end_mark.index``, in characters) of their source.
    Raises ``yaml.YAMLError`` where the text stops being valid YAML."""
    loader = loader_class(text)
    try:
        while loader.check_event():
            event = loader.get_event()
            if event is not None:
                yield event
    finally:
        loader.dispose()


def _check_anchors(text: str, file: str) -> Problem | None:
    """Refuse anchors and aliases, found from the event stream before anything expands.

    The regular expression is a cheap pre-filter: "Comms & Engagement" does not trip it,
    ``&name`` does, and only then do we pay for an event scan.
    """
    if ("&" not in text and "*" not in text) or not _ANCHOR_OR_ALIAS.search(text):
        return None
    try:
        for event in events(text):
            anchor = getattr(event, "anchor", None)
            if anchor is not None:
                line, column = _mark_position(event.start_mark)
                kind = "alias" if isinstance(event, yaml.AliasEvent) else "anchor"
                return Problem(
                    "yaml-anchor",
                    f"YAML {kind} '{anchor}' is not allowed",
                    file,
                    line,
                    column,
                    hint="write the value out in full: anchors and aliases are refused "
                    "so that no file can expand into millions of items",
                )
    except yaml.YAMLError:
        return None  # the composer reports the syntax error with its position
    return None


def _depth_bound(text: str) -> int:
    """An upper bound on nesting depth, cheap enough to run on every file.

    Twice the deepest indentation (spaces, '-' and '?' at a line's start) bounds the block
    levels; every '[' and '{' in the file bounds the flow levels. Not the bracket nesting:
    a ']' inside a quoted scalar or a comment would count as a close, and
    ``[ ']', [ ']', …`` nests as deep as it likes under a bound of 2 (libyaml before
    PyYAML 6.0.4 then segfaults in its composer). The shipped and the generated data
    have no brackets; a file full of flow lists pays for an exact count, which is correct
    and ~1.8x cheaper than the read it guards. C-level iteration only (map, str.count): a
    loop over every character cost ~0.3 s per 10 MB.
    """
    lines = text.splitlines()
    indent = max(
        map(operator.sub, map(len, lines), map(len, map(_LSTRIP_INDENT, lines))), default=0
    )
    return 2 * indent + text.count("[") + text.count("{") + 2


def _check_depth(text: str, file: str) -> Problem | None:
    if _depth_bound(text) <= _DEPTH_BOUND_BEFORE_EXACT_COUNT:
        return None
    try:
        return _count_depth(text, file, _Loader)
    except yaml.YAMLError:
        pass
    # libyaml gave up before the count could decide: a real syntax error, or (PyYAML
    # >= 6.0.4) its own nesting limit, hit while it looks ahead of the first event. The
    # pure-Python parser has no nesting limit and looks ahead at most ~1,024 characters,
    # so it reaches depth MAX_DEPTH + 1 within a few kilobytes of where that depth is
    # written; it costs ~25x libyaml per byte, paid only for a file that is both
    # bracket-heavy or deeply indented and broken, and only up to its first error.
    try:
        return _count_depth(text, file, yaml.SafeLoader)
    except yaml.YAMLError:
        # A syntax error after a shallow prefix: the composer will locate it, and the
        # prefix it must build is no deeper than what we have counted.
        return None


def _count_depth(text: str, file: str, loader_class: type[Any]) -> Problem | None:
    """``yaml-too-deep`` at the first node ``_walk`` would refuse, or None.

    A node is too deep when more than ``MAX_DEPTH`` collections hold it, as in ``_walk``.
    """
    depth = 0
    for event in events(text, loader_class):
        if isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        elif isinstance(event, yaml.NodeEvent):
            if depth > MAX_DEPTH:
                line, column = _mark_position(event.start_mark)
                return _too_deep(file, line, column)
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
    return None


def _too_deep(file: str, line: int, column: int) -> Problem:
    return Problem(
        "yaml-too-deep",
        f"nesting is deeper than {MAX_DEPTH} levels",
        file,
        line,
        column,
        hint="no sendtrack file needs this depth; check the indentation",
    )


def _walk(node: yaml.Node, path: Path, doc: Document, seen: set[int], depth: int) -> Any:
    line, column = _mark_position(node.start_mark)
    if depth > MAX_DEPTH:
        raise _Refused(_too_deep(doc.file, line, column))
    if id(node) in seen:
        # libyaml shares the anchored node for an alias; the anchor check should have
        # caught it, this keeps a bomb from expanding if it ever did not.
        raise _Refused(Problem("yaml-anchor", "YAML alias is not allowed", doc.file, line, column))
    tag = node.tag or ""
    if tag.startswith("!") or (tag and not tag.startswith(_STANDARD_TAG_PREFIX)):
        raise _Refused(
            Problem(
                "yaml-tag",
                f"custom YAML tag '{tag}' is not allowed",
                doc.file,
                line,
                column,
                hint="remove the tag; write the value as plain text",
            )
        )
    doc.values[path] = (line, column)
    doc.nodes[path] = node
    if isinstance(node, yaml.ScalarNode):
        # libyaml reports a plain scalar's style as '' and the pure-Python parser as None.
        if not node.style and node.value in _PLAIN_NULLS:
            return None
        return node.value
    seen.add(id(node))
    if isinstance(node, yaml.SequenceNode):
        return [
            _walk(item, (*path, index), doc, seen, depth + 1)
            for index, item in enumerate(node.value)
        ]
    assert isinstance(node, yaml.MappingNode)
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key_line, key_column = _mark_position(key_node.start_mark)
        if not isinstance(key_node, yaml.ScalarNode):
            raise _Refused(
                Problem(
                    "yaml-complex-key",
                    "a key must be plain text, not a list or mapping",
                    doc.file,
                    key_line,
                    key_column,
                )
            )
        key = key_node.value
        if key == "<<" and not key_node.style:
            raise _Refused(
                Problem(
                    "yaml-merge-key",
                    "YAML merge keys ('<<') are not allowed",
                    doc.file,
                    key_line,
                    key_column,
                    hint="write the merged fields out in full",
                )
            )
        if key in result:
            first_line, _ = doc.keys[(*path, key)]
            doc.problems.append(
                Problem(
                    "yaml-duplicate-key",
                    f"key '{key}' appears twice in the same mapping "
                    f"(first on line {first_line}); the first is used",
                    doc.file,
                    key_line,
                    key_column,
                    hint="remove one of them, or rename it",
                )
            )
            continue
        doc.keys[(*path, key)] = (key_line, key_column)
        result[key] = _walk(value_node, (*path, key), doc, seen, depth + 1)
    return result


# -- the fast path: data only -----------------------------------------------------------

_SCALAR = yaml.ScalarEvent
_MAPPING_START = yaml.MappingStartEvent
_SEQUENCE_START = yaml.SequenceStartEvent
_COLLECTION_END = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
_ALIAS = yaml.AliasEvent
_UNTAGGED = (None, "!")
"""No tag, or YAML's non-specific '!': the composer gives either its kind's default tag."""


class _Decline(Exception):
    """Internal: the fast path met something only the full path reports properly."""


DECLINED: Any = object()
"""What ``fast_data`` returns for a file it leaves to ``read_text``."""


def fast_data(text: str) -> Any:
    """The data ``read_text`` would build, or ``DECLINED`` for the full path to handle.

    Declines wherever ``read_text`` could say anything but "here is the data": a failed
    guard, a syntax error, an empty file, and anything ``_walk`` refuses or reports.
    """
    for check in (_check_directive, _check_anchors, _check_depth):
        if check(text, "") is not None:
            return DECLINED
    loader = _Loader(text)
    try:
        return _build(loader.get_event)
    except (yaml.YAMLError, _Decline):
        return DECLINED
    finally:
        loader.dispose()


def _build(next_event: Callable[[], Any]) -> Any:
    """``_walk``'s data straight from libyaml's events, with no node tree in between.

    Composing nodes (two marks and a node object per value, then a second walk over
    them) was the largest cost of a cold run; the events carry everything the data
    needs. One loop, no recursion: each event is a scalar, the start of a collection or
    its end (stream and document events are skipped). ``_Decline`` wherever ``_walk``
    would refuse or report: an alias, a custom tag, a collection or merge key, a
    duplicate key, nesting deeper than ``MAX_DEPTH``, no document or a second one.
    (Anchors never get here: ``_check_anchors`` has refused any file with one.)
    """
    parents: list[Any] = []
    """The open collections that hold the current one, outermost first."""
    current: Any = None  # the innermost open collection; None outside the root
    key: Any = None  # in a mapping: the key read and waiting for its value, else None
    root: Any = DECLINED
    while (event := next_event()) is not None:
        kind = type(event)
        if kind is _SCALAR:
            text = event.value
            if key is None and type(current) is dict:
                # A key is its text as written (a plain '~' key is the text '~'), and
                # ``_walk`` asks nothing else of it.
                if text in current or (text == "<<" and not event.style):
                    raise _Decline
                key = text
                continue
            tag = event.tag
            if (tag not in _UNTAGGED and not tag.startswith(_STANDARD_TAG_PREFIX)) or len(
                parents
            ) > MAX_DEPTH:
                raise _Decline
            value = None if not event.style and text in _PLAIN_NULLS else text
            if type(current) is list:
                current.append(value)
            elif current is not None:
                current[key] = value
                key = None
            elif root is DECLINED:
                root = value
            else:
                raise _Decline  # a second document
        elif kind is _MAPPING_START or kind is _SEQUENCE_START:
            tag = event.tag
            if (tag not in _UNTAGGED and not tag.startswith(_STANDARD_TAG_PREFIX)) or len(
                parents
            ) > MAX_DEPTH:
                raise _Decline
            collection: Any = {} if kind is _MAPPING_START else []
            if type(current) is list:
                current.append(collection)
            elif current is not None:
                if key is None:
                    raise _Decline  # a list or mapping as a key
                current[key] = collection
                key = None
            elif root is DECLINED:
                root = collection
            else:
                raise _Decline  # a second document
            parents.append(current)
            current = collection
        elif kind in _COLLECTION_END:
            current = parents.pop()
        elif kind is _ALIAS:
            raise _Decline
    if root is DECLINED:
        raise _Decline  # no document
    return root
