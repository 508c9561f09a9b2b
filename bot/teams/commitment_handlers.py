"""A promise's buttons on a Teams card (Done, Snooze, Renegotiate; the answers' buttons come
through bot.teams.commitment_answers): parse the card's data, ask
commands.promise_conversations, redraw the card and tell whoever the reply names."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from microsoft_agents.activity import Activity
from microsoft_agents.hosting.core import TurnContext

from bot.services import Services
from bot.teams.adaptive import Element
from bot.teams.commitment_answer_cards import after_answer_card, notice_card
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
from commands import promise_conversations as promises
from commands.commitment_actions import Outcome, Reaction, SnoozeChoice
from commands.people import WorkspaceInfo
from commands.ports import DeliveryFailed
from commands.promise_conversations import PromiseAsk
from commands.promise_replies import (
    Acted,
    FormErrors,
    FormReply,
    Notice,
    Refused,
    TellCaseClosed,
    TellReporterDeclined,
)
from storage import teams_addresses

logger = logging.getLogger(__name__)
# Row ids are positive 32-bit integers on PostgreSQL; a larger number in tampered card data
# would fail the query instead of finding nothing.
MAX_ROW_ID = 2**31 - 1
HEADLINE_LIMIT = 300


async def on_commitment_action(services: Services, runtime: TeamsRuntime, context: TurnContext,
                               origin: Origin, workspace: WorkspaceInfo,
                               data: Mapping[str, Any]) -> None:
    commitment_id = commitment_id_of(data)
    if commitment_id is None:
        await context.send_activity(text_message(Refused(Outcome.NOT_FOUND).text))
        return
    ask, values = ask_of(services, origin, commitment_id), typed_values(data)
    verb = Verb(str(data.get(VERB)))
    reply: FormReply
    if verb is Verb.RENEGOTIATE:
        reply = await promises.renegotiate(services.db, promises.Renegotiate(
            ask, new_date=parse_date(values.get(InputId.NEW_DATE, "")),
            new_time=parse_time(values.get(InputId.NEW_TIME, "")),
            customer_informed=values.get(InputId.CUSTOMER_INFORMED) == "true"))
    elif verb is Verb.SNOOZE:
        reply = await promises.snooze(services.db, promises.Snooze(ask, _choice(data)))
    else:
        reply = await promises.mark_done(services.db, promises.MarkDone(
            ask, note=values.get(InputId.NOTE, ""), reaction=_reaction(data)))
    if isinstance(reply, FormErrors):
        await replace_card(context, _refused_renegotiation(reply, data, values))
        return
    await show(services, runtime, context, origin, workspace, reply)


def ask_of(services: Services, origin: Origin, commitment_id: int) -> PromiseAsk:
    return PromiseAsk(team=origin.team, actor=origin.user_id, commitment_id=commitment_id,
                      now=services.now())


def _refused_renegotiation(reply: FormErrors, data: Mapping[str, Any],
                           typed: Mapping[str, str]) -> Element:
    """The card again, with what was typed kept and what to fix said beside it."""
    state = reply.state
    return commitment_card(headline=_headline(data, state.customer),
                           commitment_id=state.commitment_id, promise=state.promise,
                           due_at=state.due_at, case_id=state.case_id,
                           errors=dict(reply.errors), typed=typed,
                           more_actions=[view_case_action(state.case_id)])


async def show(services: Services, runtime: TeamsRuntime, context: TurnContext, origin: Origin,
               workspace: WorkspaceInfo, reply: Refused | Acted) -> None:
    """Redraw the card pressed as a record of the action, and tell whoever must know."""
    if isinstance(reply, Refused):
        await context.send_activity(text_message(reply.text))
        return
    result = reply.result
    answered = reply.answered or result.outcome is Outcome.REASSIGNED
    await replace_card(context, after_answer_card(result) if answered
                       else after_action_card(result, now=services.now()))
    for notice in reply.notices:
        await _tell(services, runtime, origin, notice,
                    await _notice_activity(services, workspace, notice))


async def _notice_activity(services: Services, workspace: WorkspaceInfo,
                           notice: Notice) -> Activity:
    if isinstance(notice, TellCaseClosed):
        return text_message(case_closed_text(notice.state))
    # The reporter of a decline reassigns it to someone angrycall can message.
    people = (await teams_addresses.reachable_people(
        services.db, workspace_id=workspace.workspace_id)
        if isinstance(notice, TellReporterDeclined) else [])
    card = notice_card(notice, people)
    return card_message(card, summary=card["body"][0]["text"])


async def _tell(services: Services, runtime: TeamsRuntime, origin: Origin, notice: Notice,
                activity: Activity) -> None:
    """Best effort, to someone's personal chat with angrycall."""
    try:
        reference = await personal_chat(services.db, origin.team, notice.user_id)
        await runtime.send(reference, activity)
    except (DeliveryFailed, *SEND_ERRORS):
        logger.warning("could not tell %s of a promise", notice.user_id, exc_info=True)


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
