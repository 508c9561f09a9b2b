"""A case as its people see it after logging (who may see and manage it), closing it from
code (the outer loop's tests and scripts), and retention. The conversations about a case (view,
note, edit, close, delete) are `commands.case_conversation`'s."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from commands.cases import CaseDraft, CaseSummary

# CaseOutcome lives with the case's draft (a case may close as it is logged); kept importable here.
from commands.cases import CaseOutcome as CaseOutcome
from commands.log_case import summarize
from commands.people import Team, in_team
from commands.playbook import DEFAULT_PLAYBOOK, AngerLevel, ContactChannel, Playbook, playbook_of
from storage import case_lifecycle as lifecycle
from storage import cases
from storage.case_lifecycle import NoteLine, TimelineEntry
from storage.cases import StoredCase
from storage.engine import Database
from storage.models import Case, Workspace
from storage.workspaces import get_workspace


@dataclass(frozen=True)
class CaseDetail:
    summary: CaseSummary
    status: str
    outcome: CaseOutcome | None
    mood_after: int | None
    notes: tuple[NoteLine, ...]
    timeline: tuple[TimelineEntry, ...]
    can_manage: bool  # edit, close and delete: the reporter and the leads
    draft: CaseDraft  # the case's own fields as stored, for the edit form
    categories: tuple[str, ...]
    people: tuple[str, ...] = ()  # everyone who sees it: reporter, owners, leads
    playbook: Playbook = DEFAULT_PLAYBOOK  # the workspace's steps, retired ones included

    @property
    def can_close(self) -> bool:
        return self.can_manage and self.status == "open"


async def case_detail(db: Database, *, case_id: int, viewer: str,
                      team: Team) -> CaseDetail | None:
    """Everything about a case, for its reporter, its owners and the leads of its workspace;
    None for anyone else, and for any request from another workspace."""
    stored = await cases.get_case(db, case_id=case_id)
    if stored is None:
        return None
    workspace = await get_workspace(db, workspace_id=stored.case.workspace_id)
    if not in_team(workspace, team):
        return None
    return await _detail_for(db, stored, workspace, viewer)


async def detail_in_workspace(db: Database, *, case_id: int, viewer: str,
                              workspace_id: int) -> CaseDetail | None:
    """As `case_detail`, for a request whose workspace is already known by its id."""
    stored = await cases.get_case(db, case_id=case_id)
    if stored is None or stored.case.workspace_id != workspace_id:
        return None
    workspace = await get_workspace(db, workspace_id=workspace_id)
    return await _detail_for(db, stored, workspace, viewer)


async def _detail_for(db: Database, stored: StoredCase, workspace: Workspace,
                      viewer: str) -> CaseDetail | None:
    leads = set(workspace.lead_user_ids)
    if viewer not in {*stored.user_ids.values(), *leads}:
        return None
    case = stored.case
    assert case.id is not None
    return CaseDetail(
        summary=summarize(stored), status=case.status,
        outcome=CaseOutcome(case.outcome) if case.outcome in set(CaseOutcome) else None,
        mood_after=case.mood_after,
        notes=tuple(await lifecycle.notes_of(db, case_id=case.id)),
        timeline=tuple(await lifecycle.timeline(db, case_id=case.id)),
        can_manage=viewer == stored.user_id(case.reporter_id) or viewer in leads,
        draft=_draft_of(case),
        categories=tuple(workspace.categories),
        people=tuple(dict.fromkeys([*stored.user_ids.values(), *workspace.lead_user_ids])),
        playbook=playbook_of(workspace.custom_steps, workspace.retired_steps),
    )


def _draft_of(case: Case) -> CaseDraft:
    return CaseDraft(
        customer=case.customer, contact_channel=ContactChannel(case.contact_channel),
        occurred_at=case.occurred_at, anger_level=AngerLevel(case.anger_level),
        what_happened=case.what_happened, problem=case.problem, category=case.category,
        customer_wants=case.customer_wants, agreed=case.agreed,
        deescalation_steps=tuple(case.deescalation_steps),
        lessons=case.lessons, share_consent=case.share_consent, commitments=())


async def close_case(db: Database, *, case_id: int, actor: str, team: Team,
                     outcome: CaseOutcome, mood_after: int | None, now: datetime) -> bool:
    detail = await case_detail(db, case_id=case_id, viewer=actor, team=team)
    if detail is None or not detail.can_manage:
        return False
    return await lifecycle.close_case(db, case_id=case_id, actor_user_id=actor,
                                      outcome=outcome.value, mood_after=mood_after, now=now)


async def apply_retention(db: Database, *, now: datetime) -> int:
    """Erase what the workspaces' retention settings say must go; returns how many cases."""
    return await lifecycle.erase_expired_text(db, now=now)
