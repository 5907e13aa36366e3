"""The cross-file rules of a sendtrack repository. Each docstring is its documentation."""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from sendtrack.checks import CheckContext, check, problem_at
from sendtrack.core.dates import long_form
from sendtrack.core.problems import Problem, Severity
from sendtrack.store.repository import Repository

if TYPE_CHECKING:
    from sendtrack.models.vocabulary import Noun


def _nearest(value: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, sorted(known), n=3, cutoff=0.6)
    return f"did you mean {' or '.join(repr(c) for c in close)}?" if close else ""


def _duplicates(
    repo: Repository, items: Sequence[Any], noun: Callable[[Any], str]
) -> Iterator[Problem]:
    ids = [item.id for item in items]
    if len(set(ids)) == len(ids):
        return  # the usual case, told by a set: no item needs its noun
    first: dict[str, Any] = {}
    for item_id, item in zip(ids, items, strict=True):
        if item_id in first:
            earlier = first[item_id]
            file, line, _ = repo.locate(earlier, "id")
            yield problem_at(
                repo,
                item,
                "duplicate-id",
                f"{noun(item)} id '{item_id}' is already used by the {noun(earlier)} at "
                f"{file}:{line}",
                field="id",
                item_id=item_id,
                hint="give one of them a distinct id, and say why in a 'note:'",
            )
        else:
            first[item_id] = item


@check("duplicate-id")
def unique_ids(repo: Repository, context: CheckContext) -> Iterator[Problem]:
    """Ids are unique plan-wide (priorities, outcomes, actions, milestones), in the action
    log with its archive, in the risk register, among meetings and among measures."""
    from sendtrack.models.vocabulary import slot_of, vocabulary

    words = vocabulary(repo.settings)
    yield from _duplicates(
        repo, list(repo.plan_items()), lambda item: words.noun(slot_of(item)).word
    )
    yield from _duplicates(repo, repo.board_actions(), lambda _: "board action")
    yield from _duplicates(repo, repo.risks, lambda _: "risk")
    yield from _duplicates(repo, repo.meetings, lambda _: "meeting")
    yield from _duplicates(repo, repo.measures, lambda _: "measure")


@check("unknown-workstream")
def workstreams_exist(repo: Repository, context: CheckContext) -> Iterator[Problem]:
    """Every priority and action names a workstream defined in plan/partnership.yaml."""
    if "settings" in repo.incomplete:
        return
    from sendtrack.models.vocabulary import vocabulary

    group = vocabulary(repo.settings).grouping
    known = set(repo.workstream_names())
    for priority in repo.priorities:
        if priority.workstream is not None and priority.workstream not in known:
            yield _unknown_workstream(
                repo, priority, priority.id, priority.workstream, known, group
            )
    for _, _, action in repo.plan_actions():
        if action.workstream is not None and action.workstream not in known:
            yield _unknown_workstream(repo, action, action.id, action.workstream, known, group)


def _unknown_workstream(
    repo: Repository, item: Any, item_id: str, value: str, known: set[str], group: Noun
) -> Problem:
    return problem_at(
        repo,
        item,
        "unknown-workstream",
        f"{group.word} '{value}' is not defined in plan/partnership.yaml",
        field="workstream",
        item_id=item_id,
        hint=_nearest(value, known)
        or (
            f"known {group.words}: {', '.join(sorted(known))}"
            if known
            else "add it under 'workstreams:' in plan/partnership.yaml"
        ),
    )


def _unknown_meeting(
    repo: Repository, item: Any, item_id: str, field: str, value: str, what: str
) -> Problem:
    known = {meeting.id for meeting in repo.meetings}
    return problem_at(
        repo,
        item,
        "unknown-meeting",
        f"{what} names meeting '{value}', which has no record in meetings/",
        field=field,
        item_id=item_id,
        hint=_nearest(value, known)
        or "use the meeting's date (e.g. 2025-11-03) and add meetings/<date>.yaml if missing",
    )


