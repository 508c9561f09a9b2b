"""`/angrycall home`: on Slack, the App Home tab is where my promises and cases are."""

from __future__ import annotations

from tests.bot.conftest import AppDriver
from tests.reliability.witness import Request, what_the_user_saw
from tests.slack_requests import FORM, REPORTER, slash_command


async def test_home_points_to_the_home_tab(app: AppDriver) -> None:
    request = Request.new(app.slack, REPORTER)
    response = await app.post(slash_command("home", trigger_id=request.trigger_id,
                                            response_url=request.response_url(app.slack)), FORM)
    assert response.status_code == 200
    assert "*Home* tab" in await what_the_user_saw(app.slack, response, request)
