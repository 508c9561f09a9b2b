"""A call settled on the spot: logged with no promise, and closed at once with its outcome."""

from __future__ import annotations

from dataclasses import replace

from commands.cases import CaseOutcome, CommitmentDraft
from commands.log_case import log_case
from commands.people import workspace_for
from storage import cases
from storage.engine import Database
from tests.commands.test_nudges import LOGGED_AT, REPORTER, TEAM
from tests.commands.test_validation import draft, errors_of, promise

EMPTY = CommitmentDraft(owner_user_id="UNY", due_date=None, due_time=None, promise="")


def test_an_empty_promise_section_is_no_promise() -> None:
    assert errors_of(draft(commitments=(EMPTY,))) == set()
    assert errors_of(draft(commitments=())) == set()
    assert draft(commitments=(promise(), EMPTY)).promises == (promise(),)


def test_an_outcome_is_for_a_case_without_promise() -> None:
    assert errors_of(draft(commitments=(EMPTY,), settled_outcome=CaseOutcome.RESOLVED)) == set()
    assert errors_of(draft(settled_outcome=CaseOutcome.RESOLVED)) == {"settled_outcome"}


async def log(db: Database, outcome: CaseOutcome | None) -> int:
    workspace = await workspace_for(db, team=TEAM, default_categories=["Billing"], now=LOGGED_AT)
    settled = replace(draft(commitments=(EMPTY,)), settled_outcome=outcome)
    logged = await log_case(db, workspace_id=workspace.workspace_id, reporter_user_id=REPORTER,
                            submission_key="k", draft=settled, zones={}, now=LOGGED_AT)
    assert logged.summary.commitments == ()
    assert logged.summary.closed_as is outcome
    return logged.summary.case_id


async def test_settled_with_an_outcome_is_closed_at_once(db: Database) -> None:
    stored = await cases.get_case(db, case_id=await log(db, CaseOutcome.RETAINED))
    assert stored is not None and stored.commitments == []
    assert (stored.case.status, stored.case.outcome, stored.case.closed_at) == (
        "closed", "retained", LOGGED_AT)
    trail = [event.kind for event in await cases.audit_trail(db, case_id=stored.case.id or 0)]
    assert trail == ["case_logged", "case_closed"]


async def test_without_an_outcome_it_stays_open(db: Database) -> None:
    stored = await cases.get_case(db, case_id=await log(db, None))
    assert stored is not None and stored.case.status == "open"
