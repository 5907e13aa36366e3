"""The base model and the field types every file kind shares.

Values arrive from ``yamlio`` as the text the person wrote (or None), so every type here
parses text: ids stay exactly as written (``1.10`` is not ``1.1``), dates accept month
forms and lie from 2000 to 2100 (``dates.WINDOW``), booleans accept YAML 1.2's
``true``/``false`` only (``no`` is not False).
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, PlainSerializer, WithJsonSchema
from pydantic_core import PydanticCustomError

from sendtrack.core.dates import WINDOW, DateOutOfRange, check_window, parse_date
from sendtrack.core.escaping import CONTROL, control_name


class Model(BaseModel):
    """Every sendtrack model: unknown keys are refused (the loader adds a 'did you mean')."""

    model_config = ConfigDict(extra="forbid", frozen=False, validate_default=False)

    def model_post_init(self, context: Any, /) -> None:
        # Pydantic keeps a set of the field names each instance was given: 728 bytes for
        # a milestone's dozen, a fifth of a large repository's memory. Instances given
        # the same names share one set. Nothing here reads it (no ``exclude_unset``), and
        # a copy gets its own (``BaseModel.__copy__`` copies it), so assigning to a copy's
        # field never reaches the instances it shares with.
        self._share_given_fields()

    def __setstate__(self, state: dict[Any, Any]) -> None:
        # Read back from the model cache: a pickle shares sets only within one file's.
        super().__setstate__(state)
        self._share_given_fields()

    def _share_given_fields(self) -> None:
        given = self.__pydantic_fields_set__
        object.__setattr__(
            self, "__pydantic_fields_set__", _GIVEN_FIELDS.setdefault(frozenset(given), given)
        )


_GIVEN_FIELDS: dict[frozenset[str], set[str]] = {}
"""One set of given field names per distinct set (``Model._share_given_fields``)."""


def day_value(value: Any) -> Any:
    """Text in any accepted form, or a date from a Python caller, within the window
    (shared with ``plan.Due``, whose dates keep the same window)."""
    try:
        if isinstance(value, str):
            return parse_date(value)
        if isinstance(value, date):
            return check_window(value)
    except DateOutOfRange as exc:
        # Its own error type, so the loader reports it as 'date-out-of-range'.
        raise PydanticCustomError("date_out_of_range", str(exc)) from None
    return value


_WHITE_SPACE = re.compile(r"\s")


def _identifier(value: Any, *, parts: bool = False) -> Any:
    if isinstance(value, str):
        value = value.strip()
        if not value:
            raise ValueError("an id cannot be empty")
        if _WHITE_SPACE.search(value):
            raise ValueError(f"id '{value}' contains white space")
        if (unsafe := _unsafe_id(value, parts)) is not None:
            raise PydanticCustomError(
                "unsafe_id", "id '{id}' {unsafe}", {"id": value, "unsafe": unsafe}
            )
        return value
    if isinstance(value, (int, float, bool)):
        # Only reachable from Python callers: YAML values arrive as text.
        raise ValueError('an id must be text: quote it, e.g. id: "1.10"')
    return value


def _unsafe_id(value: str, parts: bool) -> str | None:
    """Why ``value`` is outside the id character set, or None.

    Ids name things in messages, terminals and file names, so they hold no control
    character, no '\\' and no '/' (a board action's '<meeting>/A<n>' excepted: ``parts``),
    and neither the id nor any part of it starts with '.' (no '..', no hidden names).
    """
    if control := CONTROL.search(value):
        return f"contains a control character ({control_name(control.group())})"
    if "\\" in value:
        return "contains '\\'"
    if "/" in value and not parts:
        return "contains '/'"
    for part in value.split("/"):
        if not part:
            return "has an empty part between '/'"
        if part == "..":
            return "has a '..' part"
        if part.startswith("."):
            return "has a leading '.'" if part == value else "has a part with a leading '.'"
    return None


def _reference_identifier(value: Any) -> Any:
    """An id that may name a board action ('<meeting>/A<n>'): parts joined by '/'."""
    return _identifier(value, parts=True)


def _yaml_bool(value: Any) -> Any:
    if isinstance(value, str):
        lowered = value.strip()
        if lowered in {"true", "True", "TRUE"}:
            return True
        if lowered in {"false", "False", "FALSE"}:
            return False
        raise ValueError(f"'{value}' is not true or false")
    return value


def _text(value: Any) -> Any:
    if isinstance(value, str):
        stripped = value.strip()
        if not stripped:
            raise ValueError("cannot be empty")
        if control := CONTROL.search(stripped):
            # Tab and line feed are text (block scalars); ESC, BEL, CR… act on terminals.
            raise PydanticCustomError(
                "control_character",
                "contains a control character ({character}), which would act on a terminal",
                {"character": control_name(control.group())},
            )
        return stripped
    return value


# -- JSON Schema for editors (``sendtrack schema``) ---------------------------------------
# An editor's YAML language server types values by YAML 1.2's core schema, in which an
# unquoted 2025-03 or 2025-03-31 is a string, so a date is a string whose pattern admits
# every form ``dates.parse_date`` reads (a month name in any of its usual casings), with
# a four-digit year in the window (2000 to 2100).


def _month_names() -> str:
    """'[Jj]an(?:uary)?|JAN(?:UARY)?|…': each month's name or abbreviation, as usually cased."""
    forms = []
    for number in range(1, 13):
        name = calendar.month_name[number]
        head, rest = name[:3], name[3:]
        tail = f"(?:{rest})?" if rest else ""
        upper_tail = f"(?:{rest.upper()})?" if rest else ""
        forms += [f"[{head[0]}{head[0].lower()}]{head[1:]}{tail}", f"{head.upper()}{upper_tail}"]
    return "|".join([*forms, "[Ss]ept", "SEPT"])


_MONTH = f"(?:{_month_names()})"
_YEAR = r"(?:20\d{2}|2100)"
DAY_PATTERN = (
    rf"^\s*(?:{_YEAR}-\d{{2}}(?:-\d{{2}})?"
    rf"|{_MONTH}\.?\s+'?(?:\d{{2}}|{_YEAR})"
    rf"|\d{{1,2}}\s+{_MONTH}\.?\s+{_YEAR})\s*$"
)
"""The date forms, as a JSON Schema (ECMA-262) pattern."""

Day = Annotated[
    date,
    BeforeValidator(day_value),
    PlainSerializer(lambda d: d.isoformat(), return_type=str, when_used="json"),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": DAY_PATTERN,
            "description": "A date: 2025-03-31, 31 March 2025, or a month (2025-03, "
            f"March 2025, Sept 2025, Feb 26), which means its last day; from {WINDOW}.",
        },
        mode="validation",
    ),
]
"""A calendar day; a month means its last day."""

