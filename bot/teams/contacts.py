"""First contact, every contact: the tenant, the person (name, timezone) and where to reach them.

Called at the start of every turn, so the personal chat a nudge needs is on record from the
first message or the app's install (conversationUpdate), without a separate sign-up step.
"""

from __future__ import annotations

from microsoft_agents.hosting.core import TurnContext

from bot.services import Services
from bot.teams.context import PERSONAL, Origin, origin_of
from commands.people import WorkspaceInfo, workspace_for
from storage import teams_addresses
from storage.first_lead import name_first_lead


async def remember(services: Services, context: TurnContext,
                   default_tenant: str | None) -> tuple[Origin, WorkspaceInfo]:
    origin = origin_of(context.activity, default_tenant=default_tenant)
    now = services.now()
    workspace = await workspace_for(services.db, team=origin.team,
                                    default_categories=services.settings.categories, now=now)
    if not origin.user_id:
        return origin, workspace
    if origin.conversation_type == PERSONAL:
        await _keep_personal_chat(services, workspace.workspace_id, origin)
    known = await services.zones.known(workspace_id=workspace.workspace_id,
                                       user_ids=[origin.user_id], now=now)
    zone = known.zones.get(origin.user_id)
    if origin.zone_name and (zone is None or zone.key != origin.zone_name or known.stale):
        # Teams tells us the client's zone with every message: dates typed mean that zone.
        profile = {origin.user_id: (origin.zone_name, origin.name)}
        await services.zones.remember(workspace_id=workspace.workspace_id, profiles=profile,
                                      now=now)
    return origin, workspace


async def _keep_personal_chat(services: Services, workspace_id: int, origin: Origin) -> None:
    if not await teams_addresses.is_known(services.db, workspace_id=workspace_id,
                                          user_id=origin.user_id, display_name=origin.name,
                                          reference=origin.reference):
        await teams_addresses.save_personal_address(
            services.db, workspace_id=workspace_id, user_id=origin.user_id,
            display_name=origin.name, reference=origin.reference)


async def name_installer_lead(services: Services, origin: Origin,
                              workspace: WorkspaceInfo) -> bool:
    """Whoever installs the app leads the team while no lead is set: a Teams-only install has
    no workspace admin, and someone must be able to change the settings. True when the
    installer leads alone now."""
    if not origin.user_id:
        return False
    named = await name_first_lead(services.db, workspace_id=workspace.workspace_id,
                                  user_id=origin.user_id, now=services.now())
    if named:
        services.workspaces.forget(origin.team)
    return named
