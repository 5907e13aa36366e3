"""Rules about the plan's shape and words (levels declared in plan/partnership.yaml).

Kept apart from ``rules.py`` because they follow from the partnership's declaration
(``models/vocabulary.py``): a file must have the depth the partnership's plan has, and the
narrative an item carries must be one its level declares. Each docstring is its
documentation.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from sendtrack.checks import CheckContext, check, problem_at
from sendtrack.core.problems import Problem, Severity
from sendtrack.models.plan import Milestone
from sendtrack.models.vocabulary import CHILD_KEY, slot_of, vocabulary, with_article
from sendtrack.store.repository import Repository


def _did_you_mean(value: str, known: list[str], otherwise: str) -> str:
    """The hint for an unknown ``value``: the known one closest to it, or ``otherwise``
    where none is close."""
    close = difflib.get_close_matches(value, known, n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else otherwise


@check("level-mismatch")
def files_have_the_plans_depth(repo: Repository, context: CheckContext) -> Iterator[Problem]:
    """Every top-level file is written with the plan's levels: four levels list
    'outcomes:', three 'actions:', two 'milestones:' (plan/partnership.yaml 'levels')."""
    if "settings" in repo.incomplete:
        return
    words = vocabulary(repo.settings)
    for priority in repo.priorities:
        if priority.depth == words.depth:
            continue
        written = CHILD_KEY[priority.depth]
        yield problem_at(
            repo,
            priority,
            "level-mismatch",
            f"{words.top.word} {priority.id} lists '{written}:', a plan of {priority.depth} "
            f"levels, but plan/partnership.yaml declares {words.depth} ({words.chain})",
            field=written,
            item_id=priority.id,
            hint=f"list its {words.levels[1].words} under '{words.child_key}:', or change "
            "'levels:' in plan/partnership.yaml",
        )


@check("unknown-narrative-field")
def narrative_is_declared(repo: Repository, context: CheckContext) -> Iterator[Problem]:
    """Each key under an item's 'narrative:' is one its level declares in
    plan/partnership.yaml ('levels: … narrative: [{key, label}]'), so papers can head it."""
    if "settings" in repo.incomplete:
        return
    words = vocabulary(repo.settings)
    for item in repo.plan_items():
        if isinstance(item, Milestone) or not item.narrative:
            continue  # most items carry no narrative: spare them the level's words
        slot = slot_of(item)
        level = words.level(slot)
        declared = [field.key for field in level.narrative] if level else []
        noun = words.noun(slot)
        for key in item.narrative:
            if key in declared:
                continue
            yield problem_at(
                repo,
                item,
                "unknown-narrative-field",
                f"{noun.word} {item.id} has narrative '{key}', which plan/partnership.yaml "
                f"does not declare for the {noun.word} level",
                field="narrative",
                item_id=item.id,
                hint=_did_you_mean(
                    key,
                    declared,
                    f"declared: {', '.join(declared)}"
                    if declared
                    else f"declare it under the {noun.word} level's 'narrative:' with a label",
                ),
            )


@check("added-on-missing")
def items_say_when_they_entered(repo: Repository, context: CheckContext) -> Iterator[Problem]:
    """In a git repository, every top-level item says when it entered the plan (its
    'added_on' or 'added_at', or the settings' 'plan_agreed_on'): '--as-of' counts only
    what existed, and sendtrack does not guess a date from the history. A warning; items
    below inherit the date of the level above."""
    if not context.in_git or "settings" in repo.incomplete:
        return
    if repo.settings is not None and repo.settings.plan_agreed_on is not None:
        return
    words = vocabulary(repo.settings)
    for priority in repo.priorities:
        if priority.added_on is not None or priority.added_at is not None:
            continue
        yield problem_at(
            repo,
            priority,
            "added-on-missing",
            f"{words.top.word} {priority.id} does not say when it entered the plan, so "
            "'--as-of' counts it on every date",
            item_id=priority.id,
            hint="add 'added_on: YYYY-MM-DD' or 'added_at: <meeting>' to it, or "
            "'plan_agreed_on:' to plan/partnership.yaml for everything the plan began with",
            severity=Severity.WARNING,
        )


@check("unknown-meeting")
def added_at_meetings_exist(repo: Repository, context: CheckContext) -> Iterator[Problem]:
    """The meeting an item was agreed into the plan at ('added_at') has a record (or
    one that did not load)."""
    known = {meeting.id for meeting in repo.meetings}
    for item in repo.plan_items():
        if (
            item.added_at is not None
            and item.added_at not in known
            and not repo.unjudged(item.added_at, "meeting")
        ):
            yield problem_at(
                repo,
                item,
                "unknown-meeting",
                f"{item.id} says it was added at meeting '{item.added_at}', which has no "
                "record in meetings/",
                field="added_at",
                item_id=item.id,
                hint=_did_you_mean(
                    item.added_at,
                    sorted(known),
                    "use the meeting's id (its date) and add meetings/<date>.yaml if missing",
                ),
            )


@check("unknown-link", "unknown-meeting", "invalid-carry-forward")
def links_and_hand_overs_resolve(repo: Repository, context: CheckContext) -> Iterator[Problem]:
    """A plan item's 'links' name plan items; a carried-forward milestone names the
    milestone it continues as ('into', not itself, not withdrawn as well, no loop) and a
    recorded meeting that agreed it. What names an item whose file did not load is not
    judged."""
    plan_ids = repo.plan_ids()
    milestones = {milestone.id: milestone for milestone in repo.milestones()}
    for item in repo.plan_items():
        for link in item.links:
            if link == item.id or (link not in plan_ids and not repo.unjudged(link, "plan")):
                yield problem_at(
                    repo,
                    item,
                    "unknown-link",
                    f"{item.id} links to '{link}', which is not another item of the plan",
                    field="links",
                    item_id=item.id,
                    hint=_did_you_mean(link, sorted(plan_ids), "check the id"),
                )
    meetings = {meeting.id for meeting in repo.meetings}
    tracked = vocabulary(repo.settings).tracked.word
    for milestone in milestones.values():
        carried = milestone.carried_forward
        if carried is None:
            continue
        if carried.into not in milestones:
            if not repo.unjudged(carried.into, "plan"):
                yield problem_at(
                    repo,
                    milestone,
                    "unknown-link",
                    f"{tracked} {milestone.id} is carried forward into '{carried.into}', which "
                    f"is not {with_article(tracked)} of the plan",
                    field="carried_forward",
                    item_id=milestone.id,
                    hint=_did_you_mean(
                        carried.into,
                        sorted(milestones),
                        f"add the later plan's {tracked}, and name its id in 'into'",
                    ),
                )
        elif _loops(milestone.id, milestones):
            yield problem_at(
                repo,
                milestone,
                "invalid-carry-forward",
                f"{tracked} {milestone.id} is carried forward in a loop: following 'into' "
                "comes back to it",
                field="carried_forward",
                item_id=milestone.id,
                hint="an item is carried forward into a later plan's item, never back",
            )
        if milestone.withdrawn is not None:
            yield problem_at(
                repo,
                milestone,
                "invalid-carry-forward",
                f"{tracked} {milestone.id} is both withdrawn and carried forward",
                field="carried_forward",
                item_id=milestone.id,
                hint="carried forward keeps it in this plan's figures; withdrawn takes it out: "
                "keep the one the board agreed",
            )
        if carried.agreed_at not in meetings and not repo.unjudged(carried.agreed_at, "meeting"):
            yield problem_at(
                repo,
                milestone,
                "unknown-meeting",
                f"the carrying forward of {tracked} {milestone.id} names meeting "
                f"'{carried.agreed_at}', which has no record in meetings/",
                field="carried_forward",
                item_id=milestone.id,
                hint="use the meeting's id (its date) and add meetings/<date>.yaml if missing",
            )


def _loops(start: str, milestones: dict[str, Milestone]) -> bool:
    seen = {start}
    current = milestones[start]
    while current.carried_forward is not None and current.carried_forward.into in milestones:
        target = current.carried_forward.into
        if target in seen:
            return True
        seen.add(target)
        current = milestones[target]
    return False


@check("undated-not-allowed")
def undated_only_where_allowed(repo: Repository, context: CheckContext) -> Iterator[Problem]:
    """A milestone may be undated ('due: ongoing', 'TBC') only where plan/partnership.yaml
    says 'undated_milestones: true'; it is then counted and listed on its own."""
    if "settings" in repo.incomplete:
        return
    if repo.settings is not None and repo.settings.undated_milestones:
        return
    tracked = vocabulary(repo.settings).tracked
    for milestone in repo.milestones():
        if milestone.baseline is None:
            yield problem_at(
                repo,
                milestone,
                "undated-not-allowed",
                f"{tracked.word} {milestone.id} is due '{milestone.due}', but this plan's "
                f"{tracked.words} are dated",
                field="due",
                item_id=milestone.id,
                hint="give it a date (a month means its last day), or allow undated ones with "
                "'undated_milestones: true' in plan/partnership.yaml",
            )


@check("unknown-body")
def bodies_are_declared(repo: Repository, context: CheckContext) -> Iterator[Problem]:
    """A meeting's 'body' and the settings' 'reports_to' name a body declared under
    'bodies:' in plan/partnership.yaml."""
    if "settings" in repo.incomplete or repo.settings is None:
        return
    declared = [body.id for body in repo.settings.bodies]

    def hint(value: str) -> str:
        return _did_you_mean(
            value,
            declared,
            f"known bodies: {', '.join(declared)}"
            if declared
            else "declare it under 'bodies:' in plan/partnership.yaml (id and name)",
        )

    reports_to = repo.settings.reports_to
    if reports_to is not None and reports_to not in declared:
        yield problem_at(
            repo,
            repo.settings,
            "unknown-body",
            f"the figures report to body '{reports_to}', which is not under 'bodies:'",
            field="reports_to",
            hint=hint(reports_to),
        )
    for meeting in repo.meetings:
        if meeting.body is not None and meeting.body not in declared:
            yield problem_at(
                repo,
                meeting,
                "unknown-body",
                f"meeting {meeting.id} belongs to body '{meeting.body}', which "
                "plan/partnership.yaml does not declare",
                field="body",
                item_id=meeting.id,
                hint=hint(meeting.body),
            )
