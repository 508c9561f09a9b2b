"""Publishing the App Home: when opened, when paged, and after anything that changes it."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from typing import Any

from aiohttp import ClientError
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.exc import SQLAlchemyError

from bot.services import Services
from bot.slack.home import home_view
from bot.slack.requester import Requester
from bot.slack.settings_handlers import show_settings
from commands.home import Home
from commands.overview import OverviewAsk, my_home
from commands.people import Team, WorkspaceInfo

logger = logging.getLogger(__name__)


async def publish_home(services: Services, client: AsyncWebClient, *, workspace: WorkspaceInfo,
                       user_id: str, page: int = 0) -> None:
    # The App Home is seen by its owner only.
    reply = await my_home(services.db, OverviewAsk(
        workspace_id=workspace.workspace_id, actor=user_id, privately=True, now=services.now(),
        page=page))
    if isinstance(reply, Home):
        await client.views_publish(user_id=user_id, view=home_view(reply))


# A burst of changes for one person (a busy hour of logging, a lead re-dating ten promises)
# republishes their home once: a refresh waits this long, and what changes meanwhile rides along.
# (Republishing after each case was a third of a submission's CPU at 0.25 s.)
COALESCE_SECONDS = 1.0
_waiting: dict[tuple[int, str, str, str], asyncio.Task[None]] = {}
_publishing: set[asyncio.Task[None]] = set()


async def refresh_homes(services: Services, client: AsyncWebClient, *, team: Team,
                        user_ids: Iterable[str]) -> None:
    """Republish, shortly, the homes a change touched. In the background: the change is done,
    and a failure here must not undo it or hold up the reply."""
    for user_id in dict.fromkeys(user_ids):
        key = (id(services), team.platform, team.external_id, user_id)
        waiting = _waiting.get(key)
        # (A task of another, finished event loop never runs: tests start a loop per app.)
        if waiting is None or waiting.get_loop() is not asyncio.get_running_loop():
            _waiting[key] = asyncio.create_task(_refresh(key, services, client, team, user_id))


async def _refresh(key: tuple[int, str, str, str], services: Services, client: AsyncWebClient,
                   team: Team, user_id: str) -> None:
    await asyncio.sleep(COALESCE_SECONDS)
    # From here on the home is read afresh: a change after this point needs a refresh of its own.
    task = asyncio.current_task()
    assert task is not None
    if _waiting.get(key) is task:
        del _waiting[key]
    _publishing.add(task)
    try:
        # Later than the request that asked for it: only the workspace's id is needed, and it
        # never changes, so the remembered one will do.
        workspace = await services.workspaces.get(team)
        await publish_home(services, client, workspace=workspace, user_id=user_id)
    except (SlackApiError, ClientError, TimeoutError, SQLAlchemyError):
        logger.warning("could not refresh the home of %s", user_id, exc_info=True)
    finally:
        _publishing.discard(task)


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
