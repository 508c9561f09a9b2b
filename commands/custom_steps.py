"""A lead's own steps and retirements (pure): revising a workspace's playbook from settings.

Own steps are typed one a line, per phase of the call. A step keeps its id while its label is
unchanged; a line removed retires that step, so cases that ticked it still read its label. Any
step, built in or not, can be retired, and brought back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from commands.playbook import (
    CUSTOM_PREFIX,
    MAX_STEPS_PER_PHASE,
    Phase,
    Playbook,
    Step,
    playbook_of,
)

# How own steps are typed, said beside the field on every platform.
OWN_STEPS_HINT = "One a line. Removing a line retires the step: cases that used it keep it."

RETIRED_FIELD = "retired_steps"
MAX_STEP_LABEL = 75  # Slack shows 75 characters of a checkbox
MAX_OWN_STEPS = 60  # ever added, retired ones included (their labels stay in history)


def own_steps_field(phase: Phase) -> str:
    """The settings field (block and action id) of a phase's own steps: `own_steps_next`."""
    return f"own_steps_{phase.value}"


def revise(current: Playbook, own_lines: Mapping[Phase, Sequence[str]],
           retired: Iterable[str]) -> Playbook:
    """The playbook with these own steps (one label a line, per phase) and these retired."""
    gone = set(retired)
    own = [s for s in current.steps if s.custom]
    next_number = 1 + max((int(s.id.removeprefix(CUSTOM_PREFIX)) for s in own), default=0)
    wanted = {(phase, line.strip().casefold()): line.strip()
              for phase, lines in own_lines.items() for line in lines if line.strip()}
    revised: list[Step] = []
    for step in own:
        kept = wanted.pop((step.phase, step.label.casefold()), None)
        # The text box decides for the team's own steps; the picker retires one still listed.
        chosen_now = step.id in gone and not step.retired
        revised.append(Step(step.id, step.label, step.phase, kept is None or chosen_now,
                            step.since))
    for (phase, _key), label in wanted.items():
        revised.append(Step(f"{CUSTOM_PREFIX}{next_number}", label, phase, False))
        next_number += 1
    built_in = [Step(s.id, s.label, s.phase, s.id in gone) for s in current.steps
                if not s.custom]
    return Playbook(tuple(built_in + revised))


def stored(playbook: Playbook, now: datetime) -> tuple[list[dict[str, str]], list[str]]:
    """What the workspace row keeps: its own steps (a new one is there from `now`), and the
    ids retired."""
    own = [{"id": s.id, "label": s.label, "phase": s.phase.value,
            "since": (s.since or now).isoformat()} for s in playbook.steps if s.custom]
    return own, [s.id for s in playbook.steps if s.retired]


def from_stored(custom: Sequence[Mapping[str, str]], retired: Iterable[str],
                new_steps_since: datetime | None) -> Playbook:
    return playbook_of(custom, retired, new_steps_since)


def playbook_errors(playbook: Playbook) -> dict[str, str]:
    """Slack holds 10 options a checkbox group: each phase keeps at most 10 steps in use."""
    field_of = {phase: own_steps_field(phase) for phase in Phase}
    errors: dict[str, str] = {}
    for phase in Phase:
        if len(playbook.in_phase(phase)) > MAX_STEPS_PER_PHASE:
            errors[field_of[phase]] = (f"At most {MAX_STEPS_PER_PHASE} steps in use for "
                                       f"\"{phase.label.lower()}\": retire one first.")
        elif any(len(s.label) > MAX_STEP_LABEL for s in playbook.in_phase(phase)):
            errors[field_of[phase]] = f"Keep each step under {MAX_STEP_LABEL} characters."
    if sum(s.custom for s in playbook.steps) > MAX_OWN_STEPS:
        errors[field_of[Phase.NEXT]] = f"A team can add up to {MAX_OWN_STEPS} steps."
    return errors
