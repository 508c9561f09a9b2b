"""Accept / Decline pressed by the owner of a promise made for them; Reassign / Drop pressed by
whoever logged a declined one. Act, redraw the card, tell whoever decides next."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from microsoft_agents.hosting.core import TurnContext

from bot.services import Services
from bot.teams.commitment_answer_cards import after_answer_card, answer_card, declined_card
from bot.teams.commitment_handlers import commitment_id_of, send_card
from bot.teams.context import Origin
from bot.teams.form_handlers import NOT_REACHABLE
from bot.teams.form_values import typed_values
from bot.teams.ids import VERB, InputId, Verb
from bot.teams.messages import replace_card, text_message
from bot.teams.runtime import TeamsRuntime
from commands import acceptance
from commands import commitment_actions as actions
from commands.commitment_actions import ActionResult, Outcome, refusal
from commands.people import WorkspaceInfo
from storage import teams_addresses

ANSWERED = frozenset({Outcome.ACCEPTED, Outcome.DECLINED, Outcome.DROPPED, Outcome.REASSIGNED})


async def on_answer_action(services: Services, runtime: TeamsRuntime, context: TurnContext,
                           origin: Origin, workspace: WorkspaceInfo,
                           data: Mapping[str, Any]) -> None:
    commitment_id = commitment_id_of(data)
    if commitment_id is None:
        await context.send_activity(text_message(refusal(ActionResult(Outcome.NOT_FOUND))))
        return
    result = await _act(services, origin, workspace, commitment_id, Verb(str(data.get(VERB))),
                        typed_values(data))
    if result is None:
        await context.send_activity(text_message(NOT_REACHABLE))
        return
    if result.outcome not in ANSWERED or result.state is None:
        await context.send_activity(text_message(refusal(result)))
        return
    await replace_card(context, after_answer_card(result))
    await _tell_next(services, runtime, origin, workspace, result)


async def _act(services: Services, origin: Origin, workspace: WorkspaceInfo, commitment_id: int,
               verb: Verb, values: Mapping[str, str]) -> ActionResult | None:
    db, actor, team, now = services.db, origin.user_id, origin.team, services.now()
    if verb is Verb.ACCEPT:
        return await acceptance.accept(db, commitment_id=commitment_id, actor=actor, team=team,
                                       now=now)
    if verb is Verb.DECLINE:
        return await acceptance.decline(db, commitment_id=commitment_id, actor=actor, team=team,
                                        reason=values.get(InputId.REASON, ""), now=now)
    if verb is Verb.DROP:
        return await acceptance.drop(db, commitment_id=commitment_id, actor=actor, team=team,
                                     note=values.get(InputId.DROP_NOTE, ""), now=now)
    new_owner = values.get(InputId.NEW_OWNER, "")
    reachable = await teams_addresses.reachable_among(
        db, workspace_id=workspace.workspace_id, user_ids=[new_owner])
    if new_owner not in reachable | {actor}:
        return None  # only someone angrycall can message can be reminded
    return await actions.reassign(db, commitment_id=commitment_id, actor=actor, team=team,
                                  new_owner=new_owner, now=now)


async def _tell_next(services: Services, runtime: TeamsRuntime, origin: Origin,
                     workspace: WorkspaceInfo, result: ActionResult) -> None:
    state = result.state
    assert state is not None
    if result.outcome is Outcome.DECLINED and state.reporter_user_id != origin.user_id:
        people = await teams_addresses.reachable_people(services.db,
                                                        workspace_id=workspace.workspace_id)
        await send_card(services, runtime, origin, state.reporter_user_id,
                        declined_card(state, people))
    if result.outcome is Outcome.REASSIGNED and state.acceptance == "pending":
        await send_card(services, runtime, origin, state.owner_user_id,
                        answer_card(f"You were handed a promise to {state.customer}", state))
