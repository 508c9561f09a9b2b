"""Block Kit checks the fake applies, as Slack rejects bad payloads.

slack_sdk's models check most element limits; what they miss (50 blocks per message, input
lengths, unique block ids, submit with inputs, 250 kB views) is checked here.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100
SECTION_TEXT = 3000
VIEW_BYTES = 250_000
BROADCASTS = ("<!channel>", "<!here>", "<!everyone>")


def message_problems(payload: dict[str, Any]) -> list[str]:
    blocks = payload.get("blocks")
    if not blocks:
        return [] if payload.get("text") is not None else ["no text or blocks"]
    problems = []
    if not isinstance(blocks, list):
        return ["blocks must be a list"]
    if len(blocks) > MESSAGE_BLOCKS:
        problems.append(f"{len(blocks)} blocks; a message holds {MESSAGE_BLOCKS}")
    if not payload.get("text"):
        problems.append("blocks without a text fallback")
    return problems + _model_problems(blocks) + _common_problems(blocks)


def view_problems(view: Any) -> list[str]:
    if not isinstance(view, dict):
        return ["view must be an object"]
    problems = []
    blocks = view.get("blocks") or []
    if len(blocks) > VIEW_BLOCKS:
        problems.append(f"{len(blocks)} blocks; a view holds {VIEW_BLOCKS}")
    if view.get("type") == "modal" and any(b.get("type") == "input" for b in blocks) and not (
        view.get("submit")
    ):
        problems.append("a modal with inputs needs submit")
    if len(json.dumps(view)) > VIEW_BYTES:
        problems.append("view_too_large")
    try:
        View(**view).to_dict()
    except (SlackObjectFormationError, TypeError, ValueError) as error:
        problems.append(str(error))
    return problems + _common_problems(blocks)


def _model_problems(blocks: list[Any]) -> list[str]:
    try:
        for block in Block.parse_all(blocks):
            block.to_dict()
    except (SlackObjectFormationError, TypeError, ValueError, AttributeError) as error:
        return [str(error)]
    return []


def _common_problems(blocks: list[Any]) -> list[str]:
    problems = []
    ids = [b.get("block_id") for b in blocks if isinstance(b, dict) and b.get("block_id")]
    if len(ids) != len(set(ids)):
        problems.append("duplicate block_id")
    for block in blocks:
        if not isinstance(block, dict):
            problems.append("a block must be an object")
            continue
        text = (block.get("text") or {}).get("text", "") if block.get("type") == "section" else ""
        if len(text) > SECTION_TEXT:
            problems.append(f"section text of {len(text)} characters")
        for element in _elements(block):
            problems += _input_length_problems(element)
    return problems


def _elements(block: dict[str, Any]) -> Iterator[dict[str, Any]]:
    if isinstance(block.get("element"), dict):
        yield block["element"]
    for element in block.get("elements") or []:
        if isinstance(element, dict):
            yield element
    if isinstance(block.get("accessory"), dict):
        yield block["accessory"]


def _input_length_problems(element: dict[str, Any]) -> list[str]:
    if element.get("type") != "plain_text_input":
        return []
    problems = []
    if "max_length" in element and not 1 <= int(element["max_length"]) <= 3000:
        problems.append(f"plain_text_input max_length {element['max_length']} not in 1..3000")
    if "min_length" in element and not 0 <= int(element["min_length"]) <= 3000:
        problems.append(f"plain_text_input min_length {element['min_length']} not in 0..3000")
    return problems


def broadcasts_in(payload: Any) -> list[str]:
    """Every `<!channel>`-like ping anywhere in a payload's strings."""
    found: list[str] = []
    if isinstance(payload, str):
        found += [b for b in BROADCASTS if b in payload]
    elif isinstance(payload, dict):
        for key, value in payload.items():
            # Slack parses no mention in an input's prefilled value (the person's own text,
            # editable in their form) nor in a plain_text object: those ping nobody.
            if key == "initial_value" or (key == "text" and payload.get("type") == "plain_text"):
                continue
            found += broadcasts_in(value)
    elif isinstance(payload, list):
        for value in payload:
            found += broadcasts_in(value)
    return found
