"""What angrycall answers when someone acts on a promise, in neutral types: a refusal, the
form's mistakes, the form to open, or the action done with whoever must hear of it. Each
platform renders these and decides nothing (commands.promise_conversations decides)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from commands.commitment_actions import ActionResult, CommitmentState, Outcome, refusal_text


class PromiseField(StrEnum):
    """The inputs of a promise's forms; the platforms name their inputs the same."""

    NEW_DATE = "new_date"
    CUSTOMER_INFORMED = "customer_informed"
    NEW_OWNER = "new_owner"
    REASON = "reason"  # why a promise is declined
    NOTE = "note"  # what the customer was told of a dropped promise


@dataclass(frozen=True)
class Refused:
    """Nothing changed: the actor may not act, the promise is gone or already closed."""

    why: Outcome

    @property
    def text(self) -> str:
        return refusal_text(self.why)


@dataclass(frozen=True)
class FormErrors:
    errors: Mapping[str, str]  # by PromiseField (or the platform's field): the form stays open
    state: CommitmentState  # the promise as it stands, to draw the form again


@dataclass(frozen=True)
class FormReady:
    """The actor may fill this form now; a new date starts from today in the promise's zone."""

    state: CommitmentState
    today: date


@dataclass(frozen=True)
class AskedToAccept:
    """To the owner of a promise handed over or re-dated for them: can you keep it?"""

    user_id: str
    state: CommitmentState
    by_user_id: str
    new_date: bool  # a declined promise with a new date, rather than one handed over


@dataclass(frozen=True)
class TellReporterDeclined:
    """To whoever logged it: the owner declined (and why); they reassign, re-date or drop it."""

    user_id: str
    state: CommitmentState


@dataclass(frozen=True)
class TellCaseClosed:
    """To whoever logged it: the last promise of their case is kept."""

    user_id: str
    state: CommitmentState


Notice = AskedToAccept | TellReporterDeclined | TellCaseClosed


@dataclass(frozen=True)
class Acted:
    result: ActionResult  # the promise after the action: redraw the message it came from
    notices: tuple[Notice, ...]  # who else is told, and what
    homes: tuple[str, ...]  # whose home (their list of promises) changed

    @property
    def answered(self) -> bool:
        """An answer to "can you keep it?" (or a drop): drawn as an answer, not a nudge."""
        return self.result.outcome in ANSWERS


ANSWERS = frozenset({Outcome.ACCEPTED, Outcome.DECLINED, Outcome.DROPPED})
DONE_WITH = frozenset({Outcome.DONE, Outcome.SNOOZED, Outcome.RENEGOTIATED, Outcome.REASSIGNED,
                       *ANSWERS})

ActReply = Refused | Acted
FormReply = Refused | FormErrors | Acted
OpenReply = Refused | FormReady


def reply_to(result: ActionResult, actor: str) -> ActReply:
    """The action's reply: what changed, who hears of it, whose home to redraw."""
    if result.outcome not in DONE_WITH or result.state is None:
        return Refused(result.outcome)
    return Acted(result, notices_after(result, actor), homes_after(result, actor))


def notices_after(result: ActionResult, actor: str) -> tuple[Notice, ...]:
    """Who else must know: a new owner asked for a yes, the reporter of a decline or of a
    closed case; never the actor, who sees their own action."""
    state = result.state
    assert state is not None
    notices: list[Notice] = []
    asks_again = result.outcome in {Outcome.REASSIGNED, Outcome.RENEGOTIATED}
    if asks_again and state.acceptance == "pending" and state.owner_user_id != actor:
        notices.append(AskedToAccept(state.owner_user_id, state, actor,
                                     new_date=result.outcome is Outcome.RENEGOTIATED))
    if result.outcome is Outcome.DECLINED and state.reporter_user_id != actor:
        notices.append(TellReporterDeclined(state.reporter_user_id, state))
    # A dropped promise closes its case without being kept: nobody is congratulated.
    if result.case_closed and result.outcome is Outcome.DONE and (
            state.reporter_user_id != actor):
        notices.append(TellCaseClosed(state.reporter_user_id, state))
    return tuple(notices)


def homes_after(result: ActionResult, actor: str) -> tuple[str, ...]:
    """Everyone whose list of promises changed: the actor, the owner (old and new), the
    reporter (who sees the unaccepted and declined promises of their cases)."""
    state = result.state
    assert state is not None
    people = (actor, state.owner_user_id, result.previous_owner_user_id, state.reporter_user_id)
    return tuple(dict.fromkeys(p for p in people if p))
