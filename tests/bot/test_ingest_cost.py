"""A submitted case is stored in a bounded number of transactions and statements, and no
conversations.open before the owner's DM (posting to the user id reaches their DM)."""

from __future__ import annotations

from tests.bot.conftest import AppDriver
from tests.bot.form_values import case_values
from tests.bot.slack_flows import OWNER, log_a_case, open_form, promise_values, submission
from tests.statements import counted

# Storing the case, up to the answer to Slack (issue 16): the people's zones (one read), then one
# write (the people's ids, the case returning its workspace's furious-call setting, its promises,
# the audit rows). Everything after the answer starts with the reporter's confirmation: what
# reaches the database before Slack receives it is the store's.
MAX_TRANSACTIONS = 2
MAX_STATEMENTS = 8


async def test_a_case_with_one_promise_costs_two_transactions(app: AppDriver) -> None:
    await log_a_case(app)  # the people are on record from here on, as on any busy day
    view = await open_form(app)
    # The first case's work after its answer (confirmation, DM, theme offer, then the homes
    # of its reporter and owner, grouped over 1 s) is over once both homes are published.
    await app.slack.await_calls("views.publish", count=2, timeout=15)
    before = len(app.slack.dm_messages(OWNER))
    with counted() as traffic:
        response = await app.interact(
            submission(view, case_values(commitments=(promise_values(),))))
        # Told after the answer (outside the count: the confirmation, the owner's DM, the
        # theme offer's one read, and the homes a second later).
        # The second ephemeral is this case's confirmation (a theme offer may follow at once).
        confirmed = (await app.slack.await_calls("chat.postEphemeral", count=2))[1].at
        while len(app.slack.dm_messages(OWNER)) == before:
            await app.slack.await_calls("chat.postMessage", count=2)
    assert response.status_code == 200 and response.text == ""
    stored = traffic.before(confirmed)
    assert stored.transactions <= MAX_TRANSACTIONS, stored.statements
    assert len(stored.statements) <= MAX_STATEMENTS, stored.statements
    assert app.slack.calls_to("conversations.open") == []
