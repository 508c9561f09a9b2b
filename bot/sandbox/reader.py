"""Who is reading a rendered view, and Block Kit text objects as they would see them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from markupsafe import Markup

from bot.sandbox.mrkdwn_html import mrkdwn_to_html

Block = dict[str, Any]


@dataclass(frozen=True)
class Reader:
    """Who is looking, which decides zones, names, what they typed and what was refused."""

    zone: ZoneInfo
    names: Callable[[str], str]
    people: tuple[tuple[str, str], ...] = ()  # (user id, name) for user pickers
    typed: dict[str, dict[str, Any]] = field(default_factory=dict)  # view state values
    errors: dict[str, str] = field(default_factory=dict)  # block id -> error


def text_html(text: Any, reader: Reader) -> Markup:
    """A Block Kit text object (or a bare string, a message's `text`)."""
    if isinstance(text, str):
        return mrkdwn_to_html(text, zone=reader.zone, names=reader.names)
    if not isinstance(text, dict):
        return Markup("")
    if text.get("type") == "mrkdwn":
        return mrkdwn_to_html(str(text.get("text", "")), zone=reader.zone, names=reader.names)
    return Markup("{}").format(text.get("text", ""))


