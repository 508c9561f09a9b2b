"""The playbook part of the settings modal (pure): the team's own steps, and steps retired."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.slack.mrkdwn import clip
from commands.custom_steps import OWN_STEPS_HINT, RETIRED_FIELD, own_steps_field, revise
from commands.playbook import Phase, Playbook

Block = dict[str, Any]


def playbook_blocks(playbook: Playbook) -> list[Block]:
    """A text box of own steps a phase of the call, and one picker of steps to retire."""
    blocks: list[Block] = [_own_steps(playbook, phase) for phase in Phase]
    groups = [{"label": _plain(clip(phase.label, 75)),
               "options": [_option(s.label, s.id) for s in playbook.steps if s.phase is phase]}
              for phase in Phase]
    picker: Block = {"type": "multi_static_select", "action_id": RETIRED_FIELD,
                     "placeholder": _plain("Steps the team no longer uses"),
                     "option_groups": [g for g in groups if g["options"]]}
    retired = [_option(s.label, s.id) for s in playbook.steps if s.retired]
    if retired:
        picker["initial_options"] = retired
    blocks.append(_input(RETIRED_FIELD, "Retired steps (hidden from the form, kept in history)",
                         picker))
    return blocks


def playbook_from_state(values: Mapping[str, Any], current: Playbook) -> Playbook:
    lines = {phase: _text(values, own_steps_field(phase)).splitlines() for phase in Phase}
    return revise(current, lines, _selected(values, RETIRED_FIELD))


def _own_steps(playbook: Playbook, phase: Phase) -> Block:
    name = own_steps_field(phase)
    element: Block = {"type": "plain_text_input", "action_id": name, "multiline": True,
                      "max_length": 2000}
    own = [s.label for s in playbook.in_phase(phase) if s.custom]
    if own:
        element["initial_value"] = "\n".join(own)[:2000]
    block = _input(name, f"Our own steps: {phase.label.lower()}", element)
    block["hint"] = _plain(OWN_STEPS_HINT)
    return block


def _element(values: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    block = values.get(name)
    element = block.get(name) if isinstance(block, Mapping) else None
    return element if isinstance(element, Mapping) else {}


def _text(values: Mapping[str, Any], name: str) -> str:
    value = _element(values, name).get("value")
    return value.replace("\x00", "") if isinstance(value, str) else ""


def _selected(values: Mapping[str, Any], name: str) -> list[str]:
    options = _element(values, name).get("selected_options")
    if not isinstance(options, list):
        return []
    return [o["value"] for o in options if isinstance(o, Mapping)
            and isinstance(o.get("value"), str)]


def _input(name: str, label: str, element: Block) -> Block:
    return {"type": "input", "block_id": name, "optional": True,
            "label": _plain(label), "element": element}


def _option(text: str, value: str) -> Block:
    return {"text": _plain(clip(text, 75)), "value": value}


def _plain(text: str) -> Block:
    return {"type": "plain_text", "text": text}
