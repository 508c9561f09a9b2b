"""Digest subscriptions, the week's cases and promises, and the digest outbox."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from storage.engine import dialect_insert, reading, transactional
from storage.models import (
    AuditEvent,
    Case,
    Commitment,
    DigestPost,
    DigestSubscription,
    Person,
    Workspace,
)
from storage.outbox import PENDING, Claim, claim_due_rows


@transactional
def subscribe(
    session: Session, *, workspace_id: int, channel_id: str, weekday: int, at: time, tz: str,
    categories: list[str], members_only: bool, by: str, first_post_at: datetime, now: datetime,
) -> DigestSubscription:
    """Subscribe a channel (or change its schedule); one subscription per channel."""
    found = session.exec(select(DigestSubscription).where(
        DigestSubscription.workspace_id == workspace_id,
        DigestSubscription.channel_id == channel_id)).first()
    subscription = found or DigestSubscription(workspace_id=workspace_id, channel_id=channel_id,
                                               created_at=now)
    subscription.weekday, subscription.at, subscription.tz = weekday, at, tz
    subscription.categories, subscription.active, subscription.created_by = categories, True, by
    subscription.members_only = members_only
    subscription.next_post_at = first_post_at
    session.add(subscription)
    session.flush()
    return subscription


@transactional
def unsubscribe(session: Session, *, workspace_id: int, channel_id: str) -> bool:
    found = session.exec(select(DigestSubscription).where(
        DigestSubscription.workspace_id == workspace_id,
        DigestSubscription.channel_id == channel_id,
        DigestSubscription.active == True)).first()  # noqa: E712
    if found is None:
        return False
    found.active = False
    session.add(found)
    return True


@reading
def subscription_of(session: Session, *, workspace_id: int,
                    channel_id: str) -> DigestSubscription | None:
    return session.exec(select(DigestSubscription).where(
        DigestSubscription.workspace_id == workspace_id,
        DigestSubscription.channel_id == channel_id)).first()


@dataclass(frozen=True)
class Scope:
    """Which cases a digest speaks of: one workspace, maybe some categories, maybe some people."""

    workspace_id: int
    categories: Sequence[str] = ()
    people: frozenset[str] | None = None  # platform user ids; None: everyone


def _case_filters(scope: Scope) -> list[Any]:
    filters: list[Any] = [col(Case.workspace_id) == scope.workspace_id]
    if scope.categories:
        filters.append(col(Case.category).in_(list(scope.categories)))
    if scope.people is not None:
        people = list(scope.people)
        reporter = select(Person.id).where(col(Person.user_id).in_(people),
                                           Person.workspace_id == scope.workspace_id)
        owned = (select(Commitment.case_id)
                 .join(Person, col(Person.id) == col(Commitment.owner_id))
                 .where(col(Person.user_id).in_(people)))
        filters.append(or_(col(Case.reporter_id).in_(reporter), col(Case.id).in_(owned)))
    return filters


def _promise_filters(scope: Scope) -> list[Any]:
    filters: list[Any] = [col(Commitment.workspace_id) == scope.workspace_id]
    if scope.categories:
        filters.append(col(Case.category).in_(list(scope.categories)))
    if scope.people is not None:
        owners = select(Person.id).where(col(Person.user_id).in_(list(scope.people)),
                                         Person.workspace_id == scope.workspace_id)
        filters.append(col(Commitment.owner_id).in_(owners))
    return filters


@dataclass(frozen=True)
class CaseRow:
    case: Case
    outcome_notes: list[str]


@dataclass(frozen=True)
class PromiseRow:
    commitment: Commitment
    owner_user_id: str


@reading
def cases_logged(session: Session, *, scope: Scope, start: datetime,
                 end: datetime) -> list[CaseRow]:
    query = select(Case).where(*_case_filters(scope), col(Case.created_at) >= start,
                               col(Case.created_at) < end)
    cases = list(session.exec(query.order_by(col(Case.id))).all())
    notes: dict[int, list[str]] = {}
    if cases:
        rows = session.exec(select(Commitment.case_id, Commitment.outcome_note).where(
            col(Commitment.case_id).in_([c.id for c in cases]),
            Commitment.outcome_note != "")).all()
        for case_id, note in rows:
            notes.setdefault(case_id, []).append(note)
    return [CaseRow(case=c, outcome_notes=notes.get(c.id or 0, [])) for c in cases]


@reading
def promises_due(session: Session, *, scope: Scope, start: datetime, end: datetime,
                 overdue_at: datetime | None = None) -> list[PromiseRow]:
    """Promises due in [start, end); with `overdue_at`, also every one still open and overdue
    then, however old."""
    in_week = (col(Commitment.due_at) >= start) & (col(Commitment.due_at) < end)
    overdue = ((col(Commitment.status) == "open") & (col(Commitment.due_at) < overdue_at)
               if overdue_at is not None else in_week)
    query = (
        select(Commitment, Person.user_id)
        .join(Case, col(Case.id) == col(Commitment.case_id))
        .join(Person, col(Person.id) == col(Commitment.owner_id))
        .where(*_promise_filters(scope), or_(in_week, overdue))
        .order_by(col(Commitment.id))
    )
    return [PromiseRow(commitment=c, owner_user_id=u) for c, u in session.exec(query).all()]


@reading
def renegotiations(session: Session, *, scope: Scope, start: datetime, end: datetime) -> int:
    """How many times promises were given a new date in [start, end)."""
    query = (
        select(func.count())
        .select_from(AuditEvent)
        .join(Commitment, col(Commitment.id) == col(AuditEvent.commitment_id))
        .join(Case, col(Case.id) == col(Commitment.case_id))
        .where(*_promise_filters(scope), AuditEvent.kind == "commitment_renegotiated",
               col(AuditEvent.at) >= start, col(AuditEvent.at) < end)
    )
    return int(session.exec(query).one())


@reading
def unanswered_promises(session: Session, *, scope: Scope) -> tuple[int, int]:
    """Open promises made for someone else that are still waiting for their owner's yes, and
    those the owner declined (back with whoever logged them), however old."""
    query = (
        select(Commitment.acceptance, func.count())
        .join(Case, col(Case.id) == col(Commitment.case_id))
        .where(*_promise_filters(scope), Commitment.status == "open",
               col(Commitment.acceptance).in_(["pending", "declined"]))
        .group_by(col(Commitment.acceptance))
    )
    counts = dict(session.exec(query).all())
    return int(counts.get("pending", 0)), int(counts.get("declined", 0))


@reading
def first_case_at(session: Session, *, scope: Scope) -> datetime | None:
    found = session.exec(select(func.min(Case.created_at)).where(*_case_filters(scope))).one()
    return found if isinstance(found, datetime) else None


@reading
def colleague_names(session: Session, *, workspace_id: int) -> list[str]:
    """The display names of a workspace's people, for anonymizing channel posts."""
    query = select(Person.display_name).where(Person.workspace_id == workspace_id,
                                              Person.display_name != "")
    return [name for name in session.exec(query).all() if name.strip()]


