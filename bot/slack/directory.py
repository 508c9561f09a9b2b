"""People's timezones: from our records, refreshed from Slack's users.info when stale."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import ClientError
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.services import Services
from bot.slack.context import team_of
from commands.people import known_zones, remember_profiles, workspace_for, zone_named

logger = logging.getLogger(__name__)
# A look-up that takes longer than this is skipped: a modal submission must answer within 3 s.
LOOKUP_TIMEOUT_SECONDS = 1.5

Profile = tuple[str | None, str]


async def zones_for(
    services: Services, client: AsyncWebClient, *, workspace_id: int, user_ids: Sequence[str]
) -> dict[str, ZoneInfo]:
    """Each user's zone, asking Slack about those we have not seen lately."""
    now = services.now()
    known = await known_zones(services.db, workspace_id=workspace_id, user_ids=user_ids, now=now)
    fetched = await _fetch_profiles(client, known.stale)
    if fetched:
        await remember_profiles(services.db, workspace_id=workspace_id, profiles=fetched, now=now)
    fresh = {user_id: zone_named(tz) for user_id, (tz, _name) in fetched.items() if tz}
    return {**known.zones, **fresh}


async def display_names(client: AsyncWebClient, user_ids: Sequence[str]) -> dict[str, str]:
    """The names people go by in Slack, for those Slack could tell us about in time."""
    profiles = await _fetch_profiles(client, user_ids)
    return {user_id: name for user_id, (_tz, name) in profiles.items() if name}


async def _fetch_profiles(client: AsyncWebClient, user_ids: Sequence[str]) -> dict[str, Profile]:
    if not user_ids:
        return {}
    results = await asyncio.gather(*(_fetch_profile(client, user_id) for user_id in user_ids))
    return {user_id: profile for user_id, profile in zip(user_ids, results, strict=True) if profile}


async def _fetch_profile(client: AsyncWebClient, user_id: str) -> Profile | None:
    try:
        async with asyncio.timeout(LOOKUP_TIMEOUT_SECONDS):
            response = await client.users_info(user=user_id)
    except (SlackApiError, ClientError, TimeoutError) as error:
        logger.warning("users.info failed for %s: %s", user_id, error)
        return None
    user = response.get("user") or {}
    name = user.get("profile", {}).get("display_name") or user.get("real_name") or ""
    return user.get("tz"), name


async def on_user_change(
    services: Services, *, event: dict[str, Any], body: dict[str, Any]
) -> None:
    """Slack says someone's profile changed: keep their timezone current (nudges follow it)."""
    user = event.get("user") or {}
    if not user.get("id") or not user.get("tz"):
        return
    now = services.now()
    workspace = await workspace_for(
        services.db, team=team_of(body), default_categories=services.settings.categories, now=now
    )
    name = (user.get("profile") or {}).get("display_name") or user.get("real_name") or ""
    await remember_profiles(services.db, workspace_id=workspace.workspace_id,
                            profiles={user["id"]: (user["tz"], name)}, now=now)
