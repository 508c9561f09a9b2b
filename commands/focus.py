"""The coaching focus, chosen honestly (pure).

Only in-call steps, only from cases whose checklist was filled, and only with enough of them.
The focus is the step used least often relative to the others, and never one the week's data
contradicts (used in half the cases or more, or no less than the others on average). The same
focus three weeks running only while it is still clearly the weakest.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from commands.digest_facts import CaseFacts
from commands.playbook import Playbook

MIN_CASES = 3  # filled checklists a focus needs
CONTRADICTED_AT = 0.5  # a step used this often is not a weakness
CLEARLY_WEAKEST = 0.2  # the usage gap to the next step that keeps a focus a third week


@dataclass(frozen=True)
class Focus:
    step_id: str
    label: str
    used: int  # in how many of the filled checklists that offered it
    based_on: int  # filled checklists the choice rests on


def coaching_focus(cases: Sequence[CaseFacts], playbook: Playbook,
                   earlier_weeks: Sequence[Sequence[CaseFacts]] = ()) -> Focus | None:
    """This week's focus; `earlier_weeks` are the weeks before it, oldest first."""
    previous: list[str | None] = []
    for week in earlier_weeks:
        chosen = _choose(week, playbook, previous[-2:])
        previous.append(chosen.step_id if chosen else None)
    return _choose(cases, playbook, previous[-2:])


def _choose(cases: Sequence[CaseFacts], playbook: Playbook,
            last_two: Sequence[str | None]) -> Focus | None:
    filled = [c for c in cases if c.checklist_filled]
    if len(filled) < MIN_CASES:
        return None
    ranked = _weak_steps(filled, playbook)
    if not ranked:
        return None
    weakest = ranked[0]
    repeated = len(last_two) == 2 and all(step == weakest.step_id for step in last_two)
    if repeated and not _clearly_weakest(ranked):
        return ranked[1] if len(ranked) > 1 else None
    return weakest


def _weak_steps(filled: Sequence[CaseFacts], playbook: Playbook) -> list[Focus]:
    """The steps the data shows as weak, weakest first (playbook order on a tie). A step is
    judged only on the cases that could tick it (logged once it was on the checklist)."""
    usage = {}
    for step in playbook.active():
        could = [c for c in filled if step.since is None or c.logged_at >= step.since]
        if len(could) >= MIN_CASES:
            usage[step] = Focus(step.id, step.label, sum(step.id in c.steps for c in could),
                                len(could))
    weak = [focus for focus in usage.values()
            if _rate(focus) < CONTRADICTED_AT and _rate(focus) < _others(focus, usage.values())]
    return sorted(weak, key=_rate)


def _rate(focus: Focus) -> float:
    return focus.used / focus.based_on


def _others(focus: Focus, all_steps: Iterable[Focus]) -> float:
    rates = [_rate(other) for other in all_steps if other is not focus]
    return sum(rates) / len(rates) if rates else 1.0


def _clearly_weakest(ranked: Sequence[Focus]) -> bool:
    return len(ranked) < 2 or _rate(ranked[1]) - _rate(ranked[0]) >= CLEARLY_WEAKEST
