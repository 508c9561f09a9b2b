"""Accept / Decline on a promise made for you; Drop it on a declined one (buttons and modals):
parse, ask commands.promise_conversations, render its reply."""

from __future__ import annotations

from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.services import Services
from bot.slack.commitment_handlers import action_origin, answer_form, ask_of, on_button, show
from bot.slack.commitment_modals import ActionOrigin, text_value
from bot.slack.ids import InputId
from bot.slack.requester import Requester
from commands import promise_conversations as promises


async def on_accept(services: Services, client: AsyncWebClient, *, respond: AsyncRespond,
                    body: dict[str, Any], requester: Requester) -> None:
    commitment_id = int(body["actions"][0]["value"])
    reply = await promises.accept(
        services.db, promises.Accept(ask_of(services, requester, commitment_id)))
    await show(services, client, respond, action_origin(body, commitment_id), reply, requester)


async def on_decline_or_drop(services: Services, client: AsyncWebClient, *,
                             respond: AsyncRespond, body: dict[str, Any],
                             requester: Requester) -> None:
    """Open the modal that asks why (decline) or what the customer was told (drop)."""
    await on_button(services, client, respond=respond, body=body, requester=requester)


async def on_decline_submitted(services: Services, client: AsyncWebClient, *, ack: AsyncAck,
                               body: dict[str, Any], requester: Requester) -> None:
    origin = ActionOrigin.decode(body["view"]["private_metadata"])
    reason = text_value(body["view"]["state"]["values"], InputId.REASON)
    request = promises.Decline(ask_of(services, requester, origin.commitment_id), reason)
    reply = await promises.decline(services.db, request)
    await answer_form(services, client, ack, origin, reply, requester)


async def on_drop_submitted(services: Services, client: AsyncWebClient, *, ack: AsyncAck,
                            body: dict[str, Any], requester: Requester) -> None:
    origin = ActionOrigin.decode(body["view"]["private_metadata"])
    note = text_value(body["view"]["state"]["values"], InputId.NOTE)
    reply = await promises.drop(
        services.db, promises.Drop(ask_of(services, requester, origin.commitment_id), note))
    await answer_form(services, client, ack, origin, reply, requester)
