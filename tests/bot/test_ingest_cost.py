"""A submitted case costs few round trips: two transactions, a handful of statements, and no
conversations.open before the owner's DM (posting to the user id reaches their DM)."""

from __future__ import annotations

from tests.bot.conftest import AppDriver
from tests.bot.form_values import case_values
from tests.bot.slack_flows import OWNER, log_a_case, open_form, promise_values, submission
from tests.statements import counted

MAX_TRANSACTIONS = 2
MAX_STATEMENTS = 8


async def test_a_case_with_one_promise_costs_two_transactions(app: AppDriver) -> None:
    await log_a_case(app)  # the people are on record from here on, as on any busy day
    view = await open_form(app)
    before = len(app.slack.dm_messages(OWNER))
    with counted() as traffic:
        response = await app.interact(
            submission(view, case_values(commitments=(promise_values(),))))
        await app.slack.await_calls("chat.postEphemeral", count=2)
        while len(app.slack.dm_messages(OWNER)) == before:
            await app.slack.await_calls("chat.postMessage", count=2)
    assert response.status_code == 200 and response.text == ""
    assert traffic.transactions <= MAX_TRANSACTIONS
    assert len(traffic.statements) <= MAX_STATEMENTS, traffic.statements
    assert app.slack.calls_to("conversations.open") == []
