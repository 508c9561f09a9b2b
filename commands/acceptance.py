"""A promise made for someone else is theirs to accept or decline; a declined one goes back to
whoever logged it, who reassigns it, agrees a new date, or drops it with a note."""

from __future__ import annotations

from datetime import datetime

from commands.commitment_actions import (
    MAX_NOTE_LENGTH,
    ActionResult,
    Outcome,
    allowed,
    state_of,
)
from commands.people import Team
from storage import commitment_acceptance as answers
from storage.engine import Database


async def accept(db: Database, *, commitment_id: int, actor: str, team: Team,
                 now: datetime) -> ActionResult:
    return await _answer(db, commitment_id, actor, team, accepted=True, reason="", now=now)


async def decline(db: Database, *, commitment_id: int, actor: str, team: Team, reason: str,
                  now: datetime) -> ActionResult:
    """Only with a reason: the reporter decides what happens next, and needs to know why."""
    if not reason.strip():
        return ActionResult(Outcome.NEEDS_TEXT)
    return await _answer(db, commitment_id, actor, team, accepted=False,
                         reason=reason.strip()[:MAX_NOTE_LENGTH], now=now)


async def _answer(db: Database, commitment_id: int, actor: str, team: Team, *, accepted: bool,
                  reason: str, now: datetime) -> ActionResult:
    checked = await allowed(db, commitment_id, actor, team)
    if isinstance(checked, ActionResult):
        return checked
    if checked.owner.user_id != actor:
        return ActionResult(Outcome.NOT_OWNER, state_of(checked))
    view = await answers.answer_commitment(db, commitment_id=commitment_id, actor_user_id=actor,
                                           accepted=accepted, reason=reason, now=now)
    if view is None:
        return ActionResult(Outcome.ALREADY_CLOSED, state_of(checked))
    return ActionResult(Outcome.ACCEPTED if accepted else Outcome.DECLINED, state_of(view))


async def drop(db: Database, *, commitment_id: int, actor: str, team: Team, note: str,
               now: datetime) -> ActionResult:
    """Nobody will keep it: say so in a note (what the customer was told)."""
    if not note.strip():
        return ActionResult(Outcome.NEEDS_TEXT)
    checked = await allowed(db, commitment_id, actor, team)
    if isinstance(checked, ActionResult):
        return checked
    dropped = await answers.drop_commitment(db, commitment_id=commitment_id, actor_user_id=actor,
                                            note=note.strip()[:MAX_NOTE_LENGTH], now=now)
    if dropped is None:
        return ActionResult(Outcome.ALREADY_CLOSED, state_of(checked))
    view, case_closed = dropped
    return ActionResult(Outcome.DROPPED, state_of(view), case_closed=case_closed)
