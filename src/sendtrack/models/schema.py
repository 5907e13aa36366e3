"""The file format's version: every data file may say which schema it is written in.

Schema changes never strand a repository: a file without ``schema_version`` is schema 1
(everything written before versions existed), every schema this sendtrack reads is
accepted as it stands, and ``sendtrack migrate`` (``store/migrate.py``) rewrites older
files to ``CURRENT_SCHEMA``. A file from a newer sendtrack is refused with a message, not
misread.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, Field, WithJsonSchema

CURRENT_SCHEMA = 2
"""Schema 2 added levels and words, bodies, added_on, carried_forward, links, undated
milestones and the lead's rating; all optional, so a schema-1 file reads unchanged."""


def _version(value: Any) -> Any:
    number = int(value) if isinstance(value, str) and value.strip().isdigit() else value
    if isinstance(number, int) and not isinstance(number, bool):
        if number < 1:
            raise ValueError("a schema version is 1 or more")
        if number > CURRENT_SCHEMA:
            raise ValueError(
                f"this file is written in schema {number}, newer than this sendtrack reads "
                f"({CURRENT_SCHEMA}): upgrade sendtrack"
            )
    return number


SchemaVersion = Annotated[
    int,
    BeforeValidator(_version),
    WithJsonSchema({"type": "integer", "minimum": 1, "maximum": CURRENT_SCHEMA}, mode="validation"),
]


def schema_version_field() -> Any:
    return Field(
        default=None,
        description=f"The file format's version (absent: 1; current: {CURRENT_SCHEMA}). "
        "'sendtrack migrate' updates it.",
    )
