"""The digest's rules hold on Teams too: a study must teach, overdue promises never vanish."""

from __future__ import annotations

from datetime import timedelta

from tests.teams.activities import submit
from tests.teams.conftest import TeamsDriver
from tests.teams.test_digest import CHANNEL, MONDAY_NINE, subscribe
from tests.teams.test_form_flow import open_form, valid_form


def card_text(teams: TeamsDriver, index: int) -> str:
    return " ".join(e["text"] for e in teams.connector.cards_to(CHANNEL)[index].card["body"])


async def test_no_study_invites_a_lesson_and_overdue_promises_stay(teams: TeamsDriver) -> None:
    await subscribe(teams)
    form = await open_form(teams)
    value = {**valid_form(form.card["actions"][0]["data"]["submission_key"]), "agreed": ""}
    await teams.send(submit(teams.connector.url, value, reply_to=form.activity_id))
    assert (await teams.tick(MONDAY_NINE)).digests_posted == 1
    first = card_text(teams, 0)
    assert "No case study this week" in first and "Cases waiting for a lesson: #1." in first
    assert "Still open and overdue: 1." in first  # due Friday 27 November, never kept
    assert (await teams.tick(MONDAY_NINE + timedelta(weeks=1))).digests_posted == 1
    quiet = card_text(teams, 1)
    assert "No difficult calls logged this week" in quiet
    assert "Still open and overdue: 1, from an earlier week." in quiet
