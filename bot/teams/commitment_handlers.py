"""Done, Snooze and Renegotiate pressed on a nudge card: act, then redraw the card in place."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from microsoft_agents.hosting.core import TurnContext

from bot.services import Services
from bot.teams.adaptive import Element
from bot.teams.commitment_answer_cards import answer_card
from bot.teams.context import Origin
from bot.teams.form_values import parse_date, parse_time, typed_values
from bot.teams.ids import VERB, DataKey, InputId, Verb
from bot.teams.messages import SEND_ERRORS, card_message, replace_card, text_message
from bot.teams.messenger import personal_chat
from bot.teams.nudge_cards import (
    CUSTOMER_PREVIEW,
    after_action_card,
    case_closed_text,
    clip,
    commitment_card,
    view_case_action,
)
from bot.teams.runtime import TeamsRuntime
from commands import commitment_actions as actions
from commands.commitment_actions import ActionResult, Outcome, Reaction, SnoozeChoice, refusal
from commands.ports import DeliveryFailed

logger = logging.getLogger(__name__)
SUCCESS = frozenset({Outcome.DONE, Outcome.SNOOZED, Outcome.RENEGOTIATED})
# Row ids are positive 32-bit integers on PostgreSQL; a larger number in tampered card data
# would fail the query instead of finding nothing.
MAX_ROW_ID = 2**31 - 1
HEADLINE_LIMIT = 300


async def on_commitment_action(services: Services, runtime: TeamsRuntime, context: TurnContext,
                               origin: Origin, data: Mapping[str, Any]) -> None:
    commitment_id = commitment_id_of(data)
    if commitment_id is None:
        await context.send_activity(text_message(refusal(ActionResult(Outcome.NOT_FOUND))))
        return
    verb = Verb(str(data.get(VERB)))
    if verb is Verb.RENEGOTIATE:
        result = await _renegotiate(services, context, origin, commitment_id, data)
    elif verb is Verb.SNOOZE:
        result = await actions.snooze(
            services.db, commitment_id=commitment_id, actor=origin.user_id, team=origin.team,
            choice=_choice(data), now=services.now())
    else:
        result = await actions.complete(
            services.db, commitment_id=commitment_id, actor=origin.user_id, team=origin.team,
            note=typed_values(data).get(InputId.NOTE, ""), reaction=_reaction(data),
            now=services.now())
    if result is not None:
        await _show(services, runtime, context, origin, result)


async def _renegotiate(services: Services, context: TurnContext, origin: Origin,
                       commitment_id: int, data: Mapping[str, Any]) -> ActionResult | None:
    values = typed_values(data)  # strings only: tampered data may hold anything
    new_date = parse_date(values.get(InputId.NEW_DATE, ""))
    new_time = parse_time(values.get(InputId.NEW_TIME, ""))
    informed = values.get(InputId.CUSTOMER_INFORMED) == "true"
    checked = await actions.check_access(services.db, commitment_id=commitment_id,
                                         actor=origin.user_id, team=origin.team)
    if checked.outcome is not Outcome.ALLOWED or checked.state is None:
        return checked
    errors = actions.renegotiation_errors(new_date=new_date, new_time=new_time,
                                          customer_informed=informed,
                                          zone_name=checked.state.zone_name, now=services.now())
    if errors or new_date is None:
        state = checked.state
        card = commitment_card(headline=_headline(data, state.customer),
                               commitment_id=state.commitment_id, promise=state.promise,
                               due_at=state.due_at, case_id=state.case_id, errors=errors,
                               typed=values, more_actions=[view_case_action(state.case_id)])
        await replace_card(context, card)
        return None
    return await actions.renegotiate(
        services.db, commitment_id=commitment_id, actor=origin.user_id, team=origin.team,
        new_date=new_date, new_time=new_time, customer_informed=informed, now=services.now())


async def _show(services: Services, runtime: TeamsRuntime, context: TurnContext,
                origin: Origin, result: ActionResult) -> None:
    if result.outcome not in SUCCESS or result.state is None:
        await context.send_activity(text_message(refusal(result)))
        return
    await replace_card(context, after_action_card(result, now=services.now()))
    state = result.state
    if result.outcome is Outcome.RENEGOTIATED and state.acceptance == "pending" and (
            state.owner_user_id != origin.user_id):
        # A declined promise with a new date: its owner is asked again.
        await send_card(services, runtime, origin, state.owner_user_id,
                        answer_card(f"A new date for the promise to {state.customer} you "
                                    "declined", state))
    if result.case_closed and state.reporter_user_id != origin.user_id:
        try:
            reference = await personal_chat(services.db, origin.team, state.reporter_user_id)
            await runtime.send(reference, text_message(case_closed_text(state)))
        except (DeliveryFailed, *SEND_ERRORS):
            logger.warning("could not tell the reporter a case closed", exc_info=True)


async def send_card(services: Services, runtime: TeamsRuntime, origin: Origin, user_id: str,
                    card: Element) -> None:
    """Best effort, to someone's personal chat with angrycall."""
    try:
        reference = await personal_chat(services.db, origin.team, user_id)
        await runtime.send(reference, card_message(card, summary=card["body"][0]["text"]))
    except (DeliveryFailed, *SEND_ERRORS):
        logger.warning("could not send a card to %s", user_id, exc_info=True)


def _headline(data: Mapping[str, Any], customer: str) -> str:
    """The refused card's own headline, as its button sent it back (escaped when drawn)."""
    raw = data.get(DataKey.HEADLINE)
    if isinstance(raw, str) and raw.strip():
        return clip(raw, HEADLINE_LIMIT)
    return f"Renegotiate your promise to {clip(customer, CUSTOMER_PREVIEW)}"


def commitment_id_of(data: Mapping[str, Any]) -> int | None:
    return row_id_of(data, DataKey.COMMITMENT_ID)


def row_id_of(data: Mapping[str, Any], key: DataKey) -> int | None:
    """A row id a button sent back; None for anything tampered with or out of range."""
    raw = data.get(key)
    if isinstance(raw, bool) or not isinstance(raw, int | str):
        return None
    try:
        number = int(raw)
    except ValueError:
        return None
    return number if 0 < number <= MAX_ROW_ID else None


# A choice is a string; tampered data may hold a list, which `in set(...)` can't even hash.
def _choice(data: Mapping[str, Any]) -> SnoozeChoice:
    raw = data.get(InputId.SNOOZE_CHOICE)
    return SnoozeChoice(raw) if isinstance(raw, str) and raw in set(SnoozeChoice) else (
        SnoozeChoice.ONE_HOUR)


def _reaction(data: Mapping[str, Any]) -> Reaction | None:
    raw = data.get(InputId.REACTION)
    return Reaction(raw) if isinstance(raw, str) and raw in set(Reaction) else None
