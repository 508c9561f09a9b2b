"""Timezone names, read once for every platform: a person's profile, a Teams client, the words
of `digest here ... Europe/Berlin`."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

UTC = ZoneInfo("UTC")
# The people.tz column; a longer name is no IANA zone (the longest is about 30 characters).
MAX_ZONE_NAME = 64
# An IANA name ("America/Argentina/Buenos_Aires"); anything else is not asked of the disk,
# where zoneinfo would look for a file of that name.
ZONE_NAME = re.compile(r"[A-Za-z0-9_+\-]+(/[A-Za-z0-9_+\-]+)*")


def parse_zone(name: str | None) -> ZoneInfo | None:
    """The IANA zone with that name; None when it is not one."""
    if not name or len(name) > MAX_ZONE_NAME or not ZONE_NAME.fullmatch(name):
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def zone_named(name: str | None) -> ZoneInfo:
    """The zone with that name; UTC when unknown: a zone we can't load is no reason to fail."""
    return parse_zone(name) or UTC
