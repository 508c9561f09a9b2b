"""The nudge outbox: planning rows from the schedule, claiming them, loading their context.

Claiming and recording outcomes follow `storage.outbox`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Connection, Select, bindparam
from sqlalchemy import select as sa_select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from storage.engine import reading, transactional
from storage.models import Case, Commitment, Nudge, Person, Workspace
from storage.outbox import PENDING, Claim, claim_due_rows
from storage.workspaces import ensure_person_in


@dataclass(frozen=True)
class PlanInput:
    """A commitment whose next nudge instant has come, with everything needed to plan it."""

    commitment_id: int
    owner_person_id: int
    owner_tz: str | None
    due_at: datetime
    has_time: bool
    due_version: int
    planned_until: datetime
    work_days: tuple[int, ...]
    work_start: time
    work_end: time
    escalate_after_days: int
    pre_due_days: int
    due_lead_hours: int
    lead_person_ids: tuple[int, ...]
    holidays: tuple[date, ...] = ()
    snoozed_until: datetime | None = None


@dataclass(frozen=True)
class PlannedRow:
    kind: str
    fire_at: datetime
    recipient_person_id: int


@dataclass(frozen=True)
class PlanOutput:
    rows: tuple[PlannedRow, ...]
    next_at: datetime | None


Planner = Callable[[PlanInput], PlanOutput]


def dedupe_key(commitment_id: int, kind: str, fire_at: datetime, version: int, to: int) -> str:
    return f"c{commitment_id}:{kind}:{fire_at:%Y%m%dT%H%M%S}Z:v{version}:p{to}"


@transactional
def plan_due_commitments(
    session: Session, *, now: datetime, batch: int, planner: Planner
) -> int:
    """Put into the outbox the nudges of up to `batch` commitments whose time has come."""
    locked = _lock_commitments_to_plan(session, now=now, batch=batch)
    leads_of: dict[int | None, tuple[int, ...]] = {}  # per workspace, once per batch
    nudges: list[dict[str, object]] = []
    for commitment, workspace, owner in locked:
        if workspace.id not in leads_of:
            leads_of[workspace.id] = _lead_person_ids(session, workspace)
        output = planner(_plan_input(commitment, workspace, owner, leads_of[workspace.id]))
        nudges += [_nudge_values(commitment, workspace, row, now) for row in output.rows]
        commitment.planned_until = now
        commitment.next_nudge_at = output.next_at
        session.add(commitment)
    if nudges:
        # One statement, compiled once, for the whole batch: ON CONFLICT has no cache key, so
        # a statement per row was compiled per row (40% of a tick).
        session.execute(_insert_ignoring_duplicates(session), nudges)
    return len(locked)


def _lock_commitments_to_plan(
    session: Session, *, now: datetime, batch: int
) -> list[tuple[Commitment, Workspace, Person]]:
    query = (
        select(Commitment, Workspace, Person)
        .join(Person, col(Person.id) == col(Commitment.owner_id))
        .join(Workspace, col(Workspace.id) == col(Person.workspace_id))
        .where(Commitment.status == "open", col(Commitment.next_nudge_at) <= now)
        .order_by(col(Commitment.next_nudge_at))
        .limit(batch)
    )
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(of=Commitment, skip_locked=True)
    return [(c, w, p) for c, w, p in session.exec(query).all()]


def _lead_person_ids(session: Session, workspace: Workspace) -> tuple[int, ...]:
    assert workspace.id is not None
    people = [ensure_person_in(session, workspace_id=workspace.id, user_id=user_id)
              for user_id in workspace.lead_user_ids]
    return tuple(person.id for person in people if person.id is not None)


def _plan_input(
    commitment: Commitment, workspace: Workspace, owner: Person, leads: tuple[int, ...]
) -> PlanInput:
    assert commitment.id is not None and owner.id is not None
    return PlanInput(
        commitment_id=commitment.id,
        owner_person_id=owner.id,
        owner_tz=owner.tz or commitment.due_zone,
        due_at=commitment.due_at,
        has_time=commitment.due_time is not None,
        due_version=commitment.due_version,
        planned_until=commitment.planned_until or commitment.created_at,
        work_days=tuple(workspace.work_days),
        work_start=workspace.work_start,
        work_end=workspace.work_end,
        escalate_after_days=workspace.escalate_after_days,
        pre_due_days=workspace.pre_due_days,
        due_lead_hours=workspace.due_lead_hours,
        lead_person_ids=leads,
        holidays=holidays_of(workspace),
        snoozed_until=commitment.snoozed_until,
    )


def holidays_of(workspace: Workspace) -> tuple[date, ...]:
    """The workspace's dates off; an unreadable entry is skipped, never fatal to planning."""
    return parse_holidays(workspace.holidays)


def parse_holidays(entries: Sequence[object]) -> tuple[date, ...]:
    """ISO dates as stored; an unreadable entry is skipped."""
    days: list[date] = []
    for raw in entries:
        try:
            days.append(date.fromisoformat(str(raw)))
        except ValueError:
            continue
    return tuple(days)


