"""The seam between returns and impact measures: which measures a lead owns, with their
latest figure, and recording a new one.

Returns carry a measures sheet (latest figure; a period and a new figure to fill in) for
every measure the lead owns. The measures themselves (``sendtrack measures record ID
--period P --value V``) are being built on another branch, so returns reach them only
through ``MeasureSource``. ``NO_MEASURES``, the source used until that lands, owns
nothing, so no return has a measures sheet. Integration, once ``sendtrack.measures``
is merged: a source whose ``owned`` lists ``repo.measures`` whose owner matches the lead
(``leads.owner_matches``), latest figure from its last ``actuals`` entry, and whose
``record`` calls ``measures.edits.record`` with the workspace it is given (that function
must plan with ``workspace.editor()``, as ``plan.edits`` does, to take part in a batch).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from sendtrack.edit.planned import EditRefused, PlannedEdit, Workspace
from sendtrack.store.repository import Repository


@dataclass(frozen=True)
class MeasureLine:
    """One measure as a return shows it."""

    id: str
    title: str
    unit: str
    latest_period: str | None
    latest_value: str | None
    digest: str
    """Of the measure's state when the return was made (see ``make.digest``)."""


class MeasureSource(Protocol):
    def owned(self, repo: Repository, lead: str) -> list[MeasureLine]:
        """The measures ``lead`` answers for, in the repository's order."""
        ...

    def digest(self, repo: Repository, measure_id: str) -> str | None:
        """The measure's state now (None: there is no such measure)."""
        ...

    def recorded(self, repo: Repository, measure_id: str, period: str, value: str) -> bool:
        """Whether the measure already has this figure for ``period`` (a return applied
        again changes nothing)."""
        ...

    def record(
        self,
        workspace: Workspace,
        measure_id: str,
        period: str,
        value: str,
        by: str,
        note: str | None,
    ) -> PlannedEdit:
        """Plan a new figure for ``period``, as ``sendtrack measures record`` would."""
        ...


class NoMeasures:
    """The source while sendtrack has no measures: nobody owns one."""

    def owned(self, repo: Repository, lead: str) -> list[MeasureLine]:
        return []

    def digest(self, repo: Repository, measure_id: str) -> str | None:
        return None

    def recorded(self, repo: Repository, measure_id: str, period: str, value: str) -> bool:
        return False

    def record(
        self,
        workspace: Workspace,
        measure_id: str,
        period: str,
        value: str,
        by: str,
        note: str | None,
    ) -> PlannedEdit:
        raise EditRefused(f"no measure '{measure_id}': this repository has no impact measures")


NO_MEASURES: MeasureSource = NoMeasures()