@check("unknown-meeting", "agreed-at-later-meeting")
def meetings_resolve(repo: Repository, context: CheckContext) -> Iterator[Problem]:
    """Every meeting a re-profile, withdrawal, board action, risk or meeting names exists;
    a re-profile cannot be agreed at a meeting held after the date it is checked as of.
    A meeting whose record did not load is not judged missing."""
    meetings = {meeting.id: meeting for meeting in repo.meetings}

    def missing(meeting_id: str) -> bool:
        return meeting_id not in meetings and not repo.unjudged(meeting_id, "meeting")

    for entry in repo.entries():
        milestone = entry.milestone
        for index, reprofile in enumerate(milestone.reprofiles):
            if reprofile.agreed_at is None:
                continue
            meeting = meetings.get(reprofile.agreed_at)
            if missing(reprofile.agreed_at):
                yield _unknown_meeting(
                    repo,
                    reprofile,
                    milestone.id,
                    "agreed_at",
                    reprofile.agreed_at,
                    f"re-profile {index + 1} of milestone {milestone.id}",
                )
            elif meeting is not None and meeting.date > context.as_of:
                yield problem_at(
                    repo,
                    reprofile,
                    "agreed-at-later-meeting",
                    f"re-profile {index + 1} of milestone {milestone.id} is agreed at the "
                    f"{long_form(meeting.date)} meeting, after {long_form(context.as_of)}",
                    field="agreed_at",
                    item_id=milestone.id,
                    hint="until that board agrees it, write 'proposed: true' instead of "
                    "'agreed_at'",
                )
        if milestone.withdrawn and missing(milestone.withdrawn.agreed_at):
            yield _unknown_meeting(
                repo,
                milestone,
                milestone.id,
                "withdrawn",
                milestone.withdrawn.agreed_at,
                f"the withdrawal of milestone {milestone.id}",
            )
    for action in repo.board_actions():
        if missing(action.meeting):
            yield _unknown_meeting(
                repo, action, action.id, "meeting", action.meeting, f"board action {action.id}"
            )
    for risk in repo.risks:
        if risk.raised_at and missing(risk.raised_at):
            yield _unknown_meeting(
                repo, risk, risk.id, "raised_at", risk.raised_at, f"risk {risk.id}"
            )
        if risk.closed and missing(risk.closed.at):
            yield _unknown_meeting(
                repo, risk, risk.id, "closed", risk.closed.at, f"the closure of risk {risk.id}"
            )
    for meeting in repo.meetings:
        if meeting.next_meeting and missing(meeting.next_meeting):
            yield _unknown_meeting(
                repo,
                meeting,
                meeting.id,
                "next_meeting",
                meeting.next_meeting,
                f"meeting {meeting.id}'s next_meeting",
            )
        for item in meeting.forward_plan:
            if item.meeting and missing(item.meeting):
                yield _unknown_meeting(
                    repo,
                    meeting,
                    meeting.id,
                    "forward_plan",
                    item.meeting,
                    f"forward-plan item '{item.item}'",
                )


@check("meeting-id-mismatch")
def meeting_ids_are_dates(repo: Repository, context: CheckContext) -> Iterator[Problem]:
    """A meeting's id is its date (YYYY-MM-DD), so that '--meeting 2025-11-03' finds it;
    a meeting that names its body may add it ('2025-11-03-hwb'), so two can meet on a day
    (``meeting new`` adds it only when the date is taken)."""
    for meeting in repo.meetings:
        allowed = {meeting.date.isoformat()}
        if meeting.body is not None:
            allowed.add(f"{meeting.date.isoformat()}-{meeting.body}")
        if meeting.id not in allowed:
            yield problem_at(
                repo,
                meeting,
                "meeting-id-mismatch",
                f"meeting id '{meeting.id}' differs from its date {meeting.date.isoformat()}",
                field="id",
                item_id=meeting.id,
                hint=f'write id: "{meeting.date.isoformat()}"',
            )


