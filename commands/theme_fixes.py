"""A theme's own promise: the owning team takes it, plans a fix date or declines it (the reason
goes back to whoever started it), marks it fixed; then every linked case's customer is told."""

from __future__ import annotations

from datetime import date, datetime

from commands.people import in_team
from commands.theme_reminders import plan_fix_reminders
from commands.theme_views import (
    ACTIVE_STATES,
    MAX_REASON,
    CustomerTold,
    ThemeRefusal,
    ThemeState,
    ThemeView,
    theme_view,
)
from commands.themes import Actor, Answer
from storage import theme_customers, themes
from storage.engine import Database
from storage.models import Workspace
from storage.themes import ThemeRecord
from storage.workspaces import get_workspace

ACTIVE = ACTIVE_STATES


async def take_theme(db: Database, *, actor: Actor, theme_id: int, now: datetime) -> Answer:
    """Someone of the owning team owns the theme from now on."""
    return await _move(db, actor, theme_id, ACTIVE, now, {}, take=True)


async def plan_fix(db: Database, *, actor: Actor, theme_id: int, fix_date: date | None,
                   now: datetime) -> Answer:
    if fix_date is None or fix_date < now.date():  # a fix date is a promise: not in the past
        return ThemeRefusal.PAST_FIX_DATE
    values = {"state": ThemeState.PLANNED.value, "fix_date": fix_date, "planned_at": now}
    answer = await _move(db, actor, theme_id, ACTIVE, now, values, take=True)
    if isinstance(answer, ThemeView):  # the fix date is a promise: remind its owner
        await plan_fix_reminders(db, view=answer, now=now)
    return answer


async def decline_theme(db: Database, *, actor: Actor, theme_id: int, reason: str,
                        now: datetime) -> Answer:
    reason = reason.strip()
    if not reason or len(reason) > MAX_REASON:
        return ThemeRefusal.NO_REASON
    values = {"state": ThemeState.DECLINED.value, "decline_reason": reason, "declined_at": now}
    answer = await _move(db, actor, theme_id, ACTIVE, now, values)
    if isinstance(answer, ThemeView):
        await theme_customers.release_cases(db, theme_id=theme_id, now=now)
    return answer


async def mark_fixed(db: Database, *, actor: Actor, theme_id: int, now: datetime) -> Answer:
    """The owner (or a lead) says the problem is gone: every linked customer is to be told."""
    found = await _theme_in(db, theme_id, actor)
    if isinstance(found, ThemeRefusal):
        return found
    record, workspace = found
    if actor.user_id not in {record.owner_user_id, *workspace.lead_user_ids}:
        return ThemeRefusal.NOT_THE_OWNER
    values = {"state": ThemeState.FIXED.value, "fixed_at": now}
    return await _move(db, actor, theme_id, ACTIVE, now, values)


async def answer_customer(db: Database, *, actor: Actor, case_id: int, told: CustomerTold,
                          reaction: str | None, now: datetime) -> Answer:
    """The case's customer heard about the fix (and how they took it), or can't be reached."""
    record = await themes.theme_of_case(db, case_id=case_id)
    if record is None:
        return ThemeRefusal.NOT_WAITING
    workspace = await get_workspace(db, workspace_id=record.theme.workspace_id)
    tellers = {c.teller_user_id for c in record.cases if c.link.case_id == case_id}
    if not in_team(workspace, actor.team) or actor.user_id not in {
            *tellers, *workspace.lead_user_ids}:
        return ThemeRefusal.NOT_FOUND
    answered = await theme_customers.answer_for_customer(db, case_id=case_id, told=told.value,
                                                reaction=reaction, now=now)
    if answered is None:
        return ThemeRefusal.NOT_WAITING
    return theme_view(answered, show_names=workspace.digest_show_names)


async def _move(db: Database, actor: Actor, theme_id: int, expected: tuple[ThemeState, ...],
                now: datetime, values: dict[str, object], *, take: bool = False) -> Answer:
    found = await _theme_in(db, theme_id, actor)
    if isinstance(found, ThemeRefusal):
        return found
    record, workspace = found
    # "Take it" always takes; planning a date takes a theme nobody owns yet.
    owner = actor.user_id if take and (not values or record.theme.owner_id is None) else None
    moved = await themes.move_theme(db, theme_id=theme_id, expected=[s.value for s in expected],
                                    by=actor.user_id, now=now, values=values, owner=owner)
    if moved is None:
        return ThemeRefusal.WRONG_STATE
    return theme_view(moved, show_names=workspace.digest_show_names)


async def _theme_in(db: Database, theme_id: int,
                    actor: Actor) -> tuple[ThemeRecord, Workspace] | ThemeRefusal:
    record = await themes.get_theme(db, theme_id=theme_id)
    if record is None:
        return ThemeRefusal.NOT_FOUND
    workspace = await get_workspace(db, workspace_id=record.theme.workspace_id)
    if not in_team(workspace, actor.team):
        return ThemeRefusal.NOT_FOUND
    return record, workspace
