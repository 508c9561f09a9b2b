"""Publishing the App Home: when opened, when paged, and after anything that changes it."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from aiohttp import ClientError
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.exc import SQLAlchemyError

from bot.services import Services
from bot.slack.context import origin_of_interaction, team_of
from bot.slack.home import home_view
from bot.slack.settings_handlers import open_settings
from commands.home import home_of
from commands.people import Team, workspace_for

logger = logging.getLogger(__name__)


async def publish_home(services: Services, client: AsyncWebClient, *, team: Team,
                       user_id: str, page: int = 0) -> None:
    now = services.now()
    workspace = await workspace_for(services.db, team=team,
                                    default_categories=services.settings.categories, now=now)
    home = await home_of(services.db, workspace_id=workspace.workspace_id, user_id=user_id,
                         page=max(page, 0), now=now)
    await client.views_publish(user_id=user_id, view=home_view(home))


async def refresh_homes(services: Services, client: AsyncWebClient, *, team: Team,
                        user_ids: Iterable[str]) -> None:
    """Republish the homes a change touched; a failure here must not undo the change."""
    for user_id in dict.fromkeys(user_ids):
        try:
            await publish_home(services, client, team=team, user_id=user_id)
        except (SlackApiError, ClientError, TimeoutError, SQLAlchemyError):
            logger.warning("could not refresh the home of %s", user_id, exc_info=True)


async def on_home_opened(services: Services, client: AsyncWebClient, *,
                         event: dict[str, Any], body: dict[str, Any]) -> None:
    if event.get("tab") == "home":
        await publish_home(services, client, team=team_of(body), user_id=event["user"])


async def on_home_page(services: Services, client: AsyncWebClient, *, body: dict[str, Any],
                       **_: Any) -> None:
    origin = origin_of_interaction(body)
    page = int(body["actions"][0].get("value") or 0)
    await publish_home(services, client, team=origin.team, user_id=origin.user_id, page=page)


async def on_open_settings(services: Services, client: AsyncWebClient, *,
                           body: dict[str, Any], **_: Any) -> None:
    await open_settings(services, client, origin=origin_of_interaction(body),
                        trigger_id=body["trigger_id"])