@check("unknown-link")
def links_resolve(repo: Repository, context: CheckContext) -> Iterator[Problem]:
    """Links from board actions and risks, and a withdrawn milestone's replacement, name
    ids that exist somewhere in the repository (or in a file that did not load)."""
    known = repo.all_ids()
    for action in repo.board_actions():
        for link in action.links:
            if link not in known and not repo.unjudged(link):
                yield _unknown_link(repo, action, action.id, link, known)
    for risk in repo.risks:
        for link in risk.links:
            if link not in known and not repo.unjudged(link):
                yield _unknown_link(repo, risk, risk.id, link, known)
    milestones = repo.milestones()
    milestone_ids = {m.id for m in milestones}
    for milestone in milestones:
        replacement = milestone.withdrawn.superseded_by if milestone.withdrawn else None
        if (
            replacement
            and replacement not in milestone_ids
            and not repo.unjudged(replacement, "plan")
        ):
            yield _unknown_link(repo, milestone, milestone.id, replacement, milestone_ids)


def _unknown_link(repo: Repository, item: Any, item_id: str, link: str, known: set[str]) -> Problem:
    from sendtrack.models.vocabulary import link_kinds, vocabulary

    return problem_at(
        repo,
        item,
        "unknown-link",
        f"{item_id} links to '{link}', which is not {link_kinds(vocabulary(repo.settings))}",
        field="links",
        item_id=item_id,
        hint=_nearest(link, known) or "check the id, or remove the link",
    )


@check("meeting-actions-mismatch", "unknown-risk")
def meetings_match_actions(repo: Repository, context: CheckContext) -> Iterator[Problem]:
    """A meeting's actions_raised and the action log agree both ways; the actions an
    agenda item raised are among the meeting's; risks_added exist. An action or risk
    whose file did not load is not judged missing."""

    def unloaded_action(action_id: str) -> bool:
        return repo.unjudged(action_id, "actions", "archive")

    by_meeting: dict[str, set[str]] = defaultdict(set)
    for action in repo.board_actions():
        by_meeting[action.meeting].add(action.id)
    risk_ids = {risk.id for risk in repo.risks}
    for meeting in repo.meetings:
        raised = set(meeting.actions_raised)
        logged = by_meeting.get(meeting.id, set())
        for missing in sorted(raised - logged):
            if unloaded_action(missing):
                continue
            yield problem_at(
                repo,
                meeting,
                "meeting-actions-mismatch",
                f"meeting {meeting.id} lists action '{missing}', which is not in tracker/",
                field="actions_raised",
                item_id=meeting.id,
                hint="add it to tracker/actions.yaml, or remove it from actions_raised",
            )
        if raised and meeting.id not in repo.unloaded_ids:
            for extra in sorted(logged - raised):
                yield problem_at(
                    repo,
                    meeting,
                    "meeting-actions-mismatch",
                    f"board action '{extra}' was raised at meeting {meeting.id} but is not "
                    "in its actions_raised",
                    field="actions_raised",
                    item_id=meeting.id,
                    hint=f"add '{extra}' to actions_raised",
                )
        for item in meeting.agenda:
            for action_id in item.actions:
                if action_id not in raised | logged and not unloaded_action(action_id):
                    yield problem_at(
                        repo,
                        meeting,
                        "meeting-actions-mismatch",
                        f"agenda item {item.number} of meeting {meeting.id} names action "
                        f"'{action_id}', which is neither raised nor in tracker/",
                        field="agenda",
                        item_id=meeting.id,
                    )
        for risk_id in meeting.risks_added:
            if risk_id not in risk_ids and not repo.unjudged(risk_id, "risks"):
                yield problem_at(
                    repo,
                    meeting,
                    "unknown-risk",
                    f"meeting {meeting.id} adds risk '{risk_id}', which is not in risks/",
                    field="risks_added",
                    item_id=meeting.id,
                    hint=_nearest(risk_id, risk_ids),
                )


