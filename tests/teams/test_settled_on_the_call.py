"""Teams: a call settled on the spot is logged with no promise, closed at once with its outcome."""

from __future__ import annotations

from sqlmodel import select

from storage.models import Case, Commitment
from tests.teams.activities import submit
from tests.teams.conftest import TeamsDriver
from tests.teams.test_form_flow import inputs, open_form, valid_form

NO_PROMISE = {"commitment_0_due_date": "", "commitment_0_due_time": "",
              "commitment_0_promise": ""}


async def test_the_card_offers_an_outcome(teams: TeamsDriver) -> None:
    fields = inputs((await open_form(teams)).card)
    assert "settled_outcome" in fields
    assert "required" not in fields["commitment_0_promise"]["label"]


async def test_settled_on_the_call_and_closed_at_once(teams: TeamsDriver) -> None:
    form = await open_form(teams)
    key = form.card["actions"][0]["data"]["submission_key"]
    value = {**valid_form(key), **NO_PROMISE, "settled_outcome": "retained"}
    await teams.send(submit(teams.connector.url, value, reply_to=form.activity_id))
    (case,) = teams.db.run_sync(lambda s: list(s.exec(select(Case)).all()))
    assert (case.status, case.outcome) == ("closed", "retained")
    assert teams.db.run_sync(lambda s: list(s.exec(select(Commitment)).all())) == []
    logged = teams.connector.posts[-1].card
    assert any("closed as Customer retained" in e.get("text", "") for e in logged["body"])


async def test_an_outcome_with_a_promise_is_refused(teams: TeamsDriver) -> None:
    form = await open_form(teams)
    key = form.card["actions"][0]["data"]["submission_key"]
    value = {**valid_form(key), "settled_outcome": "lost"}
    await teams.send(submit(teams.connector.url, value, reply_to=form.activity_id))
    refreshed = teams.connector.posts[-1].card
    assert any(e.get("id") == "settled_outcome_error" for e in refreshed["body"])
    assert teams.db.run_sync(lambda s: list(s.exec(select(Case)).all())) == []
