"""The outer loop's story (tests/outer_loop_story.py) on Slack: cases logged through the form,
themes through `/angrycall theme ...`, the digest posted in the channel by the tick."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, time, timedelta
from typing import Any

import httpx
import pytest
from sqlmodel import Session, col, select

from bot.app import build_app
from commands.case_lifecycle import CaseOutcome, close_case
from commands.cases import CaseField
from commands.outer_loop_lines import HEADING
from commands.people import Team
from storage.cases import get_case
from storage.commitment_changes import complete_commitment
from storage.engine import Database, make_engine
from storage.models import Case, Workspace
from tests.bot.conftest import AppDriver
from tests.bot.conftest import test_settings as slack_settings
from tests.bot.form_values import case_values, field, text_input
from tests.bot.slack_flows import promise_values, submission, tick_everything
from tests.fakeslack import FakeSlack
from tests.outer_loop_story import CASES, END, START, tell_the_story
from tests.slack_requests import REPORTER, TEAM_ID

CHANNEL = "C2147483705"


class SlackDriver:
    lead, owner, engineer = REPORTER, "U0OWNER01", "U0OTHER01"

    def __init__(self, app: AppDriver, clock: list[datetime]) -> None:
        self.app, self.clock = app, clock

    def set_time(self, moment: datetime) -> None:
        self.clock[0] = moment

    async def log(self, number: int) -> tuple[int, str]:
        _day, _hour, category, customer, anger, problem = CASES[number]
        view = await self._new_form()
        due = (self.clock[0] + timedelta(days=2)).date()
        values = case_values(customer=customer, anger=str(anger), what_happened="Called.",
                             category=category, commitments=(promise_values(
                                 owner=self.owner, due=due, at=time(15, 0)),))
        values.update(field(CaseField.PROBLEM, text_input(problem)))
        before = len(self.app.slack.calls_to("chat.postEphemeral"))
        published = len(self.app.slack.calls_to("views.publish"))
        response = await self.app.interact(submission(view, values))
        assert response.status_code == 200 and response.text == "", response.text
        # The listener's last step after logging refreshes the two App Homes: by then the
        # confirmation (with the offer, if any) was sent.
        await self.app.slack.await_calls("views.publish", count=published + 2, timeout=30)
        case_id = self.app.db.run_sync(lambda s: s.exec(
            select(Case.id).order_by(col(Case.id).desc())).first())
        assert case_id is not None
        # The offer is a section of the reporter's confirmation.
        sections = [block["text"]["text"] for call in self.app.slack.calls_to(
            "chat.postEphemeral")[before:] for block in call.args.get("blocks", [])
            if block["type"] == "section"]
        offers = [text for text in sections if text.startswith(f"Case #{case_id} looks like")]
        return case_id, offers[-1] if offers else ""

    async def _new_form(self) -> dict[str, Any]:
        """The form this command opened (not the one before it, still the last for a while)."""
        opened = len(self.app.slack.calls_to("views.open"))
        await self.app.command("")
        calls = await self.app.slack.await_calls("views.open", count=opened + 1, timeout=30)
        view: dict[str, Any] = self.app.slack.views[calls[-1].response["view"]["id"]]
        return view

    async def say(self, user: str, text: str, *, in_channel: bool = False) -> str:
        response_url = self.app.slack.new_response_url()
        before = len(self.app.slack.webhook_posts)
        await self.app.command(text, user_id=user, channel_id=CHANNEL,
                               response_url=response_url)
        posts = await self.app.slack.await_webhook_posts(count=before + 1)
        return str(posts[-1][1].get("text", "")).replace("&lt;", "<").replace("&gt;", ">")

    async def keep_promise(self, case_id: int, when: datetime) -> None:
        stored = await get_case(self.app.db, case_id=case_id)
        assert stored is not None
        await complete_commitment(self.app.db, commitment_id=stored.commitments[0].id or 0,
                                  actor_user_id=self.owner, note="", reaction=None, now=when)

    async def close(self, case_id: int, mood: int, when: datetime) -> None:
        assert await close_case(self.app.db, case_id=case_id, actor=self.lead,
                                team=Team("slack", TEAM_ID), outcome=CaseOutcome.RESOLVED,
                                mood_after=mood, now=when)

    async def outer_loop_lines_of_the_digest(self) -> list[str]:
        await tick_everything(self.app, END)
        [digest] = [m for m in self.app.slack.messages(CHANNEL)
                    if str(m.get("text", "")).startswith("The week in difficult")]
        [text] = [b["text"]["text"] for b in digest["blocks"] if b["type"] == "section"
                  and b["text"]["text"].startswith(f"*{HEADING}*")]
        return [line.replace("&quot;", '"') for line in text.split("\n")[1:]]


@pytest.fixture
async def clocked(slack: FakeSlack, database_url: str) -> AsyncIterator[SlackDriver]:
    clock = [START]
    # No clock of its own: the story's tick is the one it asks for, at the end.
    settings = slack_settings(slack, database_url).model_copy(update={"tick_seconds": 0})
    asgi = build_app(settings, clock=lambda: clock[0])
    db = Database(make_engine(database_url))
    async with asgi.router.lifespan_context(asgi):
        transport = httpx.ASGITransport(app=asgi)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            yield SlackDriver(AppDriver(http=http, slack=slack, db=db), clock)
    db.dispose()


async def test_the_outer_loop_story_on_slack(clocked: SlackDriver) -> None:
    await clocked.say(clocked.lead, "list")  # the workspace exists from the first request

    def lead(session: Session) -> None:
        workspace = session.exec(select(Workspace)).one()
        workspace.lead_user_ids = [clocked.lead]
        session.add(workspace)

    clocked.app.db.run_sync(lead)
    await tell_the_story(clocked)