_ID_PART = r"[^\s/\\.\u0000-\u001f\u007f-\u009f][^\s/\\\u0000-\u001f\u007f-\u009f]*"
"""One id, or one part of a board action's, as a JSON Schema (ECMA-262) pattern."""

ID_RULE = "An id is text without spaces, control characters, '/' or '\\', not starting with '.'"

Id = Annotated[
    str,
    BeforeValidator(_identifier),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": rf"^\s*{_ID_PART}\s*$",
            "description": f"{ID_RULE}. Quote ids that look like numbers "
            '("1.10"), or YAML reads them as numbers.',
        },
        mode="validation",
    ),
]
"""An identifier, exactly as written, in the id character set (``_unsafe_id``)."""

Ref = Annotated[
    str,
    BeforeValidator(_reference_identifier),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": rf"^\s*{_ID_PART}(?:/{_ID_PART})*\s*$",
            "description": f"{ID_RULE}, except that a board action's id joins its "
            "meeting and number with '/' ('2025-11-03/A3'). Quote ids that look like numbers.",
        },
        mode="validation",
    ),
]
"""An id that may name a board action: parts in the id character set, joined by '/'."""

Flag = Annotated[
    bool,
    BeforeValidator(_yaml_bool),
    WithJsonSchema({"type": "boolean"}, mode="validation"),
]
"""true or false, YAML 1.2 style."""

Text = Annotated[
    str,
    BeforeValidator(_text),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^(?=[\s\S]*\S)[^\u0000-\u0008\u000b-\u001f\u007f-\u009f]*$",
        },
        mode="validation",
    ),
]
"""Non-empty text, surrounding white space dropped; no control character but tab and
line feed."""
