"""The outer loop's story (tests/outer_loop_story.py) on Teams: cases logged through the card,
themes through `theme ...` messages, the digest posted in the channel by the tick."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta

import httpx
import pytest
from sqlmodel import Session, col, select

from bot.app import build_app
from commands.case_lifecycle import CaseOutcome, close_case
from commands.outer_loop_lines import HEADING
from commands.people import Team
from storage.cases import get_case
from storage.commitment_changes import complete_commitment
from storage.engine import Database, make_engine
from storage.models import Case, Workspace
from tests.outer_loop_story import CASES, END, START, tell_the_story
from tests.teams.activities import (
    CHANNEL,
    OTHER,
    OWNER,
    REPORTER,
    TENANT,
    message,
    personal_chat,
    submit,
)
from tests.teams.activities import (
    in_channel as channel_message,
)
from tests.teams.conftest import TeamsDriver, teams_settings
from tests.teams.fake_connector import FakeBotConnector
from tests.teams.signing import SigningKey
from tests.teams.test_form_flow import open_form, valid_form


class TeamsStoryDriver:
    lead, owner, engineer = REPORTER, OWNER, OTHER

    def __init__(self, teams: TeamsDriver, clock: list[datetime]) -> None:
        self.teams, self.clock = teams, clock

    def set_time(self, moment: datetime) -> None:
        self.clock[0] = moment

    async def log(self, number: int) -> tuple[int, str]:
        _day, _hour, category, customer, anger, problem = CASES[number]
        form = await open_form(self.teams)
        key = form.card["actions"][0]["data"]["submission_key"]
        due = (self.clock[0] + timedelta(days=2)).date().isoformat()
        value = {**valid_form(key), "customer": customer, "anger_level": str(anger),
                 "what_happened": "Called.", "problem": problem, "category": category,
                 "commitment_0_owner": self.owner, "commitment_0_due_date": due}
        before = len(self.teams.connector.posts)
        await self.teams.send(submit(self.teams.connector.url, value, reply_to=form.activity_id))
        case_id = self.teams.db.run_sync(lambda s: s.exec(
            select(Case.id).order_by(col(Case.id).desc())).first())
        assert case_id is not None
        offers = [str(p.activity.get("text")) for p in self.teams.connector.posts[before:]
                  if str(p.activity.get("text")).startswith(f"Case #{case_id} looks like")]
        return case_id, offers[-1] if offers else ""

    async def say(self, user: str, text: str, *, in_channel: bool = False) -> str:
        url = self.teams.connector.url
        before = len(self.teams.connector.posts)
        activity = channel_message(url, text, user=user) if in_channel else message(
            url, text, user=user)
        assert (await self.teams.send(activity)).status_code == 202
        where = CHANNEL if in_channel else personal_chat(user)
        [*_, reply] = [p for p in self.teams.connector.posts[before:]
                       if p.conversation_id.startswith(where)]
        return str(reply.activity["text"])

    async def keep_promise(self, case_id: int, when: datetime) -> None:
        stored = await get_case(self.teams.db, case_id=case_id)
        assert stored is not None
        await complete_commitment(self.teams.db, commitment_id=stored.commitments[0].id or 0,
                                  actor_user_id=self.owner, note="", reaction=None, now=when)

    async def close(self, case_id: int, mood: int, when: datetime) -> None:
        assert await close_case(self.teams.db, case_id=case_id, actor=self.lead,
                                team=Team("teams", TENANT), outcome=CaseOutcome.RESOLVED,
                                mood_after=mood, now=when)

    async def outer_loop_lines_of_the_digest(self) -> list[str]:
        await self.teams.tick(END)
        [digest] = [p for p in self.teams.connector.cards_to(CHANNEL)  # not the themes' posts
                    if str(p.card["body"][0]["text"]).startswith("The week in difficult")]
        texts = [str(e.get("text")) for e in digest.card["body"]]
        return texts[texts.index(HEADING) + 1].split("\n\n")


@pytest.fixture
async def story(connector: FakeBotConnector, signing_key: SigningKey,
                database_url: str) -> AsyncIterator[TeamsStoryDriver]:
    clock = [START]
    settings = teams_settings(connector, database_url)
    asgi = build_app(settings, clock=lambda: clock[0])
    db = Database(make_engine(database_url))
    async with asgi.router.lifespan_context(asgi):
        transport = httpx.ASGITransport(app=asgi)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            yield TeamsStoryDriver(TeamsDriver(http=http, connector=connector, key=signing_key,
                                               db=db, settings=settings), clock)
    db.dispose()


async def test_the_outer_loop_story_on_teams(story: TeamsStoryDriver) -> None:
    for user in (story.lead, story.owner, story.engineer):
        await story.say(user, "help")  # known, with a personal chat

    def lead(session: Session) -> None:
        workspace = session.exec(select(Workspace)).one()
        workspace.lead_user_ids = [story.lead]
        session.add(workspace)

    story.teams.db.run_sync(lead)
    await tell_the_story(story)
