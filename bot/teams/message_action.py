""""Log difficult conversation" on a Teams message (the manifest's message action): a dialog
with the log form prefilled from that message, validated and stored as the personal chat's
form is (bot/teams/form_handlers.py); errors redraw the dialog, success closes it and confirms
in the reporter's personal chat."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from microsoft_agents.activity import Activity
from microsoft_agents.hosting.core import TurnContext
from sqlalchemy.exc import SQLAlchemyError

from bot.quick_text import read_quick_text
from bot.services import Services
from bot.teams.context import Origin
from bot.teams.form_card import log_case_card, logged_card
from bot.teams.form_handlers import (
    CARD_KEY,
    OUT_OF_DATE,
    care_for_reporter,
    form_state,
    prefilled,
    submission_key,
    tell_owners,
    validate_and_store,
)
from bot.teams.form_values import commitment_count, remove_index, typed_values, without_commitment
from bot.teams.ids import VERB, DataKey, Verb
from bot.teams.message_dialogs import closed, dialog, dialog_message
from bot.teams.message_text import message_text
from bot.teams.messages import SEND_ERRORS, card_message
from bot.teams.messenger import personal_chat
from bot.teams.runtime import TeamsRuntime
from commands.case_logging import CaseLogged, FormErrors
from commands.cases import CaseField
from commands.people import WorkspaceInfo, zone_named
from commands.ports import DeliveryFailed
from commands.refusals import SAVE_FAILED

logger = logging.getLogger(__name__)


async def on_fetch_task(services: Services, context: TurnContext, origin: Origin,
                        workspace: WorkspaceInfo) -> None:
    text = message_text(context.activity.value)
    # A message is a record of what happened: kept whole, with the date and promise guessed.
    guessed = await read_quick_text(text, now=services.now(), zone=zone_named(origin.zone_name))
    values = prefilled(replace(guessed, what_happened=text)) if text else {}
    form = await form_state(services, origin, workspace, submission_key=uuid.uuid4().hex,
                            values=values)
    await context.send_activity(dialog(log_case_card(form)))


async def on_submit_action(services: Services, runtime: TeamsRuntime, context: TurnContext,
                           origin: Origin, workspace: WorkspaceInfo) -> None:
    data = _data(context.activity.value)
    card_key = data.get(DataKey.SUBMISSION_KEY)
    if not isinstance(card_key, str) or not CARD_KEY.fullmatch(card_key):
        await context.send_activity(dialog_message(OUT_OF_DATE))
    elif data.get(VERB) == Verb.LOG_CASE:
        await context.send_activity(
            await _log(services, runtime, origin, workspace, card_key, data))
    else:  # Add another commitment, or Remove one: the dialog redrawn
        await context.send_activity(await _redrawn(services, origin, workspace, card_key, data))


async def _log(services: Services, runtime: TeamsRuntime, origin: Origin,
               workspace: WorkspaceInfo, card_key: str, data: Mapping[str, Any]) -> Activity:
    outcome = await _store(services, origin, workspace, card_key, data)
    if isinstance(outcome, CaseLogged):
        return await _confirm(services, runtime, origin, outcome)
    return await _redrawn(services, origin, workspace, card_key, data, errors=outcome.errors)


async def _redrawn(services: Services, origin: Origin, workspace: WorkspaceInfo, card_key: str,
                   data: Mapping[str, Any], errors: Mapping[str, str] | None = None) -> Activity:
    values, count = typed_values(data), commitment_count(data)
    if data.get(VERB) == Verb.ADD_COMMITMENT:
        count += 1
    elif data.get(VERB) == Verb.REMOVE_COMMITMENT and (index := remove_index(data)) is not None:
        values, count = without_commitment(values, index), count - 1
    form = await form_state(services, origin, workspace, submission_key=card_key,
                            values=values, count=count, errors=errors)
    return dialog(log_case_card(form))


async def _store(services: Services, origin: Origin, workspace: WorkspaceInfo, card_key: str,
                 data: Mapping[str, Any]) -> CaseLogged | FormErrors:
    try:
        return await validate_and_store(services, origin, workspace,
                                        submission_key(origin, card_key), data)
    except SQLAlchemyError:
        logger.exception("storing a case failed")
        return FormErrors({CaseField.CUSTOMER.value: SAVE_FAILED})


async def _confirm(services: Services, runtime: TeamsRuntime, origin: Origin,
                   outcome: CaseLogged) -> Activity:
    """Close the dialog; the record goes to the reporter's personal chat (where the message
    was may be a channel). Without a personal chat yet, the dialog says it instead."""
    summary = outcome.logged.summary
    if not outcome.logged.created:  # a repeated submit: the case is stored, and was confirmed
        return closed()
    try:
        reference = await personal_chat(services.db, origin.team, origin.user_id)
        await runtime.send(reference, card_message(logged_card(summary),
                                                   summary="Case logged"))
        answer = closed()
    except (DeliveryFailed, *SEND_ERRORS):
        answer = dialog_message(f"Case #{summary.case_id} logged. Message angrycall "
                                "once so I can remind you of your promises.")
    await tell_owners(services, runtime, origin, outcome)
    await care_for_reporter(services, runtime, origin, outcome.care_line)
    return answer


def _data(value: object) -> Mapping[str, Any]:
    """The dialog's inputs and the pressed button's data (`value.data` of submitAction)."""
    data = value.get("data") if isinstance(value, Mapping) else None
    return data if isinstance(data, Mapping) else {}
