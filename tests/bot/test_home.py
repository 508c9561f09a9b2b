"""The App Home through Slack's events and clicks: mine, the team's for leads, kept current."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from storage.models import Workspace
from tests.bot.conftest import AppDriver
from tests.bot.slack_flows import OWNER, log_a_case
from tests.slack_requests import REPORTER, payload


async def open_home(app: AppDriver, user: str, event_id: str) -> dict[str, Any]:
    event = payload("app_home_opened")
    event["event"]["user"] = user
    event["event_id"] = event_id
    before = len(app.slack.calls_to("views.publish"))
    await app.event(event)
    await app.slack.await_calls("views.publish", count=before + 1)
    return app.slack.home_views[user]


def make_lead(app: AppDriver, user: str) -> None:
    def update(session: Session) -> None:
        for workspace in session.exec(select(Workspace)).all():
            workspace.lead_user_ids = [user]
            session.add(workspace)

    app.db.run_sync(update)


async def test_my_home_shows_what_i_owe_and_what_i_logged(app: AppDriver) -> None:
    await log_a_case(app, owner=REPORTER)
    home = await open_home(app, REPORTER, "EvHome1")
    text = str(home["blocks"])
    assert "Your open commitments* (1)" in text
    assert "Call back with the refund confirmation" in text
    assert "Cases you logged" in text and "Acme Corp" in text
    assert any(e.get("action_id") == "commitment_done"
               for b in home["blocks"] if b["type"] == "actions" for e in b["elements"])
    assert "Your team" not in text


async def test_a_lead_sees_the_team(app: AppDriver) -> None:
    await log_a_case(app)  # owed by OWNER
    make_lead(app, REPORTER)
    home = await open_home(app, REPORTER, "EvHome2")
    text = str(home["blocks"])
    assert "Your team" in text and f"<@{OWNER}>" in text
    assert any(e.get("action_id") == "open_settings"
               for b in home["blocks"] if b["type"] == "actions" for e in b["elements"])


async def test_logging_a_case_refreshes_the_homes_it_touches(app: AppDriver) -> None:
    await log_a_case(app)
    await app.slack.await_calls("views.publish", count=2)
    assert "Call back with the refund confirmation" in str(app.slack.home_views[OWNER])
    assert REPORTER in app.slack.home_views
