"""The use case: store a validated case and its commitments, exactly once per submission."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from commands.cases import (
    CaseDraft,
    CaseOutcome,
    CaseSummary,
    CommitmentDraft,
    CommitmentSummary,
    due_instant,
)
from commands.commitment_actions import acceptance_after_change
from commands.people import UTC
from commands.playbook import AngerLevel, ContactChannel
from storage import cases
from storage.cases import OwnedCommitment, StoredCase
from storage.engine import Database
from storage.models import Case, Commitment

# After a furious call, one private line for the reporter (article 3: it is not about you).
FURIOUS_CALL_LINE = ("That sounded like a rough call. Their anger was at the problem, not at "
                     "you; take five minutes away from the screen before the next one.")


@dataclass(frozen=True)
class LoggedCase:
    summary: CaseSummary
    # False when this submission had already been stored (a retry or a double click).
    created: bool
    workspace_id: int
    logged_at: datetime  # when the case was first stored
    # Said to the reporter alone, after their confirmation; empty when there is nothing to say.
    care_line: str = ""


def care_line(anger: AngerLevel | None, *, enabled: bool) -> str:
    return FURIOUS_CALL_LINE if enabled and anger is AngerLevel.FURIOUS else ""


async def log_case(
    db: Database,
    *,
    workspace_id: int,
    reporter_user_id: str,
    submission_key: str,
    draft: CaseDraft,
    zones: Mapping[str, ZoneInfo],
    now: datetime,
    person_ids: Mapping[str, int] | None = None,
) -> LoggedCase:
    """Store a case the rules in `commands.validation` accepted; idempotent per submission key.
    `person_ids`: the rows of those of its people the caller knows."""
    stored = await cases.add_case(
        db,
        case=_case_row(draft, workspace_id=workspace_id, submission_key=submission_key, now=now),
        reporter_user_id=reporter_user_id,
        commitments=[_commitment_row(c, zones.get(c.owner_user_id, UTC), now,
                                     reporter_user_id) for c in draft.promises],
        now=now, known_people=person_ids or {},
    )
    return LoggedCase(summary=summarize(stored), created=stored.created,
                      workspace_id=workspace_id, logged_at=stored.case.created_at,
                      care_line=care_line(draft.anger_level, enabled=stored.furious_line))


def _case_row(draft: CaseDraft, *, workspace_id: int, submission_key: str, now: datetime) -> Case:
    assert draft.contact_channel is not None and draft.anger_level is not None
    return Case(
        workspace_id=workspace_id,
        reporter_id=0,  # set by storage once the reporter's row is known
        submission_key=submission_key,
        customer=draft.customer.strip(),
        contact_channel=draft.contact_channel.value,
        occurred_at=draft.occurred_at or now,
        anger_level=int(draft.anger_level),
        what_happened=draft.what_happened,
        problem=draft.problem,
        category=draft.category,
        customer_wants=draft.customer_wants,
        agreed=draft.agreed,
        deescalation_steps=list(draft.deescalation_steps),
        lessons=draft.lessons,
        share_consent=draft.share_consent,
        source_permalink=draft.source_permalink,
        created_at=now,
        **_settled(draft, now),
    )


def _settled(draft: CaseDraft, now: datetime) -> dict[str, Any]:
    """A call settled with no promise to keep is closed as it is logged, with its outcome."""
    if draft.promises or draft.settled_outcome is None:
        return {}
    return {"status": "closed", "closed_at": now, "outcome": draft.settled_outcome.value}


def _commitment_row(draft: CommitmentDraft, zone: ZoneInfo, now: datetime,
                    reporter_user_id: str) -> OwnedCommitment:
    assert draft.due_date is not None
    commitment = Commitment(
        case_id=0,  # set by storage with the case's id
        workspace_id=0,  # and the case's workspace
        position=0,
        owner_id=0,
        promise=draft.promise.strip(),
        due_date=draft.due_date,
        due_time=draft.due_time,
        due_zone=zone.key,
        due_at=due_instant(draft.due_date, draft.due_time, zone),
        created_at=now,
        acceptance=acceptance_after_change(owner=draft.owner_user_id, actor=reporter_user_id),
        # The next tick plans its nudges (skipping any whose moment passed before it existed).
        planned_until=now,
        next_nudge_at=now,
    )
    return OwnedCommitment(owner_user_id=draft.owner_user_id, commitment=commitment)


def summarize(stored: StoredCase) -> CaseSummary:
    case = stored.case
    assert case.id is not None
    return CaseSummary(
        case_id=case.id,
        reporter_user_id=stored.user_id(case.reporter_id),
        customer=case.customer,
        contact_channel=ContactChannel(case.contact_channel),
        anger_level=AngerLevel(case.anger_level),
        category=case.category,
        what_happened=case.what_happened,
        agreed=case.agreed,
        deescalation_steps=tuple(case.deescalation_steps),
        share_consent=case.share_consent,
        commitments=tuple(_commitment_summary(stored, c) for c in stored.commitments),
        source_permalink=case.source_permalink,
        closed_as=CaseOutcome(case.outcome) if case.status == "closed" and case.outcome in set(
            CaseOutcome) else None,
    )


def _commitment_summary(stored: StoredCase, commitment: Commitment) -> CommitmentSummary:
    assert commitment.id is not None
    return CommitmentSummary(
        commitment_id=commitment.id,
        owner_user_id=stored.user_id(commitment.owner_id),
        promise=commitment.promise,
        due_date=commitment.due_date,
        due_time=commitment.due_time,
        due_at=commitment.due_at,
        zone_name=commitment.due_zone,
    )
