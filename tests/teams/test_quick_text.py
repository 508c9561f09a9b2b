"""`angrycall Acme Corp call back Friday 3pm` in the personal chat: the form, split into parts."""

from __future__ import annotations

from tests.teams.activities import message, personal_chat
from tests.teams.conftest import TeamsDriver
from tests.teams.test_form_flow import REPORTER, inputs


async def test_quick_text_fills_customer_promise_and_date(teams: TeamsDriver) -> None:
    text = "angrycall Acme Corp call back Friday 3pm"
    assert (await teams.send(message(teams.connector.url, text))).status_code == 202
    fields = inputs(teams.connector.cards_to(personal_chat(REPORTER))[-1].card)
    assert fields["customer"]["value"] == "Acme Corp"
    assert fields["commitment_0_promise"]["value"] == "call back"
    # Friday 15:00 for the owner, who is the reporter (New York) until someone else is picked.
    assert fields["commitment_0_due_date"]["value"] == "2026-11-27"
    assert fields["commitment_0_due_time"]["value"] == "15:00"
    assert not fields["what_happened"].get("value")