@check("completed-without-date", "completed-date-without-status", "completed-in-future")
def completion_dates(repo: Repository, context: CheckContext) -> Iterator[Problem]:
    """A complete milestone has a completion date, only complete ones have one, and no
    milestone is completed after the as-of date. Closed board actions likewise."""
    from sendtrack.models.vocabulary import vocabulary

    tracked = vocabulary(repo.settings).tracked.word
    for milestone in repo.milestones():
        if milestone.status == "complete" and milestone.completed_on is None:
            yield problem_at(
                repo,
                milestone,
                "completed-without-date",
                f"{tracked} {milestone.id} is complete but has no completed_on date",
                field="status",
                item_id=milestone.id,
                hint="add 'completed_on: YYYY-MM-DD' (or use 'sendtrack update ID "
                "--status complete --on DATE')",
            )
        if milestone.completed_on is not None and milestone.status != "complete":
            yield problem_at(
                repo,
                milestone,
                "completed-date-without-status",
                f"{tracked} {milestone.id} has completed_on but its status is {milestone.status}",
                field="completed_on",
                item_id=milestone.id,
                hint="set 'status: complete', or remove completed_on",
            )
        if milestone.completed_on is not None and milestone.completed_on > context.as_of:
            yield problem_at(
                repo,
                milestone,
                "completed-in-future",
                f"{tracked} {milestone.id} is completed on "
                f"{long_form(milestone.completed_on)}, after {long_form(context.as_of)}",
                field="completed_on",
                item_id=milestone.id,
                hint="a completion date cannot be in the future; check the year",
            )
    for action in repo.board_actions():
        if action.status == "closed" and action.closed_on is None:
            yield problem_at(
                repo,
                action,
                "completed-without-date",
                f"board action {action.id} is closed but has no closed_on date",
                field="status",
                item_id=action.id,
                hint="add 'closed_on: YYYY-MM-DD'",
            )
        if action.closed_on is not None and action.closed_on > context.as_of:
            yield problem_at(
                repo,
                action,
                "completed-in-future",
                f"board action {action.id} is closed on {long_form(action.closed_on)}, "
                f"after {long_form(context.as_of)}",
                field="closed_on",
                item_id=action.id,
            )


@check("reprofile-same-date", "reprofile-before-baseline")
def reprofiles_move(repo: Repository, context: CheckContext) -> Iterator[Problem]:
    """A re-profile moves the date in force to a different date, and never before the
    baseline (the baseline is the commitment; bringing work forward needs no re-profile)."""
    for milestone in repo.milestones():
        baseline = milestone.baseline
        if baseline is None:
            continue  # undated: a first date is its baseline, not a re-profile
        in_force: date = baseline
        for index, entry in enumerate(milestone.reprofiles):
            if entry.to == in_force:
                yield problem_at(
                    repo,
                    entry,
                    "reprofile-same-date",
                    f"re-profile {index + 1} of milestone {milestone.id} moves it to "
                    f"{long_form(entry.to)}, the date already in force",
                    field="to",
                    item_id=milestone.id,
                    hint="remove the entry, or give the new date",
                )
            elif entry.to < baseline:
                yield problem_at(
                    repo,
                    entry,
                    "reprofile-before-baseline",
                    f"re-profile {index + 1} of milestone {milestone.id} moves it to "
                    f"{long_form(entry.to)}, before its baseline {long_form(baseline)}",
                    field="to",
                    item_id=milestone.id,
                    hint="a re-profile moves a date later; an earlier finish needs none",
                )
            if entry.agreed_at is not None:
                in_force = entry.to


