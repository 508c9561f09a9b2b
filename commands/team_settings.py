"""A workspace's team settings: its leads, working days and hours, when to escalate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from commands.custom_steps import from_stored, playbook_errors, stored
from commands.playbook import DEFAULT_PLAYBOOK, Playbook
from storage import promise_settings, workspaces
from storage.engine import Database
from storage.playbook_steps import save_playbook_steps

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ESCALATION_CHOICES = (1, 2, 3, 4, 5)
RETENTION_CHOICES = (30, 90, 180, 365, 730, 0)  # days; 0 keeps everything
PRE_DUE_CHOICES = (1, 2, 3)  # working days before the due date
DUE_LEAD_CHOICES = (1, 2, 3, 4)  # hours before the promised time
MAX_CATEGORIES = 100  # a Slack select holds 100 options
MAX_CATEGORY_LENGTH = 75  # and shows 75 characters of each
MAX_HOLIDAYS = 100


@dataclass(frozen=True)
class TeamSettings:
    lead_user_ids: tuple[str, ...]
    work_days: tuple[int, ...]  # Monday is 0
    work_start: time
    work_end: time
    escalate_after_days: int
    digest_show_names: bool = False
    categories: tuple[str, ...] = ()
    retention_days: int = 365
    pre_due_days: int = 1
    due_lead_hours: int = 2
    holidays: tuple[date, ...] = ()  # dates off: no nudge lands on them
    unreadable_holidays: tuple[str, ...] = ()  # lines of the form that are no date
    furious_line: bool = True  # a line of care after a furious call
    playbook: Playbook = DEFAULT_PLAYBOOK  # the built-in steps, the team's own, retired ones


def read_holidays(text: str) -> tuple[tuple[date, ...], tuple[str, ...]]:
    """Dates off, one a line as YYYY-MM-DD (a name may follow: "2026-12-25 Christmas");
    and the lines that are no date."""
    days: list[date] = []
    unreadable: list[str] = []
    for line in (raw.strip() for raw in text.splitlines()):
        if not line:
            continue
        try:
            days.append(date.fromisoformat(line.split()[0]))
        except ValueError:
            unreadable.append(line)
    return tuple(sorted(set(days))), tuple(unreadable)


async def team_settings(db: Database, *, workspace_id: int) -> TeamSettings:
    row = await workspaces.get_workspace(db, workspace_id=workspace_id)
    return TeamSettings(
        lead_user_ids=tuple(row.lead_user_ids),
        work_days=tuple(row.work_days),
        work_start=row.work_start,
        work_end=row.work_end,
        escalate_after_days=row.escalate_after_days,
        digest_show_names=row.digest_show_names,
        categories=tuple(row.categories),
        retention_days=row.retention_days,
        pre_due_days=row.pre_due_days,
        due_lead_hours=row.due_lead_hours,
        holidays=read_holidays("\n".join(row.holidays))[0],
        furious_line=row.furious_line,
        playbook=from_stored(row.custom_steps, row.retired_steps, row.playbook_since),
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
    if not proposed.categories or len(proposed.categories) > MAX_CATEGORIES:
        errors["categories"] = f"List 1 to {MAX_CATEGORIES} categories, one a line."
    elif any(len(c) > MAX_CATEGORY_LENGTH for c in proposed.categories):
        errors["categories"] = f"Keep each category under {MAX_CATEGORY_LENGTH} characters."
    if proposed.retention_days not in RETENTION_CHOICES:
        errors["retention"] = "Pick one of the offered periods."
    if proposed.pre_due_days not in PRE_DUE_CHOICES:
        errors["pre_due"] = "Pick 1 to 3 working days."
    if proposed.due_lead_hours not in DUE_LEAD_CHOICES:
        errors["due_lead"] = "Pick 1 to 4 hours."
    errors.update(_holiday_errors(proposed))
    errors.update(playbook_errors(proposed.playbook))
    return errors


def _holiday_errors(proposed: TeamSettings) -> dict[str, str]:
    if proposed.unreadable_holidays:
        return {"holidays": "Write each date off as YYYY-MM-DD, one a line; not a date: "
                            f"{proposed.unreadable_holidays[0][:40]}"}
    if len(proposed.holidays) > MAX_HOLIDAYS:
        return {"holidays": f"List at most {MAX_HOLIDAYS} dates off."}
    return {}


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
        categories=list(dict.fromkeys(proposed.categories)),
        retention_days=proposed.retention_days,
        pre_due_days=proposed.pre_due_days,
        due_lead_hours=proposed.due_lead_hours,
        actor_user_id=actor,
        now=now,
    )
    await promise_settings.update_promise_settings(
        db, workspace_id=workspace_id, holidays=[day.isoformat() for day in proposed.holidays],
        furious_line=proposed.furious_line, now=now)
    custom, retired = stored(proposed.playbook, now)
    await save_playbook_steps(db, workspace_id=workspace_id, custom=custom, retired=retired)
