"""View case, and from its card: add a note, edit, close, delete. Every permission, check and
refusal text is `commands.case_conversation`'s; this module reads the card's data, asks it,
and draws the reply."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo

from microsoft_agents.hosting.core import TurnContext

from bot.services import Services
from bot.teams.case_cards import case_card, deleted_card, edit_card, stored_values
from bot.teams.commitment_handlers import row_id_of
from bot.teams.context import PERSONAL, Origin
from bot.teams.form_values import draft_from_submission, occurred_errors, typed_values
from bot.teams.ids import VERB, DataKey, InputId, Verb
from bot.teams.messages import card_message, replace_card, text_message
from bot.teams.messenger import display_names
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
    NotYours,
    Refusal,
)
from commands.case_lifecycle import CaseDetail
from commands.people import WorkspaceInfo, zone_named

Reply = Refusal | CaseShown | CaseGone | CaseDeleted | FormOpened | FormErrors


async def on_case_action(services: Services, context: TurnContext, origin: Origin,
                         workspace: WorkspaceInfo, data: Mapping[str, Any]) -> None:
    case_id = case_id_of(data)
    if case_id is None:
        await context.send_activity(text_message(NotYours.text))
        return
    ask = CaseAsk(workspace_id=workspace.workspace_id, actor=origin.user_id, case_id=case_id,
                  now=services.now(), privately=origin.conversation_type == PERSONAL)
    reply = await _asked(services, ask, Verb(str(data.get(VERB))), data, origin)
    await _render(services, context, origin, reply, data)


async def _asked(services: Services, ask: CaseAsk, verb: Verb, data: Mapping[str, Any],
                 origin: Origin) -> Reply:
    """The card's button, as the use case it asks."""
    db, values = services.db, typed_values(data)
    if verb is Verb.VIEW_CASE:
        return await conversation.view_case(db, ask)
    if verb is Verb.CASE_NOTE:
        return await conversation.add_note(db, ask, values.get(InputId.NOTE, ""))
    if verb is Verb.CASE_EDIT:
        return await conversation.open_form(db, ask, CaseForm.EDIT)
    if verb is Verb.CASE_SAVE:
        draft = draft_from_submission(data, zone=_zone(origin))
        return await conversation.save_edit(db, ask, Edit(draft, occurred_errors(values)))
    if verb is Verb.CASE_CLOSE:
        return await conversation.close_case(db, ask, Closing(
            outcome=values.get(InputId.OUTCOME, ""), mood=values.get(InputId.MOOD, "")))
    return await conversation.delete_case(db, ask)


def _in_place(data: Mapping[str, Any]) -> bool:
    """View case from a nudge or a list sends a new card; every other answer replaces this one."""
    return data.get(VERB) != Verb.VIEW_CASE.value or bool(data.get(DataKey.IN_PLACE))


async def _render(services: Services, context: TurnContext, origin: Origin, reply: Reply,
                  data: Mapping[str, Any]) -> None:
    if isinstance(reply, CaseShown):
        await _show(services, context, origin, reply.detail, in_place=_in_place(data))
    elif isinstance(reply, FormOpened):
        await replace_card(context, _edit_card(services, origin, reply.detail))
    elif isinstance(reply, FormErrors):
        await replace_card(context, _edit_card(services, origin, reply.detail,
                                               typed_values(data), reply.errors))
    elif isinstance(reply, CaseGone | CaseDeleted):
        await replace_card(context, deleted_card(reply.case_id))
    else:
        await context.send_activity(text_message(reply.text))


async def _show(services: Services, context: TurnContext, origin: Origin, detail: CaseDetail, *,
                in_place: bool) -> None:
    people = {*detail.people, *(n.author_user_id for n in detail.notes),
              *(e.actor_user_id for e in detail.timeline if e.actor_user_id)}
    names = await display_names(services.db, origin.team, sorted(people))
    card = case_card(detail, names=names)
    if in_place:
        await replace_card(context, card)
    else:
        await context.send_activity(card_message(
            card, summary=f"Case #{detail.summary.case_id}"))


def _edit_card(services: Services, origin: Origin, detail: CaseDetail,
               values: Mapping[str, str] | None = None,
               errors: Mapping[str, str] | None = None) -> dict[str, Any]:
    zone = _zone(origin)
    return edit_card(detail, values=stored_values(detail.draft, detail.playbook, zone)
                     if values is None else values, errors=errors or {},
                     viewer=origin.user_id, today=services.now().astimezone(zone).date())


def _zone(origin: Origin) -> ZoneInfo:
    return zone_named(origin.zone_name or "UTC")


def case_id_of(data: Mapping[str, Any]) -> int | None:
    return row_id_of(data, DataKey.CASE_ID)
