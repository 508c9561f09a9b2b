"""The Teams side of the Messenger and DigestPublisher ports: proactive posts from the agent."""

from __future__ import annotations

import logging

from microsoft_agents.activity import Activity

from bot.teams import digest_cards, nudge_cards
from bot.teams.digest_charts import ChartShelf
from bot.teams.messages import (
    SEND_ERRORS,
    card_message,
    delivery_failure,
    fit,
    plain_text_message,
)
from bot.teams.runtime import Reference, TeamsRuntime
from commands.digest_composition import Digest
from commands.people import Team
from commands.ports import Delivered, DeliveryFailed, NudgeMessage, UndeliverableNotice
from storage import teams_addresses, workspaces
from storage.engine import Database

logger = logging.getLogger(__name__)
# The outbox columns' sizes (storage.models.OutboxColumns).
CHANNEL_ID_LIMIT, MESSAGE_ID_LIMIT = 64, 32
NO_CHAT = ("no personal chat with angrycall yet (they need to install the app or message it "
           "once)")


class TeamsMessenger:
    def __init__(self, runtime: TeamsRuntime, db: Database) -> None:
        self.runtime = runtime
        self.db = db

    async def send_nudge(self, message: NudgeMessage) -> Delivered:
        reference = await personal_chat(self.db, message.team, message.recipient_user_id)
        card = nudge_cards.nudge_card(message, await self._people_for(message))
        summary = nudge_cards.nudge_headline(message)
        return await post(self.runtime, reference, card_message(card, summary=summary))

    async def _people_for(self, message: NudgeMessage) -> list[tuple[str, str]]:
        """Whom the nudge's Reassign offers to clients without typeahead."""
        workspace = await workspaces.find_workspace(self.db, platform=message.team.platform,
                                                    external_id=message.team.external_id)
        if workspace is None or workspace.id is None:
            return []
        return await teams_addresses.reachable_people(self.db, workspace_id=workspace.id)

    async def report_undeliverable(self, notice: UndeliverableNotice) -> None:
        text = (f"I could not remind a colleague of the promise to {notice.customer} "
                f"(due {nudge_cards.when(notice.due_at)}): {notice.reason}. Please make sure "
                "someone follows it up.")
        try:
            reference = await personal_chat(self.db, notice.team, notice.reporter_user_id)
            await post(self.runtime, reference, plain_text_message(text))  # names the customer
        except DeliveryFailed as failure:
            logger.warning("could not tell %s: %s", notice.reporter_user_id, failure.reason)


class TeamsDigestPublisher:
    def __init__(self, runtime: TeamsRuntime, db: Database,
                 charts: ChartShelf | None = None) -> None:
        self.runtime = runtime
        self.db = db
        self.charts = charts  # None: no public address to show a chart from

    async def publish(self, team: Team, channel_id: str, digest: Digest) -> Delivered:
        reference = await self._channel(team, channel_id)
        names = await display_names(self.db, team, [user for user, _count in digest.kudos])
        chart_url = await self.charts.url_for(digest) if self.charts else None
        card = digest_cards.digest_card(digest, names=names, chart_url=chart_url)
        post_id = await send_or_fail(self.runtime, reference, card_message(
            card, summary=digest_cards.digest_title(digest)))
        # The post is what counts as delivered; the case studies follow, best effort, as
        # replies in its thread, so a failing reply never makes the digest go out twice.
        await self._studies(reference, post_id, digest)
        return delivered_at(reference, post_id)

    async def members(self, team: Team, channel_id: str) -> frozenset[str]:
        reference = await self._channel(team, channel_id)
        try:
            return await self.runtime.member_ids(reference)
        except SEND_ERRORS as error:
            raise delivery_failure(error) from error

    async def _channel(self, team: Team, channel_id: str) -> Reference:
        reference = await teams_addresses.channel_address(
            self.db, external_id=team.external_id, channel_id=channel_id)
        if reference is None:
            raise DeliveryFailed("angrycall was never addressed in this channel", permanent=True)
        return reference

    async def _studies(self, reference: Reference, post_id: str, digest: Digest) -> None:
        """Replies in the post's thread; without the post's id (the Bot Connector did not say
        it), posts of their own in the channel, each naming the digest."""
        where, standalone_of = reference, digest_cards.digest_title(digest)
        if post_id:
            where, standalone_of = thread_of(reference, post_id), ""
        try:
            for number, study in enumerate(digest.studies, start=1):
                card = digest_cards.study_card(number, study, standalone_of=standalone_of)
                await self.runtime.send(where, card_message(card))
        except SEND_ERRORS:
            logger.warning("digest thread incomplete", exc_info=True)


def thread_of(reference: Reference, post_id: str) -> Reference:
    conversation = reference["conversation"]
    return {**reference, "conversation": {**conversation,
                                          "id": f"{conversation['id']};messageid={post_id}"}}


async def personal_chat(db: Database, team: Team, user_id: str) -> Reference:
    reference = await teams_addresses.personal_address(db, external_id=team.external_id,
                                                       user_id=user_id)
    if reference is None:
        raise DeliveryFailed(NO_CHAT, permanent=True)
    return reference


async def post(runtime: TeamsRuntime, reference: Reference, activity: Activity) -> Delivered:
    """Send and say where it landed; a failure becomes the DeliveryFailed an outbox row reads."""
    return delivered_at(reference, await send_or_fail(runtime, reference, activity))


async def send_or_fail(runtime: TeamsRuntime, reference: Reference, activity: Activity) -> str:
    try:
        return await runtime.send(reference, activity)
    except SEND_ERRORS as error:
        raise delivery_failure(error) from error


def delivered_at(reference: Reference, message_id: str) -> Delivered:
    conversation_id = str(reference.get("conversation", {}).get("id", ""))
    return Delivered(channel_id=fit(conversation_id, CHANNEL_ID_LIMIT),
                     message_ts=fit(message_id, MESSAGE_ID_LIMIT))


async def display_names(db: Database, team: Team, user_ids: list[str]) -> dict[str, str]:
    """user id -> name, for the people a card mentions (Teams ids mean nothing to readers)."""
    workspace = await workspaces.find_workspace(db, platform=team.platform,
                                                external_id=team.external_id)
    if workspace is None or workspace.id is None or not user_ids:
        return {}
    people = await workspaces.find_people(db, workspace_id=workspace.id, user_ids=user_ids)
    return {p.user_id: p.display_name for p in people if p.display_name}
