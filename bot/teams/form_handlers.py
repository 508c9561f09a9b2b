"""The log form in Teams: send the card, grow it, validate a submit (errors refresh the card),
store the case and tell the owners."""

from __future__ import annotations

import hashlib
import logging
import re
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from microsoft_agents.hosting.core import TurnContext
from sqlalchemy.exc import SQLAlchemyError

from bot.quick_text import read_quick_text
from bot.services import Services
from bot.teams.commitment_answer_cards import answer_card, state_of_logged
from bot.teams.context import Origin
from bot.teams.form_card import FormState, log_case_card, logged_card
from bot.teams.form_values import (
    commitment_count,
    draft_from_submission,
    occurred_errors,
    remove_index,
    typed_values,
    without_commitment,
)
from bot.teams.ids import VERB, DataKey, Verb
from bot.teams.messages import SEND_ERRORS, card_message, replace_card, text_message
from bot.teams.messenger import personal_chat
from bot.teams.runtime import TeamsRuntime
from bot.teams.theme_handlers import offer_themes
from commands.case_logging import CaseLogged, CaseSubmission, FormErrors, submit_case
from commands.cases import (
    CaseField,
    CommitmentField,
    Prefill,
    commitment_field,
)
from commands.people import WorkspaceInfo, zone_named
from commands.ports import DeliveryFailed
from commands.refusals import SAVE_FAILED
from commands.validation import Errors
from storage import teams_addresses

logger = logging.getLogger(__name__)
NOT_REACHABLE = "Pick someone from the list: angrycall can only remind people it can message."
OUT_OF_DATE = "This form is out of date; type angrycall for a new one."
CARD_KEY = re.compile(r"[0-9a-f]{32}")  # what send_form puts in the card: uuid4().hex


async def send_form(services: Services, context: TurnContext, origin: Origin,
                    workspace: WorkspaceInfo, text: str = "") -> None:
    prefill = (await read_quick_text(text, now=services.now(), zone=zone_named(origin.zone_name))
               if text else Prefill())
    form = await form_state(services, origin, workspace, submission_key=uuid.uuid4().hex,
                       values=prefilled(prefill))
    await context.send_activity(card_message(log_case_card(form), summary="Log a hard call"))


def prefilled(prefill: Prefill) -> dict[str, str]:
    values = {CaseField.CUSTOMER.value: prefill.customer,
              CaseField.WHAT_HAPPENED.value: prefill.what_happened}
    if prefill.due_date:
        values[commitment_field(0, CommitmentField.DUE_DATE)] = prefill.due_date.isoformat()
    if prefill.due_time:
        values[commitment_field(0, CommitmentField.DUE_TIME)] = prefill.due_time.strftime("%H:%M")
    if prefill.promise:
        values[commitment_field(0, CommitmentField.PROMISE)] = prefill.promise
    return {key: value for key, value in values.items() if value}


async def on_form_submitted(services: Services, runtime: TeamsRuntime, context: TurnContext,
                            origin: Origin, workspace: WorkspaceInfo,
                            data: Mapping[str, Any]) -> None:
    card_key = data.get(DataKey.SUBMISSION_KEY)
    if not isinstance(card_key, str) or not CARD_KEY.fullmatch(card_key):
        await context.send_activity(text_message(OUT_OF_DATE))
        return
    key = submission_key(origin, card_key)
    if data.get(VERB) == Verb.ADD_COMMITMENT:
        await _refresh(services, context, origin, workspace, card_key, data,
                       count=commitment_count(data) + 1)
        return
    if data.get(VERB) == Verb.REMOVE_COMMITMENT:
        await _remove(services, context, origin, workspace, card_key, data)
        return
    try:
        outcome = await validate_and_store(services, origin, workspace, key, data)
    except SQLAlchemyError:
        logger.exception("storing a case failed")
        outcome = FormErrors({CaseField.CUSTOMER.value: SAVE_FAILED})
    if isinstance(outcome, FormErrors):
        await _refresh(services, context, origin, workspace, card_key, data,
                       errors=outcome.errors)
        return
    await replace_card(context, logged_card(outcome.logged.summary))
    await tell_owners(services, runtime, origin, outcome)
    await care_for_reporter(services, runtime, origin, outcome.care_line)
    if outcome.logged.created:
        await offer_themes(services, context, outcome.logged)


def submission_key(origin: Origin, card_key: str) -> str:
    """The key the case is stored under: the card's, bound to its tenant and reporter.

    The card's key comes back from the client, and a case's key is unique across every
    workspace, with a repeat answered by the case already stored under it: a key copied from
    someone else's card must find nothing of theirs (Slack's keys never leave the server).
    """
    bound = f"{origin.team.external_id}\n{origin.user_id}\n{card_key}".encode()
    return "teams:" + hashlib.sha256(bound).hexdigest()[:58]