@check("missing-owner")
def owners_present(repo: Repository, context: CheckContext) -> Iterator[Problem]:
    """Every milestone has someone answerable: its own owner, its action's leads, or its
    workstream's named leads ('TBC' does not count)."""
    if "settings" in repo.incomplete:
        return
    stream_leads = {
        stream.id: [lead for lead in stream.leads if lead.upper() != "TBC"]
        for stream in (repo.settings.workstreams if repo.settings else [])
    }
    from sendtrack.models.vocabulary import vocabulary

    words = vocabulary(repo.settings)
    tracked, group = words.tracked, words.grouping
    for entry in repo.entries():
        milestone, action = entry.milestone, entry.action
        stream = entry.workstream
        if stream is None or stream not in stream_leads:
            continue  # no group to inherit a lead from, or reported as unknown-workstream
        if milestone.owner or action.leads or stream_leads[stream]:
            continue
        holder = words.noun("action")
        yield problem_at(
            repo,
            milestone,
            "missing-owner",
            f"{tracked.word} {milestone.id} has no owner: no owner, no {holder.word} leads and "
            f"no named lead for {group.word} '{stream}'",
            item_id=milestone.id,
            hint=f"add 'owner: <role>' to the {tracked.word} or 'leads:' to its {holder.word}",
        )


@check("archive-not-closed", "risk-closed-without-reason")
def closed_items(repo: Repository, context: CheckContext) -> Iterator[Problem]:
    """The archive holds only closed board actions; a closed risk says why and where."""
    for action in repo.archived_actions:
        if action.status != "closed":
            yield problem_at(
                repo,
                action,
                "archive-not-closed",
                f"board action {action.id} is in the archive but its status is {action.status}",
                field="status",
                item_id=action.id,
                hint="move it back to tracker/actions.yaml, or close it",
            )
    for risk in repo.risks:
        if risk.status == "closed" and risk.closed is None:
            yield problem_at(
                repo,
                risk,
                "risk-closed-without-reason",
                f"risk {risk.id} is closed but has no 'closed:' reason and meeting",
                field="status",
                item_id=risk.id,
                hint="use 'sendtrack risks close ID --reason ... --at MEETING'",
            )


# -- The board's own tools: the action log, the risk register and meetings -------------------


@check("action-id-mismatch", "action-due-before-meeting")
def board_actions_coherent(repo: Repository, context: CheckContext) -> Iterator[Problem]:
    """A board action's id is '<meeting>/A<number>' (how 'actions add' numbers the next
    one), and it is not due before the meeting that raised it."""
    meetings = repo.meetings_by_id()
    for action in repo.board_actions():
        expected = f"{action.meeting}/A{action.number}"
        if action.id != expected:
            yield problem_at(
                repo,
                action,
                "action-id-mismatch",
                f"board action id '{action.id}' does not match its meeting and number "
                f"('{expected}')",
                field="id",
                item_id=action.id,
                hint=f'write id: "{expected}", or correct meeting/number',
            )
        raised = meetings.get(action.meeting)
        if raised is not None and action.due < raised.date:
            yield problem_at(
                repo,
                action,
                "action-due-before-meeting",
                f"board action {action.id} is due {long_form(action.due)}, before the "
                f"{long_form(raised.date)} meeting that raised it",
                field="due",
                item_id=action.id,
                hint="check the year; by default an action is due at the next board",
            )


