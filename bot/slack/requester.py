"""Who asks, resolved once per request: a bolt listener middleware puts the person's origin and
workspace into the context (as Netflix Dispatch does), so no handler looks them up again."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.response import BoltResponse

from bot.services import Services
from bot.slack.context import Origin, origin_of_command, origin_of_interaction
from commands.people import WorkspaceInfo

Next = Callable[[], Awaitable[BoltResponse]]
Middleware = Callable[..., Awaitable[BoltResponse | None]]


def resolve_requester(services: Services) -> Middleware:
    async def requester(body: dict[str, Any], context: AsyncBoltContext,
                        next: Next) -> BoltResponse | None:
        origin = (origin_of_command(body) if "command" in body
                  else origin_of_interaction(body))
        context["origin"] = origin
        context["workspace"] = await services.workspaces.get(origin.team)
        return await next()

    return requester


def origin_in(context: AsyncBoltContext) -> Origin:
    origin = context["origin"]
    assert isinstance(origin, Origin)  # put there by resolve_requester
    return origin


def workspace_in(context: AsyncBoltContext) -> WorkspaceInfo:
    workspace = context["workspace"]
    assert isinstance(workspace, WorkspaceInfo)  # put there by resolve_requester
    return workspace
