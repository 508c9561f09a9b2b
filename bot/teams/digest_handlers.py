"""`angrycall digest here|off|preview` in Teams: asks commands.digest_subscriptions and renders
its reply."""

from __future__ import annotations

from microsoft_agents.activity import Activity
from microsoft_agents.hosting.core import TurnContext

from bot.services import Services
from bot.teams.context import Origin, channel_reference
from bot.teams.digest_cards import digest_card, study_card
from bot.teams.digest_charts import chart_shelf
from bot.teams.messages import card_message, plain_text_message, text_message
from bot.teams.messenger import TeamsDigestPublisher, display_names
from bot.teams.runtime import TeamsRuntime
from commands.digest_subscriptions import (
    DigestAsk,
    DigestReply,
    NotAChannel,
    NotAllowed,
    Preview,
    Subscribed,
    Unsubscribed,
    Usage,
    answer_digest,
)
from commands.people import WorkspaceInfo
from commands.refusals import NOT_A_CHANNEL, NOT_ALLOWED
from commands.team_settings import WEEKDAY_NAMES
from commands.zones import zone_named
from storage import teams_addresses


async def on_digest(services: Services, runtime: TeamsRuntime, context: TurnContext,
                    origin: Origin, workspace: WorkspaceInfo, text: str) -> None:
    now = services.now()
    if origin.channel_id is not None:
        # A digest is posted, and a members-only one asks who is in, later, proactively:
        # keep the channel's address first.
        await teams_addresses.save_channel(services.db, workspace_id=workspace.workspace_id,
                                           channel_id=origin.channel_id,
                                           reference=channel_reference(origin), now=now)
    ask = DigestAsk(
        team=origin.team, workspace_id=workspace.workspace_id, actor=origin.user_id,
        actor_is_admin=False, actor_zone=zone_named(origin.zone_name),
        channel_id=origin.channel_id, text=text, now=now)
    reply = await answer_digest(services.db, ask, TeamsDigestPublisher(runtime, services.db))
    for activity in await digest_reply_activities(services, origin, reply):
        await context.send_activity(activity)


async def digest_reply_activities(services: Services, origin: Origin,
                                  reply: DigestReply) -> list[Activity]:
    match reply:
        case Usage(text):  # plain: the message quotes the words it did not understand
            return [plain_text_message(text)]
        case NotAllowed():
            return [text_message(NOT_ALLOWED)]
        case NotAChannel():
            return [text_message(NOT_A_CHANNEL)]
        case Unsubscribed(was_subscribed):
            return [text_message("This channel will get no more digests." if was_subscribed
                                 else "This channel was not subscribed.")]
        case Subscribed():
            return [plain_text_message(_subscribed_text(reply))]  # the categories are as typed
        case Preview(digest):
            names = await display_names(services.db, origin.team,
                                        [user for user, _n in digest.kudos])
            shelf = chart_shelf(services.db, services.settings.public_url, services.clock)
            chart_url = await shelf.url_for(digest) if shelf else None
            return [card_message(digest_card(digest, names=names, chart_url=chart_url)),
                    *(card_message(study_card(number, study))
                      for number, study in enumerate(digest.studies, start=1))]


def _subscribed_text(reply: Subscribed) -> str:
    members = " on the cases of this team's members" if reply.members_only else ""
    categories = f" in {', '.join(reply.categories)}" if reply.categories else ""
    schedule = reply.schedule
    return (f"This channel gets the weekly digest{members}{categories} every "
            f"{WEEKDAY_NAMES[schedule.weekday]} at {schedule.at:%H:%M} ({schedule.zone.key}); "
            f"the first on {reply.first_post_at.astimezone(schedule.zone):%a %d %b %Y}.")
