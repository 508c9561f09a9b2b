"""The digest read from the database: renegotiations counted in the week they happen, old
overdue promises kept, kept-after-a-new-date told apart, colleagues' names known."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from commands.digest_delivery import build_digest
from commands.digest_week import counted_days
from storage.case_lifecycle import close_case
from storage.cases import OwnedCommitment, add_case
from storage.commitment_changes import complete_commitment, redate_commitment
from storage.digests import Scope
from storage.engine import Database
from storage.models import Case, Commitment
from storage.workspaces import ensure_workspace, get_workspace

STARTED = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)
MONDAY = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)  # the digest of 2026-W48, 09:00 Berlin
BERLIN = ZoneInfo("Europe/Berlin")


async def _case(db: Database, workspace_id: int, key: str, logged: datetime,
                dues: list[datetime]) -> list[int]:
    stored = await add_case(db, case=Case(
        workspace_id=workspace_id, reporter_id=0, submission_key=key, customer="Acme",
        contact_channel="phone", occurred_at=logged, anger_level=4, what_happened="Charged twice",
        created_at=logged), reporter_user_id="UREP", commitments=[
        OwnedCommitment(owner_user_id="UOWN", commitment=Commitment(
            case_id=0, workspace_id=0, position=0, owner_id=0, promise="Call back",
            due_date=due.date(), due_zone="UTC", due_at=due, created_at=logged))
        for due in dues], now=logged)
    return [c.id or 0 for c in stored.commitments]


async def test_the_weeks_promises_as_they_ended(db: Database) -> None:
    workspace = await ensure_workspace(db, platform="slack", external_id="T1",
                                       default_categories=[], now=STARTED)
    wid = workspace.id or 0
    # Overdue since October, never kept: still in the digest of late November.
    await _case(db, wid, "old", STARTED, [STARTED + timedelta(days=3)])
    week_start = MONDAY - timedelta(days=7)
    kept, redated, moved_out = await _case(db, wid, "this", week_start + timedelta(hours=1), [
        MONDAY - timedelta(days=3), MONDAY - timedelta(days=6), MONDAY - timedelta(days=5)])
    day = MONDAY - timedelta(days=4)
    await complete_commitment(db, commitment_id=kept, actor_user_id="UOWN", note="",
                              reaction=None, now=day)
    for commitment_id, new_due in ((redated, MONDAY - timedelta(days=2)),
                                   (moved_out, MONDAY + timedelta(days=10))):
        await redate_commitment(db, commitment_id=commitment_id, actor_user_id="UOWN",
                                due_date=new_due.date(), due_time=None, due_at=new_due,
                                due_zone="UTC", customer_informed=True, now=day)
    await complete_commitment(db, commitment_id=redated, actor_user_id="UOWN", note="",
                              reaction=None, now=day + timedelta(hours=1))
    week = counted_days(MONDAY, BERLIN, STARTED)
    digest = await build_digest(db, scope=Scope(workspace_id=wid),
                                workspace=await get_workspace(db, workspace_id=wid), week=week,
                                now=MONDAY)
    n = digest.numbers
    assert (n.due, n.kept_on_time, n.kept_after_new_date) == (2, 1, 1)
    assert n.renegotiated == 2  # both renegotiations happened this week, one moved it away
    assert (n.overdue, n.overdue_from_earlier) == (1, 1)
    assert digest.kudos == (("UOWN", 1),)
    assert (digest.first_day, digest.last_day, digest.label) == (
        date(2026, 11, 23), date(2026, 11, 29), "2026-W48")


async def _shared_case(db: Database, workspace_id: int, customer: str, agreed: str) -> int:
    logged = MONDAY - timedelta(days=3)
    stored = await add_case(db, case=Case(
        workspace_id=workspace_id, reporter_id=0, submission_key=customer, customer=customer,
        contact_channel="phone", occurred_at=logged, anger_level=4, what_happened="Late order",
        agreed=agreed, share_consent=True, created_at=logged),
        reporter_user_id="UREP", commitments=[], now=logged)
    return stored.case.id or 0


async def test_a_study_tells_how_the_case_ended(db: Database) -> None:
    workspace = await ensure_workspace(db, platform="slack", external_id="T1",
                                       default_categories=[], now=STARTED)
    wid = workspace.id or 0
    retained = await _shared_case(db, wid, "Globex", "Refund")
    await _shared_case(db, wid, "Initech", "Partial delivery")
    await close_case(db, case_id=retained, actor_user_id="UREP", outcome="retained",
                     mood_after=4, now=MONDAY - timedelta(days=2))
    digest = await build_digest(db, scope=Scope(workspace_id=wid),
                                workspace=await get_workspace(db, workspace_id=wid),
                                week=counted_days(MONDAY, BERLIN, STARTED), now=MONDAY)
    outcomes = {s.what_we_did: s.outcome for s in digest.studies}
    assert outcomes == {"Refund": "Customer retained.", "Partial delivery": "Still open."}
