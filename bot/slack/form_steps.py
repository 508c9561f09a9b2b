"""The steps part of the log and edit forms (pure): one checkbox group a phase of the call."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.slack.mrkdwn import clip
from commands.cases import CaseField
from commands.playbook import MAX_STEPS_PER_PHASE, Phase, Playbook

Block = dict[str, Any]
OPTION_TEXT_LIMIT = 75


def step_field(phase: Phase) -> str:
    """The block (and action) id of one phase's checkbox group: `deescalation_steps_upset`."""
    return f"{CaseField.DEESCALATION_STEPS.value}_{phase.value}"


def step_blocks(playbook: Playbook, kept: Sequence[str] = ()) -> list[Block]:
    """One checkbox group a phase of the call (Slack shows at most 10 options in one group).

    `kept`: steps a stored case has ticked; they stay on its edit form even once retired.
    """
    blocks = []
    for phase in Phase:
        steps = [s for s in playbook.steps if s.phase is phase and (not s.retired or s.id in kept)]
        if steps:
            blocks.append({
                "type": "input", "block_id": step_field(phase), "optional": True,
                "label": _plain(f"Steps you used: {phase.label.lower()}"),
                "element": {"type": "checkboxes", "action_id": step_field(phase), "options": [
                    {"text": _plain(clip(s.label, OPTION_TEXT_LIMIT)), "value": s.id}
                    for s in steps[:MAX_STEPS_PER_PHASE]]},
            })
    return blocks


def _plain(text: str) -> Block:
    return {"type": "plain_text", "text": text}
