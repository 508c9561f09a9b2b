"""View case, and from its card: add a note, edit, close, delete. Every permission and next
state is `commands.case_lifecycle`'s; this module reads the card's data and draws the answer."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from microsoft_agents.hosting.core import TurnContext

from bot.services import Services
from bot.teams.case_cards import case_card, deleted_card, edit_card, stored_values
from bot.teams.commitment_handlers import row_id_of
from bot.teams.context import Origin
from bot.teams.form_values import draft_from_submission, occurred_errors, typed_values
from bot.teams.ids import VERB, DataKey, InputId, Verb
from bot.teams.messages import card_message, replace_card, text_message
from bot.teams.messenger import display_names
from commands import case_lifecycle as lifecycle
from commands.case_lifecycle import CaseDetail, CaseOutcome
from commands.people import zone_named

NOT_YOURS = "Only the people on this case and the leads can see it, if it still exists."
NOT_MANAGER = ("Only whoever logged the case, or a lead, can change or delete it; "
               "or it has been deleted already.")
WRITE_FIRST = "Write a note first."
PICK_OUTCOME = "Pick an outcome."


async def on_case_action(services: Services, context: TurnContext, origin: Origin,
                         data: Mapping[str, Any]) -> None:
    case_id = case_id_of(data)
    detail = None if case_id is None else await _detail(services, origin, case_id)
    if case_id is None or detail is None:
        await context.send_activity(text_message(NOT_YOURS))
        return
    verb = Verb(str(data.get(VERB)))
    if verb is Verb.VIEW_CASE:
        await _show(services, context, origin, detail, in_place=bool(data.get(DataKey.IN_PLACE)))
    elif verb is Verb.CASE_NOTE:
        await _add_note(services, context, origin, case_id, typed_values(data))
    elif not detail.can_manage:
        await context.send_activity(text_message(NOT_MANAGER))
    elif verb is Verb.CASE_EDIT:
        await replace_card(context, _edit_card(services, origin, detail))
    elif verb is Verb.CASE_SAVE:
        await _save(services, context, origin, detail, data)
    elif verb is Verb.CASE_CLOSE:
        await _close(services, context, origin, case_id, typed_values(data))
    else:
        await _delete(services, context, origin, case_id)


async def _detail(services: Services, origin: Origin, case_id: int) -> CaseDetail | None:
    return await lifecycle.case_detail(services.db, case_id=case_id, viewer=origin.user_id,
                                       team=origin.team)


async def _show(services: Services, context: TurnContext, origin: Origin, detail: CaseDetail, *,
                in_place: bool = True) -> None:
    people = {*detail.people, *(n.author_user_id for n in detail.notes),
              *(e.actor_user_id for e in detail.timeline if e.actor_user_id)}
    names = await display_names(services.db, origin.team, sorted(people))
    card = case_card(detail, names=names)
    if in_place:
        await replace_card(context, card)
    else:
        await context.send_activity(card_message(
            card, summary=f"Case #{detail.summary.case_id}"))


async def _refreshed(services: Services, context: TurnContext, origin: Origin,
                     case_id: int) -> None:
    """The card redrawn as the case is now (or gone, if deleted meanwhile)."""
    detail = await _detail(services, origin, case_id)
    if detail is None:
        await replace_card(context, deleted_card(case_id))
    else:
        await _show(services, context, origin, detail)


async def _add_note(services: Services, context: TurnContext, origin: Origin, case_id: int,
                    values: Mapping[str, str]) -> None:
    if not await lifecycle.add_note(services.db, case_id=case_id, author=origin.user_id,
                                    team=origin.team, text=values.get(InputId.NOTE, ""),
                                    now=services.now()):
        await context.send_activity(text_message(WRITE_FIRST))
        return
    await _refreshed(services, context, origin, case_id)


def _edit_card(services: Services, origin: Origin, detail: CaseDetail,
               values: Mapping[str, str] | None = None,
               errors: Mapping[str, str] | None = None) -> dict[str, Any]:
    zone = zone_named(origin.zone_name or "UTC")
    return edit_card(detail, values=stored_values(detail.draft, detail.playbook, zone)
                     if values is None else values, errors=errors or {},
                     viewer=origin.user_id, today=services.now().astimezone(zone).date())


async def _save(services: Services, context: TurnContext, origin: Origin, detail: CaseDetail,
                data: Mapping[str, Any]) -> None:
    values = typed_values(data)
    draft = draft_from_submission(data, zone=zone_named(origin.zone_name or "UTC"))
    errors = occurred_errors(values) or await lifecycle.edit_case(
        services.db, case_id=detail.summary.case_id, actor=origin.user_id, team=origin.team,
        draft=draft, now=services.now())
    if errors:
        await replace_card(context, _edit_card(services, origin, detail, values, errors))
        return
    await _refreshed(services, context, origin, detail.summary.case_id)


async def _close(services: Services, context: TurnContext, origin: Origin, case_id: int,
                 values: Mapping[str, str]) -> None:
    outcome, mood = values.get(InputId.OUTCOME, ""), values.get(InputId.MOOD, "")
    if outcome not in set(CaseOutcome):
        await context.send_activity(text_message(PICK_OUTCOME))
        return
    mood_after = int(mood) if mood in {"1", "2", "3", "4", "5"} else None
    if not await lifecycle.close_case(services.db, case_id=case_id, actor=origin.user_id,
                                      team=origin.team, outcome=CaseOutcome(outcome),
                                      mood_after=mood_after, now=services.now()):
        await context.send_activity(text_message(NOT_MANAGER))
        return
    await _refreshed(services, context, origin, case_id)


async def _delete(services: Services, context: TurnContext, origin: Origin,
                  case_id: int) -> None:
    if await lifecycle.delete_case(services.db, case_id=case_id, actor=origin.user_id,
                                   team=origin.team, now=services.now()) is None:
        await context.send_activity(text_message(NOT_MANAGER))
        return
    await replace_card(context, deleted_card(case_id))


def case_id_of(data: Mapping[str, Any]) -> int | None:
    return row_id_of(data, DataKey.CASE_ID)
