"""A month with a team on Teams, as on Slack: cases logged through the card, promises kept,
renegotiated and missed through the nudge cards, and the four Monday digests read as the team
reads them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import httpx

from bot.app import build_app
from storage.engine import Database, make_engine
from tests.teams.activities import REPORTER, personal_chat, submit
from tests.teams.conftest import TeamsDriver, teams_settings
from tests.teams.fake_connector import FakeBotConnector, Post
from tests.teams.signing import SigningKey
from tests.teams.test_digest import CHANNEL, subscribe
from tests.teams.test_form_flow import open_form, valid_form
from tests.teams.test_nudges import press

# Only the steps of the first phase: the others, never used, make the focus.
UPSET_STEPS = "acknowledge,let_vent,show_concern,empathize,stay_calm,dont_argue,apologize"


class Clock:
    now = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)


@asynccontextmanager
async def team_app(connector: FakeBotConnector, key: SigningKey, database_url: str,
                   clock: Clock) -> AsyncIterator[TeamsDriver]:
    settings = teams_settings(connector, database_url)
    asgi = build_app(settings, clock=lambda: clock.now)
    db = Database(make_engine(database_url))
    async with asgi.router.lifespan_context(asgi):
        transport = httpx.ASGITransport(app=asgi)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            yield TeamsDriver(http=http, connector=connector, key=key, db=db, settings=settings)
    db.dispose()


async def log(teams: TeamsDriver, customer: str, promise: str, due: str, **more: str) -> None:
    form = await open_form(teams)
    value: dict[str, Any] = {**valid_form(form.card["actions"][0]["data"]["submission_key"]),
                             "customer": customer, "commitment_0_promise": promise,
                             "commitment_0_due_date": due,
                             "deescalation_steps_upset": UPSET_STEPS, **more}
    assert (await teams.send(submit(teams.connector.url, value,
                                    reply_to=form.activity_id))).status_code == 202


def nudge_about(teams: TeamsDriver, promise: str) -> Post:
    return next(p for p in reversed(teams.connector.cards_to(personal_chat(REPORTER)))
                if promise in str(p.card) and "actions" in p.card)


async def act(teams: TeamsDriver, promise: str, title: str, **inputs: str) -> None:
    nudge = nudge_about(teams, promise)
    await teams.send(submit(teams.connector.url, press(nudge, title, **inputs),
                            reply_to=nudge.activity_id))


def digest_texts(teams: TeamsDriver) -> list[str]:
    return [" ".join(e["text"] for e in p.card["body"]) for p in teams.connector.cards_to(CHANNEL)]


async def test_a_month_with_a_team(connector: FakeBotConnector, signing_key: SigningKey,
                                     database_url: str) -> None:
    clock = Clock()
    async with team_app(connector, signing_key, database_url, clock) as teams:
        await subscribe(teams)
        await log(teams, "Northwind", "Refund the double charge", "2026-11-26",
                  lessons="Check the account history before calling Northwind back.")
        await log(teams, "Globex", "Send the delivery plan", "2026-11-27")
        await log(teams, "Initech", "Call back about exports", "2026-12-02", agreed="")
        await teams.tick(datetime(2026, 11, 26, 18, 0, tzinfo=UTC))
        clock.now = datetime(2026, 11, 26, 18, 30, tzinfo=UTC)
        await act(teams, "Refund the double charge", "Done", note="Refunded")
        await teams.tick(datetime(2026, 11, 27, 18, 0, tzinfo=UTC))
        await act(teams, "Send the delivery plan", "Renegotiate", new_date="2026-12-01",
                  customer_informed="true")
        await teams.tick(datetime(2026, 11, 30, 9, 0, tzinfo=UTC))
        await teams.tick(datetime(2026, 12, 1, 18, 0, tzinfo=UTC))
        clock.now = datetime(2026, 12, 1, 18, 30, tzinfo=UTC)
        await act(teams, "Send the delivery plan", "Done", note="Plan sent")
        await teams.tick(datetime(2026, 12, 7, 9, 0, tzinfo=UTC))
        clock.now = datetime(2026, 12, 8, 10, 0, tzinfo=UTC)
        await log(teams, "Umbrella", "Replace the router", "2026-12-10")
        await log(teams, "Hooli", "Confirm the credit", "2026-12-11")
        await teams.tick(datetime(2026, 12, 10, 18, 0, tzinfo=UTC))
        clock.now = datetime(2026, 12, 10, 18, 30, tzinfo=UTC)
        await act(teams, "Replace the router", "Done", note="Router swapped")
        await teams.tick(datetime(2026, 12, 14, 9, 0, tzinfo=UTC))  # Hooli's credit is missed
        await teams.tick(datetime(2026, 12, 21, 9, 0, tzinfo=UTC))
    w48, w49, w50, w51 = digest_texts(teams)
    assert "24 Nov to 29 Nov 2026 (2026-W48)" in w48 and "**3 cases logged**" in w48
    assert "**Promises due this week: 1**: kept on time 1 (100%)" in w48
    assert "Renegotiated this week: 1." in w48
    assert "Coaching focus: asked direct or closed questions" in w48
    assert "Used in 0 of the 3 cases whose steps were ticked" in w48
    assert "Kudos for promises kept on time" in w48 and "2 case studies below" in w48
    assert "30 Nov to 06 Dec 2026 (2026-W49)" in w49 and "No difficult calls logged" in w49
    assert "kept after a new date 1" in w49 and "Still open and overdue: 1." in w49
    assert "Kudos" not in w49
    assert "07 Dec to 13 Dec 2026 (2026-W50)" in w50 and "**2 cases logged**" in w50
    assert "**Promises due this week: 2**: kept on time 1 (50%)" in w50
    assert "Still open and overdue: 2, 1 from an earlier week." in w50
    assert "it needs at least 3 cases with their steps ticked (2 this week)" in w50
    assert "Kudos for promises kept on time" in w50
    assert "14 Dec to 20 Dec 2026 (2026-W51)" in w51 and "No difficult calls logged" in w51
    assert "Still open and overdue: 2, all from earlier weeks." in w51  # they never vanish
