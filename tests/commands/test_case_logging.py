"""Logging a case, the one path both platforms take: validate, store once, say who is told."""

from __future__ import annotations

from commands.case_logging import CaseLogged, CaseSubmission, FormErrors, submit_case
from commands.people import workspace_for
from commands.playbook import AngerLevel
from storage.engine import Database
from tests.commands.test_nudges import LOGGED_AT, OWNER, REPORTER, TEAM
from tests.commands.test_validation import draft, promise

FURIOUS_WITH_TWO_OWNERS = draft(anger_level=AngerLevel.FURIOUS,
                                commitments=(promise(owner=REPORTER), promise(owner=OWNER)))


async def submit(db: Database, **changes: object) -> FormErrors | CaseLogged:
    workspace = await workspace_for(db, team=TEAM, default_categories=["Billing"], now=LOGGED_AT)
    fields: dict[str, object] = {
        "workspace": workspace, "reporter": REPORTER, "submission_key": "k",
        "draft": FURIOUS_WITH_TWO_OWNERS, "zones": {}, "now": LOGGED_AT, **changes}
    return await submit_case(db, CaseSubmission(**fields))  # type: ignore[arg-type]


async def test_the_other_owners_are_told_and_the_reporter_cared_for(db: Database) -> None:
    logged = await submit(db)
    assert isinstance(logged, CaseLogged)
    assert [c.owner_user_id for c in logged.owners_to_tell] == [OWNER]
    assert logged.care_line


async def test_a_repeated_submission_stores_one_case_and_tells_nobody_again(
        db: Database) -> None:
    first, again = await submit(db), await submit(db)
    assert isinstance(first, CaseLogged) and isinstance(again, CaseLogged)
    assert again.logged.summary.case_id == first.logged.summary.case_id
    assert (again.owners_to_tell, again.care_line) == ((), "")


async def test_the_platforms_refusals_are_shown_beside_the_forms_own(db: Database) -> None:
    refused = await submit(db, draft=draft(customer=""),
                           platform_errors={"commitment_0_owner": "Pick someone."})
    assert isinstance(refused, FormErrors)
    assert refused.errors["commitment_0_owner"] == "Pick someone."
    assert "customer" in refused.errors
