"""`digest here | off | preview`: a channel's weekly digest subscription, decided once for every
platform. The adapters parse nothing of it and decide nothing: they hand over the words and
render the typed reply."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from commands.digest_composition import Digest
from commands.digest_delivery import DigestPublisher, build_digest, scope_of, subscribe_channel
from commands.digest_request import (
    DigestAction,
    DigestRequest,
    DigestRequestError,
    parse_digest_request,
)
from commands.digest_week import DigestSchedule, preview_days
from commands.people import Team
from commands.team_settings import may_edit, team_settings
from commands.zones import zone_named
from storage import digests
from storage.digests import Scope
from storage.engine import Database
from storage.workspaces import get_workspace


@dataclass(frozen=True)
class DigestAsk:
    team: Team
    workspace_id: int
    actor: str
    actor_is_admin: bool  # the platform's workspace admins may change team settings too
    actor_zone: ZoneInfo  # for a subscription that names no zone, and a preview without one
    channel_id: str | None  # None: asked outside a team channel (a DM, a personal chat)
    text: str  # the words after `digest`
    now: datetime


@dataclass(frozen=True)
class Usage:
    text: str  # what did not parse, and what would


@dataclass(frozen=True)
class NotAllowed:
    pass


@dataclass(frozen=True)
class NotAChannel:
    pass


@dataclass(frozen=True)
class Subscribed:
    schedule: DigestSchedule
    first_post_at: datetime
    categories: tuple[str, ...]
    members_only: bool


@dataclass(frozen=True)
class Unsubscribed:
    was_subscribed: bool


@dataclass(frozen=True)
class Preview:
    digest: Digest


DigestReply = Usage | NotAllowed | NotAChannel | Subscribed | Unsubscribed | Preview


async def answer_digest(db: Database, ask: DigestAsk, publisher: DigestPublisher) -> DigestReply:
    """Anyone may preview; leads (and admins) subscribe and unsubscribe, in a channel."""
    try:
        request = parse_digest_request(ask.text)
    except DigestRequestError as error:
        return Usage(str(error))
    if request.action is DigestAction.PREVIEW:
        return Preview(await preview(db, ask, publisher))
    current = await team_settings(db, workspace_id=ask.workspace_id)
    if not may_edit(current, actor=ask.actor, actor_is_admin=ask.actor_is_admin):
        return NotAllowed()
    if ask.channel_id is None:
        return NotAChannel()
    if request.action is DigestAction.UNSUBSCRIBE:
        return Unsubscribed(await digests.unsubscribe(
            db, workspace_id=ask.workspace_id, channel_id=ask.channel_id))
    return await _subscribe(db, ask, ask.channel_id, request)


async def _subscribe(db: Database, ask: DigestAsk, channel_id: str,
                     request: DigestRequest) -> Subscribed:
    schedule = DigestSchedule(request.weekday, request.at, request.zone or ask.actor_zone)
    subscribed = await subscribe_channel(
        db, workspace_id=ask.workspace_id, channel_id=channel_id, schedule=schedule,
        categories=request.categories, members_only=request.members_only, by=ask.actor,
        now=ask.now)
    return Subscribed(schedule, subscribed.first_post_at, request.categories,
                      request.members_only)


async def preview(db: Database, ask: DigestAsk, publisher: DigestPublisher) -> Digest:
    """The digest this channel would get now: its subscription's categories, members-only scope
    and zone (without one, the whole workspace in the asker's zone), up to this very moment."""
    subscription = (await digests.subscription_of(
        db, workspace_id=ask.workspace_id, channel_id=ask.channel_id)
        if ask.channel_id else None)
    scope = (await scope_of(subscription, ask.team, publisher) if subscription
             else Scope(workspace_id=ask.workspace_id))
    zone = zone_named(subscription.tz) if subscription else ask.actor_zone
    workspace = await get_workspace(db, workspace_id=ask.workspace_id)
    week = preview_days(ask.now, zone, workspace.created_at)
    return await build_digest(db, scope=scope, workspace=workspace, week=week, now=ask.now)
