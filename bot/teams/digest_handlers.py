"""`angrycall digest here|off|preview` in a Teams channel: the weekly digest subscription."""

from __future__ import annotations

from microsoft_agents.hosting.core import TurnContext

from bot.services import Services
from bot.teams.context import Origin, channel_reference
from bot.teams.digest_cards import digest_card, study_card
from bot.teams.digest_charts import chart_shelf
from bot.teams.messages import card_message, plain_text_message, text_message
from bot.teams.messenger import display_names
from commands.digest_command import (
    USAGE,
    DigestAction,
    DigestRequest,
    DigestRequestError,
    parse_digest_request,
)
from commands.digest_week import DigestSchedule, preview_days
from commands.digests import build_digest, subscribe_channel
from commands.people import WorkspaceInfo, zone_named
from commands.team_settings import WEEKDAY_NAMES, may_edit, team_settings
from storage import digests, teams_addresses
from storage.digests import Scope
from storage.workspaces import get_workspace

NOT_A_CHANNEL = ("Say this in the team channel that should get the digest (mention "
                 "@angrycall there), not in a personal chat.")
NOT_ALLOWED = "Only the team's leads can change this (anyone can while no lead is set)."
# `subscribe` reads better in a chat than Slack's `here`; both work.
ALIASES = {"subscribe": DigestAction.SUBSCRIBE.value, "unsubscribe": DigestAction.UNSUBSCRIBE.value}


async def on_digest(services: Services, context: TurnContext, origin: Origin,
                    workspace: WorkspaceInfo, text: str) -> None:
    words = text.split(maxsplit=1)
    if words and words[0].lower() in ALIASES:
        text = " ".join([ALIASES[words[0].lower()], *words[1:]])
    try:
        request = parse_digest_request(text)
    # OSError: the parser tries any unknown word as a timezone, and a word longer than a file
    # name can be escapes as one (commands.digest_command._zone catches only ValueErrors).
    except (DigestRequestError, OSError) as error:
        reason = str(error) if isinstance(error, DigestRequestError) else USAGE
        # Plain: the message quotes the words it did not understand.
        await context.send_activity(plain_text_message(reason.replace("/angrycall", "angrycall")))
        return
    if request.action is DigestAction.PREVIEW:
        await _preview(services, context, origin, workspace)
    elif origin.channel_id is None:
        await context.send_activity(text_message(NOT_A_CHANNEL))
    elif not may_edit(await team_settings(services.db, workspace_id=workspace.workspace_id),
                      actor=origin.user_id, actor_is_admin=False):
        await context.send_activity(text_message(NOT_ALLOWED))
    elif request.action is DigestAction.UNSUBSCRIBE:
        gone = await digests.unsubscribe(services.db, workspace_id=workspace.workspace_id,
                                         channel_id=origin.channel_id)
        await context.send_activity(text_message(
            "This channel will get no more digests." if gone else
            "This channel was not subscribed."))
    else:
        await _subscribe(services, context, origin, workspace, request)


async def _subscribe(services: Services, context: TurnContext, origin: Origin,
                     workspace: WorkspaceInfo, request: DigestRequest) -> None:
    assert origin.channel_id is not None
    now = services.now()
    # The digest is posted into the channel later, proactively: keep its address first.
    await teams_addresses.save_channel(services.db, workspace_id=workspace.workspace_id,
                                       channel_id=origin.channel_id,
                                       reference=channel_reference(origin), now=now)
    schedule = DigestSchedule(request.weekday, request.at,
                              request.zone or zone_named(origin.zone_name))
    subscribed = await subscribe_channel(
        services.db, workspace_id=workspace.workspace_id, channel_id=origin.channel_id,
        schedule=schedule, categories=request.categories, members_only=request.members_only,
        by=origin.user_id, now=now)
    members = " on the cases of this team's members" if request.members_only else ""
    categories = f" in {', '.join(request.categories)}" if request.categories else ""
    await context.send_activity(plain_text_message(  # the categories are as typed
        f"This channel gets the weekly digest{members}{categories} every "
        f"{WEEKDAY_NAMES[schedule.weekday]} at {schedule.at:%H:%M} ({schedule.zone.key}); "
        f"the first on {subscribed.first_post_at.astimezone(schedule.zone):%a %d %b %Y}."))


async def _preview(services: Services, context: TurnContext, origin: Origin,
                   workspace: WorkspaceInfo) -> None:
    now = services.now()
    row = await get_workspace(services.db, workspace_id=workspace.workspace_id)
    # Up to and including this very moment: a case logged a second ago is in the preview.
    week = preview_days(now, zone_named(origin.zone_name), row.created_at)
    digest = await build_digest(services.db, scope=Scope(workspace_id=workspace.workspace_id),
                                workspace=row, week=week, now=now)
    names = await display_names(services.db, origin.team, [user for user, _n in digest.kudos])
    shelf = chart_shelf(services.db, services.settings.public_url, services.clock)
    chart_url = await shelf.url_for(digest) if shelf else None
    await context.send_activity(card_message(digest_card(digest, names=names,
                                                         chart_url=chart_url)))
    for number, study in enumerate(digest.studies, start=1):
        await context.send_activity(card_message(study_card(number, study)))
