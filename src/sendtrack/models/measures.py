"""Impact measures (``measures/*.yaml``): is the plan changing children's outcomes?

A measure is what the plan's "how we will evidence impact" points at: a figure with a
unit and a polarity, published at a frequency, with a baseline, a trajectory of interim
targets, the actual figures with where each came from, and comparators (England, the
region, statistical neighbours). One file may hold one measure or a theme's measures.

Why the shapes are strict: a suppressed figure (DfE's ``c``) is not zero, a target moved
after the board agreed it must keep the original (as a re-profile keeps a milestone's
baseline), and an imported figure must say which file and release it came from so that
it is never overwritten silently.
"""

from __future__ import annotations

import math
import re
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, WithJsonSchema, model_validator

from sendtrack.core.periods import ACCEPTED_FORMS, Period, parse_period
from sendtrack.models.base import Day, Flag, Id, Model, Text
from sendtrack.models.schema import SchemaVersion, schema_version_field

Unit = Literal["percent", "count", "rate", "days", "weeks"]
Polarity = Literal["higher", "lower"]
Frequency = Literal["monthly", "termly", "quarterly", "annual"]
PeriodKindName = Literal[
    "calendar year",
    "academic year",
    "financial year",
    "quarter",
    "financial quarter",
    "term",
    "month",
]
Unavailable = Literal["c", "x", "z", "low", "NA"]
"""Why a figure has no value: DfE's codes (c confidential/suppressed, x not available,
z not applicable, low: rounds to zero) and NHS England's NA (not available)."""

UNAVAILABLE_MEANINGS: dict[str, str] = {
    "c": "suppressed (small numbers)",
    "x": "not available",
    "z": "not applicable",
    "low": "fewer than 0.5, shown as low",
    "NA": "not available",
}

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def _period(value: Any) -> Any:
    if isinstance(value, str):
        return parse_period(value).text
    return value


def _number(value: Any) -> Any:
    if isinstance(value, str):
        text = value.strip()
        if not _NUMBER.match(text):
            raise ValueError(f"'{value}' is not a number")
        number = float(text)
        if not math.isfinite(number):
            raise ValueError(f"'{value}' is not a finite number")
        return number
    if isinstance(value, bool):
        raise ValueError("a figure must be a number")
    return value


PeriodText = Annotated[
    str,
    BeforeValidator(_period),
    WithJsonSchema(
        {"type": "string", "description": f"A period: {ACCEPTED_FORMS}."}, mode="validation"
    ),
]
"""A reporting period, stored in its canonical form (see ``core/periods.py``)."""

Number = Annotated[
    float,
    BeforeValidator(_number),
    WithJsonSchema({"type": "number"}, mode="validation"),
]
"""A figure: a plain decimal number (no thousands separators, no % sign)."""


class Provenance(Model):
    """Where a figure came from: an imported file, or the person who entered it."""

    file: Text | None = Field(default=None, description="The published file it was imported from.")
    release: Text | None = Field(default=None, description="The publication and release.")
    row: int | None = Field(default=None, ge=1, description="Row in that file (1 = header).")
    entered_by: Text | None = Field(default=None, description="Who entered a local figure.")
    on: Day | None = Field(default=None, description="When it was imported or entered.")

    @model_validator(mode="after")
    def _file_or_person(self) -> Provenance:
        if (self.file is None) == (self.entered_by is None):
            raise ValueError("a figure's source names either 'file' (imported) or 'entered_by'")
        return self


class Replaced(Model):
    """What a figure said before the publisher revised it (kept, never discarded)."""

    value: Number | None = Field(default=None, description="The value it had.")
    unavailable: Unavailable | None = Field(default=None, description="Or the code it had.")
    source: Provenance | None = Field(default=None, description="Where that came from.")
    replaced_on: Day = Field(description="When the revision was accepted.")


class Figure(Model):
    """A value for a period, or the reason there is none."""

    period: PeriodText = Field(description="The period the figure covers.")
    value: Number | None = Field(default=None, description="The figure, in the measure's unit.")
    unavailable: Unavailable | None = Field(
        default=None,
        description="Instead of a value: c (suppressed), x (not available), "
        "z (not applicable), low, NA. Never record a missing figure as 0.",
    )
    source: Provenance | None = Field(default=None, description="Where the figure came from.")
    note: Text | None = Field(default=None, description="Context for the figure.")
    previous: list[Replaced] = Field(
        default_factory=list, description="Earlier published values, oldest first."
    )

    @model_validator(mode="after")
    def _value_or_reason(self) -> Figure:
        if (self.value is None) == (self.unavailable is None):
            raise ValueError("a figure has either a 'value' or an 'unavailable' code, not both")
        return self

    def parsed_period(self) -> Period:
        return parse_period(self.period)


class Actual(Figure):
    """A measured figure of the partnership itself: its source is required."""

    source: Provenance = Field(description="Where the figure came from.")


ComparatorKind = Literal["national", "region", "neighbours", "other"]


class Comparator(Model):
    name: Text = Field(description="'England', 'North West', 'Statistical neighbours'…")
    kind: ComparatorKind = Field(
        default="other", description="national, region, neighbours (an average) or other."
    )
    members: list[Text] = Field(
        default_factory=list,
        description="For neighbours: the authorities averaged (codes or names).",
    )
    figures: list[Figure] = Field(default_factory=list, description="Its figures by period.")


