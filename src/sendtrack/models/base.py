"""The base model and the field types every file kind shares.

Values arrive from ``yamlio`` as the text the person wrote (or None), so every type here
parses text: ids stay exactly as written (``1.10`` is not ``1.1``), dates accept month
forms, booleans accept YAML 1.2's ``true``/``false`` only (``no`` is not False).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, PlainSerializer

from sendtrack.dates import parse_date


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


Day = Annotated[
    date,
    BeforeValidator(_day),
    PlainSerializer(lambda d: d.isoformat(), return_type=str, when_used="json"),
]
"""A calendar day; a month means its last day."""

Id = Annotated[str, BeforeValidator(_identifier)]
"""An identifier, exactly as written."""

Flag = Annotated[bool, BeforeValidator(_yaml_bool)]
"""true or false, YAML 1.2 style."""

Text = Annotated[str, BeforeValidator(_text)]
"""Non-empty text, surrounding white space dropped."""
