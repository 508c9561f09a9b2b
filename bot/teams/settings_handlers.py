"""`settings` in the Teams personal chat: the leads (anyone, while none is set) edit the team
settings by the rules Slack's modal follows (`commands.team_settings`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from microsoft_agents.hosting.core import TurnContext

from bot.services import Services
from bot.teams.context import PERSONAL, Origin
from bot.teams.ids import SettingId
from bot.teams.messages import card_message, replace_card, text_message
from bot.teams.settings_card import SettingsForm, saved_card, settings_card, values_of
from bot.teams.settings_values import settings_from_submission, typed_settings
from commands.people import WorkspaceInfo
from commands.refusals import NOT_ALLOWED
from commands.team_settings import (
    TeamSettings,
    may_edit,
    save_team_settings,
    settings_errors,
    team_settings,
)
from storage import teams_addresses

PERSONAL_ONLY = "The team settings open in my personal chat: message me `settings` there."
NOT_REACHABLE = "Pick leads from the list: angrycall can only escalate to people it can message."


async def send_settings(services: Services, context: TurnContext, origin: Origin,
                        workspace: WorkspaceInfo) -> None:
    if origin.conversation_type != PERSONAL:
        await context.send_activity(text_message(PERSONAL_ONLY))
        return
    current = await team_settings(services.db, workspace_id=workspace.workspace_id)
    if not may_edit(current, actor=origin.user_id, actor_is_admin=False):
        await context.send_activity(text_message(NOT_ALLOWED))
        return
    form = await _form(services, workspace, current, values_of(current))
    await context.send_activity(card_message(settings_card(form), summary="Team settings"))


async def on_settings_submitted(services: Services, context: TurnContext, origin: Origin,
                                workspace: WorkspaceInfo, data: Mapping[str, Any]) -> None:
    current = await team_settings(services.db, workspace_id=workspace.workspace_id)
    if origin.conversation_type != PERSONAL or not may_edit(
            current, actor=origin.user_id, actor_is_admin=False):
        await context.send_activity(text_message(NOT_ALLOWED))
        return
    proposed = settings_from_submission(data, current)
    errors = settings_errors(proposed) | await _unreachable_leads(services, workspace,
                                                                  current, proposed)
    if errors:
        form = await _form(services, workspace, current, typed_settings(data), errors)
        await replace_card(context, settings_card(form))
        return
    await save_team_settings(services.db, workspace_id=workspace.workspace_id,
                             proposed=proposed, actor=origin.user_id, now=services.now())
    services.workspaces.forget(origin.team)  # the categories and steps may have changed
    await replace_card(context, saved_card())


async def _unreachable_leads(services: Services, workspace: WorkspaceInfo,
                             current: TeamSettings, proposed: TeamSettings) -> dict[str, str]:
    """A new lead must be someone angrycall can message (leads named before stay)."""
    new = [lead for lead in proposed.lead_user_ids if lead not in current.lead_user_ids]
    reachable = await teams_addresses.reachable_among(
        services.db, workspace_id=workspace.workspace_id, user_ids=new)
    return {SettingId.LEADS.value: NOT_REACHABLE} if set(new) - reachable else {}


async def _form(services: Services, workspace: WorkspaceInfo, current: TeamSettings,
                values: Mapping[str, str], errors: Mapping[str, str] | None = None
                ) -> SettingsForm:
    people = await teams_addresses.reachable_people(services.db,
                                                    workspace_id=workspace.workspace_id)
    return SettingsForm(values=values, people=people, playbook=current.playbook,
                        errors=errors or {})
