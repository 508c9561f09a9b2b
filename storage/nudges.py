"""The nudge outbox: planning rows from the schedule, claiming them, loading their context.

Claiming and recording outcomes follow `storage.outbox`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Connection, Insert, Row, Select, Update, bindparam, update
from sqlalchemy import select as sa_select
from sqlmodel import Session

from storage.engine import dialect_insert, reading, transactional
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


@dataclass(frozen=True)
class _PlanSettings:
    """A workspace's part of every PlanInput: read and parsed once a batch."""

    work_days: tuple[int, ...]
    work_start: time
    work_end: time
    escalate_after_days: int
    pre_due_days: int
    due_lead_hours: int
    lead_person_ids: tuple[int, ...]
    holidays: tuple[date, ...]


@transactional
def plan_due_commitments(
    session: Session, *, now: datetime, batch: int, planner: Planner
) -> int:
    """Put into the outbox the nudges of up to `batch` commitments whose time has come.

    Core statements built once, run once a batch (the ORM's unit of work cost more than the
    planning itself): the commitments are read as plain rows, their new planning instants
    written with one executemany, their nudges inserted with another."""
    connection = session.connection()
    locked = connection.execute(_commitments_to_plan(connection.dialect.name),
                                {"now": now, "batch": batch}).all()
    settings = _plan_settings(session, {row.workspace_id for row in locked})
    nudges: list[dict[str, object]] = []
    planned: list[dict[str, object]] = []
    for row in locked:
        output = planner(_plan_input(row, settings[row.workspace_id]))
        nudges += [_nudge_values(row, planned_row, now) for planned_row in output.rows]
        planned.append({"commitment": row.id, "until": now, "next_at": output.next_at})
    if planned:
        connection.execute(_planned_statement(), planned)
    if nudges:
        connection.execute(_insert_ignoring_duplicates(connection.dialect.name), nudges)
    return len(locked)


@functools.cache
def _commitments_to_plan(dialect: str) -> Select[Any]:
    """Open commitments whose next nudge instant has come, oldest first (`:now`, `:batch`);
    on PostgreSQL locked, skipping those another planner holds."""
    commitment, people = Commitment.__table__, Person.__table__  # type: ignore[attr-defined]
    query = (
        sa_select(commitment.c.id, commitment.c.workspace_id, commitment.c.owner_id,
                  people.c.tz.label("owner_tz"), commitment.c.due_zone, commitment.c.due_at,
                  commitment.c.due_time, commitment.c.due_version, commitment.c.planned_until,
                  commitment.c.created_at, commitment.c.snoozed_until)
        .join(people, people.c.id == commitment.c.owner_id)
        .where(commitment.c.status == "open", commitment.c.next_nudge_at <= bindparam("now"))
        .order_by(commitment.c.next_nudge_at)
        .limit(bindparam("batch"))
    )
    if dialect == "postgresql":
        query = query.with_for_update(of=commitment, skip_locked=True)
    return query


def _plan_settings(session: Session, workspace_ids: set[int]) -> dict[int, _PlanSettings]:
    settings = {}
    for workspace_id in sorted(workspace_ids):
        workspace = session.get_one(Workspace, workspace_id)
        settings[workspace_id] = _PlanSettings(
            work_days=tuple(workspace.work_days),
            work_start=workspace.work_start,
            work_end=workspace.work_end,
            escalate_after_days=workspace.escalate_after_days,
            pre_due_days=workspace.pre_due_days,
            due_lead_hours=workspace.due_lead_hours,
            lead_person_ids=_lead_person_ids(session, workspace),
            holidays=holidays_of(workspace),
        )
    return settings


def _lead_person_ids(session: Session, workspace: Workspace) -> tuple[int, ...]:
    assert workspace.id is not None
    people = [ensure_person_in(session, workspace_id=workspace.id, user_id=user_id)
              for user_id in workspace.lead_user_ids]
    return tuple(person.id for person in people if person.id is not None)


def _plan_input(row: Row[Any], settings: _PlanSettings) -> PlanInput:
    return PlanInput(
        commitment_id=row.id,
        owner_person_id=row.owner_id,
        owner_tz=row.owner_tz or row.due_zone,
        due_at=row.due_at,
        has_time=row.due_time is not None,
        due_version=row.due_version,
        planned_until=row.planned_until or row.created_at,
        work_days=settings.work_days,
        work_start=settings.work_start,
        work_end=settings.work_end,
        escalate_after_days=settings.escalate_after_days,
        pre_due_days=settings.pre_due_days,
        due_lead_hours=settings.due_lead_hours,
        lead_person_ids=settings.lead_person_ids,
        holidays=settings.holidays,
        snoozed_until=row.snoozed_until,
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


def _nudge_values(commitment: Row[Any], row: PlannedRow, now: datetime) -> dict[str, object]:
    return {
        "workspace_id": commitment.workspace_id,
        "commitment_id": commitment.id,
        "recipient_id": row.recipient_person_id,
        "kind": row.kind,
        "fire_at": row.fire_at,
        "due_version": commitment.due_version,
        "dedupe_key": dedupe_key(commitment.id, row.kind, row.fire_at, commitment.due_version,
                                 row.recipient_person_id),
        "status": PENDING,
        "attempts": 0,
        "lost_leases": 0,
        "next_attempt_at": row.fire_at,
        "outcome_unknown": False,
        "created_at": now,
    }


@functools.cache
def _planned_statement() -> Update:
    """All up to `:until` is in the outbox; look again at `:next_at`."""
    commitment = Commitment.__table__  # type: ignore[attr-defined]
    return (update(commitment).where(commitment.c.id == bindparam("commitment"))
            .values(planned_until=bindparam("until"), next_nudge_at=bindparam("next_at")))


@functools.cache
def _insert_ignoring_duplicates(dialect: str) -> Insert:
    """One statement for a batch's nudges: planning twice inserts nothing new (the dedupe key).
    Built once: ON CONFLICT has no cache key, so it was compiled again each time."""
    insert = dialect_insert(dialect)
    statement: Insert = insert(Nudge.__table__).on_conflict_do_nothing()  # type: ignore[attr-defined]
    return statement


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
