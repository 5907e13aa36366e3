"""The one configured YAML writer: each new value or block an edit adds, as YAML text.

Why a library emitter: deciding by hand when text needs quotes failed (a note written
``"C:\\new\\temp"`` went in unquoted and came back as ``C:⏎ew⇥emp``; notes starting with
``#``, ``*``, ``&``, ``!``, ``- ``, ``[``, ``@`` or a backquote were refused). ruamel.yaml's
emitter speaks YAML 1.2, the version sendtrack reads, and knows every indicator, escape
and implicit type. Edits still splice its text into the file at the positions ``yamlio``
recorded (see ``edits.py``): only the new lines are emitted, never a whole file.

What we set, and why (measured with ``tests/security/test_security_yaml_text.py``):

* Double quotes wherever the emitter would choose single quotes. The files already quote
  that way (ids, meeting references), and a double-quoted scalar escapes what a single-
  quoted one writes raw: our reader is libyaml, which folds NEL, LS and PS (U+0085,
  U+2028, U+2029) as YAML 1.1 line breaks, so ``'a<NEL>b'`` came back as ``a b``.
* Text that YAML 1.1 would read as something else (``no``, ``on``, ``10:30``, ``1_000``)
  is double-quoted too. YAML 1.2 and our reader keep it as text, but a person's own tools
  (and GitHub's rendering) often read 1.1; keys are our own words and never quoted.
* An unlimited line width, so no value is folded over several lines.

Every value written is proved by reading it back (``edits.Editor``): ``as_read`` is what
``yamlio`` must return for it. ruamel is imported on the first emission only, so read
commands never load it (measured here: 25 ms on its own, 11 ms inside a write command).
"""

from __future__ import annotations

import io
import math
import sys
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from functools import cache
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from ruamel.yaml import YAML

_FLOAT_TAG = "tag:yaml.org,2002:float"
_STR_TAG = "tag:yaml.org,2002:str"
_YAML_1_1 = yaml.resolver.Resolver()
"""PyYAML's resolver types plain scalars as YAML 1.1 does (``yes`` is a boolean)."""


class Quoted(str):
    """A string always written double-quoted (ids, meeting references)."""

    __slots__ = ()


def render_scalar(value: Any) -> str:
    """``value`` as one YAML scalar, to write after ``key: `` or ``- ``."""
    text = _dump(_tree(value))
    # A plain scalar at the top level ends with the document end marker.
    return text.removesuffix("\n...\n").removesuffix("\n")


def render_block(value: Mapping[str, Any] | Sequence[Any], indent: int) -> list[str]:
    """Lines (without newline) of ``value`` as a block mapping or sequence, its first line
    starting at column ``indent``; nested blocks indent by two, list dashes included."""
    if isinstance(value, str) or not isinstance(value, (Mapping, Sequence)):
        raise TypeError(f"render_block needs a mapping or a list, not {type(value).__name__}")
    lines = _dump(_tree(value)).split("\n")[:-1]
    shift = indent - (len(lines[0]) - len(lines[0].lstrip(" ")))
    if shift >= 0:
        return [" " * shift + line for line in lines]
    return [line[-shift:] for line in lines]


def as_read(value: Any) -> Any:
    """What ``yamlio`` reads back for ``value`` once written: text for every scalar
    (``yamlio`` leaves typing to the models), None for None, and the same structure."""
    if value is None:
        return None
    if isinstance(value, str):
        return str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(key): as_read(item) for key, item in value.items()}
    return [as_read(item) for item in value]


def _tree(value: Any, *, key: bool = False) -> Any:
    """``value`` as the data ruamel dumps, with the quoting choices above made."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    if isinstance(value, float):
        # A figure (impact measures): written plain, as the shortest text that reads back
        # as the same float; the models parse it. inf and nan are no figure.
        if not math.isfinite(value):
            raise TypeError(f"cannot write {value!r} as a figure")
        return value
    if isinstance(value, Quoted):
        return DoubleQuotedScalarString(value)
    if isinstance(value, str):
        text = str(value)
        return text if key or not _typed_by_yaml_1_1(text) else DoubleQuotedScalarString(text)
    if isinstance(value, Mapping):
        return {_tree(k, key=True): _tree(item) for k, item in value.items()}
    if isinstance(value, Sequence):
        return [_tree(item) for item in value]
    if value is None or isinstance(value, (bool, int)):
        return value
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    raise TypeError(f"cannot write a {type(value).__name__} as a sendtrack value")


def _typed_by_yaml_1_1(text: str) -> bool:
    tag = _YAML_1_1.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    return bool(tag != _STR_TAG)


def _dump(tree: Any) -> str:
    stream = io.StringIO()
    _dumper().dump(tree, stream)
    return stream.getvalue()


@cache
def _dumper() -> YAML:
    from ruamel.yaml import YAML
    from ruamel.yaml.emitter import Emitter

    class DoubleQuoting(Emitter):
        """ruamel's emitter, choosing double quotes where it would choose single."""

        def choose_scalar_style(self) -> Any:
            style = super().choose_scalar_style()
            return '"' if style == "'" else style

    dumper = YAML(typ="rt")
    dumper.Emitter = DoubleQuoting
    # A value used twice in one block (the same date object in every figure an import
    # adds) must be written twice, never as an anchor and alias, which the reader refuses.
    dumper.representer.ignore_aliases = lambda data: True
    # A figure is written as repr() gives it (the shortest text that reads back as the
    # same float), which ``as_read`` predicts; ruamel's own float form differs (1.0e-07).
    dumper.representer.add_representer(
        float, lambda representer, data: representer.represent_scalar(_FLOAT_TAG, repr(data))
    )
    dumper.width = sys.maxsize
    dumper.indent(mapping=2, sequence=4, offset=2)
    return dumper
