"""`digest here [weekday HH:MM] [timezone] [for Category, Category]`, `digest off|preview`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import time
from enum import StrEnum
from zoneinfo import ZoneInfo

from commands.zones import parse_zone

WEEKDAYS = {name: index for index, names in enumerate((
    ("monday", "mon"), ("tuesday", "tue", "tues"), ("wednesday", "wed"),
    ("thursday", "thu", "thur", "thurs"), ("friday", "fri"), ("saturday", "sat"),
    ("sunday", "sun"),
)) for name in names}
TIME = re.compile(r"^([01]?\d|2[0-3])[:.h]?([0-5]\d)$")
USAGE = ("Usage: `angrycall digest here [weekday HH:MM] [timezone] [members] "
         "[for Category, Category]`, `angrycall digest off`, `angrycall digest preview`.")
MEMBERS_WORDS = frozenset({"members", "team"})
# `subscribe` reads better in a chat than Slack's `here`; both work everywhere.
ALIASES = {"subscribe": "here", "unsubscribe": "off"}


class DigestAction(StrEnum):
    SUBSCRIBE = "here"
    UNSUBSCRIBE = "off"
    PREVIEW = "preview"


@dataclass(frozen=True)
class DigestRequest:
    action: DigestAction
    weekday: int = 0
    at: time = time(9, 0)
    zone: ZoneInfo | None = None  # None: the zone of whoever subscribes
    categories: tuple[str, ...] = field(default_factory=tuple)
    members_only: bool = False  # only the cases of this channel's members


class DigestRequestError(ValueError):
    """The words after `digest` don't parse; the message says what would."""


def parse_digest_request(text: str) -> DigestRequest:
    words, _, categories = text.strip().partition(" for ")
    parts = words.split()
    if parts:
        parts[0] = ALIASES.get(parts[0].lower(), parts[0])
    if not parts or parts[0].lower() not in {a.value for a in DigestAction}:
        raise DigestRequestError(USAGE)
    action = DigestAction(parts[0].lower())
    if action is not DigestAction.SUBSCRIBE:
        if len(parts) > 1 or categories:
            raise DigestRequestError(USAGE)
        return DigestRequest(action)
    return _subscription(parts[1:], categories)


def _subscription(parts: list[str], categories: str) -> DigestRequest:
    weekday, at, zone, members_only = 0, time(9, 0), None, False
    for part in parts:
        if part.lower() in MEMBERS_WORDS:
            members_only = True
        elif part.lower() in WEEKDAYS:
            weekday = WEEKDAYS[part.lower()]
        elif match := TIME.match(part):
            at = time(int(match.group(1)), int(match.group(2)))
        else:
            zone = _zone(part)
    chosen = tuple(c.strip() for c in categories.split(",") if c.strip())
    return DigestRequest(DigestAction.SUBSCRIBE, weekday, at, zone, chosen, members_only)


def _zone(name: str) -> ZoneInfo:
    zone = parse_zone(name)
    if zone is None:
        raise DigestRequestError(
            f"I don't know the weekday, time or timezone {name!r}. Timezones are IANA names "
            "like Europe/Berlin or America/New_York. " + USAGE)
    return zone
