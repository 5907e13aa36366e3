"""`sendtrack show R01` and `show 2025-11-03/A1`: one risk or board action in full.

Every field the record holds, in the model's order, nested lists and records indented
under their name: the listing commands (``risks``, ``actions``) show a row each, and this
is where the whole record, its history and its closure, is read.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from sendtrack.core.escaping import escape_terminal


def _words(key: str) -> str:
    return key.replace("_", " ")


def _lines(value: Any, indent: int) -> list[str]:
    pad = "  " * indent
    out: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, (dict, list)):
                out.append(f"{pad}{_words(key)}:")
                out.extend(_lines(item, indent + 1))
            else:
                out.append(f"{pad}{_words(key)}: {_scalar(item)}")
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, (dict, list)):
                nested = _lines(item, indent + 1)
                out.append(f"{pad}- {nested[0].lstrip()}")
                out.extend(nested[1:])
            else:
                out.append(f"{pad}- {_scalar(item)}")
    return out


def _record(item: BaseModel) -> dict[str, Any]:
    """Every field with a value (the status too, when it is the default); no empty list."""
    dumped = item.model_dump(mode="json", exclude_none=True)
    return {key: value for key, value in dumped.items() if value not in ([], {}, False)}


def _scalar(value: Any) -> str:
    return "yes" if value is True else str(value)


def board_item_text(kind: str, item: BaseModel, extra: dict[str, str]) -> str:
    """``kind`` ('risk', 'board action') and the record, every field; ``extra`` are lines
    the record does not hold (where it is filed)."""
    record = _record(item)
    head = f"{kind} {record.get('id', '')}".strip()
    body = _lines({k: v for k, v in record.items() if k != "id"}, 1)
    tail = [f"  {key}: {value}" for key, value in extra.items()]
    return escape_terminal("\n".join([head, *body, *tail]) + "\n")


def board_item_json(kind: str, item: BaseModel, extra: dict[str, str]) -> str:
    return json.dumps({"kind": kind, **_record(item), **extra}, indent=2) + "\n"
