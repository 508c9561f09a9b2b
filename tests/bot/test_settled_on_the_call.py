"""Slack: a call settled on the spot is logged with no promise, and closed at once if the
reporter picks how it ended."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import select

from storage.models import Case, Commitment
from tests.bot.conftest import AppDriver
from tests.bot.form_values import case_values, commitment_values, field
from tests.bot.form_values import select as chosen
from tests.bot.slack_flows import OWNER, open_form, promise_values, submission
from tests.slack_requests import REPORTER

NO_PROMISE = commitment_values(0, owner=REPORTER, due=None, at=None, promise="")


def settled(outcome: str | None) -> dict[str, Any]:
    return field("settled_outcome", chosen(outcome))


async def test_the_form_allows_no_promise(app: AppDriver) -> None:
    view = await open_form(app)
    blocks = {b.get("block_id"): b for b in view["blocks"]}
    assert blocks["commitment_0_promise"]["optional"] and blocks["commitment_0_due_date"][
        "optional"]
    assert blocks["settled_outcome"]["optional"]


async def test_settled_on_the_call_and_closed_at_once(app: AppDriver) -> None:
    view = await open_form(app)
    values = {**case_values(commitments=(NO_PROMISE,)), **settled("resolved")}
    assert (await app.interact(submission(view, values))).text == ""
    (ephemeral,) = await app.slack.await_calls("chat.postEphemeral")
    assert "closed as *Resolved*" in str(ephemeral.args["blocks"])
    (case,) = app.db.run_sync(lambda s: list(s.exec(select(Case)).all()))
    assert (case.status, case.outcome) == ("closed", "resolved")
    assert app.db.run_sync(lambda s: list(s.exec(select(Commitment)).all())) == []


async def test_no_promise_and_no_outcome_yet_offers_the_case(app: AppDriver) -> None:
    view = await open_form(app)
    assert (await app.interact(submission(view, case_values(commitments=(NO_PROMISE,))))
            ).text == ""
    (ephemeral,) = await app.slack.await_calls("chat.postEphemeral")
    assert "view_case" in str(ephemeral.args["blocks"])
    (case,) = app.db.run_sync(lambda s: list(s.exec(select(Case)).all()))
    assert case.status == "open"


async def test_an_outcome_with_a_promise_is_refused(app: AppDriver) -> None:
    view = await open_form(app)
    values = {**case_values(commitments=(promise_values(owner=OWNER),)), **settled("lost")}
    answer = (await app.interact(submission(view, values))).json()
    assert set(answer["errors"]) == {"settled_outcome"}


async def test_half_a_promise_is_still_a_mistake(app: AppDriver) -> None:
    view = await open_form(app)
    half = commitment_values(0, owner=REPORTER, due=date(2026, 11, 27), at=None, promise="")
    answer = (await app.interact(submission(view, case_values(commitments=(half,))))).json()
    assert set(answer["errors"]) == {"commitment_0_promise"}
