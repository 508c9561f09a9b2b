"""A submitted case is stored in a bounded number of transactions and statements, and no
conversations.open before the owner's DM (posting to the user id reaches their DM)."""

from __future__ import annotations

from tests.bot.conftest import AppDriver
from tests.bot.form_values import case_values
from tests.bot.slack_flows import OWNER, log_a_case, open_form, promise_values, submission
from tests.statements import counted

# Storing the case, up to the answer to Slack (issue 16's bounds): the people's zones (one read,
# unless this process read them in the last 30 s), then one write (the people's ids, the case
# returning its workspace's furious-call setting, its promises, the audit rows). Slack gets its
# answer once that write has committed; what follows (the theme offer's read, the confirmation,
# the owner's DM, the homes) is not the store's.
MAX_TRANSACTIONS = 2
MAX_STATEMENTS = 8


async def test_a_case_with_one_promise_costs_one_transaction(app: AppDriver) -> None:
    # The people are on record from here on, as on any busy day, and their zones (and rows)
    # were read a moment ago: the next case only writes.
    await log_a_case(app)
    view = await open_form(app)
    # The first case's work after its answer (confirmation, DM, theme offer, then the homes
    # of its reporter and owner, grouped over 1 s) is over once both homes are published.
    await app.slack.await_calls("views.publish", count=2, timeout=15)
    before = len(app.slack.dm_messages(OWNER))
    with counted() as traffic:
        response = await app.interact(
            submission(view, case_values(commitments=(promise_values(),))))
        # Told after the answer: the confirmation (the second ephemeral, with the theme
        # offer its one read found) and the owner's DM; the homes follow a second later.
        await app.slack.await_calls("chat.postEphemeral", count=2)
        while len(app.slack.dm_messages(OWNER)) == before:
            await app.slack.await_calls("chat.postMessage", count=2)
    assert response.status_code == 200 and response.text == ""
    stored = traffic.through_transaction_of("INSERT INTO cases")
    assert stored.transactions == 1 <= MAX_TRANSACTIONS, stored.statements
    assert len(stored.statements) <= MAX_STATEMENTS, stored.statements
    # Nothing read, either: the people's rows are known from their zones' read.
    assert [s.split(" (")[0] for s in stored.statements] == [
        "INSERT INTO cases", "INSERT INTO commitments", "INSERT INTO audit_events"]
    assert app.slack.calls_to("conversations.open") == []