async def validate_and_store(services: Services, origin: Origin, workspace: WorkspaceInfo,
                             key: str, data: Mapping[str, Any]) -> FormErrors | CaseLogged:
    now = services.now()
    draft = draft_from_submission(data, zone=zone_named(origin.zone_name))
    owners = [c.owner_user_id for c in draft.commitments if c.owner_user_id]
    known = await services.zones.known(workspace_id=workspace.workspace_id,
                                       user_ids=[origin.user_id, *owners], now=now)
    unreadable = occurred_errors(typed_values(data))
    unreachable = await _unreachable_owners(services, workspace, origin, owners)
    return await submit_case(services.db, CaseSubmission(
        workspace=workspace, reporter=origin.user_id, submission_key=key, draft=draft,
        zones=known.zones, now=now, platform_errors={**unreadable, **unreachable},
        person_ids=known.person_ids))


async def _unreachable_owners(services: Services, workspace: WorkspaceInfo, origin: Origin,
                              owners: Sequence[str]) -> Errors:
    people = await teams_addresses.reachable_among(
        services.db, workspace_id=workspace.workspace_id, user_ids=owners) | {origin.user_id}
    return {commitment_field(index, CommitmentField.OWNER): NOT_REACHABLE
            for index, owner in enumerate(owners) if owner not in people}


async def _people(services: Services, workspace: WorkspaceInfo) -> list[tuple[str, str]]:
    return await teams_addresses.reachable_people(services.db,
                                                  workspace_id=workspace.workspace_id)


async def form_state(services: Services, origin: Origin, workspace: WorkspaceInfo, *,
                submission_key: str, values: Mapping[str, str], count: int = 1,
                errors: Mapping[str, str] | None = None) -> FormState:
    return FormState(
        submission_key=submission_key, categories=workspace.categories,
        people=await _people(services, workspace), reporter_user_id=origin.user_id,
        today=services.now().astimezone(zone_named(origin.zone_name)).date(),
        commitment_count=count, values=values, errors=errors or {},
        playbook=workspace.playbook)


async def _refresh(services: Services, context: TurnContext, origin: Origin,
                   workspace: WorkspaceInfo, key: str, data: Mapping[str, Any], *,
                   count: int | None = None, errors: Mapping[str, str] | None = None,
                   values: Mapping[str, str] | None = None) -> None:
    """Redraw the form with what was typed (and what to fix): the Teams `response_action`."""
    form = await form_state(services, origin, workspace, submission_key=key,
                       values=typed_values(data) if values is None else values,
                       count=count or commitment_count(data), errors=errors)
    await replace_card(context, log_case_card(form))


async def care_for_reporter(services: Services, runtime: TeamsRuntime, origin: Origin,
                             line: str) -> None:
    """In the reporter's own chat, never where the form was (a channel may be reading)."""
    if not line:
        return
    try:
        reference = await personal_chat(services.db, origin.team, origin.user_id)
        await runtime.send(reference, text_message(line))
    except (DeliveryFailed, *SEND_ERRORS):
        logger.warning("could not send the reporter a line of care", exc_info=True)


async def _remove(services: Services, context: TurnContext, origin: Origin,
                  workspace: WorkspaceInfo, key: str, data: Mapping[str, Any]) -> None:
    index = remove_index(data)
    if index is None:  # a stale or tampered button: redraw what is there
        await _refresh(services, context, origin, workspace, key, data)
        return
    await _refresh(services, context, origin, workspace, key, data,
                   count=commitment_count(data) - 1,
                   values=without_commitment(typed_values(data), index))


async def tell_owners(services: Services, runtime: TeamsRuntime, origin: Origin,
                      logged: CaseLogged) -> None:
    """Best effort: every other owner learns what they promised, in their personal chat."""
    summary = logged.logged.summary
    for commitment in logged.owners_to_tell:
        headline = (f"{origin.name or 'A colleague'} logged a call with {summary.customer} and "
                    f"noted that you owe the follow-up")
        card = answer_card(headline, state_of_logged(summary, commitment))
        try:
            reference = await personal_chat(services.db, origin.team, commitment.owner_user_id)
            await runtime.send(reference, card_message(card, summary=headline))
        except (DeliveryFailed, *SEND_ERRORS):
            logger.warning("could not tell owner %s", commitment.owner_user_id, exc_info=True)
