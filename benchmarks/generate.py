"""Write a valid synthetic sendtrack repository of N milestones, deterministic for a seed.

    python benchmarks/generate.py --milestones 10000 --out /tmp/bench-10k [--seed 1]

The repository is what a regional or national adviser would keep for many partnerships
at once: one ``plan/partnership.yaml``; for each partnership (about 95 milestones, the
size of the Lancashire plan) five priority files ``plan/pNNNN-priority-K.yaml``
(priorities → outcomes → actions → milestones) and a risk register
``risks/pNNNN.yaml`` (about 22 risks); the boards' meetings in ``meetings/<date>.yaml``
(meeting ids are dates, so they are shared, about two held meetings per partnership and
a few scheduled ones); and one action log (``tracker/actions.yaml``, closed actions in
``tracker/archive.yaml``), about eleven board actions per partnership, as in the shipped
data.

Proportions follow the shipped Lancashire data: most actions have one milestone and
phased ones two or three; about a fifth of milestones have been re-profiled (some with a
proposal awaiting the board); milestones due before the data's "as of" day are mostly
complete; a few are withdrawn and superseded. Values use the forms people write: quoted
ids, ISO days and month forms ("2026-02", "March 2026"), comments, long plain text.

Every reference resolves and every date is on or before ``AS_OF`` (3 November 2025)
where it must be, so ``sendtrack check`` passes on any later day. Same seed, same bytes.
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

AS_OF = date(2025, 11, 3)
"""The day the synthetic data is written as of: every completion and agreement is earlier."""

MILESTONES_PER_PARTNERSHIP = (60, 130)
"""Lancashire has 95; partnerships vary."""

WORKSTREAMS = (
    ("leadership", "Leadership, partnership and joint commissioning", "Director of Education"),
    ("ehcp", "EHCPs / Annual Reviews", "Head of SEND"),
    ("nd-pathway", "Neurodevelopmental pathway", "Associate Director for SEND"),
    ("working-together", "Working together with families", "Participation Lead"),
    ("pfa", "Preparation for adulthood", "Head of Inclusion"),
)

ROLES = (
    "Head of SEND",
    "Director of Education",
    "SEND Partnership Manager",
    "Designated Clinical Officer",
    "Principal Educational Psychologist",
    "Head of Inclusion",
    "Parent Carer Forum Co-Chair",
    "Assistant Director for Commissioning",
    "Designated Social Care Officer",
    "Head of Education Improvement",
)

WORDS = [
    "assessment",
    "timeliness",
    "annual",
    "review",
    "plan",
    "partnership",
    "board",
    "family",
    "families",
    "parent",
    "carer",
    "forum",
    "young",
    "people",
    "children",
    "support",
    "school",
    "schools",
    "setting",
    "settings",
    "inclusion",
    "health",
    "care",
    "social",
    "education",
    "improvement",
    "joint",
    "commissioning",
    "pathway",
    "waiting",
    "list",
    "capacity",
    "casework",
    "quality",
    "audit",
    "training",
    "workforce",
    "outcomes",
    "provision",
    "local",
    "offer",
    "transition",
    "adulthood",
    "employment",
    "transport",
    "therapy",
    "speech",
    "language",
    "occupational",
    "neurodevelopmental",
    "diagnosis",
    "referral",
    "tribunal",
    "mediation",
    "panel",
    "decision",
    "co-production",
    "engagement",
    "survey",
    "dashboard",
    "data",
    "tracker",
    "strategy",
    "governance",
    "oversight",
    "sufficiency",
    "places",
    "alternative",
    "attendance",
    "exclusion",
    "early",
    "years",
    "funding",
    "budget",
    "recovery",
    "backlog",
    "portal",
    "phased",
    "pilot",
    "implementation",
    "design",
    "testing",
    "review",
    "report",
    "evidence",
    "impact",
    "staff",
    "recruitment",
    "retention",
    "guidance",
    "graduated",
    "approach",
    "ordinarily",
    "available",
]

CATEGORIES = ("capacity", "compliance", "finance", "delivery", "quality", "reputation")

MONTH_NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def sentence(rng: random.Random, low: int = 6, high: int = 14) -> str:
    """Plain text that is safe unquoted in YAML: words, spaces, commas and a full stop."""
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    if len(words) > 8 and rng.random() < 0.4:
        words[rng.randint(3, len(words) - 3)] += ","
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def day_text(rng: random.Random, day: date) -> str:
    """A due date in one of the forms the plans use; a month form means its last day."""
    last_of_month = (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    if day == last_of_month:
        roll = rng.random()
        if roll < 0.35:
            return f"{day.year}-{day.month:02d}"
        if roll < 0.45:
            return f"{MONTH_NAMES[day.month - 1]} {day.year}"
    return day.isoformat()


def month_end(year: int, month: int) -> date:
    return (date(year, month, 28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def random_due(rng: random.Random) -> date:
    """A baseline due date between 2024 and 2027; most plans write month ends."""
    year = rng.choice((2024, 2025, 2025, 2026, 2026, 2027))
    month = rng.randint(1, 12)
    if rng.random() < 0.7:
        return month_end(year, month)
    return date(year, month, rng.randint(1, 28))


def quoted(text: str) -> str:
    return f'"{text}"'


@dataclass
class Meetings:
    held: list[date]
    scheduled: list[date]
    raised: dict[date, list[str]] = field(default_factory=dict)
    risks_added: dict[date, list[str]] = field(default_factory=dict)

    def pick_held(self, rng: random.Random, not_before: date | None = None) -> date:
        choices = self.held if not_before is None else [d for d in self.held if d >= not_before]
        return rng.choice(choices or self.held)


def weekdays(start: date, count: int, step: int) -> list[date]:
    """``count`` distinct weekdays from ``start`` going forwards (step 1) or back (-1)."""
    found: list[date] = []
    day = start
    while len(found) < count:
        if day.weekday() < 5:
            found.append(day)
        day += timedelta(days=step)
    return sorted(found)


def partnership_sizes(rng: random.Random, total: int) -> list[int]:
    sizes: list[int] = []
    remaining = total
    while remaining > 0:
        size = min(remaining, rng.randint(*MILESTONES_PER_PARTNERSHIP))
        sizes.append(size)
        remaining -= size
    return sizes


def split(rng: random.Random, items: list[int], parts: int) -> list[list[int]]:
    """Split ``items`` into ``parts`` contiguous, non-empty runs of uneven length."""
    cuts = sorted(rng.sample(range(1, len(items)), parts - 1)) if parts > 1 else []
    bounds = [0, *cuts, len(items)]
    return [items[bounds[i] : bounds[i + 1]] for i in range(parts)]


def action_milestone_counts(rng: random.Random, total: int) -> list[int]:
    counts: list[int] = []
    remaining = total
    while remaining > 0:
        roll = rng.random()
        wanted = 1 if roll < 0.6 else 2 if roll < 0.85 else 3
        counts.append(min(wanted, remaining))
        remaining -= counts[-1]
    return counts


# -- one milestone ----------------------------------------------------------------------


def milestone_lines(
    rng: random.Random, milestone_id: str, siblings: list[str], meetings: Meetings
) -> list[str]:
    """A milestone block as lines indented for its place in the plan (10 spaces)."""
    pad = " " * 12
    due = random_due(rng)
    lines = [
        f'          - id: "{milestone_id}"',
        f"{pad}title: {sentence(rng, 4, 10)}",
        f"{pad}due: {day_text(rng, due)}",
    ]
    # Re-profiles: about a fifth of milestones have moved, each move later than the last.
    reprofiles: list[list[str]] = []
    in_force = due
    if rng.random() < 0.2:
        moves = rng.choice((1, 1, 1, 2, 2, 3))
        latest = due
        agreed_last: date | None = None
        for index in range(moves):
            # Always a month end after the previous date, so every move is a real one.
            shifted = latest + timedelta(days=rng.randint(20, 120))
            latest = month_end(shifted.year, shifted.month)
            entry = [
                f"{pad}  - to: {day_text(rng, latest)}",
                f"{pad}    reason: {sentence(rng, 5, 12)}",
            ]
            if index == moves - 1 and rng.random() < 0.25:
                entry.append(f"{pad}    proposed: true")
                entry.append(f"{pad}    proposed_on: {AS_OF - timedelta(days=rng.randint(1, 60))}")
            else:
                # Boards agree moves in order: never at a board before the previous move's.
                agreed = meetings.pick_held(rng, not_before=agreed_last)
                agreed_last = agreed
                entry.append(f"{pad}    agreed_at: {quoted(agreed.isoformat())}")
                in_force = latest
            reprofiles.append(entry)
    # Status follows the date in force relative to AS_OF.
    days_left = (in_force - AS_OF).days
    roll = rng.random()
    if days_left < -60:
        status = "complete" if roll < 0.85 else "in_progress" if roll < 0.97 else "not_started"
    elif days_left < 60:
        status = "complete" if roll < 0.35 else "in_progress" if roll < 0.85 else "not_started"
    else:
        status = "not_started" if roll < 0.45 else "in_progress" if roll < 0.95 else "complete"
    lines.append(f"{pad}status: {status}")
    started: date | None = None
    if status != "not_started" and rng.random() < 0.5:
        started = min(AS_OF, due) - timedelta(days=rng.randint(30, 300))
        lines.append(f"{pad}started_on: {started.isoformat()}")
    if status == "complete":
        completed = min(AS_OF, in_force + timedelta(days=rng.randint(-40, 20)))
        completed = max(completed, started or completed)  # never before it started
        lines.append(f"{pad}completed_on: {completed.isoformat()}")
    if rng.random() < 0.1:
        lines.append(f"{pad}owner: {rng.choice(ROLES)}")
    if status != "complete" and rng.random() < 0.05:
        lines.append(f"{pad}at_risk: {sentence(rng, 5, 10)}")
    if reprofiles:
        lines.append(f"{pad}reprofiles:")
        for entry in reprofiles:
            lines.extend(entry)
    others = [other for other in siblings if other != milestone_id]
    if status != "complete" and others and rng.random() < 0.02:
        lines.append(f"{pad}withdrawn:")
        lines.append(f"{pad}  reason: {sentence(rng, 5, 10)}")
        lines.append(f"{pad}  agreed_at: {quoted(meetings.pick_held(rng).isoformat())}")
        lines.append(f"{pad}  superseded_by: {quoted(rng.choice(others))}")
    if status != "not_started" and rng.random() < 0.15:
        lines.append(f"{pad}updates:")
        # Updates are appended, so oldest first.
        days_back = sorted((rng.randint(1, 200) for _ in range(rng.randint(1, 2))), reverse=True)
        for back in days_back:
            on = AS_OF - timedelta(days=back)
            lines.append(f"{pad}  - on: {on.isoformat()}")
            lines.append(f"{pad}    note: {sentence(rng, 6, 16)}")
    if rng.random() < 0.3:
        lines.append(f"{pad}illustrative: true")
    if rng.random() < 0.05:
        lines.append(f"{pad}note: {sentence(rng, 8, 20)}")
    return lines


# -- files ---------------------------------------------------------------------------------


def partnership_file() -> str:
    lines = [
        "# Synthetic settings for a benchmark repository (benchmarks/generate.py).",
        "partnership: Synthetic regional SEND programme",
        "board: Regional SEND Improvement Board",
        "plan_title: Priority Action Plans (synthetic, for benchmarks)",
        "colour_scheme: board",
        "not_started_window_days: 30",
        "workstreams:",
    ]
    for stream_id, name, lead in WORKSTREAMS:
        lines += [
            f"  - id: {stream_id}",
            f"    name: {name}",
            "    leads:",
            f"      - {lead}",
        ]
    return "\n".join(lines) + "\n"


def priority_file(
    rng: random.Random,
    code: str,
    number: int,
    counts: list[int],
    meetings: Meetings,
    milestone_ids: list[str],
    action_ids: list[str],
) -> str:
    priority_id = f"{code}-{number}"
    stream = WORKSTREAMS[(number - 1) % len(WORKSTREAMS)][0]
    kind = "priority_action" if number <= 3 else "improvement"
    lines = [
        f"# Priority {number} of partnership {code} (synthetic).",
        f"id: {quoted(priority_id)}",
        f"kind: {kind}",
        f"title: {sentence(rng, 10, 20)}",
        f"workstream: {stream}",
        "evidence_of_impact:",
        *(f"  - {sentence(rng, 4, 12)}" for _ in range(rng.randint(2, 6))),
        "difference_for_cyp:",
        *(f"  - {sentence(rng, 8, 16)}" for _ in range(rng.randint(1, 3))),
        "outcomes:",
    ]
    outcomes = split(rng, counts, min(len(counts), rng.randint(2, 5)))
    for o_index, outcome_counts in enumerate(outcomes, start=1):
        outcome_id = f"{priority_id}.{o_index}"
        lines += [
            f"  - id: {quoted(outcome_id)}",
            f"    text: {sentence(rng, 10, 20)}",
            "    actions:",
        ]
        for a_index, count in enumerate(outcome_counts, start=1):
            action_id = f"{outcome_id}.{a_index}"
            action_ids.append(action_id)
            action_stream = stream if rng.random() < 0.8 else rng.choice(WORKSTREAMS)[0]
            due = random_due(rng)
            lines += [
                f"      - id: {quoted(action_id)}",
                f"        title: {sentence(rng, 8, 18)}",
                f"        workstream: {action_stream}",
            ]
            if rng.random() < 0.4:
                lines.append("        leads:")
                lines += [f"          - {role}" for role in rng.sample(ROLES, rng.randint(1, 2))]
            lines.append(f"        due: {day_text(rng, month_end(due.year, due.month))}")
            lines.append("        success_criteria:")
            lines += [f"          - {sentence(rng, 4, 12)}" for _ in range(rng.randint(1, 3))]
            if rng.random() < 0.05:
                lines.append("        # Phased: design and testing, then pilot, then roll-out.")
            lines.append("        milestones:")
            ids = [f"{action_id}.{m}" for m in range(1, count + 1)]
            for milestone_id in ids:
                milestone_ids.append(milestone_id)
                lines += milestone_lines(rng, milestone_id, ids, meetings)
    return "\n".join(lines) + "\n"


def risks_file(rng: random.Random, code: str, meetings: Meetings, links: list[str]) -> str:
    lines = [f"# Risk register of partnership {code} (synthetic; 5x5 scoring).", "risks:"]
    for number in range(1, rng.randint(15, 29) + 1):
        risk_id = f"{code}-R{number:02d}"
        likelihood, impact = rng.randint(2, 5), rng.randint(2, 5)
        lines += [
            f"  - id: {quoted(risk_id)}",
            f"    title: {sentence(rng, 3, 7)}",
            f"    description: {sentence(rng, 14, 30)}",
            f"    owner: {rng.choice(ROLES)}",
            f"    category: {rng.choice(CATEGORIES)}",
        ]
        if rng.random() < 0.3:
            raised = meetings.pick_held(rng)
            meetings.risks_added.setdefault(raised, []).append(risk_id)
            lines.append(f"    raised_at: {quoted(raised.isoformat())}")
            lines.append(f"    raised_on: {raised.isoformat()}")
        else:
            lines.append(
                f"    raised_on: {(AS_OF - timedelta(days=rng.randint(200, 700))).isoformat()}"
            )
        lines += [
            f"    likelihood: {likelihood}",
            f"    impact: {impact}",
            "    target:",
            f"      likelihood: {rng.randint(1, likelihood)}",
            f"      impact: {rng.randint(1, impact)}",
        ]
        if rng.random() < 0.5:
            lines.append(f"    appetite: {rng.choice(('low', 'moderate', 'cautious'))}")
        lines.append("    mitigations:")
        for _ in range(rng.randint(1, 3)):
            lines.append(f"      - text: {sentence(rng, 8, 20)}")
            if rng.random() < 0.5:
                lines.append(f"        owner: {rng.choice(ROLES)}")
        lines.append(f"    review_date: {(AS_OF + timedelta(days=rng.randint(1, 90))).isoformat()}")
        if rng.random() < 0.1:
            lines += [
                "    status: closed",
                "    closed:",
                f"      reason: {sentence(rng, 5, 10)}",
                f"      at: {quoted(meetings.pick_held(rng).isoformat())}",
            ]
        else:
            lines.append("    status: open")
        lines.append("    links:")
        lines += [f"      - {quoted(link)}" for link in rng.sample(links, min(len(links), 2))]
        if rng.random() < 0.25:
            # Rescores, oldest first; the latest is the score in force.
            days = sorted(rng.sample(range(1, 300), rng.randint(1, 2)), reverse=True)
            lines.append("    history:")
            for position, ago in enumerate(days, start=1):
                last = position == len(days)
                lines += [
                    f"      - on: {(AS_OF - timedelta(days=ago)).isoformat()}",
                    f"        likelihood: {likelihood if last else rng.randint(1, 5)}",
                    f"        impact: {impact if last else rng.randint(1, 5)}",
                    f"        note: {sentence(rng, 5, 12)}",
                ]
        if rng.random() < 0.3:
            lines.append("    illustrative: true")
    return "\n".join(lines) + "\n"


def board_actions(
    rng: random.Random, meetings: Meetings, partnerships: int, milestone_ids: list[str]
) -> tuple[str, str]:
    """The open log and the archive; fills ``meetings.raised``."""
    open_lines = ["# Board action log (synthetic): open and in-progress actions.", "actions:"]
    closed_lines = ["# Closed board actions (synthetic).", "actions:"]
    # About eleven per partnership, as at the 3 November 2025 board.
    per_meeting = max(1, round(11 * partnerships / len(meetings.held)))
    later = [*meetings.held[1:], *meetings.scheduled]
    following = dict(zip(meetings.held, later, strict=False))
    for held in meetings.held:
        raised = meetings.raised.setdefault(held, [])
        for number in range(1, rng.randint(max(1, per_meeting - 2), per_meeting + 2) + 1):
            action_id = f"{held.isoformat()}/A{number}"
            raised.append(action_id)
            due = following.get(held, held + timedelta(days=30))
            closed = due < AS_OF and rng.random() < 0.8
            target = closed_lines if closed else open_lines
            target += [
                f"  - id: {quoted(action_id)}",
                f"    meeting: {quoted(held.isoformat())}",
                f"    number: {number}",
                f"    text: {sentence(rng, 8, 22)}",
                f"    owner: {rng.choice(ROLES)}",
                f"    due: {due.isoformat()}",
            ]
            if closed:
                closed_on = min(AS_OF, due + timedelta(days=rng.randint(-20, 20)))
                target += [
                    "    status: closed",
                    f"    closed_on: {max(held, closed_on).isoformat()}",
                ]
            else:
                target.append(f"    status: {rng.choice(('open', 'in_progress'))}")
            if milestone_ids and rng.random() < 0.6:
                target.append("    links:")
                target += [
                    f"      - {quoted(link)}"
                    for link in rng.sample(milestone_ids, rng.randint(1, 2))
                ]
            if rng.random() < 0.3:
                update_on = min(AS_OF, held + timedelta(days=rng.randint(1, 30)))
                target += [
                    "    updates:",
                    f"      - on: {update_on.isoformat()}",
                    f"        note: {sentence(rng, 6, 14)}",
                ]
            if rng.random() < 0.5:
                target.append("    illustrative: true")
    if len(open_lines) == 2:
        open_lines[-1] = "actions: []"
    if len(closed_lines) == 2:
        closed_lines[-1] = "actions: []"
    return "\n".join(open_lines) + "\n", "\n".join(closed_lines) + "\n"


def meeting_file(
    rng: random.Random, day: date, held: bool, next_day: date | None, meetings: Meetings
) -> str:
    lines = [
        f"# Board meeting of {day.isoformat()} (synthetic).",
        f"id: {quoted(day.isoformat())}",
        "board: Regional SEND Improvement Board",
        f"date: {day.isoformat()}",
        'time: "13:00-16:00"',
        f"location: {rng.choice(('in person', 'online', 'in person and online'))}",
        f"status: {'held' if held else 'scheduled'}",
    ]
    if held:
        lines += ["attendance:", "  present:"]
        lines += [f"    - {role}" for role in rng.sample(ROLES, 6)]
        lines += ["  apologies:", f"    - {rng.choice(ROLES)}"]
        raised = meetings.raised.get(day, [])
        items = rng.randint(3, 6)
        shares = split(rng, list(range(len(raised))), min(items, len(raised))) if raised else []
        lines.append("agenda:")
        for number in range(1, items + 1):
            lines += [
                f"  - number: {quoted(str(number))}",
                f"    title: {sentence(rng, 3, 8)}",
                f"    summary: {sentence(rng, 10, 24)}",
            ]
            if rng.random() < 0.6:
                lines += [
                    "    challenges:",
                    f"      - challenge: {sentence(rng, 8, 18)}",
                    f"        response: {sentence(rng, 8, 18)}",
                ]
            if number <= len(shares):
                lines.append("    actions:")
                lines += [f"      - {quoted(raised[index])}" for index in shares[number - 1]]
        lines += ["decisions:", f"  - {sentence(rng, 8, 16)}"]
        if raised:
            lines.append("actions_raised:")
            lines += [f"  - {quoted(action_id)}" for action_id in raised]
        added = meetings.risks_added.get(day, [])
        if added:
            lines.append("risks_added:")
            lines += [f"  - {quoted(risk_id)}" for risk_id in added]
        if meetings.scheduled:
            lines += [
                "forward_plan:",
                f"  - item: {sentence(rng, 4, 9)}",
                "    kind: deep_dive",
                f"    meeting: {quoted(rng.choice(meetings.scheduled).isoformat())}",
            ]
    else:
        lines.append("standing_items:")
        lines += [f"  - {sentence(rng, 3, 6)}" for _ in range(3)]
    if next_day is not None:
        lines.append(f"next_meeting: {quoted(next_day.isoformat())}")
    return "\n".join(lines) + "\n"


def generate(milestones: int, seed: int) -> dict[str, str]:
    """Relative path → text of every file of the repository."""
    if milestones < 1:
        raise ValueError("--milestones must be at least 1")
    rng = random.Random(seed)
    sizes = partnership_sizes(rng, milestones)
    meetings = Meetings(
        held=weekdays(AS_OF, max(2, 2 * len(sizes)), -1),
        scheduled=weekdays(AS_OF + timedelta(days=1), max(1, len(sizes) // 2), 1),
    )
    files: dict[str, str] = {"plan/partnership.yaml": partnership_file()}
    milestone_ids: list[str] = []
    for index, size in enumerate(sizes, start=1):
        code = f"p{index:04d}"
        counts = action_milestone_counts(rng, size)
        priorities = split(rng, counts, min(5, len(counts)))
        action_ids: list[str] = []
        for number, priority_counts in enumerate(priorities, start=1):
            files[f"plan/{code}-priority-{number}.yaml"] = priority_file(
                rng, code, number, priority_counts, meetings, milestone_ids, action_ids
            )
        links = [f"{code}-{n}" for n in range(1, len(priorities) + 1)] + action_ids
        files[f"risks/{code}.yaml"] = risks_file(rng, code, meetings, links)
    files["tracker/actions.yaml"], files["tracker/archive.yaml"] = board_actions(
        rng, meetings, len(sizes), milestone_ids
    )
    all_meetings = [*meetings.held, *meetings.scheduled]
    for position, day in enumerate(all_meetings):
        next_day = all_meetings[position + 1] if position + 1 < len(all_meetings) else None
        files[f"meetings/{day.isoformat()}.yaml"] = meeting_file(
            rng, day, day <= AS_OF, next_day, meetings
        )
    return files


def write(files: dict[str, str], out: Path) -> None:
    existing = [name for name in files if (out / name).exists()]
    if (out / "plan").exists() and not existing:
        existing = ["plan/"]
    if existing:
        raise SystemExit(f"generate.py: {out} already holds a repository; choose an empty --out")
    for name, text in files.items():
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--milestones", type=int, required=True, help="How many milestones.")
    parser.add_argument("--out", type=Path, required=True, help="An empty or new folder.")
    parser.add_argument("--seed", type=int, default=1, help="Same seed, same files (default 1).")
    args = parser.parse_args(argv)
    files = generate(args.milestones, args.seed)
    write(files, args.out)
    size = sum(len(text.encode("utf-8")) for text in files.values())
    sys.stdout.write(
        f"wrote {len(files)} files ({size / 1e6:.1f} MB, {args.milestones} milestones) "
        f"to {args.out}\n"
    )


if __name__ == "__main__":
    main()
