"""A workspace's team settings: its leads, working days and hours, when to escalate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from storage import workspaces
from storage.engine import Database

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ESCALATION_CHOICES = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class TeamSettings:
    lead_user_ids: tuple[str, ...]
    work_days: tuple[int, ...]  # Monday is 0
    work_start: time
    work_end: time
    escalate_after_days: int
    digest_show_names: bool = False


async def team_settings(db: Database, *, workspace_id: int) -> TeamSettings:
    row = await workspaces.get_workspace(db, workspace_id=workspace_id)
    return TeamSettings(
        lead_user_ids=tuple(row.lead_user_ids),
        work_days=tuple(row.work_days),
        work_start=row.work_start,
        work_end=row.work_end,
        escalate_after_days=row.escalate_after_days,
        digest_show_names=row.digest_show_names,
    )


def may_edit(current: TeamSettings, *, actor: str, actor_is_admin: bool) -> bool:
    """Leads and workspace admins may; anyone may while no lead is set (the first set-up)."""
    return not current.lead_user_ids or actor in current.lead_user_ids or actor_is_admin


def settings_errors(proposed: TeamSettings) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not proposed.work_days:
        errors["work_days"] = "Pick at least one working day."
    if proposed.work_start >= proposed.work_end:
        errors["work_end"] = "The working day must end after it starts."
    if proposed.escalate_after_days not in ESCALATION_CHOICES:
        errors["escalate_after"] = "Pick 1 to 5 working days."
    return errors


async def save_team_settings(
    db: Database, *, workspace_id: int, proposed: TeamSettings, actor: str, now: datetime
) -> None:
    await workspaces.update_team_settings(
        db,
        workspace_id=workspace_id,
        lead_user_ids=list(proposed.lead_user_ids),
        work_days=sorted(set(proposed.work_days)),
        work_start=proposed.work_start,
        work_end=proposed.work_end,
        escalate_after_days=proposed.escalate_after_days,
        digest_show_names=proposed.digest_show_names,
        actor_user_id=actor,
        now=now,
    )
