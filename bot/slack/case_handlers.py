"""The case modal: open it, add a note, close the case, delete it."""

from __future__ import annotations

from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.services import Services
from bot.slack.case_edit_view import edit_case_modal
from bot.slack.case_view import case_modal, close_modal, deleted_modal, note_modal
from bot.slack.commitment_modals import selected_value, text_value
from bot.slack.context import team_of
from bot.slack.form_state import draft_from_view_state
from bot.slack.home_handlers import refresh_homes
from bot.slack.ids import InputId
from bot.slack.requester import Requester
from commands import case_lifecycle as lifecycle
from commands.case_lifecycle import CaseOutcome

NOT_YOURS = "Only the people on this case and the leads can see it, if it still exists."
NOT_MANAGER = ("Only whoever logged the case, or a lead, can change or delete it; "
               "or it has been deleted already.")


async def on_view_case(services: Services, client: AsyncWebClient, *,
                       respond: AsyncRespond, body: dict[str, Any], requester: Requester) -> None:
    detail = await lifecycle.case_detail(services.db, case_id=_case_id(body),
                                         viewer=requester.origin.user_id,
                                         team=requester.origin.team)
    if detail is None:
        await respond(text=NOT_YOURS, response_type="ephemeral", replace_original=False)
        return
    await client.views_open(trigger_id=body["trigger_id"], view=case_modal(detail))


async def on_add_note(services: Services, client: AsyncWebClient, *, respond: AsyncRespond,
                      body: dict[str, Any], requester: Requester) -> None:
    if await _detail_for_clicker(services, body) is None:
        await respond(text=NOT_YOURS, response_type="ephemeral", replace_original=False)
        return
    await client.views_push(trigger_id=body["trigger_id"], view=note_modal(_case_id(body)))


async def on_close(services: Services, client: AsyncWebClient, *, respond: AsyncRespond,
                   body: dict[str, Any], requester: Requester) -> None:
    detail = await _detail_for_clicker(services, body)
    if detail is None or not detail.can_manage:
        await respond(text=NOT_MANAGER, response_type="ephemeral", replace_original=False)
        return
    await client.views_push(trigger_id=body["trigger_id"], view=close_modal(_case_id(body)))


async def _detail_for_clicker(services: Services,
                              body: dict[str, Any]) -> lifecycle.CaseDetail | None:
    """The case as the clicker may see it; None once it is deleted (the modal stays open)."""
    return await lifecycle.case_detail(services.db, case_id=_case_id(body),
                                       viewer=body["user"]["id"], team=team_of(body))


async def on_edit(services: Services, client: AsyncWebClient, *, respond: AsyncRespond,
                  body: dict[str, Any], requester: Requester) -> None:
    detail = await lifecycle.case_detail(services.db, case_id=_case_id(body),
                                         viewer=requester.origin.user_id,
                                         team=requester.origin.team)
    if detail is None or not detail.can_manage:
        await respond(text=NOT_MANAGER, response_type="ephemeral", replace_original=False)
        return
    await client.views_push(trigger_id=body["trigger_id"], view=edit_case_modal(detail))


async def on_edit_submitted(services: Services, client: AsyncWebClient, *, ack: AsyncAck,
                            body: dict[str, Any], requester: Requester) -> None:
    case_id = int(body["view"]["private_metadata"])
    draft = draft_from_view_state(body["view"]["state"]["values"], commitment_count=1,
                                  source_permalink=None)
    errors = await lifecycle.edit_case(services.db, case_id=case_id, actor=requester.origin.user_id,
                                       team=requester.origin.team, draft=draft, now=services.now())
    if errors:
        await ack(response_action="errors", errors=errors)
        return
    await _show_case(services, ack, case_id, body)


async def on_delete(services: Services, client: AsyncWebClient, *, respond: AsyncRespond,
                    body: dict[str, Any], requester: Requester) -> None:
    case_id, team = _case_id(body), requester.origin.team
    touched = await lifecycle.delete_case(services.db, case_id=case_id,
                                          actor=requester.origin.user_id, team=team,
                                          now=services.now())
    if touched is None:
        await respond(text=NOT_MANAGER, response_type="ephemeral", replace_original=False)
        return
    await client.views_update(view_id=body["view"]["id"], view=deleted_modal(case_id))
    # Their homes still show the case's promises with live buttons: redraw them without.
    await refresh_homes(services, client, team=team, user_ids=touched)


async def on_note_submitted(services: Services, client: AsyncWebClient, *, ack: AsyncAck,
                            body: dict[str, Any], requester: Requester) -> None:
    case_id = int(body["view"]["private_metadata"])
    text = text_value(body["view"]["state"]["values"], InputId.NOTE)
    if not await lifecycle.add_note(services.db, case_id=case_id, author=requester.origin.user_id,
                                    team=requester.origin.team, text=text, now=services.now()):
        await ack(response_action="errors", errors={InputId.NOTE.value: "Write a note first."})
        return
    await _show_case(services, ack, case_id, body)


async def on_close_submitted(services: Services, client: AsyncWebClient, *, ack: AsyncAck,
                             body: dict[str, Any], requester: Requester) -> None:
    case_id = int(body["view"]["private_metadata"])
    values = body["view"]["state"]["values"]
    outcome = selected_value(values, InputId.OUTCOME)
    mood = selected_value(values, InputId.MOOD)
    if outcome not in set(CaseOutcome):
        await ack(response_action="errors", errors={InputId.OUTCOME.value: "Pick an outcome."})
        return
    closed = await lifecycle.close_case(
        services.db, case_id=case_id, actor=requester.origin.user_id, team=requester.origin.team,
        outcome=CaseOutcome(outcome),
        mood_after=int(mood) if mood and mood.isdigit() else None, now=services.now())
    if not closed:
        await ack(response_action="errors", errors={
            InputId.OUTCOME.value: "Only whoever logged the case or a lead can close it, once."})
        return
    await _show_case(services, ack, case_id, body)


async def _show_case(services: Services, ack: AsyncAck, case_id: int,
                     body: dict[str, Any]) -> None:
    """Replace the form with the case as it is now."""
    detail = await lifecycle.case_detail(services.db, case_id=case_id,
                                         viewer=body["user"]["id"], team=team_of(body))
    if detail is None:
        await ack(response_action="clear")
        return
    await ack(response_action="update", view=case_modal(detail))


def _case_id(body: dict[str, Any]) -> int:
    return int(body["actions"][0]["value"])
