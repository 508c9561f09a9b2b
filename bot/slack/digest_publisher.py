"""Posting a digest to a Slack channel: the message, the case studies in its thread, the chart."""

from __future__ import annotations

import logging

from aiohttp import ClientError
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.charts import digest_chart
from bot.slack.clients import ClientSource
from bot.slack.digest_views import digest_message, study_message
from bot.slack.nudge_sender import client_or_failure, delivery_failure
from commands.digest_composition import Digest
from commands.people import Team
from commands.ports import Delivered, DeliveryFailed

logger = logging.getLogger(__name__)
MEMBERS_PAGE = 1000


class SlackDigestPublisher:
    def __init__(self, clients: ClientSource) -> None:
        self.clients = clients

    async def publish(self, team: Team, channel_id: str, digest: Digest) -> Delivered:
        client = await client_or_failure(self.clients, team)
        try:
            posted = await client.chat_postMessage(channel=channel_id,
                                                        **digest_message(digest))
        except SlackApiError as error:
            raise delivery_failure(error) from error
        except (ClientError, TimeoutError) as error:
            raise DeliveryFailed(f"network: {error!r}", permanent=False,
                                 maybe_delivered=True) from error
        # The post is what counts as delivered: the thread follows it, best effort, so a
        # failing chart never makes the whole digest go out twice.
        await _thread(client, channel_id, posted["ts"], digest)
        return Delivered(channel_id=posted["channel"], message_ts=posted["ts"])

    async def members(self, team: Team, channel_id: str) -> frozenset[str]:
        """Everyone in the channel now, across pages (conversations.members)."""
        client = await client_or_failure(self.clients, team)
        people: set[str] = set()
        cursor = None
        try:
            while True:
                page = await client.conversations_members(channel=channel_id, cursor=cursor,
                                                          limit=MEMBERS_PAGE)
                people.update(page.get("members") or [])
                cursor = (page.get("response_metadata") or {}).get("next_cursor")
                if not cursor:
                    return frozenset(people)
        except SlackApiError as error:
            raise delivery_failure(error) from error
        except (ClientError, TimeoutError) as error:
            raise DeliveryFailed(f"network: {error!r}", permanent=False) from error


async def _thread(client: AsyncWebClient, channel_id: str, thread_ts: str,
                  digest: Digest) -> None:
    try:
        for number, study in enumerate(digest.studies, start=1):
            await client.chat_postMessage(channel=channel_id, thread_ts=thread_ts,
                                          **study_message(number, study))
        if not digest.quiet:
            await client.files_upload_v2(
                channel=channel_id, thread_ts=thread_ts, content=digest_chart(digest),
                filename="angrycall-digest.png", title="Cases and promises kept, 8 weeks")
    except (SlackApiError, ClientError, TimeoutError):
        logger.warning("digest thread in %s incomplete", channel_id, exc_info=True)
