"""Buttons on a nudge (or on `/angrycall list`) and the modals they open."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot.services import Services
from bot.slack import commitment_modals as modals
from bot.slack.commitment_answer_views import asked_to_accept
from bot.slack.commitment_modals import ActionOrigin
from bot.slack.home_handlers import refresh_homes
from bot.slack.ids import ActionId, InputId
from bot.slack.messenger import try_direct_message
from bot.slack.nudge_views import (
    after_action,
    case_closed_message,
    handed_over_message,
)
from bot.slack.owners import owner_refusal
from bot.slack.requester import Requester
from bot.slack.webhooks import trusted_response_url
from commands import commitment_actions as actions
from commands.commitment_actions import ActionResult, Outcome, Reaction, SnoozeChoice, refusal
from commands.people import Team, zone_named

logger = logging.getLogger(__name__)
Message = dict[str, Any]
SUCCESS = frozenset({Outcome.DONE, Outcome.SNOOZED, Outcome.RENEGOTIATED, Outcome.REASSIGNED})


def action_origin(body: dict[str, Any], commitment_id: int) -> ActionOrigin:
    """Where the clicked message lives: DM messages are updated in place, ephemerals by URL."""
    container = body.get("container") or {}
    if container.get("type") == "message" and not container.get("is_ephemeral"):
        return ActionOrigin(commitment_id, container.get("channel_id"),
                            container.get("message_ts"))
    return ActionOrigin(commitment_id, response_url=body.get("response_url"))


async def on_button(
    services: Services, client: AsyncWebClient, *, respond: AsyncRespond, body: dict[str, Any],
    requester: Requester
) -> None:
    """Done / Renegotiate / Reassign: check the clicker may act, then open the modal."""
    action = body["actions"][0]
    commitment_id = int(action["value"])
    checked = await actions.check_access(services.db, commitment_id=commitment_id,
                                         actor=requester.origin.user_id, team=requester.origin.team)
    if checked.outcome is not Outcome.ALLOWED or checked.state is None:
        await respond(text=refusal(checked), response_type="ephemeral", replace_original=False)
        return
    origin = action_origin(body, commitment_id)
    modal = _modal_for(ActionId(action["action_id"]), checked, origin, services)
    await client.views_open(trigger_id=body["trigger_id"], view=modal)


def _modal_for(action: ActionId, checked: ActionResult, origin: ActionOrigin,
               services: Services) -> dict[str, Any]:
    assert checked.state is not None
    if action is ActionId.DONE:
        return modals.done_modal(checked.state, origin)
    if action is ActionId.RENEGOTIATE:
        # The new date is read in the promise's zone: start from that zone's today.
        today = services.now().astimezone(zone_named(checked.state.zone_name)).date()
        return modals.renegotiate_modal(checked.state, origin, today)
    return modals.reassign_modal(checked.state, origin)


async def on_snooze(
    services: Services, client: AsyncWebClient, *, respond: AsyncRespond, body: dict[str, Any],
    requester: Requester
) -> None:
    raw_id, _, raw_choice = body["actions"][0]["selected_option"]["value"].partition(":")
    result = await actions.snooze(
        services.db, commitment_id=int(raw_id), actor=requester.origin.user_id,
        team=requester.origin.team,
        choice=SnoozeChoice(raw_choice), now=services.now(),
    )
    await _show(services, client, respond, action_origin(body, int(raw_id)), result,
                actor=requester.origin.user_id, team=requester.origin.team)


async def on_done_submitted(
    services: Services, client: AsyncWebClient, *, ack: AsyncAck, body: dict[str, Any],
    requester: Requester
) -> None:
    origin = ActionOrigin.decode(body["view"]["private_metadata"])
    values = body["view"]["state"]["values"]
    reaction = modals.selected_value(values, InputId.REACTION)
    await ack()
    result = await actions.complete(
        services.db, commitment_id=origin.commitment_id, actor=requester.origin.user_id,
        team=requester.origin.team,
        note=modals.text_value(values, InputId.NOTE),
        reaction=Reaction(reaction) if reaction in set(Reaction) else None, now=services.now(),
    )
    await _show(services, client, None, origin, result, actor=requester.origin.user_id,
                team=requester.origin.team)


async def on_renegotiate_submitted(
    services: Services, client: AsyncWebClient, *, ack: AsyncAck, body: dict[str, Any],
    requester: Requester
) -> None:
    origin = ActionOrigin.decode(body["view"]["private_metadata"])
    values = body["view"]["state"]["values"]
    new_date = modals.date_value(values, InputId.NEW_DATE)
    new_time = modals.time_value(values, InputId.NEW_TIME)
    informed = modals.checked(values, InputId.CUSTOMER_INFORMED)
    checked = await actions.check_access(services.db, commitment_id=origin.commitment_id,
                                         actor=requester.origin.user_id, team=requester.origin.team)
    zone = checked.state.zone_name if checked.state else "UTC"
    errors = actions.renegotiation_errors(new_date=new_date, new_time=new_time,
                                          customer_informed=informed, zone_name=zone,
                                          now=services.now())
    if errors or new_date is None:
        await ack(response_action="errors", errors=errors)
        return
    await ack()
    result = await actions.renegotiate(
        services.db, commitment_id=origin.commitment_id, actor=requester.origin.user_id,
        team=requester.origin.team,
        new_date=new_date, new_time=new_time, customer_informed=informed, now=services.now(),
    )
    await _show(services, client, None, origin, result, actor=requester.origin.user_id,
                team=requester.origin.team)


async def on_reassign_submitted(
    services: Services, client: AsyncWebClient, *, ack: AsyncAck, body: dict[str, Any],
    requester: Requester
) -> None:
    origin = ActionOrigin.decode(body["view"]["private_metadata"])
    new_owner = modals.user_value(body["view"]["state"]["values"], InputId.NEW_OWNER)
    if refused := await owner_refusal(services, client, requester=requester,
                                      user_id=new_owner):
        await ack(response_action="errors", errors={InputId.NEW_OWNER.value: refused})
        return
    assert new_owner is not None  # refused above
    await ack()
    result = await actions.reassign(services.db, commitment_id=origin.commitment_id,
                                    actor=requester.origin.user_id, team=requester.origin.team,
                                    new_owner=new_owner,
                                    now=services.now())
    await _show(services, client, None, origin, result, actor=requester.origin.user_id,
                team=requester.origin.team)


async def _show(
    services: Services,
    client: AsyncWebClient,
    respond: AsyncRespond | None,
    origin: ActionOrigin,
    result: ActionResult,
    actor: str | None = None,
    team: Team | None = None,
) -> None:
    """Redraw the original message as a record of the action, and tell whoever must know."""
    if result.outcome not in SUCCESS or result.state is None:
        await _tell(client, respond, actor, refusal(result))
        return
    await redraw(client, origin, after_action(result, now=services.now()))
    await _tell_others(client, result, actor)
    if team is not None:
        touched = [u for u in (actor, result.state.owner_user_id, result.previous_owner_user_id)
                   if u]
        await refresh_homes(services, client, team=team, user_ids=touched)


async def redraw(client: AsyncWebClient, origin: ActionOrigin, message: Message) -> None:
    if origin.channel_id and origin.message_ts:
        await client.chat_update(channel=origin.channel_id, ts=origin.message_ts, **message)
    elif url := trusted_response_url(origin.response_url, client.base_url):
        await AsyncWebhookClient(url).send(replace_original=True, **message)
    elif origin.response_url:
        logger.warning("ignored a response_url that is not Slack's")


async def _tell(client: AsyncWebClient, respond: AsyncRespond | None, actor: str | None,
                text: str) -> None:
    if respond is not None:
        await respond(text=text, response_type="ephemeral", replace_original=False)
    elif actor is not None:
        await try_direct_message(client, user_id=actor, message={"text": text})


async def _tell_others(client: AsyncWebClient, result: ActionResult, actor: str | None) -> None:
    state = result.state
    assert state is not None
    if result.outcome is Outcome.REASSIGNED and state.owner_user_id != actor:
        message = (asked_to_accept(state, actor, new_date=False)
                   if state.acceptance == "pending" else handed_over_message(state, actor))
        await try_direct_message(client, user_id=state.owner_user_id, message=message)
    if result.outcome is Outcome.RENEGOTIATED and state.acceptance == "pending" and (
            state.owner_user_id != actor):
        await try_direct_message(client, user_id=state.owner_user_id,
                                 message=asked_to_accept(state, actor, new_date=True))
    if result.case_closed and state.reporter_user_id != actor:
        await try_direct_message(client, user_id=state.reporter_user_id,
                                 message=case_closed_message(state))
