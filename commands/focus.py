"""The coaching focus, chosen honestly (pure).

Only in-call steps, only from cases whose checklist was filled, and only with enough of them.
The focus is the step used least often relative to the others, and never one the week's data
contradicts (used in half the cases or more, or no less than the others on average). The same
focus three weeks running only while it is still clearly the weakest.
"""

from __future__ import annotations

from collections.abc import Sequence
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
    used: int  # in how many of the filled checklists
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
    if repeated and not _clearly_weakest(ranked, len(filled)):
        return ranked[1] if len(ranked) > 1 else None
    return weakest


def _weak_steps(filled: Sequence[CaseFacts], playbook: Playbook) -> list[Focus]:
    """The steps the data shows as weak, weakest first (playbook order on a tie)."""
    steps = playbook.active()
    used = {s.id: sum(s.id in c.steps for c in filled) for s in steps}
    total = sum(used.values())
    weak = []
    for step in steps:
        others = (total - used[step.id]) / max(len(steps) - 1, 1)
        if used[step.id] < CONTRADICTED_AT * len(filled) and used[step.id] < others:
            weak.append(Focus(step.id, step.label, used[step.id], len(filled)))
    return sorted(weak, key=lambda f: f.used)


def _clearly_weakest(ranked: Sequence[Focus], filled: int) -> bool:
    if len(ranked) < 2:
        return True
    return (ranked[1].used - ranked[0].used) / filled >= CLEARLY_WEAKEST
