"""Accept / Decline pressed by the owner of a promise made for them; Reassign / Drop pressed by
whoever logged a declined one: parse the card's data, ask commands.promise_conversations,
render its reply."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from microsoft_agents.hosting.core import TurnContext

from bot.services import Services
from bot.teams.commitment_handlers import ask_of, commitment_id_of, show
from bot.teams.context import Origin
from bot.teams.form_handlers import NOT_REACHABLE
from bot.teams.form_values import typed_values
from bot.teams.ids import VERB, InputId, Verb
from bot.teams.messages import text_message
from bot.teams.runtime import TeamsRuntime
from commands import promise_conversations as promises
from commands.commitment_actions import Outcome
from commands.people import WorkspaceInfo
from commands.promise_conversations import PromiseAsk
from commands.promise_replies import FormErrors, FormReply, PromiseField, Refused
from storage import teams_addresses


async def on_answer_action(services: Services, runtime: TeamsRuntime, context: TurnContext,
                           origin: Origin, workspace: WorkspaceInfo,
                           data: Mapping[str, Any]) -> None:
    commitment_id = commitment_id_of(data)
    if commitment_id is None:
        await context.send_activity(text_message(Refused(Outcome.NOT_FOUND).text))
        return
    reply = await _act(services, workspace, ask_of(services, origin, commitment_id),
                       Verb(str(data.get(VERB))), typed_values(data))
    if isinstance(reply, FormErrors):
        # The answer panels unfold in place and cannot show a field's error: say it instead.
        await context.send_activity(text_message(" ".join(reply.errors.values())))
        return
    await show(services, runtime, context, origin, workspace, reply)


async def _act(services: Services, workspace: WorkspaceInfo, ask: PromiseAsk, verb: Verb,
               values: Mapping[str, str]) -> FormReply:
    db = services.db
    if verb is Verb.ACCEPT:
        return await promises.accept(db, promises.Accept(ask))
    if verb is Verb.DECLINE:
        return await promises.decline(db, promises.Decline(ask, values.get(InputId.REASON, "")))
    if verb is Verb.DROP:
        return await promises.drop(db, promises.Drop(ask, values.get(InputId.DROP_NOTE, "")))
    new_owner = values.get(InputId.NEW_OWNER, "")
    return await promises.reassign(db, promises.Reassign(
        ask, new_owner=new_owner,
        platform_errors=await _owner_errors(services, workspace, ask.actor, new_owner)))


async def _owner_errors(services: Services, workspace: WorkspaceInfo, actor: str,
                        new_owner: str) -> dict[str, str]:
    """Only someone angrycall can message can be reminded (or the actor, taking it on)."""
    if not new_owner or new_owner == actor:
        return {}
    reachable = await teams_addresses.reachable_among(
        services.db, workspace_id=workspace.workspace_id, user_ids=[new_owner])
    return {} if new_owner in reachable else {PromiseField.NEW_OWNER: NOT_REACHABLE}
