"""What a promise's message shows after an action, decided once for both platforms."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from commands.commitment_actions import ActionResult, CommitmentState, Outcome

DUE = datetime(2026, 11, 27, 20, 0, tzinfo=UTC)


def result(outcome: Outcome, status: str = "open") -> ActionResult:
    state = CommitmentState(commitment_id=1, case_id=1, customer="Acme", promise="Call back",
                            owner_user_id="U1", reporter_user_id="U1", due_at=DUE,
                            has_time=True, zone_name="UTC", status=status, slips=0, note="")
    return ActionResult(outcome, state)


@pytest.mark.parametrize(("outcome", "status", "buttons"), [
    (Outcome.SNOOZED, "open", True),
    (Outcome.RENEGOTIATED, "open", True),
    (Outcome.REASSIGNED, "open", False),  # the new owner's now
    (Outcome.DONE, "done", False),
    (Outcome.ALREADY_CLOSED, "done", False),
])
def test_the_buttons_stay_while_the_promise_is_still_this_persons(
        outcome: Outcome, status: str, buttons: bool) -> None:
    assert result(outcome, status).still_open is buttons


def test_done_by_the_due_instant_is_kept_on_time() -> None:
    done = result(Outcome.DONE, "done")
    assert done.kept_on_time(DUE) and not done.kept_on_time(DUE + timedelta(seconds=1))
    assert not ActionResult(Outcome.NOT_FOUND).still_open
