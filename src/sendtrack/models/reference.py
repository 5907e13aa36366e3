"""The file-format reference (docs/format.md), made from the models' own field descriptions
so that the documentation cannot drift from what the loader accepts."""

from __future__ import annotations

import types
import typing
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from sendtrack.core.dates import WINDOW
from sendtrack.models.measures import MeasureFile
from sendtrack.models.meetings import Meeting
from sendtrack.models.plan import Priority
from sendtrack.models.risks import RiskRegister
from sendtrack.models.settings import Settings
from sendtrack.models.tracker import ActionLog

FILES: list[tuple[str, type[BaseModel]]] = [
    ("plan/partnership.yaml", Settings),
    ("plan/<anything>.yaml (one per priority)", Priority),
    ("tracker/actions.yaml and tracker/archive.yaml", ActionLog),
    ("risks/<anything>.yaml", RiskRegister),
    ("meetings/<YYYY-MM-DD>.yaml", Meeting),
    ("measures/<anything>.yaml (one per measure or theme)", MeasureFile),
]


def _type_name(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        inner = typing.get_args(annotation)[0]
        if inner is date:
            return "date"
        if inner is bool:
            return "true/false"
        return (
            "id"
            if any("_identifier" in repr(m) for m in typing.get_args(annotation)[1:])
            else "text"
        )
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        return " or ".join(_type_name(a) for a in options)
    if origin is list:
        return f"list of {_type_name(typing.get_args(annotation)[0])}"
    if origin is Literal:
        return " \\| ".join(f"`{a}`" for a in typing.get_args(annotation))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation.__name__
    if annotation is int:
        return "whole number"
    if annotation is str:
        return "text"
    return getattr(annotation, "__name__", str(annotation))


def _models_in(model: type[BaseModel], seen: list[type[BaseModel]]) -> None:
    if model in seen:
        return
    seen.append(model)
    for info in model.model_fields.values():
        stack = [info.annotation]
        while stack:
            current = stack.pop()
            if isinstance(current, type) and issubclass(current, BaseModel):
                _models_in(current, seen)
            stack.extend(typing.get_args(current))


def render_reference() -> str:
    lines = [
        "# File format reference",
        "",
        "Generated from the pydantic models in `src/sendtrack/models/` "
        "(`SENDTRACK_UPDATE_GOLDEN=1 pytest tests/models/test_format_reference.py` rewrites it).",
        'Unknown fields are refused. Ids are text exactly as written (quote them: `"1.10"`).',
        "Ids hold no white space, no control character, no `/` and no `\\`, and do not start",
        "with `.`; a board action's id joins its meeting and number with one `/`",
        "(`2025-11-03/A3`). Text may hold tabs and line breaks but no other control character",
        "(no ESC or BEL from a double-quoted escape such as `\\e`).",
        "Dates are ISO days (`2025-03-31`) or months (`2025-03`, `March 2025`, `Sept 2025`,",
        f"`Feb 26`), a month meaning its last day, from {WINDOW} (any other year is a",
        "`date-out-of-range` problem). Booleans are `true` or `false` only.",
        "",
        "| file | top-level model |",
        "| --- | --- |",
    ]
    lines.extend(f"| `{name}` | {model.__name__} |" for name, model in FILES)
    models: list[type[BaseModel]] = []
    for _, model in FILES:
        _models_in(model, models)
    for model in models:
        lines += ["", f"## {model.__name__}", ""]
        if model.__doc__ and "Model" not in model.__doc__.split("\n")[0][:6]:
            lines += [" ".join(model.__doc__.split()), ""]
        lines += ["| field | type | required | meaning |", "| --- | --- | --- | --- |"]
        for name, info in model.model_fields.items():
            required = "yes" if info.is_required() else "no"
            if not info.is_required() and info.default not in (None, PydanticUndefined, False):
                required = f"no (default `{info.default}`)"
            type_name = _type_name(info.annotation)
            if any("_identifier" in repr(meta) for meta in info.metadata):
                type_name = "id"
            lines.append(f"| `{name}` | {type_name} | {required} | {info.description or ''} |")
    return "\n".join(lines) + "\n"
