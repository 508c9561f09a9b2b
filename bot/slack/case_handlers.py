"""The case modal on Slack: open it, add a note, edit, close, delete. Every permission, check
and refusal text is `commands.case_conversation`'s; this module reads the click or the modal,
asks it, and draws the reply."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.services import Services
from bot.slack.case_edit_view import edit_case_modal
from bot.slack.case_view import case_modal, close_modal, deleted_modal, note_modal
from bot.slack.commitment_modals import selected_value, text_value
from bot.slack.form_state import draft_from_view_state
from bot.slack.home_handlers import refresh_homes
from bot.slack.ids import InputId
from bot.slack.requester import Requester
from commands import case_conversation as conversation
from commands.case_conversation import (
    CaseAsk,
    CaseDeleted,
    CaseForm,
    CaseGone,
    CaseShown,
    Closing,
    Edit,
    FormErrors,
    FormOpened,
    Refusal,
)
from commands.cases import CaseField

# The modal each case form opens as, pushed over the case's own.
FORM_MODALS: dict[CaseForm, Callable[[FormOpened], dict[str, Any]]] = {
    CaseForm.NOTE: lambda opened: note_modal(opened.detail.summary.case_id),
    CaseForm.EDIT: lambda opened: edit_case_modal(opened.detail),
    CaseForm.CLOSE: lambda opened: close_modal(opened.detail.summary.case_id),
}


async def on_view_case(services: Services, client: AsyncWebClient, *,
                       respond: AsyncRespond, body: dict[str, Any], requester: Requester) -> None:
    reply = await conversation.view_case(services.db, _ask(services, requester, _clicked(body)))
    if isinstance(reply, CaseShown):
        await client.views_open(trigger_id=body["trigger_id"], view=case_modal(reply.detail))
    else:
        await _refuse(respond, reply)


async def _open(form: CaseForm, services: Services, client: AsyncWebClient,
                respond: AsyncRespond, body: dict[str, Any], requester: Requester) -> None:
    reply = await conversation.open_form(services.db, _ask(services, requester, _clicked(body)),
                                         form)
    if isinstance(reply, FormOpened):
        await client.views_push(trigger_id=body["trigger_id"], view=FORM_MODALS[form](reply))
    else:
        await _refuse(respond, reply)


async def on_add_note(services: Services, client: AsyncWebClient, *, respond: AsyncRespond,
                      body: dict[str, Any], requester: Requester) -> None:
    await _open(CaseForm.NOTE, services, client, respond, body, requester)


async def on_edit(services: Services, client: AsyncWebClient, *, respond: AsyncRespond,
                  body: dict[str, Any], requester: Requester) -> None:
    await _open(CaseForm.EDIT, services, client, respond, body, requester)


async def on_close(services: Services, client: AsyncWebClient, *, respond: AsyncRespond,
                   body: dict[str, Any], requester: Requester) -> None:
    await _open(CaseForm.CLOSE, services, client, respond, body, requester)


async def on_delete(services: Services, client: AsyncWebClient, *, respond: AsyncRespond,
                    body: dict[str, Any], requester: Requester) -> None:
    reply = await conversation.delete_case(services.db,
                                           _ask(services, requester, _clicked(body)))
    if not isinstance(reply, CaseDeleted):
        await _refuse(respond, reply)
        return
    await client.views_update(view_id=body["view"]["id"], view=deleted_modal(reply.case_id))
    # Their homes still show the case's promises with live buttons: redraw them without.
    await refresh_homes(services, client, team=requester.origin.team, user_ids=reply.touched)


async def on_note_submitted(services: Services, client: AsyncWebClient, *, ack: AsyncAck,
                            body: dict[str, Any], requester: Requester) -> None:
    text = text_value(body["view"]["state"]["values"], InputId.NOTE)
    reply = await conversation.add_note(services.db, _ask(services, requester, _modal(body)),
                                        text)
    await _answer(ack, reply, InputId.NOTE)


async def on_close_submitted(services: Services, client: AsyncWebClient, *, ack: AsyncAck,
                             body: dict[str, Any], requester: Requester) -> None:
    values = body["view"]["state"]["values"]
    closing = Closing(outcome=selected_value(values, InputId.OUTCOME) or "",
                      mood=selected_value(values, InputId.MOOD) or "")
    reply = await conversation.close_case(services.db, _ask(services, requester, _modal(body)),
                                          closing)
    await _answer(ack, reply, InputId.OUTCOME)


async def on_edit_submitted(services: Services, client: AsyncWebClient, *, ack: AsyncAck,
                            body: dict[str, Any], requester: Requester) -> None:
    draft = draft_from_view_state(body["view"]["state"]["values"], commitment_count=1,
                                  source_permalink=None)
    reply = await conversation.save_edit(services.db, _ask(services, requester, _modal(body)),
                                         Edit(draft))
    if isinstance(reply, FormErrors):
        await ack(response_action="errors", errors=dict(reply.errors))
        return
    await _answer(ack, reply, CaseField.CUSTOMER)


async def _answer(ack: AsyncAck, reply: Refusal | CaseShown | CaseGone, field: str) -> None:
    """A submitted case form: replaced by the case as it is now, or kept open with the refusal
    beside `field`."""
    if isinstance(reply, CaseShown):
        await ack(response_action="update", view=case_modal(reply.detail))
    elif isinstance(reply, CaseGone):
        await ack(response_action="clear")
    else:
        await ack(response_action="errors", errors={field: reply.text})


async def _refuse(respond: AsyncRespond, refusal: Refusal) -> None:
    await respond(text=refusal.text, response_type="ephemeral", replace_original=False)


def _ask(services: Services, requester: Requester, case_id: int) -> CaseAsk:
    return CaseAsk(workspace_id=requester.workspace.workspace_id,
                   actor=requester.origin.user_id, case_id=case_id, now=services.now())


def _clicked(body: dict[str, Any]) -> int:
    """The case a button belongs to."""
    return int(body["actions"][0]["value"])


def _modal(body: dict[str, Any]) -> int:
    """The case a submitted modal belongs to."""
    return int(body["view"]["private_metadata"])
