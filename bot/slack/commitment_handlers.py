"""A promise's buttons on Slack (a nudge, `/angrycall list`, the App Home) and the modals they
open: parse the click or the modal, ask commands.promise_conversations, render its reply."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot.services import Services
from bot.slack import commitment_modals as modals
from bot.slack.commitment_answer_views import after_answer, modal_for, notice_message
from bot.slack.commitment_modals import ActionOrigin
from bot.slack.home_handlers import refresh_homes
from bot.slack.ids import ActionId, InputId
from bot.slack.messenger import try_direct_message
from bot.slack.nudge_views import after_action
from bot.slack.owners import owner_platform_error
from bot.slack.requester import Requester
from bot.slack.webhooks import trusted_response_url
from commands import promise_conversations as promises
from commands.commitment_actions import Reaction, SnoozeChoice
from commands.promise_conversations import PromiseAsk, PromiseForm
from commands.promise_replies import Acted, FormErrors, FormReply, PromiseField, Refused

logger = logging.getLogger(__name__)
Message = dict[str, Any]
FORMS = {ActionId.DONE: PromiseForm.DONE, ActionId.RENEGOTIATE: PromiseForm.RENEGOTIATE,
         ActionId.REASSIGN: PromiseForm.REASSIGN, ActionId.DECLINE: PromiseForm.DECLINE,
         ActionId.DROP: PromiseForm.DROP}


def action_origin(body: dict[str, Any], commitment_id: int) -> ActionOrigin:
    """Where the clicked message lives: DM messages are updated in place, ephemerals by URL."""
    container = body.get("container") or {}
    if container.get("type") == "message" and not container.get("is_ephemeral"):
        return ActionOrigin(commitment_id, container.get("channel_id"),
                            container.get("message_ts"))
    return ActionOrigin(commitment_id, response_url=body.get("response_url"))


def ask_of(services: Services, requester: Requester, commitment_id: int) -> PromiseAsk:
    return PromiseAsk(team=requester.origin.team, actor=requester.origin.user_id,
                      commitment_id=commitment_id, now=services.now())


async def on_button(
    services: Services, client: AsyncWebClient, *, respond: AsyncRespond, body: dict[str, Any],
    requester: Requester
) -> None:
    """Done / Renegotiate / Reassign / Decline / Drop it: the modal, if the clicker may act."""
    action = body["actions"][0]
    commitment_id, form = int(action["value"]), FORMS[ActionId(action["action_id"])]
    reply = await promises.open_form(
        services.db, promises.OpenForm(ask_of(services, requester, commitment_id), form))
    if isinstance(reply, Refused):
        await respond(text=reply.text, response_type="ephemeral", replace_original=False)
        return
    modal = modal_for(form, reply, action_origin(body, commitment_id))
    await client.views_open(trigger_id=body["trigger_id"], view=modal)


async def on_snooze(
    services: Services, client: AsyncWebClient, *, respond: AsyncRespond, body: dict[str, Any],
    requester: Requester
) -> None:
    raw_id, _, raw_choice = body["actions"][0]["selected_option"]["value"].partition(":")
    ask = ask_of(services, requester, int(raw_id))
    reply = await promises.snooze(services.db, promises.Snooze(ask, SnoozeChoice(raw_choice)))
    await show(services, client, respond, action_origin(body, int(raw_id)), reply, requester)


async def on_done_submitted(
    services: Services, client: AsyncWebClient, *, ack: AsyncAck, body: dict[str, Any],
    requester: Requester
) -> None:
    origin = ActionOrigin.decode(body["view"]["private_metadata"])
    values = body["view"]["state"]["values"]
    reaction = modals.selected_value(values, InputId.REACTION)
    await ack()  # Done asks nothing it could refuse in the modal
    done = promises.MarkDone(ask_of(services, requester, origin.commitment_id),
                             note=modals.text_value(values, InputId.NOTE),
                             reaction=Reaction(reaction) if reaction in set(Reaction) else None)
    await show(services, client, None, origin, await promises.mark_done(services.db, done),
               requester)


async def on_renegotiate_submitted(
    services: Services, client: AsyncWebClient, *, ack: AsyncAck, body: dict[str, Any],
    requester: Requester
) -> None:
    origin = ActionOrigin.decode(body["view"]["private_metadata"])
    values = body["view"]["state"]["values"]
    request = promises.Renegotiate(
        ask_of(services, requester, origin.commitment_id),
        new_date=modals.date_value(values, InputId.NEW_DATE),
        new_time=modals.time_value(values, InputId.NEW_TIME),
        customer_informed=modals.checked(values, InputId.CUSTOMER_INFORMED))
    reply = await promises.renegotiate(services.db, request)
    await answer_form(services, client, ack, origin, reply, requester)


async def on_reassign_submitted(
    services: Services, client: AsyncWebClient, *, ack: AsyncAck, body: dict[str, Any],
    requester: Requester
) -> None:
    origin = ActionOrigin.decode(body["view"]["private_metadata"])
    new_owner = modals.user_value(body["view"]["state"]["values"], InputId.NEW_OWNER)
    slack_says = new_owner and await owner_platform_error(services, client, requester=requester,
                                                          user_id=new_owner)
    request = promises.Reassign(
        ask_of(services, requester, origin.commitment_id), new_owner=new_owner,
        platform_errors={PromiseField.NEW_OWNER: slack_says} if slack_says else {})
    reply = await promises.reassign(services.db, request)
    await answer_form(services, client, ack, origin, reply, requester)


async def answer_form(services: Services, client: AsyncWebClient, ack: AsyncAck,
                      origin: ActionOrigin, reply: FormReply, requester: Requester) -> None:
    """A modal's reply: its mistakes beside its fields (the modal stays open), or it closes."""
    if isinstance(reply, FormErrors):
        # The modals' block ids are the PromiseField names.
        await ack(response_action="errors", errors=dict(reply.errors))
        return
    await ack()
    await show(services, client, None, origin, reply, requester)


async def show(services: Services, client: AsyncWebClient, respond: AsyncRespond | None,
               origin: ActionOrigin, reply: Refused | Acted, requester: Requester) -> None:
    """Redraw the original message as a record of the action, and tell whoever must know."""
    actor = requester.origin.user_id
    if isinstance(reply, Refused):
        await _tell(client, respond, actor, reply.text)
        return
    result = reply.result
    await redraw(client, origin, after_answer(result) if reply.answered
                 else after_action(result, now=services.now()))
    for notice in reply.notices:
        await try_direct_message(client, user_id=notice.user_id, message=notice_message(notice))
    await refresh_homes(services, client, team=requester.origin.team, user_ids=reply.homes)


async def redraw(client: AsyncWebClient, origin: ActionOrigin, message: Message) -> None:
    if origin.channel_id and origin.message_ts:
        await client.chat_update(channel=origin.channel_id, ts=origin.message_ts, **message)
    elif url := trusted_response_url(origin.response_url, client.base_url):
        await AsyncWebhookClient(url).send(replace_original=True, **message)
    elif origin.response_url:
        logger.warning("ignored a response_url that is not Slack's")


async def _tell(client: AsyncWebClient, respond: AsyncRespond | None, actor: str,
                text: str) -> None:
    if respond is not None:
        await respond(text=text, response_type="ephemeral", replace_original=False)
    else:
        await try_direct_message(client, user_id=actor, message={"text": text})
