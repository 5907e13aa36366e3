"""`sendtrack schema`: JSON Schemas that editors use, proved with a real validator.

How values are typed before validation, and why: an editor's YAML language server reads
a file with YAML 1.2's core schema — an unquoted ``4`` is an integer, ``true`` a
boolean, ``2025-03-31`` and ``2025-03`` are strings (1.2 has no timestamps), ``1.10`` is
the number 1.1, and anything quoted is a string — and validates *that* against the
schema. ``editor_view`` builds exactly that view from our own reader's node tree (which
keeps each scalar's text and quoting), so the test answers the question that matters:
would the shipped files show a false error in an editor? Validating sendtrack's own
typed data instead (every scalar a string) would prove nothing about the editor, and
PyYAML's loaders use YAML 1.1, which turns ``no`` into False and dates into ``date``.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from sendtrack.store.json_schema import SCHEMA_FILES, schemas
from sendtrack.store.loader import data_files, kind_of
from sendtrack.store.scaffold import template_files
from sendtrack.store.yamlio import read_text
from tests.conftest import PROJECT_ROOT
from tests.one_milestone import one_milestone_priority

SHIPPED = PROJECT_ROOT / "schemas"

_INT = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)


def _core_scalar(node: yaml.ScalarNode) -> Any:
    """A scalar as YAML 1.2's core schema types it (what the YAML language server sees)."""
    text = node.value
    if node.style:  # quoted or block: always a string
        return text
    if text in {"", "~", "null", "Null", "NULL"}:
        return None
    if text in {"true", "True", "TRUE"}:
        return True
    if text in {"false", "False", "FALSE"}:
        return False
    if _INT.match(text):
        return int(text, 0) if text.startswith(("0o", "0x")) else int(text)
    if _FLOAT.match(text):
        return float(text.replace(".inf", "inf").replace(".Inf", "inf").replace(".INF", "inf"))
    return text