@reading
def weekly_counts(session: Session, *, scope: Scope, end: datetime,
                  weeks: int) -> list[tuple[int, int, int]]:
    """(cases logged, promises due, kept on time) for each of `weeks` weeks ending at `end`."""
    start = end - timedelta(weeks=weeks)
    logged = select(Case.created_at).where(*_case_filters(scope), col(Case.created_at) >= start,
                                           col(Case.created_at) < end)
    due = (select(Commitment.due_at, Commitment.done_at)
           .join(Case, col(Case.id) == col(Commitment.case_id))
           .where(*_promise_filters(scope), col(Commitment.due_at) >= start,
                  col(Commitment.due_at) < end))
    counts = [[0, 0, 0] for _ in range(weeks)]
    for (created_at,) in session.execute(logged).all():
        counts[_week_index(created_at, start)][0] += 1
    for due_at, done_at in session.execute(due).all():
        counts[_week_index(due_at, start)][1] += 1
        counts[_week_index(due_at, start)][2] += int(done_at is not None and done_at <= due_at)
    return [(a, b, c) for a, b, c in counts]


def _week_index(instant: datetime, start: datetime) -> int:
    return int((instant - start) / timedelta(weeks=1))


@reading
def customers_before(session: Session, *, workspace_id: int, before: datetime,
                     names: Sequence[str]) -> set[str]:
    """Which of these customers (case-folded) had a case logged before `before`."""
    if not names:
        return set()
    folded = [n.strip().casefold() for n in names]
    query = select(func.lower(Case.customer)).where(
        Case.workspace_id == workspace_id, col(Case.created_at) < before,
        func.lower(Case.customer).in_(folded)).distinct()
    return {str(name) for name in session.exec(query).all()}


