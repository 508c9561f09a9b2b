"""A case's life after logging: who may see and change it, notes, closing, deleting."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from commands.cases import MAX_TEXT_LENGTH, CaseDraft, CaseSummary, FormContext

# CaseOutcome lives with the case's draft (a case may close as it is logged); kept importable here.
from commands.cases import CaseOutcome as CaseOutcome
from commands.log_case import summarize
from commands.people import Team, in_team
from commands.playbook import DEFAULT_PLAYBOOK, AngerLevel, ContactChannel, Playbook, playbook_of
from commands.validation import validate_case
from storage import case_lifecycle as lifecycle
from storage import cases
from storage.case_lifecycle import NoteLine, TimelineEntry
from storage.engine import Database
from storage.models import Case
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


async def case_detail(db: Database, *, case_id: int, viewer: str,
                      team: Team) -> CaseDetail | None:
    """Everything about a case, for its reporter, its owners and the leads of its workspace;
    None for anyone else, and for any request from another workspace."""
    stored = await cases.get_case(db, case_id=case_id)
    if stored is None:
        return None
    workspace = await get_workspace(db, workspace_id=stored.case.workspace_id)
    leads = set(workspace.lead_user_ids)
    if not in_team(workspace, team) or viewer not in {*stored.user_ids.values(), *leads}:
        return None
    case = stored.case
    return CaseDetail(
        summary=summarize(stored), status=case.status,
        outcome=CaseOutcome(case.outcome) if case.outcome in set(CaseOutcome) else None,
        mood_after=case.mood_after,
        notes=tuple(await lifecycle.notes_of(db, case_id=case_id)),
        timeline=tuple(await lifecycle.timeline(db, case_id=case_id)),
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


async def add_note(db: Database, *, case_id: int, author: str, team: Team, text: str,
                   now: datetime) -> bool:
    detail = await case_detail(db, case_id=case_id, viewer=author, team=team)
    if detail is None or not text.strip():
        return False
    await lifecycle.add_note(db, case_id=case_id, author_user_id=author,
                             text=text.strip()[:MAX_TEXT_LENGTH], now=now)
    return True


async def close_case(db: Database, *, case_id: int, actor: str, team: Team,
                     outcome: CaseOutcome, mood_after: int | None, now: datetime) -> bool:
    detail = await case_detail(db, case_id=case_id, viewer=actor, team=team)
    if detail is None or not detail.can_manage:
        return False
    return await lifecycle.close_case(db, case_id=case_id, actor_user_id=actor,
                                      outcome=outcome.value, mood_after=mood_after, now=now)


async def delete_case(db: Database, *, case_id: int, actor: str, team: Team,
                      now: datetime) -> tuple[str, ...] | None:
    """Delete the case; the people whose view of it changed (reporter, owners, leads),
    None when refused."""
    detail = await case_detail(db, case_id=case_id, viewer=actor, team=team)
    if detail is None or not detail.can_manage:
        return None
    if not await lifecycle.delete_case(db, case_id=case_id, actor_user_id=actor, now=now):
        return None
    return detail.people


async def apply_retention(db: Database, *, now: datetime) -> int:
    """Erase what the workspaces' retention settings say must go; returns how many cases."""
    return await lifecycle.erase_expired_text(db, now=now)


async def edit_case(db: Database, *, case_id: int, actor: str, team: Team, draft: CaseDraft,
                    now: datetime) -> dict[str, str]:
    """Change a case's own fields (not its promises); the errors to show, empty when saved."""
    detail = await case_detail(db, case_id=case_id, viewer=actor, team=team)
    if detail is None or not detail.can_manage:
        return {"customer": "Only whoever logged the case, or a lead, can edit it."}
    edited = replace(draft, commitments=(), occurred_at=draft.occurred_at
                     or detail.draft.occurred_at)
    context = FormContext(reporter_user_id=actor, categories=detail.categories)
    if errors := validate_case(edited, context=context, now=now):
        return errors
    assert edited.contact_channel is not None and edited.anger_level is not None
    await lifecycle.update_case(
        db, case_id=case_id, actor_user_id=actor, now=now, values={
            "customer": edited.customer.strip(), "contact_channel": edited.contact_channel.value,
            "occurred_at": edited.occurred_at, "anger_level": int(edited.anger_level),
            "what_happened": edited.what_happened, "problem": edited.problem,
            "category": edited.category, "customer_wants": edited.customer_wants,
            "agreed": edited.agreed, "lessons": edited.lessons,
            "deescalation_steps": list(edited.deescalation_steps),
            "share_consent": edited.share_consent})
    return {}
