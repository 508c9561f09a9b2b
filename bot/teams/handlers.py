"""Every Teams route, in one place: the table of contents of the Teams adapter."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from microsoft_agents.activity import ActivityTypes
from microsoft_agents.hosting.core import RouteRank, TurnContext, TurnState

from bot.services import Services
from bot.teams.case_handlers import on_case_action
from bot.teams.commitment_answers import on_answer_action
from bot.teams.commitment_handlers import on_commitment_action
from bot.teams.contacts import name_installer_lead, remember
from bot.teams.context import PERSONAL, Origin
from bot.teams.digest_handlers import on_digest
from bot.teams.form_handlers import on_form_submitted, send_form
from bot.teams.help_text import TEAMS_SERVES, help_text
from bot.teams.ids import Verb
from bot.teams.list_cards import item_inputs
from bot.teams.message_action import on_fetch_task, on_submit_action
from bot.teams.messages import SEND_ERRORS, invoke_answer, text_message
from bot.teams.overview_handlers import send_home, send_list
from bot.teams.people_search import is_people_search, on_people_search
from bot.teams.runtime import TeamsRuntime
from bot.teams.settings_handlers import on_settings_submitted, send_settings
from bot.teams.theme_card_handlers import on_theme_card
from bot.teams.theme_cards import ThemeVerb
from bot.teams.theme_handlers import on_theme_text
from commands.grammar import RequestKind, parse_chat_message
from commands.help import help_for
from commands.people import WorkspaceInfo
from commands.theme_dispatch import is_theme_text

logger = logging.getLogger(__name__)
COMMAND = "angrycall"
HELP = help_text(help_for(TEAMS_SERVES))
WELCOME = ("Hi! I'm angrycall. Right after a difficult customer call, type `angrycall` and I'll "
           "bring the form; I'll remind you of what you promised before it's due.")
FIRST_LEAD = ("\n\nYou installed me, so you lead the team here until you name others: overdue "
              "promises escalate to you, and `settings` sets the working hours, the leads and "
              "the rest.")
SORRY = "Sorry, something went wrong on my side. Please try again in a moment."
# A card button that is not one of this version's, or whose data was tampered with.
UNKNOWN_BUTTON = ("I don't know that button (the card may be from an older version of "
                  "angrycall). Type `angrycall` for a new form, or `help`.")
# A case is for its people, not a channel (the same rule as list and home: commands.privacy).
FORM_VERBS = (Verb.LOG_CASE, Verb.ADD_COMMITMENT, Verb.REMOVE_COMMITMENT)
COMMITMENT_VERBS = (Verb.DONE, Verb.SNOOZE, Verb.RENEGOTIATE)
ANSWER_VERBS = (Verb.ACCEPT, Verb.DECLINE, Verb.REASSIGN, Verb.DROP)
CASE_VERBS = (Verb.VIEW_CASE, Verb.CASE_NOTE, Verb.CASE_EDIT, Verb.CASE_SAVE, Verb.CASE_CLOSE,
              Verb.CASE_DELETE)
# The manifest's message action ("Log difficult conversation"): open its dialog, submit it.
FETCH_TASK, SUBMIT_ACTION = "composeExtension/fetchTask", "composeExtension/submitAction"


def register(runtime: TeamsRuntime, services: Services) -> None:
    routes = Routes(services, runtime)
    agent = runtime.agent
    agent.conversation_update("membersAdded")(routes.on_installed)
    agent.installation_update()(routes.on_installation_update)
    for verb in FORM_VERBS:
        agent.adaptive_card.action_submit(verb.value)(routes.on_form)
    for verb in COMMITMENT_VERBS:
        agent.adaptive_card.action_submit(verb.value)(routes.on_commitment)
    for verb in ANSWER_VERBS:
        agent.adaptive_card.action_submit(verb.value)(routes.on_answer)
    for verb in CASE_VERBS:
        agent.adaptive_card.action_submit(verb.value)(routes.on_case)
    agent.adaptive_card.action_submit(Verb.LIST.value)(routes.on_list)
    agent.adaptive_card.action_submit(Verb.OPEN_FORM.value)(routes.on_open_form)
    agent.add_route(is_people_search, routes.on_people_search, is_invoke=True)
    agent.adaptive_card.action_submit(Verb.SAVE_SETTINGS.value)(routes.on_settings)
    agent.add_route(is_invoke_named(FETCH_TASK), routes.on_fetch_task, is_invoke=True)
    agent.add_route(is_invoke_named(SUBMIT_ACTION), routes.on_submit_action, is_invoke=True)
    for theme_verb in ThemeVerb:
        agent.adaptive_card.action_submit(theme_verb.value)(routes.on_theme_card)
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


def is_invoke_named(name: str) -> Callable[[TurnContext], bool]:
    return lambda context: is_invoke(context) and context.activity.name == name


class Routes:
    """Each handler: remember who wrote (and where), then hand over to the feature's module."""

    def __init__(self, services: Services, runtime: TeamsRuntime) -> None:
        self.services = services
        self.runtime = runtime

    async def _remember(self, context: TurnContext) -> tuple[Origin, WorkspaceInfo]:
        return await remember(self.services, context, self.runtime.default_tenant)

    async def on_installed(self, context: TurnContext, _state: TurnState) -> None:
        origin, workspace = await self._remember(context)
        bot = context.activity.recipient.id if context.activity.recipient else None
        added = {member.id for member in context.activity.members_added or []}
        if bot not in added:
            return
        lead = await name_installer_lead(self.services, origin, workspace)
        if origin.conversation_type == PERSONAL:
            await context.send_activity(text_message(WELCOME + (FIRST_LEAD if lead else "")))

    async def on_installation_update(self, context: TurnContext, _state: TurnState) -> None:
        """Teams' other install notice (with the conversationUpdate, which says welcome)."""
        origin, workspace = await self._remember(context)
        if context.activity.action == "add":
            await name_installer_lead(self.services, origin, workspace)

    async def on_text(self, context: TurnContext, _state: TurnState) -> None:
        origin, workspace = await self._remember(context)
        raw = context.activity.text or ""
        _named, words = command_words(raw)
        request = parse_chat_message(raw)
        if is_theme_text(words):  # `themes`, `theme 12`, `told 12`..., named or not
            await on_theme_text(self.services, self.runtime, context, origin, workspace, words)
        elif request.kind is RequestKind.DIGEST:
            await on_digest(self.services, self.runtime, context, origin, workspace,
                            request.argument)
        elif request.kind is RequestKind.LIST:
            await send_list(self.services, context, origin, workspace)
        elif request.kind is RequestKind.HOME:
            await send_home(self.services, context, origin, workspace)
        elif request.kind is RequestKind.SETTINGS:
            await send_settings(self.services, context, origin, workspace)
        elif request.kind is RequestKind.OPEN_FORM:
            await send_form(self.services, context, origin, workspace, text=request.argument)
        else:  # help, and a chat that just says "thanks"
            await context.send_activity(text_message(HELP))

    async def on_form(self, context: TurnContext, _state: TurnState, data: Any) -> None:
        origin, workspace = await self._remember(context)
        await on_form_submitted(self.services, self.runtime, context, origin, workspace, data)

    async def on_settings(self, context: TurnContext, _state: TurnState, data: Any) -> None:
        origin, workspace = await self._remember(context)
        await on_settings_submitted(self.services, context, origin, workspace, data)

    async def on_fetch_task(self, context: TurnContext, _state: TurnState) -> None:
        origin, workspace = await self._remember(context)
        await on_fetch_task(self.services, context, origin, workspace)

    async def on_submit_action(self, context: TurnContext, _state: TurnState) -> None:
        origin, workspace = await self._remember(context)
        await on_submit_action(self.services, self.runtime, context, origin, workspace)

    async def on_commitment(self, context: TurnContext, _state: TurnState, data: Any) -> None:
        origin, workspace = await self._remember(context)
        await on_commitment_action(self.services, self.runtime, context, origin, workspace,
                                   item_inputs(data))

    async def on_answer(self, context: TurnContext, _state: TurnState, data: Any) -> None:
        origin, workspace = await self._remember(context)
        await on_answer_action(self.services, self.runtime, context, origin, workspace,
                               item_inputs(data))

    async def on_list(self, context: TurnContext, _state: TurnState, _data: Any) -> None:
        origin, workspace = await self._remember(context)
        await send_list(self.services, context, origin, workspace)

    async def on_open_form(self, context: TurnContext, _state: TurnState, _data: Any) -> None:
        origin, workspace = await self._remember(context)
        await send_form(self.services, context, origin, workspace)

    async def on_case(self, context: TurnContext, _state: TurnState, data: Any) -> None:
        origin, workspace = await self._remember(context)
        await on_case_action(self.services, context, origin, workspace, data)

    async def on_people_search(self, context: TurnContext, _state: TurnState) -> None:
        _origin, workspace = await self._remember(context)
        await on_people_search(self.services, context, workspace)

    async def on_theme_card(self, context: TurnContext, _state: TurnState, data: Any) -> None:
        origin, workspace = await self._remember(context)
        await on_theme_card(self.services, self.runtime, context, origin, workspace, data)

    async def on_unusable_message(self, context: TurnContext, _state: TurnState) -> None:
        """A card submit no route knows (a stale or tampered card), or a message without text
        (just an @mention, a file): say what works."""
        await self._remember(context)
        known_card = context.activity.value is not None
        await context.send_activity(text_message(UNKNOWN_BUTTON if known_card else HELP))


async def on_unknown_invoke(context: TurnContext, _state: TurnState) -> None:
    # angrycall's cards use Action.Submit (messages); an Action.Execute, or a message extension
    # invoke other than the message action's, comes from no card of ours. 200 with a message
    # Teams shows.
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


def command_words(text: str) -> tuple[bool, str]:
    """Whether the command was named, and the words after it ("angrycall themes" and
    "themes" are one request)."""
    words = " ".join(text.split())
    if words.lower() == COMMAND or words.lower().startswith(COMMAND + " "):
        return True, words[len(COMMAND) + 1:]
    return False, words
