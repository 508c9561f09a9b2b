"""Accept / Decline on a promise made for you; Drop on a declined one (buttons and modals)."""

from __future__ import annotations

from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.services import Services
from bot.slack import commitment_answer_views as views
from bot.slack.commitment_handlers import action_origin, redraw
from bot.slack.commitment_modals import ActionOrigin, text_value
from bot.slack.context import team_of
from bot.slack.home_handlers import refresh_homes
from bot.slack.ids import ActionId, InputId
from bot.slack.messenger import try_direct_message
from bot.slack.requester import Requester
from commands import acceptance
from commands import commitment_actions as actions
from commands.commitment_actions import ActionResult, Outcome, refusal

ANSWERED = frozenset({Outcome.ACCEPTED, Outcome.DECLINED, Outcome.DROPPED})


async def on_accept(services: Services, client: AsyncWebClient, *, respond: AsyncRespond,
                    body: dict[str, Any], requester: Requester) -> None:
    commitment_id = int(body["actions"][0]["value"])
    result = await acceptance.accept(services.db, commitment_id=commitment_id,
                                     actor=requester.origin.user_id, team=requester.origin.team,
                                     now=services.now())
    await _show(services, client, respond, body, action_origin(body, commitment_id), result)


async def on_decline_or_drop(services: Services, client: AsyncWebClient, *,
                             respond: AsyncRespond, body: dict[str, Any],
                             requester: Requester) -> None:
    """Open the modal that asks why (decline: the owner only) or what the customer was told."""
    action = body["actions"][0]
    commitment_id, actor = int(action["value"]), requester.origin.user_id
    checked = await actions.check_access(services.db, commitment_id=commitment_id, actor=actor,
                                         team=requester.origin.team)
    declining = action["action_id"] == ActionId.DECLINE
    if checked.state is not None and declining and checked.state.owner_user_id != actor:
        checked = ActionResult(Outcome.NOT_OWNER, checked.state)
    if checked.outcome is not Outcome.ALLOWED or checked.state is None:
        await respond(text=refusal(checked), response_type="ephemeral", replace_original=False)
        return
    origin = action_origin(body, commitment_id)
    modal = (views.decline_modal if declining else views.drop_modal)(checked.state, origin)
    await client.views_open(trigger_id=body["trigger_id"], view=modal)


async def on_decline_submitted(services: Services, client: AsyncWebClient, *, ack: AsyncAck,
                               body: dict[str, Any], requester: Requester) -> None:
    origin = ActionOrigin.decode(body["view"]["private_metadata"])
    reason = text_value(body["view"]["state"]["values"], InputId.REASON)
    if not reason.strip():
        await ack(response_action="errors", errors={InputId.REASON.value: refusal(
            ActionResult(Outcome.NEEDS_TEXT))})
        return
    await ack()
    result = await acceptance.decline(services.db, commitment_id=origin.commitment_id,
                                      actor=requester.origin.user_id, team=requester.origin.team,
                                      reason=reason, now=services.now())
    await _show(services, client, None, body, origin, result)


async def on_drop_submitted(services: Services, client: AsyncWebClient, *, ack: AsyncAck,
                            body: dict[str, Any], requester: Requester) -> None:
    origin = ActionOrigin.decode(body["view"]["private_metadata"])
    note = text_value(body["view"]["state"]["values"], InputId.NOTE)
    if not note.strip():
        await ack(response_action="errors", errors={InputId.NOTE.value: "Say in a few words "
                                                    "what the customer was told."})
        return
    await ack()
    result = await acceptance.drop(services.db, commitment_id=origin.commitment_id,
                                   actor=requester.origin.user_id, team=requester.origin.team,
                                   note=note, now=services.now())
    await _show(services, client, None, body, origin, result)


async def _show(services: Services, client: AsyncWebClient, respond: AsyncRespond | None,
                body: dict[str, Any], origin: ActionOrigin, result: ActionResult) -> None:
    actor = body["user"]["id"]
    if result.outcome not in ANSWERED or result.state is None:
        if respond is not None:
            await respond(text=refusal(result), response_type="ephemeral",
                          replace_original=False)
        else:
            await try_direct_message(client, user_id=actor, message={"text": refusal(result)})
        return
    await redraw(client, origin, views.after_answer(result))
    state = result.state
    if result.outcome is Outcome.DECLINED and state.reporter_user_id != actor:
        await try_direct_message(client, user_id=state.reporter_user_id,
                                 message=views.declined_message(state))
    await refresh_homes(services, client, team=team_of(body),
                        user_ids=[actor, state.owner_user_id, state.reporter_user_id])
