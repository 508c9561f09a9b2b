"""The outer loop's part of the team settings modal (pure): the channel that owns each
category's themes, and the first follow-up target; and reading them back."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.slack.mrkdwn import clip

CHANNEL_PREFIX = "theme_channel:"  # + the category: block and action id of its channel picker
TARGET = "follow_up_target"
TARGET_CHOICES = (12, 24, 48, 72)
MAX_CATEGORIES = 40  # the modal's 100 blocks are shared with the team settings


def outer_loop_blocks(categories: list[str], channels: Mapping[str, str],
                      target_hours: int) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = [
        {"type": "section", "text": {"type": "mrkdwn", "text": (
            "*The outer loop*: the channel that owns each category's themes (it gets a post "
            "when a theme is raised)")}}]
    for category in categories[:MAX_CATEGORIES]:
        picker: dict[str, Any] = {"type": "conversations_select",
                                  "action_id": CHANNEL_PREFIX + category,
                                  "filter": {"include": ["public", "private"],
                                             "exclude_bot_users": True}}
        if category in channels:
            picker["initial_conversation"] = channels[category]
        blocks.append({"type": "input", "block_id": CHANNEL_PREFIX + category,
                       "optional": True, "label": _plain(clip(category, 150)),
                       "element": picker})
    options = [{"text": _plain(f"{hours} hours"), "value": str(hours)}
               for hours in TARGET_CHOICES]
    chosen = next((o for o in options if o["value"] == str(target_hours)), options[2])
    blocks.append({"type": "input", "block_id": TARGET, "label": _plain(
        "Target for the first follow-up after a call"), "element": {
        "type": "static_select", "action_id": TARGET, "options": options,
        "initial_option": chosen}})
    return blocks


def outer_loop_from_state(values: Mapping[str, Any]) -> tuple[dict[str, str | None], int | None]:
    """category -> channel (None: no owning channel), and the target in hours."""
    channels: dict[str, str | None] = {}
    for block_id, inputs in values.items():
        if block_id.startswith(CHANNEL_PREFIX) and isinstance(inputs, Mapping):
            picked = (inputs.get(block_id) or {}).get("selected_conversation")
            channels[block_id[len(CHANNEL_PREFIX):]] = picked if isinstance(picked, str) else None
    option = ((values.get(TARGET) or {}).get(TARGET) or {}).get("selected_option") or {}
    value = option.get("value") if isinstance(option, Mapping) else None
    target = int(value) if isinstance(value, str) and value.isdigit() else None
    return channels, target if target in TARGET_CHOICES else None


def _plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text}
