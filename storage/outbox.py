"""The outbox pattern shared by nudges and digests: claim with a lease, fenced outcomes.

Claims are atomic: PostgreSQL locks the chosen rows with FOR UPDATE SKIP LOCKED so concurrent
dispatchers take disjoint batches; SQLite has one writer, and every writing transaction starts
with BEGIN IMMEDIATE (see `storage.engine`), so the UPDATE ... RETURNING below runs alone.
Outcomes are fenced by (lease owner, attempt): a dispatcher whose lease was taken over records
nothing.

Leases are real time, never the tick's business instant (`now`, frozen for a whole tick and
possibly hours in the past with `tick --at`): each claim and each heartbeat reads the database's
clock, so replicas whose clocks disagree still agree on who holds a row. SQLite is a file on
one host, whose processes all share that host's clock.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, Update, and_, bindparam, case, func, or_, update
from sqlmodel import Session, col, select

from storage.engine import transactional, transactional_statements
from storage.models import DigestPost, Nudge
from storage.theme_models import ThemeNotice, ThemeNudge, WeeklyNote

PENDING, CLAIMED, SENT, CANCELLED, DEAD = "pending", "claimed", "sent", "cancelled", "dead"
OutboxRow = (type[Nudge] | type[DigestPost] | type[ThemeNudge] | type[WeeklyNote]
             | type[ThemeNotice])


@dataclass(frozen=True)
class Claim:
    row_id: int
    attempt: int
    outcome_unknown: bool
    # Times this row was taken over after a holder's lease ran out (it crashed or hung).
    lost_leases: int = 0

    @property
    def nudge_id(self) -> int:
        return self.row_id


def lease_clock(session: Session) -> datetime:
    """The instant leases are measured by: PostgreSQL's clock, or this host's for SQLite."""
    if session.get_bind().dialect.name == "postgresql":
        instant: datetime = session.execute(select(func.clock_timestamp())).scalar_one()
        return instant
    return datetime.now(UTC)


def claim_due_rows(
    session: Session, model: OutboxRow, *, now: datetime, owner: str, lease: timedelta,
    batch: int,
) -> list[Claim]:
    """Rows due at `now` (business time), pending or with a lease run out (real time)."""
    held_at = lease_clock(session)
    connection = session.connection()
    rows = connection.execute(_claim_statement(model, connection.dialect.name), {
        "now": now, "held_at": held_at, "until": held_at + lease, "owner": owner,
        "batch": batch})
    return [Claim(row_id=r[0], attempt=r[1], outcome_unknown=r[2], lost_leases=r[3])
            for r in rows]


@functools.cache
def _claim_statement(model: OutboxRow, dialect: str) -> Update:
    """Built once per table and dialect, bound per claim: a Core UPDATE ... RETURNING on the
    table (the ORM-enabled one cost more than the statement). On PostgreSQL the chosen rows
    are locked, skipping those another dispatcher holds."""
    table = model.__table__  # type: ignore[union-attr]
    due = (
        select(table.c.id)
        .where(
            table.c.next_attempt_at <= bindparam("now"),
            or_(table.c.status == PENDING,
                and_(table.c.status == CLAIMED, table.c.lease_expires_at < bindparam("held_at"))),
        )
        .order_by(table.c.next_attempt_at)
        .limit(bindparam("batch"))
    )
    if dialect == "postgresql":
        due = due.with_for_update(skip_locked=True)
    return (
        update(table)
        .where(table.c.id.in_(due.scalar_subquery()))
        .values(status=CLAIMED, lease_owner=bindparam("owner"),
                lease_expires_at=bindparam("until", type_=table.c.lease_expires_at.type),
                attempts=table.c.attempts + 1,
                lost_leases=table.c.lost_leases + case((table.c.status == CLAIMED, 1), else_=0))
        .returning(table.c.id, table.c.attempts, table.c.outcome_unknown, table.c.lost_leases)
    )


@transactional
def extend_leases(
    session: Session, *, model: OutboxRow = Nudge, claims: list[Claim], owner: str,
    lease: timedelta,
) -> set[int]:
    """The heartbeat: renew the lease of the claims still held; returns their row ids."""
    if not claims:
        return set()
    held = or_(*(and_(col(model.id) == c.row_id, col(model.attempts) == c.attempt)
                 for c in claims))
    renewed = session.execute(
        update(model)
        .where(held, col(model.status) == CLAIMED, col(model.lease_owner) == owner)
        .values(lease_expires_at=lease_clock(session) + lease)
        .returning(col(model.id))
    )
    return {row[0] for row in renewed}


def _fenced(model: OutboxRow, row_id: int, owner: str, attempt: int) -> list[object]:
    return [
        col(model.id) == row_id,
        col(model.status) == CLAIMED,
        col(model.lease_owner) == owner,
        col(model.attempts) == attempt,
    ]


@functools.cache
def _mark_sent_statement(model: OutboxRow) -> Update:
    """Built once per table, bound per call: a Core UPDATE on the table, not the ORM entity
    (an ORM-enabled UPDATE synchronises the session and cost ten times the statement)."""
    table = model.__table__  # type: ignore[union-attr]
    return (
        update(table)
        .where(table.c.id == bindparam("row_id"), table.c.status == CLAIMED,
               table.c.lease_owner == bindparam("owner"),
               table.c.attempts == bindparam("attempt"))
        .values(status=SENT, sent_at=bindparam("sent_at"),
                channel_id=bindparam("sent_to"), message_ts=bindparam("ts"),
                lease_owner=None, lease_expires_at=None, outcome_unknown=False)
    )


@transactional
def mark_sent(
    session: Session, *, model: OutboxRow = Nudge, claim: Claim, owner: str, channel_id: str,
    message_ts: str, now: datetime,
) -> bool:
    """Record delivery; False if the lease had been lost (another dispatcher took over)."""
    result = session.execute(_mark_sent_statement(model), {
        "row_id": claim.row_id, "owner": owner, "attempt": claim.attempt, "sent_at": now,
        "sent_to": channel_id, "ts": message_ts})
    return bool(result.rowcount)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Sent:
    """One delivery to record: the claim it went out under, where it landed, when."""

    claim: Claim
    channel_id: str
    message_ts: str


@transactional_statements
def mark_all_sent(
    connection: Connection, *, model: OutboxRow = Nudge, sent: list[Sent], owner: str,
    now: datetime,
) -> set[int]:
    """Record many deliveries in one transaction; returns the row ids recorded (a row whose
    lease was lost meanwhile is left alone and missing from the answer). A connection, not an
    ORM session: a tick commits one of these for every two or three nudges."""
    result = connection.execute(_mark_sent_statement(model), [
        {"row_id": s.claim.row_id, "owner": owner, "attempt": s.claim.attempt, "sent_at": now,
         "sent_to": s.channel_id, "ts": s.message_ts} for s in sent])
    if result.rowcount == len(sent):
        return {s.claim.row_id for s in sent}
    return _recorded_by_us(connection, model, sent)


def _recorded_by_us(connection: Connection, model: OutboxRow, sent: list[Sent]) -> set[int]:
    """The rare case: some leases were lost. Which of `sent` this transaction marked (a row
    another dispatcher sent carries that dispatcher's message, not ours)."""
    table = model.__table__  # type: ignore[union-attr]
    ours = {(s.claim.row_id, s.message_ts) for s in sent}
    rows = connection.execute(
        select(table.c.id, table.c.message_ts)
        .where(table.c.id.in_([s.claim.row_id for s in sent]), table.c.status == SENT))
    return {row_id for row_id, ts in rows if (row_id, ts) in ours}


@transactional
def release_for_retry(
    session: Session, *, model: OutboxRow = Nudge, claim: Claim, owner: str,
    retry_at: datetime, error: str, outcome_unknown: bool, give_up: bool,
    count_attempt: bool = True,
) -> bool:
    """Put a failed attempt back (or to rest, `dead`, when retries are exhausted)."""
    values: dict[str, object] = {
        "status": DEAD if give_up else PENDING,
        "lease_owner": None,
        "lease_expires_at": None,
        "next_attempt_at": retry_at,
        "last_error": error[:500],
    }
    if outcome_unknown:
        values["outcome_unknown"] = True
    if not count_attempt:
        values["attempts"] = col(model.attempts) - 1
    result = session.execute(
        update(model)
        .where(*_fenced(model, claim.row_id, owner, claim.attempt))  # type: ignore[arg-type]
        .values(**values)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


@transactional
def finish_without_sending(
    session: Session, *, model: OutboxRow = Nudge, claim: Claim, owner: str, status: str,
    reason: str,
) -> bool:
    """Close a claimed row that must not be sent (`cancelled`) or cannot be (`dead`)."""
    result = session.execute(
        update(model)
        .where(*_fenced(model, claim.row_id, owner, claim.attempt))  # type: ignore[arg-type]
        .values(status=status, lease_owner=None, lease_expires_at=None, last_error=reason[:500])
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Backlog:
    """What waits in one outbox table: rows due and not finished, and the oldest one's due time."""

    due: int
    oldest_due_at: datetime | None


def backlog(session: Session, model: OutboxRow, *, now: datetime) -> Backlog:
    """For monitoring: rows due at `now` still pending or claimed (one indexed aggregate)."""
    count, oldest = session.execute(
        select(func.count(), func.min(col(model.next_attempt_at)))
        .where(col(model.status).in_((PENDING, CLAIMED)), col(model.next_attempt_at) <= now)
    ).one()
    if oldest is not None and oldest.tzinfo is None:  # SQLite's MIN() skips the column type
        oldest = datetime.fromisoformat(str(oldest)).replace(tzinfo=UTC)
    return Backlog(due=int(count), oldest_due_at=oldest)