class TargetRevision(Model):
    """A target moved with the board's agreement; the original target stays."""

    target: Number = Field(description="The new target.")
    reason: Text = Field(description="Why the target moves.")
    agreed_at: Id = Field(description="Id of the meeting that agreed it.")


class TrajectoryPoint(Model):
    period: PeriodText = Field(description="The period the target is for.")
    target: Number | None = Field(default=None, description="The target value.")
    match: Text | None = Field(
        default=None,
        description="Instead of a value: the comparator to reach, e.g. 'England' "
        "('national average by March 2027').",
    )
    revisions: list[TargetRevision] = Field(
        default_factory=list, description="Agreed changes of the target, oldest first."
    )

    @model_validator(mode="after")
    def _value_or_match(self) -> TrajectoryPoint:
        if (self.target is None) == (self.match is None):
            raise ValueError("a trajectory point has either a 'target' or a 'match', not both")
        if self.revisions and self.match is not None:
            raise ValueError("a 'match' target cannot be revised: write a number instead")
        return self

    def current_target(self) -> float | None:
        return self.revisions[-1].target if self.revisions else self.target


class Baseline(Model):
    period: PeriodText = Field(description="The baseline period.")
    value: Number = Field(description="The baseline value.")
    note: Text | None = Field(default=None, description="Where it comes from.")


class Commentary(Model):
    on: Day = Field(description="Date of the commentary.")
    by: Text = Field(description="Who wrote it, as a role.")
    text: Text = Field(description="Why the figure is where it is and what is being done.")


class ComparatorRows(Model):
    """Which rows of a published file are one comparator."""

    kind: ComparatorKind = Field(
        default="other", description="national, region, neighbours or other."
    )
    where: dict[str, Text] = Field(
        default_factory=dict, description="Column → value every row must have."
    )
    column: Text | None = Field(
        default=None, description="For an average: the column naming each authority."
    )
    members: list[Text] = Field(
        default_factory=list, description="For an average: the values of 'column' averaged."
    )

    @model_validator(mode="after")
    def _some_rows(self) -> ComparatorRows:
        if not self.where and not self.members:
            raise ValueError("say which rows: 'where' (column: value) or 'column' and 'members'")
        if bool(self.members) != (self.column is not None):
            raise ValueError("an average needs both 'column' and 'members'")
        return self


class ImportMapping(Model):
    """How to read this measure from a published CSV (``sendtrack measures import``)."""

    file: Text | None = Field(
        default=None,
        description="A file-name pattern this mapping applies to (e.g. 'sen2_mi*.csv'); "
        "without one, any file with the columns.",
    )
    release: Text | None = Field(
        default=None, description="The publication, recorded with every imported figure."
    )
    value: Text = Field(description="The column holding the figure.")
    period: Text = Field(description="The column holding the period.")
    period_kind: PeriodKindName = Field(description="What kind of period that column holds.")
    area: dict[str, Text] = Field(
        min_length=1, description="Column → value finding the partnership's own row."
    )
    filters: dict[str, Text] = Field(
        default_factory=dict, description="Column → value every row must also have."
    )
    comparators: dict[str, ComparatorRows] = Field(
        default_factory=dict, description="Comparator name → which rows hold it."
    )


class Source(Model):
    title: Text = Field(description="The publication or local system.")
    url: Text | None = Field(default=None, description="Where it is published.")
    mapping: ImportMapping | None = Field(
        default=None, description="How to import it from a published file."
    )


class Measure(Model):
    id: Id = Field(description="Unique id, e.g. 'M01' or 'ehcp-20-weeks'.")
    title: Text = Field(description="Short title.")
    description: Text = Field(description="What it measures and why it matters.")
    unit: Unit = Field(description="percent, count, rate, days or weeks.")
    per: int | None = Field(
        default=None, ge=1, description="For a rate: per how many (e.g. 10000)."
    )
    polarity: Polarity = Field(description="'higher' or 'lower' is better.")
    frequency: Frequency = Field(description="monthly, termly, quarterly or annual.")
    owner: Text = Field(description="Who answers for it, as a role.")
    source: Source = Field(description="Where the figures come from.")
    links: list[Id] = Field(
        default_factory=list, description="Plan items (any level) whose impact it evidences."
    )
    baseline: Baseline | None = Field(default=None, description="Where it started.")
    trajectory: list[TrajectoryPoint] = Field(
        default_factory=list, description="Interim and final targets, by period."
    )
    tolerance: Number = Field(
        default=0.0,
        ge=0,
        description="How far short of the target (in the measure's unit) still counts "
        "as on trajectory.",
    )
    actuals: list[Actual] = Field(default_factory=list, description="The figures, by period.")
    comparators: list[Comparator] = Field(
        default_factory=list, description="England, region, neighbours or other series."
    )
    commentary: list[Commentary] = Field(
        default_factory=list, description="The owner's commentary, oldest first."
    )
    illustrative: Flag = Field(
        default=False, description="true where figures are illustrative, not published."
    )
    note: Text | None = Field(default=None, description="Free text.")

    @model_validator(mode="after")
    def _rate_has_per(self) -> Measure:
        if self.unit == "rate" and self.per is None:
            raise ValueError("a rate needs 'per' (e.g. per: 10000)")
        return self


class MeasureFile(Model):
    schema_version: SchemaVersion | None = schema_version_field()
    measures: list[Measure] = Field(min_length=1, description="The measures in this file.")