def editor_view(node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return _core_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return [editor_view(item) for item in node.value]
    assert isinstance(node, yaml.MappingNode)
    return {str(key.value): editor_view(value) for key, value in node.value}


def load_as_editor(text: str, name: str) -> Any:
    doc, problems = read_text(text, name)
    assert doc is not None, problems
    return editor_view(doc.root)


def schema_name_for(relative: str) -> str:
    kind = kind_of(relative)
    assert kind is not None, relative
    return next(name for name, (file_kind, _) in SCHEMA_FILES.items() if file_kind is kind)


def validator(name: str) -> jsonschema.protocols.Validator:
    schema = schemas()[name]
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def errors(name: str, data: Any) -> list[str]:
    return sorted(
        f"{'/'.join(str(p) for p in error.absolute_path)}: {error.message}"
        for error in validator(name).iter_errors(data)
    )


# -- the schemas themselves -------------------------------------------------------------------


def test_one_valid_draft_2020_12_schema_per_file_kind() -> None:
    generated = schemas()
    assert sorted(generated) == sorted(
        [
            "partnership.schema.json",
            "priority.schema.json",
            "actions.schema.json",
            "archive.schema.json",
            "risks.schema.json",
            "meeting.schema.json",
            "measures.schema.json",
        ]
    )
    for name, schema in generated.items():
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["additionalProperties"] is False, name


def _properties(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    found = [("(file)", key, value) for key, value in schema.get("properties", {}).items()]
    for model, definition in schema.get("$defs", {}).items():
        found += [(model, key, value) for key, value in definition.get("properties", {}).items()]
    return found


def test_every_field_has_a_description() -> None:
    for name, schema in schemas().items():
        for model, field, definition in _properties(schema):
            assert definition.get("description"), f"{name}: {model}.{field} has no description"


def test_date_fields_say_which_forms_they_accept() -> None:
    due = schemas()["priority.schema.json"]["$defs"]["Milestone"]["properties"]["due"]
    assert due["description"] == (
        "Baseline due date. Never edited: re-profile instead. 'ongoing' or 'TBC' where the "
        "partnership allows undated milestones (undated_milestones: true). Dates: 2025-03-31, "
        "31 March 2025, or a month (2025-03, March 2025, Sept 2025, Feb 26) meaning its last day; "
        "from 2000-01-01 to 2100-12-31."
    )


def test_committed_schemas_are_up_to_date() -> None:
    """schemas/ at the project root is what the README's modeline points at."""
    from sendtrack.store.json_schema import render

    for name, schema in schemas().items():
        path = SHIPPED / name
        if os.environ.get("SENDTRACK_UPDATE_GOLDEN"):
            SHIPPED.mkdir(exist_ok=True)
            path.write_text(render(schema), encoding="utf-8")
        assert path.read_text(encoding="utf-8") == render(schema), (
            f"{path} is stale: run 'sendtrack schema --output schemas'"
        )
    assert sorted(p.name for p in SHIPPED.glob("*.json")) == sorted(SCHEMA_FILES)


def test_the_command_writes_them(cli: Any, tmp_path: Path) -> None:
    target = tmp_path / "out" / "schemas"
    result = cli("schema", "--output", str(target))
    assert result.exit_code == 0
    assert result.output == "".join(f"wrote {target / name}\n" for name in SCHEMA_FILES)
    for name, schema in schemas().items():
        assert json.loads((target / name).read_text(encoding="utf-8")) == schema


def test_the_command_reports_an_unwritable_folder(cli: Any, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = cli("schema", "--output", str(blocker / "schemas"))
    assert result.exit_code == 1
    assert result.output.startswith(f"sendtrack: cannot write schemas to {blocker / 'schemas'}: ")


# -- the shipped data and the template validate -----------------------------------------------


def _shipped() -> list[str]:
    return data_files(PROJECT_ROOT)


@pytest.mark.parametrize("relative", _shipped())
def test_every_shipped_file_validates(relative: str) -> None:
    data = load_as_editor((PROJECT_ROOT / relative).read_text(encoding="utf-8"), relative)
    assert errors(schema_name_for(relative), data) == []


def test_the_shipped_data_is_all_there() -> None:
    kinds = {kind_of(relative).kind for relative in _shipped()}  # type: ignore[union-attr]
    assert kinds == {"settings", "plan", "actions", "archive", "risks", "meeting", "measures"}


def test_every_template_file_validates() -> None:
    for relative, raw in template_files().items():
        data = load_as_editor(raw.decode("utf-8"), relative)
        assert errors(schema_name_for(relative), data) == [], relative


# -- what an editor would underline -----------------------------------------------------------


def priority(due: str = "March 2025", milestone_id: str = '"1.1.1.1"', extra: str = "") -> Any:
    text = one_milestone_priority(extra, action_due=due, milestone_id=milestone_id)
    return load_as_editor(text, "plan/priority-1.yaml")


@pytest.mark.parametrize(
    "due",
    ["2025-03", "2025-03-31", "March 2025", "Mar 2025", "Sept 2025", "Feb 26", "31 March 2025"],
)
def test_every_date_form_the_models_accept_is_accepted(due: str) -> None:
    assert errors("priority.schema.json", priority(due=due)) == []


def test_what_an_editor_underlines() -> None:
    m = "outcomes/0/actions/0/milestones/0"
    (bad_date,) = errors("priority.schema.json", priority(due="next spring"))
    assert bad_date.startswith("outcomes/0/actions/0/due: 'next spring' does not match \"^")
    assert errors("priority.schema.json", priority(milestone_id="1.10")) == [
        f"{m}/id: 1.1 is not of type 'string'"
    ]
    assert errors("priority.schema.json", priority(extra="            stauts: complete\n")) == [
        f"{m}: Additional properties are not allowed ('stauts' was unexpected)"
    ]
    assert errors("priority.schema.json", priority(extra="            status: done\n")) == [
        f"{m}/status: 'done' is not one of ['not_started', 'in_progress', 'complete']"
    ]
    assert errors("priority.schema.json", priority(extra="            illustrative: yes\n")) == [
        f"{m}/illustrative: 'yes' is not of type 'boolean'"
    ]


def test_a_reprofile_is_agreed_or_proposed_not_both() -> None:
    both = (
        "            reprofiles:\n              - to: 2025-06-30\n"
        "                reason: Partners asked for more time.\n"
        '                agreed_at: "2025-04-10"\n                proposed: true\n'
    )
    neither = "            reprofiles:\n              - to: 2025-06-30\n                reason: x\n"
    agreed = (
        "            reprofiles:\n              - to: 2025-06-30\n"
        '                reason: x\n                agreed_at: "2025-04-10"\n'
    )
    proposed = (
        "            reprofiles:\n              - to: 2025-06-30\n"
        "                reason: x\n                proposed: true\n"
    )
    assert errors("priority.schema.json", priority(extra=agreed)) == []
    assert errors("priority.schema.json", priority(extra=proposed)) == []
    for bad in (both, neither):
        found = errors("priority.schema.json", priority(extra=bad))
        assert len(found) == 1 and "is not valid under any of the given schemas" in found[0]


def test_risk_scores_have_their_range() -> None:
    text = (PROJECT_ROOT / "src/sendtrack/templates/init/risks/register.yaml").read_text(
        encoding="utf-8"
    )
    data = load_as_editor(text.replace("likelihood: 4", "likelihood: 6"), "risks/register.yaml")
    assert errors("risks.schema.json", data) == [
        "risks/0/likelihood: 6 is greater than the maximum of 5"
    ]


def test_editor_view_types_values_as_yaml_1_2() -> None:
    data = load_as_editor(
        'a: 4\nb: "4"\nc: 2025-03-31\nd: 1.10\ne: no\nf: true\ng: ~\nh: 0x1F\ni: .inf\n', "x.yaml"
    )
    assert data == {
        "a": 4,
        "b": "4",
        "c": "2025-03-31",
        "d": 1.1,
        "e": "no",
        "f": True,
        "g": None,
        "h": 31,
        "i": float("inf"),
    }
