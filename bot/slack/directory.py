"""People as Slack knows them: their timezones (from our records, refreshed from users.info when
stale), their names, and whether they belong to this workspace at all."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import ClientError
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.services import Services
from bot.slack.error_codes import error_code
from bot.slack.requester import Requester
from commands.people import zone_named

logger = logging.getLogger(__name__)
# A look-up that takes longer than this is skipped: a modal submission must answer within 3 s.
LOOKUP_TIMEOUT_SECONDS = 1.5
# What users.info answers for someone this workspace's token cannot see.
NOT_HERE = frozenset({"user_not_found", "user_not_visible"})

Profile = tuple[str | None, str]
User = Mapping[str, Any]


@dataclass(frozen=True)
class Lookup:
    """What users.info said about one person: their record, or that there is no such person
    here; neither when Slack could not say (an outage, too slow)."""

    user: User | None = None
    not_here: bool = False


@dataclass(frozen=True)
class People:
    zones: dict[str, ZoneInfo]
    strangers: frozenset[str]  # not people of the workspace that asked
    person_ids: dict[str, int]  # their rows', where on record (a case's write needs no read)


async def look_up(services: Services, client: AsyncWebClient, *, workspace_id: int,
                  user_ids: Sequence[str], team_id: str | None = None) -> People:
    """Each user's zone, asking Slack about those we have not seen lately; with `team_id`,
    which of them Slack says belong to another workspace (or to none we can see)."""
    now = services.now()
    known = await services.zones.known(workspace_id=workspace_id, user_ids=user_ids, now=now)
    found = await _look_up_all(client, known.stale)
    strangers = {user_id for user_id, lookup in found.items() if lookup.not_here or (
        team_id and lookup.user is not None and not belongs_to(lookup.user, team_id))}
    profiles = {user_id: _profile(lookup.user) for user_id, lookup in found.items()
                if lookup.user is not None and user_id not in strangers}
    recorded = await services.zones.remember(workspace_id=workspace_id, profiles=profiles,
                                             now=now) if profiles else {}
    fresh = {user_id: zone_named(tz) for user_id, (tz, _name) in profiles.items() if tz}
    return People(zones={**known.zones, **fresh}, strangers=frozenset(strangers),
                  person_ids={**known.person_ids, **recorded})


async def zones_for(
    services: Services, client: AsyncWebClient, *, workspace_id: int, user_ids: Sequence[str]
) -> dict[str, ZoneInfo]:
    """Each user's zone, asking Slack about those we have not seen lately."""
    people = await look_up(services, client, workspace_id=workspace_id, user_ids=user_ids)
    return people.zones


def belongs_to(user: User, team_id: str) -> bool:
    """Whether a users.info record is a person of this workspace: its own member, or an
    Enterprise Grid user (`W…`) whose organisation or workspaces include it."""
    if user.get("team_id") == team_id:
        return True
    enterprise = user.get("enterprise_user")
    if not isinstance(enterprise, Mapping):
        return False
    teams = enterprise.get("teams")
    return enterprise.get("enterprise_id") == team_id or (
        isinstance(teams, list) and team_id in teams)


async def display_names(client: AsyncWebClient, user_ids: Sequence[str]) -> dict[str, str]:
    """The names people go by in Slack, for those Slack could tell us about in time."""
    found = await _look_up_all(client, user_ids)
    names = {user_id: _profile(lookup.user)[1] for user_id, lookup in found.items()
             if lookup.user is not None}
    return {user_id: name for user_id, name in names.items() if name}


async def _look_up_all(client: AsyncWebClient, user_ids: Sequence[str]) -> dict[str, Lookup]:
    if not user_ids:
        return {}
    results = await asyncio.gather(*(_look_up_one(client, user_id) for user_id in user_ids))
    return dict(zip(user_ids, results, strict=True))


async def _look_up_one(client: AsyncWebClient, user_id: str) -> Lookup:
    try:
        async with asyncio.timeout(LOOKUP_TIMEOUT_SECONDS):
            response = await client.users_info(user=user_id)
    except SlackApiError as error:
        logger.warning("users.info failed for %s: %s", user_id, error_code(error))
        return Lookup(not_here=error_code(error) in NOT_HERE)
    except (ClientError, TimeoutError) as error:
        logger.warning("users.info failed for %s: %s", user_id, error)
        return Lookup()
    user = response.get("user")
    return Lookup(user=user) if isinstance(user, Mapping) else Lookup()


def _profile(user: User | None) -> Profile:
    user = user or {}
    profile = user.get("profile")
    display = profile.get("display_name") if isinstance(profile, Mapping) else None
    tz = user.get("tz")
    return (tz if isinstance(tz, str) else None), str(display or user.get("real_name") or "")


async def on_user_change(
    services: Services, *, event: dict[str, Any], requester: Requester
) -> None:
    """Slack says someone's profile changed: keep their timezone current (nudges follow it).
    In a channel shared with another company, their people's changes reach us too: not ours."""
    user = event.get("user") or {}
    team, workspace = requester.origin.team, requester.workspace
    if not user.get("id") or not user.get("tz") or not belongs_to(user, team.external_id):
        return
    now = services.now()
    name = (user.get("profile") or {}).get("display_name") or user.get("real_name") or ""
    await services.zones.remember(workspace_id=workspace.workspace_id,
                                  profiles={user["id"]: (user["tz"], name)}, now=now)
