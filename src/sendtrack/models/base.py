"""The base model and the field types every file kind shares.

Values arrive from ``yamlio`` as the text the person wrote (or None), so every type here
parses text: ids stay exactly as written (``1.10`` is not ``1.1``), dates accept month
forms, booleans accept YAML 1.2's ``true``/``false`` only (``no`` is not False).
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, PlainSerializer, WithJsonSchema

from sendtrack.core.dates import parse_date


class Model(BaseModel):
    """Every sendtrack model: unknown keys are refused (the loader adds a 'did you mean')."""

    model_config = ConfigDict(extra="forbid", frozen=False, validate_default=False)


def _day(value: Any) -> Any:
    if isinstance(value, str):
        return parse_date(value)
    return value


def _identifier(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        if not value:
            raise ValueError("an id cannot be empty")
        if re.search(r"\s", value):
            raise ValueError(f"id '{value}' contains white space")
        return value
    if isinstance(value, (int, float, bool)):
        # Only reachable from Python callers: YAML values arrive as text.
        raise ValueError('an id must be text: quote it, e.g. id: "1.10"')
    return value


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
        return stripped
    return value


# -- JSON Schema for editors (``sendtrack schema``) ---------------------------------------
# An editor's YAML language server types values by YAML 1.2's core schema, in which an
# unquoted 2025-03 or 2025-03-31 is a string, so a date is a string whose pattern admits
# every form ``dates.parse_date`` reads (a month name in any of its usual casings).


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
DAY_PATTERN = (
    r"^\s*(?:\d{4}-\d{2}(?:-\d{2})?"
    rf"|{_MONTH}\.?\s+'?(?:\d{{2}}|\d{{4}})"
    rf"|\d{{1,2}}\s+{_MONTH}\.?\s+\d{{4}})\s*$"
)
"""The date forms, as a JSON Schema (ECMA-262) pattern."""

Day = Annotated[
    date,
    BeforeValidator(_day),
    PlainSerializer(lambda d: d.isoformat(), return_type=str, when_used="json"),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": DAY_PATTERN,
            "description": "A date: 2025-03-31, 31 March 2025, or a month (2025-03, "
            "March 2025, Sept 2025, Feb 26), which means its last day.",
        },
        mode="validation",
    ),
]
"""A calendar day; a month means its last day."""

Id = Annotated[
    str,
    BeforeValidator(_identifier),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\s*\S+\s*$",
            "description": "An id: text without spaces. Quote ids that look like numbers "
            '("1.10"), or YAML reads them as numbers.',
        },
        mode="validation",
    ),
]
"""An identifier, exactly as written."""

Flag = Annotated[
    bool,
    BeforeValidator(_yaml_bool),
    WithJsonSchema({"type": "boolean"}, mode="validation"),
]
"""true or false, YAML 1.2 style."""

Text = Annotated[
    str,
    BeforeValidator(_text),
    WithJsonSchema({"type": "string", "pattern": r"\S"}, mode="validation"),
]
"""Non-empty text, surrounding white space dropped."""