@check("history-in-future", "history-out-of-order")
def board_histories_dated(repo: Repository, context: CheckContext) -> Iterator[Problem]:
    """Board action updates and risk rescores are dated on or before the as-of date, in
    date order, and an action's updates not before the meeting that raised it: the
    history is appended, never back-filled out of order."""
    meetings = repo.meetings_by_id()
    for action in repo.board_actions():
        raised = meetings.get(action.meeting)
        earliest = raised.date if raised is not None else None
        after = f"the {long_form(earliest)} meeting that raised it" if earliest else ""
        for index, update in enumerate(action.updates):
            where = f"update {index + 1} of board action {action.id}"
            if update.on > context.as_of:
                yield problem_at(
                    repo,
                    action,
                    "history-in-future",
                    f"{where} is dated {long_form(update.on)}, after {long_form(context.as_of)}",
                    field="updates",
                    item_id=action.id,
                    hint="an update records what has happened; check the year",
                )
            if earliest is not None and update.on < earliest:
                yield problem_at(
                    repo,
                    action,
                    "history-out-of-order",
                    f"{where} is dated {long_form(update.on)}, before {after}",
                    field="updates",
                    item_id=action.id,
                    hint="keep updates oldest first; append new ones at the end",
                )
            earliest, after = update.on, f"update {index + 1} ({long_form(update.on)})"
    for risk in repo.risks:
        previous = None
        for index, entry in enumerate(risk.history):
            where = f"history entry {index + 1} of risk {risk.id}"
            if entry.on > context.as_of:
                yield problem_at(
                    repo,
                    risk,
                    "history-in-future",
                    f"{where} (a rescore) is dated {long_form(entry.on)}, after "
                    f"{long_form(context.as_of)}",
                    field="history",
                    item_id=risk.id,
                    hint="a rescore records a score already given; check the year",
                )
            if previous is not None and entry.on < previous:
                yield problem_at(
                    repo,
                    risk,
                    "history-out-of-order",
                    f"{where} is dated {long_form(entry.on)}, before the entry above it "
                    f"({long_form(previous)})",
                    field="history",
                    item_id=risk.id,
                    hint="keep the history oldest first; append new entries at the end",
                )
            previous = entry.on


@check("risk-score-not-in-history", "risk-target-above-current", "risk-closed-but-open")
def risks_coherent(repo: Repository, context: CheckContext) -> Iterator[Problem]:
    """A risk's current score is its latest rescore (else the trend since the last board
    is wrong); a target above the current score is flagged; a closure goes with
    'status: closed'."""
    for risk in repo.risks:
        if risk.history:
            last = risk.history[-1]
            if (last.likelihood, last.impact) != (risk.likelihood, risk.impact):
                yield problem_at(
                    repo,
                    risk,
                    "risk-score-not-in-history",
                    f"risk {risk.id} is scored {risk.likelihood}×{risk.impact} but its latest "
                    f"history entry ({long_form(last.on)}) says {last.likelihood}×{last.impact}",
                    field="likelihood",
                    item_id=risk.id,
                    hint="change scores with 'sendtrack risks rescore', which keeps both in step",
                    severity=Severity.WARNING,
                )
        if risk.status == "open" and risk.target.score > risk.score:
            yield problem_at(
                repo,
                risk,
                "risk-target-above-current",
                f"risk {risk.id}'s target score {risk.target.score} is above its current "
                f"score {risk.score}",
                field="target",
                item_id=risk.id,
                hint="a target is where mitigation should bring the risk; check the figures",
                severity=Severity.WARNING,
            )
        if risk.closed is not None and risk.status != "closed":
            yield problem_at(
                repo,
                risk,
                "risk-closed-but-open",
                f"risk {risk.id} has a 'closed:' record but its status is {risk.status}",
                field="closed",
                item_id=risk.id,
                hint="set 'status: closed', or remove 'closed:' if the risk was re-opened",
            )


@check("personal-data")
def no_personal_data(repo: Repository, context: CheckContext) -> Iterator[Problem]:
    """No personal data about children in any data file, values (as YAML reads them) or
    comments: NHS numbers (modulus 11, any grouping), unique pupil numbers (check letter),
    dates of birth, personal e-mail addresses, mobile numbers. A false alarm is silenced
    for its own line only, by a trailing '# sendtrack: allow personal-data' comment (not
    inside a value; see sendtrack/review/privacy.py)."""
    from sendtrack.review.privacy import ALLOW_MARKER, scan

    for file, doc in sorted(repo.documents.items()):
        for finding in scan(doc.text):
            yield Problem(
                "personal-data",
                f"possible {finding.what} ({finding.masked}): personal data about a child "
                "must never be committed",
                file,
                finding.line,
                finding.column,
                hint="remove it (and from the git history, if it was committed); if it is not "
                f"personal data, end the line with '{ALLOW_MARKER}'",
            )
