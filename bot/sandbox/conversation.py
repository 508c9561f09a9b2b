"""A conversation as one person sees it: messages in order, each with its thread, the files
posted in it, and the ephemeral messages only that person sees."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from markupsafe import Markup

from bot.sandbox.blocks_html import blocks_html
from bot.sandbox.reader import Reader, text_html
from bot.sandbox.team import display_name
from bot.sandbox.workspace import World


@dataclass
class Shown:
    ts: str  # as in Slack, the instant it was posted
    author: str
    body: Markup
    ephemeral: bool = False
    edited: bool = False
    images: list[str] = field(default_factory=list)  # file ids
    replies: list[Shown] = field(default_factory=list)

    def posted(self, zone: ZoneInfo) -> str:
        return f"{datetime.fromtimestamp(float(self.ts), zone):%a %d %b, %H:%M}"


def message_body(message: dict[str, Any], reader: Reader) -> Markup:
    if message.get("blocks"):
        return blocks_html(message["blocks"], reader)
    return text_html(message.get("text") or "", reader)


def conversation(world: World, channel_id: str, viewer: str, reader: Reader) -> list[Shown]:
    shown: dict[str, Shown] = {}
    top: list[Shown] = []
    for message in sorted(world.history.get(channel_id, []), key=lambda m: float(m["ts"])):
        item = Shown(message["ts"], display_name(world, str(message.get("user"))),
                     message_body(message, reader), edited=bool(message.get("edited")))
        parent = shown.get(str(message.get("thread_ts")))
        (parent.replies if parent is not None else top).append(item)
        shown[item.ts] = item
    for file_id, stored in world.files.items():
        if stored.get("channel_id") == channel_id and stored.get("bytes"):
            _place_file(file_id, stored, shown, top)
    top += [Shown(str(e.get("ts") or "0"), "angrycall", message_body(e, reader), ephemeral=True)
            for e in world.ephemerals if e["channel"] == channel_id and e["user"] == viewer]
    return sorted(top, key=lambda s: float(s.ts))


def _place_file(file_id: str, stored: dict[str, Any], shown: dict[str, Shown],
                top: list[Shown]) -> None:
    """A file shared in a thread shows under that thread's message, as in Slack."""
    parent = shown.get(str(stored.get("thread_ts")))
    if parent is not None:
        parent.images.append(file_id)
        return
    comment = Markup("{}").format(stored.get("initial_comment") or stored.get("title") or "")
    top.append(Shown(str(stored.get("ts") or "0"), "angrycall", comment, images=[file_id]))
