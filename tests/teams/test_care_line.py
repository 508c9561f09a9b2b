"""After a furious call logged in Teams, one line of care in the reporter's own chat."""

from __future__ import annotations

from tests.teams.activities import REPORTER, personal_chat, submit
from tests.teams.conftest import TeamsDriver
from tests.teams.test_form_flow import open_form, valid_form


async def texts_after(teams: TeamsDriver, anger: str) -> list[str]:
    form = await open_form(teams)
    key = form.card["actions"][0]["data"]["submission_key"]
    await teams.send(submit(teams.connector.url, {**valid_form(key), "anger_level": anger},
                            reply_to=form.activity_id))
    return [post.activity.get("text") or "" for post in
            teams.connector.sent_to(personal_chat(REPORTER))]


async def test_a_furious_call_brings_a_line_of_care(teams: TeamsDriver) -> None:
    assert any("not at you" in text for text in await texts_after(teams, "5"))


async def test_an_upset_call_does_not(teams: TeamsDriver) -> None:
    assert not any("not at you" in text for text in await texts_after(teams, "3"))
