"""What changed in the risk register: added, closed, re-opened, rescored, edited.

A rescore is reported with its direction (↑ worse, ↓ better), the factors that moved
and the note of the history entry it appended; a risk removed outright is flagged
(close it instead, so the record stays).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date

from sendtrack.models import Risk
from sendtrack.review.diff.engine import (
    Change,
    at_meeting,
    content,
    field_edits,
    index_by_id,
    match,
    meeting_dates,
    shown,
)
from sendtrack.store.repository import Repository


def risk_changes(old: Repository, new: Repository) -> Iterator[Change]:
    matched = match(
        index_by_id((r.id, r) for r in old.risks),
        index_by_id((r.id, r) for r in new.risks),
        content,
    )
    olds, news, removed, added = matched.olds, matched.news, matched.removed, matched.added
    renames, renamed_to = matched.renames, matched.renamed_to
    dates = meeting_dates(new)
    for item_id, risk in news.items():
        if item_id in added and item_id not in renamed_to:
            yield Change(
                "risk-added",
                item_id,
                None,
                None,
                risk.title,
                f"added: {shown(risk.title)}, score {risk.score} "
                f"(likelihood {risk.likelihood} × impact {risk.impact}), owner {risk.owner}",
            )
    for old_id, risk in olds.items():
        if old_id in renames:
            new_id = renames[old_id]
            yield Change(
                "risk-renamed",
                new_id,
                "id",
                old_id,
                new_id,
                f"was {old_id} (renamed; everything else is unchanged)",
            )
            yield from _risk_pair(new_id, risk, news[new_id], dates)
        elif old_id in removed:
            yield Change(
                "risk-removed",
                old_id,
                None,
                risk.title,
                None,
                f"removed from the register: {shown(risk.title)}; close it instead "
                "('status: closed' with the reason and meeting) so the record stays",
            )
        else:
            yield from _risk_pair(old_id, risk, news[old_id], dates)


def _risk_pair(
    item_id: str, before: Risk, after: Risk, dates: Mapping[str, date]
) -> Iterator[Change]:
    if before.status != after.status:
        if after.status == "closed":
            why = (
                f" at the {at_meeting(after.closed.at, dates)} board: {shown(after.closed.reason)}"
                if after.closed
                else ""
            )
            yield Change(
                "risk-closed", item_id, "status", before.status, after.status, f"closed{why}"
            )
        else:
            yield Change(
                "risk-reopened", item_id, "status", before.status, after.status, "re-opened"
            )
    if before.score != after.score:
        arrow = "↑ up" if after.score > before.score else "↓ down"  # an arrow with its word
        parts = [
            f"{name} {was} → {now}"
            for name, was, now in (
                ("likelihood", before.likelihood, after.likelihood),
                ("impact", before.impact, after.impact),
            )
            if was != now
        ]
        note = ""
        if after.history[: len(before.history)] == before.history and len(after.history) > len(
            before.history
        ):
            note = f": {after.history[-1].note}"
        yield Change(
            "risk-rescored",
            item_id,
            "score",
            before.score,
            after.score,
            f"rescored {before.score} → {after.score} {arrow} ({', '.join(parts)}){note}",
        )
    skip = ["status", "closed", "likelihood", "impact"]
    if before.score != after.score:
        skip.append("history")
    yield from field_edits("risk-edited", item_id, before, after, skip)
