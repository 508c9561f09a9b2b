"""A promise's buttons, from a nudge, a list or a home, decided once for every platform: who may
act, what each form needs, what the promise becomes and who hears of it. The adapters parse a
click or a form into one of these requests and render the reply (commands.promise_replies)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum

from commands import acceptance, refusals
from commands import commitment_actions as actions
from commands.commitment_actions import Outcome, Reaction, SnoozeChoice
from commands.people import Team
from commands.promise_replies import (
    ActReply,
    FormErrors,
    FormReady,
    FormReply,
    OpenReply,
    PromiseField,
    Refused,
    reply_to,
)
from commands.zones import zone_named
from storage.engine import Database


@dataclass(frozen=True)
class PromiseAsk:  # who acts on which promise, from which workspace, and when
    team: Team
    actor: str
    commitment_id: int
    now: datetime


class PromiseForm(StrEnum):  # the forms a promise's buttons open before anything changes
    DONE = "done"
    RENEGOTIATE = "renegotiate"
    REASSIGN = "reassign"
    DECLINE = "decline"  # the owner's alone
    DROP = "drop"


@dataclass(frozen=True)
class OpenForm:
    ask: PromiseAsk
    form: PromiseForm


@dataclass(frozen=True)
class MarkDone:
    ask: PromiseAsk
    note: str = ""  # optional: what was done, what happened
    reaction: Reaction | None = None


@dataclass(frozen=True)
class Snooze:
    ask: PromiseAsk
    choice: SnoozeChoice


@dataclass(frozen=True)
class Renegotiate:
    ask: PromiseAsk
    new_date: date | None
    new_time: time | None
    customer_informed: bool


@dataclass(frozen=True)
class Reassign:
    ask: PromiseAsk
    new_owner: str | None
    # What only the platform knows of the new owner (not a user of this workspace, someone it
    # cannot message), by field, as commands.case_logging takes it.
    platform_errors: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Accept:
    ask: PromiseAsk


@dataclass(frozen=True)
class Decline:
    ask: PromiseAsk
    reason: str


@dataclass(frozen=True)
class Drop:
    ask: PromiseAsk
    note: str  # what the customer was told


async def open_form(db: Database, request: OpenForm) -> OpenReply:
    """May the actor fill it now? Owner, reporter, leads, on an open promise; a decline is the
    owner's alone."""
    ask = request.ask
    checked = await actions.check_access(db, commitment_id=ask.commitment_id, actor=ask.actor,
                                         team=ask.team)
    state = checked.state
    if checked.outcome is not Outcome.ALLOWED or state is None:
        return Refused(checked.outcome)
    if request.form is PromiseForm.DECLINE and state.owner_user_id != ask.actor:
        return Refused(Outcome.NOT_OWNER)
    return FormReady(state, today=ask.now.astimezone(zone_named(state.zone_name)).date())


async def mark_done(db: Database, request: MarkDone) -> ActReply:
    ask = request.ask
    result = await actions.complete(db, commitment_id=ask.commitment_id, actor=ask.actor,
                                    team=ask.team, note=request.note.strip(),
                                    reaction=request.reaction, now=ask.now)
    return reply_to(result, ask.actor)


async def snooze(db: Database, request: Snooze) -> ActReply:
    ask = request.ask
    result = await actions.snooze(db, commitment_id=ask.commitment_id, actor=ask.actor,
                                  team=ask.team, choice=request.choice, now=ask.now)
    return reply_to(result, ask.actor)


async def renegotiate(db: Database, request: Renegotiate) -> FormReply:
    """A new date ahead of the owner's now, and only once the customer knows it."""
    ask = request.ask
    ready = await open_form(db, OpenForm(ask, PromiseForm.RENEGOTIATE))
    if isinstance(ready, Refused):
        return ready
    errors = actions.renegotiation_errors(
        new_date=request.new_date, new_time=request.new_time,
        customer_informed=request.customer_informed, zone_name=ready.state.zone_name,
        now=ask.now)
    if errors or request.new_date is None:
        return FormErrors(errors, ready.state)
    result = await actions.renegotiate(
        db, commitment_id=ask.commitment_id, actor=ask.actor, team=ask.team,
        new_date=request.new_date, new_time=request.new_time,
        customer_informed=request.customer_informed, now=ask.now)
    return reply_to(result, ask.actor)


async def reassign(db: Database, request: Reassign) -> FormReply:
    """To someone picked (the platform vouches they can be reminded); they are asked for a yes
    unless they hand it to themselves."""
    ask = request.ask
    ready = await open_form(db, OpenForm(ask, PromiseForm.REASSIGN))
    if isinstance(ready, Refused):
        return ready
    if not request.new_owner:
        return FormErrors({PromiseField.NEW_OWNER: refusals.PICK_SOMEONE}, ready.state)
    if request.platform_errors:
        return FormErrors(request.platform_errors, ready.state)
    result = await actions.reassign(db, commitment_id=ask.commitment_id, actor=ask.actor,
                                    team=ask.team, new_owner=request.new_owner, now=ask.now)
    return reply_to(result, ask.actor)


async def accept(db: Database, request: Accept) -> ActReply:
    ask = request.ask
    result = await acceptance.accept(db, commitment_id=ask.commitment_id, actor=ask.actor,
                                     team=ask.team, now=ask.now)
    return reply_to(result, ask.actor)


async def decline(db: Database, request: Decline) -> FormReply:
    """The owner's alone, and only with a reason: whoever logged it decides what next."""
    ask = request.ask
    if not request.reason.strip():
        return await _needs_text(db, OpenForm(ask, PromiseForm.DECLINE), PromiseField.REASON,
                                 refusals.DECLINE_REASON_NEEDED)
    result = await acceptance.decline(db, commitment_id=ask.commitment_id, actor=ask.actor,
                                      team=ask.team, reason=request.reason, now=ask.now)
    return reply_to(result, ask.actor)


async def drop(db: Database, request: Drop) -> FormReply:
    """Nobody will keep it: only with a note of what the customer was told."""
    ask = request.ask
    if not request.note.strip():
        return await _needs_text(db, OpenForm(ask, PromiseForm.DROP), PromiseField.NOTE,
                                 refusals.DROP_NOTE_NEEDED)
    result = await acceptance.drop(db, commitment_id=ask.commitment_id, actor=ask.actor,
                                   team=ask.team, note=request.note, now=ask.now)
    return reply_to(result, ask.actor)


async def _needs_text(db: Database, request: OpenForm, missing: PromiseField,
                      text: str) -> Refused | FormErrors:
    """A form sent empty: refused as any action would be, else asked for its words."""
    ready = await open_form(db, request)
    if isinstance(ready, Refused):
        return ready
    return FormErrors({missing: text}, ready.state)

