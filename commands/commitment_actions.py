"""What the owner, the reporter or a lead can do with a promise: done, snooze, re-date, reassign."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from commands import refusals
from commands.cases import due_instant
from commands.nudges import working_hours
from commands.people import Team, in_team, zone_named
from commands.schedule import WorkingHours, next_working_morning
from storage import commitment_changes as changes
from storage.commitment_changes import CommitmentView
from storage.engine import Database

MAX_NOTE_LENGTH = 3000
SNOOZE_HOUR = timedelta(hours=1)


class Outcome(StrEnum):
    ALLOWED = "allowed"  # a check only: the actor may act on this open promise
    DONE = "done"
    SNOOZED = "snoozed"
    RENEGOTIATED = "renegotiated"
    REASSIGNED = "reassigned"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    DROPPED = "dropped"
    ALREADY_CLOSED = "already_closed"  # a repeated click, or someone else got there first
    NOT_ALLOWED = "not_allowed"
    NOT_OWNER = "not_owner"  # accepting or declining is the owner's alone
    NEEDS_TEXT = "needs_text"  # a decline without a reason, a drop without a note
    NOT_FOUND = "not_found"


class SnoozeChoice(StrEnum):
    ONE_HOUR = "1h"
    TOMORROW_MORNING = "tomorrow"


class Reaction(StrEnum):
    PLEASED = "pleased"
    NEUTRAL = "neutral"
    STILL_UPSET = "still_upset"


@dataclass(frozen=True)
class CommitmentState:
    """A commitment after an action, in neutral terms, for re-drawing the message in place."""

    commitment_id: int
    case_id: int
    customer: str
    promise: str
    owner_user_id: str
    reporter_user_id: str
    due_at: datetime
    has_time: bool
    zone_name: str
    status: str
    slips: int
    note: str
    acceptance: str = "accepted"  # pending | accepted | declined
    decline_reason: str = ""


@dataclass(frozen=True)
class ActionResult:
    outcome: Outcome
    state: CommitmentState | None = None
    case_closed: bool = False
    previous_owner_user_id: str | None = None
    snoozed_until: datetime | None = None

    @property
    def still_open(self) -> bool:
        """Whether the message it was done from keeps its buttons: the promise is open, and
        still this person's concern (a reassigned one is the new owner's)."""
        return (self.state is not None and self.state.status == "open"
                and self.outcome is not Outcome.REASSIGNED)

    def kept_on_time(self, now: datetime) -> bool:
        """A promise marked done `now`: kept by its due instant, or late."""
        return self.state is not None and now <= self.state.due_at


def refusal_text(outcome: Outcome) -> str:
    """Why an action on a promise changed nothing, in words for the person who tried."""
    texts = {Outcome.NOT_ALLOWED: refusals.PROMISE_NOT_ALLOWED,
             Outcome.NOT_FOUND: refusals.PROMISE_NOT_FOUND,
             Outcome.NOT_OWNER: refusals.PROMISE_NOT_OWNER,
             Outcome.NEEDS_TEXT: refusals.DECLINE_REASON_NEEDED}
    return texts.get(outcome, refusals.PROMISE_CLOSED)


def may_change(view: CommitmentView, actor_user_id: str) -> bool:
    """The owner, the reporter and the workspace's leads may act on a commitment."""
    return actor_user_id in {view.owner.user_id, view.reporter.user_id,
                             *view.workspace.lead_user_ids}


def state_of(view: CommitmentView) -> CommitmentState:
    c = view.commitment
    assert c.id is not None and view.case.id is not None
    return CommitmentState(
        commitment_id=c.id, case_id=view.case.id, customer=view.case.customer,
        promise=c.promise, owner_user_id=view.owner.user_id,
        reporter_user_id=view.reporter.user_id, due_at=c.due_at,
        has_time=c.due_time is not None, zone_name=view.owner.tz or c.due_zone,
        status=c.status, slips=c.slips, note=c.outcome_note, acceptance=c.acceptance,
        decline_reason=c.decline_reason,
    )


async def allowed(db: Database, commitment_id: int, actor: str,
                  team: Team) -> ActionResult | CommitmentView:
    """The commitment, if `actor` may act on it now; otherwise why not."""
    view = await changes.view_commitment(db, commitment_id=commitment_id)
    # Another workspace's promise is not found, whoever asks: ids must not leak across teams.
    if view is None or not in_team(view.workspace, team):
        return ActionResult(Outcome.NOT_FOUND)
    if not may_change(view, actor):
        return ActionResult(Outcome.NOT_ALLOWED, state_of(view))
    if view.commitment.status != "open":
        return ActionResult(Outcome.ALREADY_CLOSED, state_of(view))
    return view