def _nudge_values(
    commitment: Commitment, workspace: Workspace, row: PlannedRow, now: datetime
) -> dict[str, object]:
    assert commitment.id is not None and workspace.id is not None
    return {
        "workspace_id": workspace.id,
        "commitment_id": commitment.id,
        "recipient_id": row.recipient_person_id,
        "kind": row.kind,
        "fire_at": row.fire_at,
        "due_version": commitment.due_version,
        "dedupe_key": dedupe_key(commitment.id, row.kind, row.fire_at, commitment.due_version,
                                 row.recipient_person_id),
        "status": PENDING,
        "attempts": 0,
        "next_attempt_at": row.fire_at,
        "outcome_unknown": False,
        "created_at": now,
    }


def _insert_ignoring_duplicates(session: Session) -> Any:
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    return insert(Nudge).on_conflict_do_nothing()


@transactional
def claim_due_nudges(
    session: Session, *, now: datetime, owner: str, lease: timedelta, batch: int
) -> list[Claim]:
    """Take up to `batch` due nudges (pending, or claimed with an expired lease) for `owner`."""
    return claim_due_rows(session, Nudge, now=now, owner=owner, lease=lease, batch=batch)


@dataclass(frozen=True)
class NudgeWorkspace:
    """What a nudge needs of its workspace: the platform, and the working days it counts."""

    platform: str
    external_id: str
    work_days: tuple[int, ...]
    work_start: time
    work_end: time
    holidays: tuple[date, ...]


@dataclass(frozen=True, slots=True)
class NudgeRecord:
    """A claimed nudge with all it needs to be validated and rendered: plain values, read with
    Core (building seven ORM objects a row was a tenth of a tick)."""

    # The fields up to `workspace_id` are the columns of `_records_statement`, in its order.
    nudge_id: int
    kind: str
    fire_at: datetime
    due_version: int
    recipient_id: int
    recipient_user_id: str
    recipient_tz: str | None
    commitment_id: int
    commitment_status: str
    commitment_due_version: int
    acceptance: str
    promise: str
    due_at: datetime
    due_time: time | None
    due_zone: str
    owner_id: int
    owner_user_id: str
    owner_tz: str | None
    case_id: int
    customer: str
    reporter_user_id: str
    reporter_tz: str | None
    workspace_id: int
    workspace: NudgeWorkspace


@reading
def load_nudges(session: Session, *, nudge_ids: Sequence[int]) -> list[NudgeRecord]:
    """Claimed nudges with their commitment, case and people (one query), and their
    workspaces' settings (one more, each workspace read once)."""
    connection = session.connection()
    rows = connection.execute(_records_statement(), {"ids": list(nudge_ids)}).all()
    workspaces = _nudge_workspaces(connection, {row[-1] for row in rows})
    return [NudgeRecord(*(*row, workspaces[row[-1]])) for row in rows]


@functools.cache
def _records_statement() -> Select[Any]:
    """Built once: the columns of NudgeRecord, in its order, for the nudges `:ids`."""
    nudge, commitment, case = Nudge.__table__, Commitment.__table__, Case.__table__  # type: ignore[attr-defined]
    people = Person.__table__  # type: ignore[attr-defined]
    recipient, owner, reporter = people.alias("recipient"), people.alias("owner"), people.alias(
        "reporter")
    return (
        sa_select(
            nudge.c.id, nudge.c.kind, nudge.c.fire_at, nudge.c.due_version, nudge.c.recipient_id,
            recipient.c.user_id, recipient.c.tz,
            commitment.c.id, commitment.c.status, commitment.c.due_version,
            commitment.c.acceptance, commitment.c.promise, commitment.c.due_at,
            commitment.c.due_time, commitment.c.due_zone,
            commitment.c.owner_id, owner.c.user_id, owner.c.tz,
            case.c.id, case.c.customer, reporter.c.user_id, reporter.c.tz,
            nudge.c.workspace_id,
        )
        .join(commitment, commitment.c.id == nudge.c.commitment_id)
        .join(case, case.c.id == commitment.c.case_id)
        .join(recipient, recipient.c.id == nudge.c.recipient_id)
        .join(owner, owner.c.id == commitment.c.owner_id)
        .join(reporter, reporter.c.id == case.c.reporter_id)
        .where(nudge.c.id.in_(bindparam("ids", expanding=True)))
    )


def _nudge_workspaces(connection: Connection, ids: set[int]) -> dict[int, NudgeWorkspace]:
    table = Workspace.__table__  # type: ignore[attr-defined]
    rows = connection.execute(
        sa_select(table.c.id, table.c.platform, table.c.external_id, table.c.work_days,
                  table.c.work_start, table.c.work_end, table.c.holidays)
        .where(table.c.id.in_(sorted(ids))))
    return {
        row.id: NudgeWorkspace(row.platform, row.external_id, tuple(row.work_days),
                               row.work_start, row.work_end, parse_holidays(row.holidays))
        for row in rows
    }
