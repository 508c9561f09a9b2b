"""Who and where a Slack request comes from, read from bolt's payloads (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from slack_bolt.request.internals import extract_team_id

from commands.people import Team

PLATFORM = "slack"


@dataclass(frozen=True)
class Origin:
    team: Team
    user_id: str
    channel_id: str | None


def team_of(body: Mapping[str, Any]) -> Team:
    """The workspace that installed the app and received the request, read as bolt reads it
    (its `context.team_id`): a modal opened in a Slack Connect channel says so in
    `view.app_installed_team_id`, an event from a shared channel in `authorizations`; the
    `team` of such payloads can be the other company's."""
    team_id = extract_team_id(dict(body))
    return Team(PLATFORM, str(team_id or ""))


def origin_of_command(body: Mapping[str, Any]) -> Origin:
    return Origin(team_of(body), str(body.get("user_id", "")), body.get("channel_id"))


def origin_of_interaction(body: Mapping[str, Any]) -> Origin:
    user_id = str((body.get("user") or {}).get("id", ""))
    channel_id = (body.get("channel") or {}).get("id")
    return Origin(team_of(body), user_id, channel_id)