async def check_access(db: Database, *, commitment_id: int, actor: str,
                       team: Team) -> ActionResult:
    """Whether `actor` may act on the promise now (before opening a form for it)."""
    checked = await allowed(db, commitment_id, actor, team)
    if isinstance(checked, ActionResult):
        return checked
    return ActionResult(Outcome.ALLOWED, state_of(checked))


async def complete(
    db: Database, *, commitment_id: int, actor: str, team: Team, note: str,
    reaction: Reaction | None, now: datetime,
) -> ActionResult:
    checked = await allowed(db, commitment_id, actor, team)
    if isinstance(checked, ActionResult):
        return checked
    done = await changes.complete_commitment(
        db, commitment_id=commitment_id, actor_user_id=actor, note=note[:MAX_NOTE_LENGTH],
        reaction=reaction.value if reaction else None, now=now,
    )
    outcome = Outcome.DONE if done.changed else Outcome.ALREADY_CLOSED
    return ActionResult(outcome, state_of(done.view), case_closed=done.case_closed)


def snooze_until(choice: SnoozeChoice, *, now: datetime, zone_name: str,
                 hours: WorkingHours | None = None) -> datetime:
    """In an hour, or at the start of the owner's next working day (not a Sunday, not a
    holiday)."""
    if choice is SnoozeChoice.ONE_HOUR:
        return now + SNOOZE_HOUR
    return next_working_morning(now, zone_named(zone_name), hours or WorkingHours())


async def snooze(
    db: Database, *, commitment_id: int, actor: str, team: Team, choice: SnoozeChoice,
    now: datetime,
) -> ActionResult:
    checked = await allowed(db, commitment_id, actor, team)
    if isinstance(checked, ActionResult):
        return checked
    zone_name = checked.owner.tz or checked.commitment.due_zone
    until = snooze_until(choice, now=now, zone_name=zone_name,
                         hours=working_hours(checked.workspace))
    view = await changes.snooze_commitment(
        db, commitment_id=commitment_id, actor_user_id=actor, until=until, now=now
    )
    if view is None:
        return ActionResult(Outcome.ALREADY_CLOSED, state_of(checked))
    return ActionResult(Outcome.SNOOZED, state_of(view), snoozed_until=until)


def renegotiation_errors(
    *, new_date: date | None, new_time: time | None, customer_informed: bool, zone_name: str,
    now: datetime,
) -> dict[str, str]:
    """Field -> message for a new date: it must be ahead, and the customer must know."""
    errors: dict[str, str] = {}
    if new_date is None:
        errors["new_date"] = refusals.NEW_DATE_MISSING
    elif due_instant(new_date, new_time, zone_named(zone_name)) <= now:
        errors["new_date"] = refusals.NEW_DATE_PAST
    if not customer_informed:
        errors["customer_informed"] = refusals.CUSTOMER_NOT_TOLD
    return errors


async def renegotiate(
    db: Database, *, commitment_id: int, actor: str, team: Team, new_date: date,
    new_time: time | None, customer_informed: bool, now: datetime,
) -> ActionResult:
    checked = await allowed(db, commitment_id, actor, team)
    if isinstance(checked, ActionResult):
        return checked
    zone = zone_named(checked.owner.tz or checked.commitment.due_zone)
    # A declined promise re-dated goes back to its owner for a yes (a date they can keep).
    acceptance = (acceptance_after_change(owner=checked.owner.user_id, actor=actor)
                  if checked.commitment.acceptance == "declined" else None)
    view = await changes.redate_commitment(
        db, commitment_id=commitment_id, actor_user_id=actor, due_date=new_date,
        due_time=new_time, due_at=due_instant(new_date, new_time, zone), due_zone=zone.key,
        customer_informed=customer_informed, now=now, acceptance=acceptance,
    )
    if view is None:
        return ActionResult(Outcome.ALREADY_CLOSED, state_of(checked))
    return ActionResult(Outcome.RENEGOTIATED, state_of(view))


async def reassign(
    db: Database, *, commitment_id: int, actor: str, team: Team, new_owner: str, now: datetime
) -> ActionResult:
    checked = await allowed(db, commitment_id, actor, team)
    if isinstance(checked, ActionResult):
        return checked
    view = await changes.reassign_commitment(
        db, commitment_id=commitment_id, actor_user_id=actor, new_owner_user_id=new_owner,
        now=now, acceptance=acceptance_after_change(owner=new_owner, actor=actor),
    )
    if view is None:
        return ActionResult(Outcome.ALREADY_CLOSED, state_of(checked))
    return ActionResult(Outcome.REASSIGNED, state_of(view),
                        previous_owner_user_id=checked.owner.user_id)


def acceptance_after_change(*, owner: str, actor: str) -> str:
    """A promise someone else set for you (made, handed over, re-dated) waits for your yes."""
    return "accepted" if owner == actor else "pending"
