"""Publishing the App Home: when opened, when paged, and after anything that changes it."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.services import Services
from bot.slack.home import home_view
from bot.slack.home_refreshes import WorkspaceHomes
from bot.slack.requester import Requester
from bot.slack.settings_handlers import show_settings
from commands.home import Home
from commands.overview import OverviewAsk, my_home
from commands.people import Team, WorkspaceInfo


async def publish_home(services: Services, client: AsyncWebClient, *, workspace: WorkspaceInfo,
                       user_id: str, page: int = 0) -> None:
    # The App Home is seen by its owner only.
    reply = await my_home(services.db, OverviewAsk(
        workspace_id=workspace.workspace_id, actor=user_id, privately=True, now=services.now(),
        page=page))
    if isinstance(reply, Home):
        await client.views_publish(user_id=user_id, view=home_view(reply))


async def refresh_homes(services: Services, client: AsyncWebClient, *, team: Team,
                        user_ids: Iterable[str]) -> None:
    """Republish, shortly, the homes a change touched (`bot.slack.home_refreshes`). In the
    background: the change is done, and a failure here must not undo it or hold up the reply."""
    key = (team.platform, team.external_id)
    homes = services.home_refreshes.get(key)
    if homes is None or not homes.belongs_to_this_loop():
        homes = services.home_refreshes[key] = WorkspaceHomes(
            publish=partial(_publish_afresh, services, client, team))
    homes.touch(user_ids)


async def _publish_afresh(services: Services, client: AsyncWebClient, team: Team,
                          user_id: str) -> None:
    # Later than the request that asked for it: only the workspace's id is needed, and it
    # never changes, so the remembered one will do.
    workspace = await services.workspaces.get(team)
    await publish_home(services, client, workspace=workspace, user_id=user_id)


async def on_home_opened(services: Services, client: AsyncWebClient, *,
                         event: dict[str, Any], requester: Requester) -> None:
    if event.get("tab") == "home":
        await publish_home(services, client, workspace=requester.workspace,
                           user_id=requester.origin.user_id)


async def on_home_page(services: Services, client: AsyncWebClient, *, body: dict[str, Any],
                       requester: Requester, **_: Any) -> None:
    page = int(body["actions"][0].get("value") or 0)
    await publish_home(services, client, workspace=requester.workspace,
                       user_id=requester.origin.user_id, page=page)


async def on_open_settings(services: Services, client: AsyncWebClient, *,
                           body: dict[str, Any], requester: Requester, **_: Any) -> None:
    await show_settings(services, client, requester=requester, trigger_id=body["trigger_id"])
