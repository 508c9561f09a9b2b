"""The private weekly note as a Slack DM (the people of a lead's team as mentions)."""

from __future__ import annotations

from collections.abc import Sequence

from aiohttp import ClientError
from slack_sdk.errors import SlackApiError

from bot.slack.clients import ClientSource
from bot.slack.mrkdwn import clip
from bot.slack.nudge_sender import client_or_failure, delivery_failure
from commands.people import Team
from commands.ports import Delivered, DeliveryFailed
from commands.weekly_note import PersonNote, weekly_note_text


class SlackWeeklyNotes:
    def __init__(self, clients: ClientSource) -> None:
        self.clients = clients

    async def send_weekly_note(self, team: Team, user_id: str, mine: PersonNote,
                               team_notes: Sequence[PersonNote] | None) -> Delivered:
        client = await client_or_failure(self.clients, team)
        # No typed text in a note (numbers and playbook labels): only the mentions are markup.
        names = {note.user_id: f"<@{note.user_id}>" for note in team_notes or ()}
        text = clip(weekly_note_text(mine, team_notes, names), 3000)
        try:
            response = await client.chat_postMessage(channel=user_id, text=text)
        except SlackApiError as error:
            raise delivery_failure(error) from error
        except (ClientError, TimeoutError) as error:
            raise DeliveryFailed(f"network: {error!r}", permanent=False,
                                 maybe_delivered=True) from error
        return Delivered(channel_id=response["channel"], message_ts=response["ts"])