# -- the digest outbox --------------------------------------------------------------------

PostPlanner = Callable[[DigestSubscription], tuple[datetime | None, datetime, str]]


@transactional
def plan_due_digests(session: Session, *, now: datetime, planner: PostPlanner) -> int:
    """Insert the digest row of each subscription whose time has come; schedule the next."""
    query = select(DigestSubscription).where(DigestSubscription.active == True,  # noqa: E712
                                             col(DigestSubscription.next_post_at) <= now)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    subscriptions = list(session.exec(query).all())
    for subscription in subscriptions:
        fire_at, next_at, week = planner(subscription)
        if fire_at is not None:
            _insert_post(session, subscription, fire_at, week, now)
        subscription.next_post_at = next_at
        session.add(subscription)
    return len(subscriptions)


def _insert_post(session: Session, subscription: DigestSubscription, fire_at: datetime,
                 week: str, now: datetime) -> None:
    insert = dialect_insert(session.get_bind().dialect.name)
    session.execute(insert(DigestPost).values(
        subscription_id=subscription.id, iso_week=week, fire_at=fire_at, status=PENDING,
        attempts=0, next_attempt_at=fire_at, outcome_unknown=False, created_at=now,
    ).on_conflict_do_nothing())


@transactional
def ensure_post_due_now(session: Session, *, subscription_id: int, week: str,
                        fire_at: datetime, now: datetime) -> DigestPost:
    """The digest row for a week, due now unless already posted (`angrycall digest --post`)."""
    subscription = session.get_one(DigestSubscription, subscription_id)
    _insert_post(session, subscription, fire_at, week, now)
    post = session.exec(select(DigestPost).where(DigestPost.subscription_id == subscription_id,
                                                 DigestPost.iso_week == week)).one()
    if post.status == PENDING and post.next_attempt_at > now:
        post.next_attempt_at = now
        session.add(post)
    return post


@reading
def subscription_for_channel(session: Session, *, channel_id: str) -> DigestSubscription | None:
    return session.exec(select(DigestSubscription).where(
        DigestSubscription.channel_id == channel_id,
        DigestSubscription.active == True)).first()  # noqa: E712


@transactional
def claim_due_digests(session: Session, *, now: datetime, owner: str, lease: timedelta,
                      batch: int) -> list[Claim]:
    return claim_due_rows(session, DigestPost, now=now, owner=owner, lease=lease, batch=batch)


@dataclass(frozen=True)
class PostContext:
    post: DigestPost
    subscription: DigestSubscription
    workspace: Workspace


@reading
def post_context(session: Session, *, post_id: int) -> PostContext:
    post = session.get_one(DigestPost, post_id)
    subscription = session.get_one(DigestSubscription, post.subscription_id)
    return PostContext(post=post, subscription=subscription,
                       workspace=session.get_one(Workspace, subscription.workspace_id))
