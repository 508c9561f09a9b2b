"""A lead's settings for the outer loop: the channel that owns each category's themes, and the
target for the time to first follow-up."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from commands.people import Team, in_team
from storage import theme_facts
from storage.engine import Database
from storage.workspaces import find_workspace

MAX_TARGET_HOURS = 24 * 14


class SettingRefusal(StrEnum):
    LEADS_ONLY = "Only a lead can change the outer loop's settings."
    BAD_TARGET = "The follow-up target is a number of hours, from 1 to 336."


async def outer_loop_settings(db: Database, *, team: Team) -> tuple[dict[str, str], int]:
    """The owning channel of each category, and the follow-up target in hours."""
    workspace = await find_workspace(db, platform=team.platform, external_id=team.external_id)
    if workspace is None or workspace.id is None:
        return {}, theme_facts.DEFAULT_FOLLOW_UP_TARGET_HOURS
    return await outer_loop_of(db, workspace_id=workspace.id)


async def outer_loop_of(db: Database, *, workspace_id: int) -> tuple[dict[str, str], int]:
    return (await theme_facts.theme_channels(db, workspace_id=workspace_id),
            await theme_facts.follow_up_target(db, workspace_id=workspace_id))


def target_error(target_hours: int | None) -> SettingRefusal | None:
    if target_hours is not None and not 1 <= target_hours <= MAX_TARGET_HOURS:
        return SettingRefusal.BAD_TARGET
    return None


async def set_outer_loop(db: Database, *, team: Team, actor: str,
                         channels: Mapping[str, str | None] | None = None,
                         target_hours: int | None = None,
                         actor_is_admin: bool = False) -> SettingRefusal | None:
    """Map categories to owning channels (None unmaps) and/or set the follow-up target; for
    the leads (and a workspace's admins, as the platform says)."""
    workspace = await find_workspace(db, platform=team.platform, external_id=team.external_id)
    if workspace is None or workspace.id is None or not in_team(workspace, team) or (
            actor not in workspace.lead_user_ids and not actor_is_admin):
        return SettingRefusal.LEADS_ONLY
    if refused := target_error(target_hours):
        return refused
    await save_outer_loop(db, workspace_id=workspace.id, channels=channels or {},
                          target_hours=target_hours)
    return None


async def save_outer_loop(db: Database, *, workspace_id: int,
                          channels: Mapping[str, str | None], target_hours: int | None) -> None:
    """Store what was decided (the caller checked who asks and the target)."""
    for category, channel_id in channels.items():
        await theme_facts.map_theme_channel(db, workspace_id=workspace_id, category=category,
                                            channel_id=channel_id)
    if target_hours is not None:
        await theme_facts.set_follow_up_target(db, workspace_id=workspace_id,
                                               hours=target_hours)
