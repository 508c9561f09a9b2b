"""The team settings conversation, decided once for every platform: who may open and save them
and where, what a submission may change (the platform's own checks beside the rules), and the
outer loop's part saved with the rest. The adapters read the form and render the reply."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import datetime

from commands.privacy import NotPrivate
from commands.refusals import LEADS_UNREACHABLE, SETTINGS_NOT_HERE
from commands.team_settings import (
    TeamSettings,
    may_edit,
    save_team_settings,
    settings_errors,
    team_settings,
)
from commands.theme_settings import outer_loop_of, save_outer_loop, target_error
from storage.engine import Database

LEADS_FIELD = "leads"
TARGET_FIELD = "follow_up_target"
# Who among these people the platform can message (Teams: those who have talked to the bot).
Reachable = Callable[[Sequence[str]], Awaitable[AbstractSet[str]]]


@dataclass(frozen=True)
class SettingsAsk:
    workspace_id: int
    actor: str
    actor_is_admin: bool  # the platform's workspace admins may change them too (Teams has none)
    privately: bool  # asked where no one else sees the answer (commands.privacy)
    now: datetime


@dataclass(frozen=True)
class OuterLoop:
    channels: Mapping[str, str]  # category -> its owning channel (a category without has none)
    target_hours: int  # for the first follow-up after a call


@dataclass(frozen=True)
class OuterLoopChange:
    channels: Mapping[str, str | None]  # category -> its owning channel; None unmaps it
    target_hours: int | None  # None: unchanged


@dataclass(frozen=True)
class SettingsSubmission:
    ask: SettingsAsk
    # The submitted form, read against the current settings (an unreadable input keeps its
    # value): the adapter parses, this decides.
    read: Callable[[TeamSettings], TeamSettings]
    outer_loop: OuterLoopChange | None = None  # None: the platform's form has no such part
    reachable: Reachable | None = None  # None: the platform can message anyone it names


@dataclass(frozen=True)
class NotAllowed:
    pass


@dataclass(frozen=True)
class SettingsForm:
    current: TeamSettings
    outer_loop: OuterLoop


@dataclass(frozen=True)
class FormErrors:
    errors: Mapping[str, str]  # by field; the form stays open with everything typed
    current: TeamSettings  # what the form offers beside what was typed (the playbook's steps)


@dataclass(frozen=True)
class Saved:
    settings: TeamSettings


OpenReply = NotPrivate | NotAllowed | SettingsForm
SaveReply = NotPrivate | NotAllowed | FormErrors | Saved


async def open_settings(db: Database, ask: SettingsAsk) -> OpenReply:
    """The form, for the leads and admins (for anyone while no lead is set), privately."""
    if not ask.privately:
        return NotPrivate(SETTINGS_NOT_HERE)
    current = await team_settings(db, workspace_id=ask.workspace_id)
    if not _may_edit(current, ask):
        return NotAllowed()
    channels, target = await outer_loop_of(db, workspace_id=ask.workspace_id)
    return SettingsForm(current, OuterLoop(dict(channels), target))


async def save_settings(db: Database, submission: SettingsSubmission) -> SaveReply:
    ask = submission.ask
    if not ask.privately:
        return NotPrivate(SETTINGS_NOT_HERE)
    current = await team_settings(db, workspace_id=ask.workspace_id)
    if not _may_edit(current, ask):
        return NotAllowed()
    proposed = submission.read(current)
    errors = (settings_errors(proposed) | _outer_loop_errors(submission.outer_loop)
              | await _unreachable_leads(submission.reachable, current, proposed))
    if errors:
        return FormErrors(errors, current)
    await save_team_settings(db, workspace_id=ask.workspace_id, proposed=proposed,
                             actor=ask.actor, now=ask.now)
    if submission.outer_loop is not None:
        await save_outer_loop(db, workspace_id=ask.workspace_id,
                              channels=submission.outer_loop.channels,
                              target_hours=submission.outer_loop.target_hours)
    return Saved(proposed)


def _may_edit(current: TeamSettings, ask: SettingsAsk) -> bool:
    return may_edit(current, actor=ask.actor, actor_is_admin=ask.actor_is_admin)


def _outer_loop_errors(change: OuterLoopChange | None) -> dict[str, str]:
    refused = target_error(change.target_hours) if change is not None else None
    return {TARGET_FIELD: refused.value} if refused is not None else {}


async def _unreachable_leads(reachable: Reachable | None, current: TeamSettings,
                             proposed: TeamSettings) -> dict[str, str]:
    """A new lead must be someone angrycall can message: overdue promises escalate to them
    (leads named before stay)."""
    new = [lead for lead in proposed.lead_user_ids if lead not in current.lead_user_ids]
    if reachable is None or not new:
        return {}
    return {LEADS_FIELD: LEADS_UNREACHABLE} if set(new) - set(await reachable(new)) else {}
