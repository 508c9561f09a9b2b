"""Who asks, resolved once per request: the global bolt middleware puts the person, where they
asked and their workspace into the context (as Netflix Dispatch does), so no listener looks them
up again. Listeners receive it as `requester`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from slack_bolt.context.async_context import AsyncBoltContext

from bot.services import Services
from bot.slack.context import Origin, origin_of_command, origin_of_interaction, team_of
from commands.people import WorkspaceInfo

REQUESTER = "requester"
# Slack's notices about the app itself ask nothing of anyone: no workspace row is made for them.
APP_NOTICES = frozenset({"app_uninstalled", "tokens_revoked"})


@dataclass(frozen=True)
class Requester:
    origin: Origin
    workspace: WorkspaceInfo


async def resolve_requester(services: Services, body: dict[str, Any],
                            context: AsyncBoltContext) -> None:
    """Put who asks into the context (bot/slack/request_checks.py calls it for every request)."""
    origin = origin_of(body)
    # Every request of ours names its workspace.
    if origin.team.external_id and _event_type(body) not in APP_NOTICES:
        context[REQUESTER] = Requester(origin, await services.workspaces.get(origin.team))


def origin_of(body: Mapping[str, Any]) -> Origin:
    """The person and the channel of a slash command, an interaction or an event."""
    if "command" in body:
        return origin_of_command(body)
    if body.get("type") == "event_callback":
        return _origin_of_event(body)
    return origin_of_interaction(body)


def _event_type(body: Mapping[str, Any]) -> str | None:
    event = body.get("event")
    return event.get("type") if isinstance(event, Mapping) else None


def _origin_of_event(body: Mapping[str, Any]) -> Origin:
    event = body.get("event") or {}
    user = event.get("user")
    # user_change carries the whole profile; app_home_opened and messages carry the id.
    user_id = user.get("id", "") if isinstance(user, Mapping) else str(user or "")
    channel = event.get("channel")
    return Origin(team_of(body), user_id, channel if isinstance(channel, str) else None)


def requester_in(context: AsyncBoltContext) -> Requester:
    requester = context.get(REQUESTER)
    assert isinstance(requester, Requester)  # put there by resolve_requester
    return requester


def origin_in(context: AsyncBoltContext) -> Origin:
    return requester_in(context).origin


def workspace_in(context: AsyncBoltContext) -> WorkspaceInfo:
    return requester_in(context).workspace
