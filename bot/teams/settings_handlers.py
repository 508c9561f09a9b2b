"""`settings` in Teams and the settings card's Save: parse, ask
commands.settings_conversation, render. Teams' part: whom it can message, and the card."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import partial
from typing import Any

from microsoft_agents.hosting.core import TurnContext

from bot.services import Services
from bot.teams.context import PERSONAL, Origin
from bot.teams.messages import card_message, replace_card, text_message
from bot.teams.settings_card import SettingsForm, saved_card, settings_card, values_of
from bot.teams.settings_values import settings_from_submission, typed_settings
from commands.people import WorkspaceInfo
from commands.privacy import NotPrivate
from commands.refusals import NOT_ALLOWED
from commands.settings_conversation import (
    FormErrors,
    NotAllowed,
    Saved,
    SettingsAsk,
    SettingsSubmission,
    open_settings,
    save_settings,
)
from commands.settings_conversation import SettingsForm as Form
from commands.team_settings import TeamSettings
from storage import teams_addresses


async def send_settings(services: Services, context: TurnContext, origin: Origin,
                        workspace: WorkspaceInfo) -> None:
    match await open_settings(services.db, _ask(services, origin, workspace)):
        case Form(current):
            form = await _form(services, workspace, current, values_of(current))
            await context.send_activity(card_message(settings_card(form),
                                                     summary="Team settings"))
        case NotPrivate(text):
            await context.send_activity(text_message(text))
        case NotAllowed():
            await context.send_activity(text_message(NOT_ALLOWED))


async def on_settings_submitted(services: Services, context: TurnContext, origin: Origin,
                                workspace: WorkspaceInfo, data: Mapping[str, Any]) -> None:
    reply = await save_settings(services.db, SettingsSubmission(
        ask=_ask(services, origin, workspace), read=partial(settings_from_submission, data),
        reachable=partial(_reachable, services, workspace)))
    match reply:
        case Saved():
            services.workspaces.forget(origin.team)  # the categories and steps may have changed
            await replace_card(context, saved_card())
        case FormErrors(errors, current):
            form = await _form(services, workspace, current, typed_settings(data), errors)
            await replace_card(context, settings_card(form))
        case NotPrivate(text):
            await context.send_activity(text_message(text))
        case NotAllowed():
            await context.send_activity(text_message(NOT_ALLOWED))


def _ask(services: Services, origin: Origin, workspace: WorkspaceInfo) -> SettingsAsk:
    # Teams has no workspace admins angrycall could ask about.
    return SettingsAsk(workspace_id=workspace.workspace_id, actor=origin.user_id,
                       actor_is_admin=False, privately=origin.conversation_type == PERSONAL,
                       now=services.now())


async def _reachable(services: Services, workspace: WorkspaceInfo,
                     user_ids: Sequence[str]) -> set[str]:
    return await teams_addresses.reachable_among(
        services.db, workspace_id=workspace.workspace_id, user_ids=user_ids)


async def _form(services: Services, workspace: WorkspaceInfo, current: TeamSettings,
                values: Mapping[str, str], errors: Mapping[str, str] | None = None
                ) -> SettingsForm:
    people = await teams_addresses.reachable_people(services.db,
                                                    workspace_id=workspace.workspace_id)
    return SettingsForm(values=values, people=people, playbook=current.playbook,
                        errors=errors or {})
