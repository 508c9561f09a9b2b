"""Every Teams route, in one place: the table of contents of the Teams adapter."""

from __future__ import annotations

import logging
from typing import Any

from microsoft_agents.activity import ActivityTypes
from microsoft_agents.hosting.core import RouteRank, TurnContext, TurnState

from bot.services import Services
from bot.teams.commitment_answers import on_answer_action
from bot.teams.commitment_handlers import on_commitment_action
from bot.teams.contacts import remember
from bot.teams.context import PERSONAL, Origin
from bot.teams.digest_handlers import on_digest
from bot.teams.form_handlers import on_form_submitted, send_form
from bot.teams.help_text import TEAMS_SERVES, help_text
from bot.teams.ids import Verb
from bot.teams.messages import SEND_ERRORS, invoke_answer, text_message
from bot.teams.runtime import TeamsRuntime
from commands.grammar import RequestKind, parse_chat_message
from commands.help import help_for
from commands.people import WorkspaceInfo

logger = logging.getLogger(__name__)
HELP = help_text(help_for(TEAMS_SERVES))
WELCOME = ("Hi! I'm angrycall. Right after a difficult customer call, type `angrycall` and I'll "
           "bring the form; I'll remind you of what you promised before it's due.")
SORRY = "Sorry, something went wrong on my side. Please try again in a moment."
# A card button that is not one of this version's, or whose data was tampered with.
UNKNOWN_BUTTON = ("I don't know that button (the card may be from an older version of "
                  "angrycall). Type `angrycall` for a new form, or `help`.")
FORM_VERBS = (Verb.LOG_CASE, Verb.ADD_COMMITMENT, Verb.REMOVE_COMMITMENT)
COMMITMENT_VERBS = (Verb.DONE, Verb.SNOOZE, Verb.RENEGOTIATE)
ANSWER_VERBS = (Verb.ACCEPT, Verb.DECLINE, Verb.REASSIGN, Verb.DROP)


def register(runtime: TeamsRuntime, services: Services) -> None:
    routes = Routes(services, runtime)
    agent = runtime.agent
    agent.conversation_update("membersAdded")(routes.on_installed)
    for verb in FORM_VERBS:
        agent.adaptive_card.action_submit(verb.value)(routes.on_form)
    for verb in COMMITMENT_VERBS:
        agent.adaptive_card.action_submit(verb.value)(routes.on_commitment)
    for verb in ANSWER_VERBS:
        agent.adaptive_card.action_submit(verb.value)(routes.on_answer)
    agent.add_route(is_text_message, routes.on_text)
    # Last, whatever no route above took: an answer rather than silence (or, for an invoke,
    # the SDK's 501).
    agent.add_route(is_message, routes.on_unusable_message, rank=RouteRank.LAST)
    agent.add_route(is_invoke, on_unknown_invoke, is_invoke=True, rank=RouteRank.LAST)
    agent.error(on_error)


def is_text_message(context: TurnContext) -> bool:
    return context.activity.type == ActivityTypes.message and bool(
        (context.activity.text or "").strip())


def is_message(context: TurnContext) -> bool:
    return context.activity.type == ActivityTypes.message


def is_invoke(context: TurnContext) -> bool:
    return context.activity.type == ActivityTypes.invoke


class Routes:
    """Each handler: remember who wrote (and where), then hand over to the feature's module."""

    def __init__(self, services: Services, runtime: TeamsRuntime) -> None:
        self.services = services
        self.runtime = runtime

    async def _remember(self, context: TurnContext) -> tuple[Origin, WorkspaceInfo]:
        return await remember(self.services, context, self.runtime.default_tenant)

    async def on_installed(self, context: TurnContext, _state: TurnState) -> None:
        origin, _workspace = await self._remember(context)
        bot = context.activity.recipient.id if context.activity.recipient else None
        added = {member.id for member in context.activity.members_added or []}
        if bot in added and origin.conversation_type == PERSONAL:
            await context.send_activity(text_message(WELCOME))

    async def on_text(self, context: TurnContext, _state: TurnState) -> None:
        origin, workspace = await self._remember(context)
        request = parse_chat_message(context.activity.text or "")
        if request.kind is RequestKind.DIGEST:
            await on_digest(self.services, self.runtime, context, origin, workspace,
                            request.argument)
        elif request.kind is RequestKind.OPEN_FORM:
            await send_form(self.services, context, origin, workspace, text=request.argument)
        else:  # help, and what Teams does not serve yet
            await context.send_activity(text_message(HELP))

    async def on_form(self, context: TurnContext, _state: TurnState, data: Any) -> None:
        origin, workspace = await self._remember(context)
        await on_form_submitted(self.services, self.runtime, context, origin, workspace, data)

    async def on_commitment(self, context: TurnContext, _state: TurnState, data: Any) -> None:
        origin, _workspace = await self._remember(context)
        await on_commitment_action(self.services, self.runtime, context, origin, data)

    async def on_answer(self, context: TurnContext, _state: TurnState, data: Any) -> None:
        origin, workspace = await self._remember(context)
        await on_answer_action(self.services, self.runtime, context, origin, workspace, data)

    async def on_unusable_message(self, context: TurnContext, _state: TurnState) -> None:
        """A card submit no route knows (a stale or tampered card), or a message without text
        (just an @mention, a file): say what works."""
        await self._remember(context)
        known_card = context.activity.value is not None
        await context.send_activity(text_message(UNKNOWN_BUTTON if known_card else HELP))


async def on_unknown_invoke(context: TurnContext, _state: TurnState) -> None:
    # angrycall's cards use Action.Submit (messages); an Action.Execute, a task module or a
    # message extension invoke comes from no card of ours. 200 with a message Teams shows.
    logger.info("Teams invoke %r not handled", context.activity.name)
    await context.send_activity(invoke_answer(UNKNOWN_BUTTON))


async def on_error(context: TurnContext, error: Exception) -> None:
    """The one error handler: log it, and say sorry rather than leave the user waiting."""
    logger.error("Teams turn failed", exc_info=error)
    if context.activity.type != ActivityTypes.message:
        return
    try:
        await context.send_activity(text_message(SORRY))
    # Often the same outage that failed the turn: the error is logged already, and raising
    # here would turn it into a 500 for the Bot Connector.
    except SEND_ERRORS:
        logger.warning("could not tell the user the turn failed", exc_info=True)
