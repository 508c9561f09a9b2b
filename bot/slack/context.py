"""Who and where a Slack request comes from, read from bolt's payloads (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from commands.people import Team

PLATFORM = "slack"


@dataclass(frozen=True)
class Origin:
    team: Team
    user_id: str
    channel_id: str | None


def team_of(body: Mapping[str, Any]) -> Team:
    """The workspace of any payload: slash commands carry `team_id`, interactivity `team.id`."""
    team_id = body.get("team_id") or (body.get("team") or {}).get("id")
    if not team_id:
        team_id = (body.get("view") or {}).get("team_id") or (body.get("user") or {}).get("team_id")
    return Team(PLATFORM, str(team_id or ""))


def origin_of_command(body: Mapping[str, Any]) -> Origin:
    return Origin(team_of(body), str(body.get("user_id", "")), body.get("channel_id"))


def origin_of_interaction(body: Mapping[str, Any]) -> Origin:
    user_id = str((body.get("user") or {}).get("id", ""))
    channel_id = (body.get("channel") or {}).get("id")
    return Origin(team_of(body), user_id, channel_id)
