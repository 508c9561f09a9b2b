"""Issue 11's "month with a team" on Slack: four weeks of cases logged through signed form
submissions, promises kept, renegotiated and missed through the nudges' buttons, and the four
Monday digests posted by `angrycall tick --at`, read as the team reads them."""

from __future__ import annotations

import subprocess
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime, time
from typing import Any

import httpx
import pytest

from bot.app import build_app
from storage.engine import Database, make_engine
from tests.bot.conftest import AppDriver
from tests.bot.conftest import test_settings as app_settings
from tests.bot.form_values import case_values, commitment_values
from tests.bot.slack_flows import submission
from tests.bot.test_commitment_buttons import OWNER, press
from tests.bot.test_digest_flow import CHANNEL, ephemeral_reply
from tests.bot.test_tick_processes import PROCESS_TIMEOUT, tick_command, tick_env
from tests.fakeslack import FakeSlack

ALL = ("acknowledge", "let_vent", "show_concern", "empathize", "stay_calm", "dont_argue",
       "apologize", "direct_questions", "restate_check", "pause_call_back", "propose_solution",
       "take_ownership", "agree_schedule", "thank_last_word")
NO_RESTATING = tuple(s for s in ALL if s != "restate_check")


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)

    def at(self, *args: int) -> None:
        self.now = datetime(*args, tzinfo=UTC)  # type: ignore[misc]


@asynccontextmanager
async def team_app(slack: FakeSlack, database_url: str,
                   clock: Clock) -> AsyncIterator[AppDriver]:
    asgi = build_app(app_settings(slack, database_url), clock=lambda: clock.now)
    db = Database(make_engine(database_url))
    async with asgi.router.lifespan_context(asgi):
        transport = httpx.ASGITransport(app=asgi)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            yield AppDriver(http=http, slack=slack, db=db)
    db.dispose()


async def open_new_form(app: AppDriver) -> dict[str, Any]:
    """`/angrycall`, and the modal it opened (not one opened before it)."""
    before = len(app.slack.calls_to("views.open"))
    assert (await app.command("")).status_code == 200
    calls = await app.slack.await_calls("views.open", count=before + 1)
    view: dict[str, Any] = app.slack.views[calls[-1].response["view"]["id"]]
    return view


async def log(app: AppDriver, customer: str, promise: str, due: date, *,
              steps: tuple[str, ...] = NO_RESTATING, agreed: str = "", lessons: str = "",
              consent: bool = True) -> None:
    view = await open_new_form(app)
    values = case_values(customer=customer, steps=steps, consent=consent, commitments=(
        commitment_values(0, owner=OWNER, due=due, at=time(15, 0), promise=promise),))
    values["agreed"]["agreed"]["value"] = agreed
    values["lessons"]["lessons"]["value"] = lessons
    response = await app.interact(submission(view, values))
    assert response.status_code == 200 and response.text == "", response.text


def tick(slack: FakeSlack, database_url: str, *args: int) -> None:
    result = subprocess.run(tick_command(datetime(*args, tzinfo=UTC)),  # type: ignore[misc]
                            env=tick_env(slack, database_url), capture_output=True,
                            timeout=PROCESS_TIMEOUT)
    assert result.returncode == 0, result.stderr.decode()


def nudge_about(app: AppDriver, promise: str) -> dict[str, Any]:
    return next(m for m in reversed(app.slack.dm_messages(OWNER))
                if promise in str(m.get("blocks")) and "actions" in str(m.get("blocks")))


async def done(app: AppDriver, promise: str) -> None:
    modal = await press(app, nudge_about(app, promise), "commitment_done")
    assert modal is not None
    before = len(app.slack.calls_to("chat.update"))
    assert (await app.interact(submission(modal, {}, user=OWNER))).status_code == 200
    await app.slack.await_calls("chat.update", count=before + 1)


async def renegotiate(app: AppDriver, promise: str, new_date: date) -> None:
    modal = await press(app, nudge_about(app, promise), "commitment_renegotiate")
    assert modal is not None
    values = {"new_date": {"new_date": {"type": "datepicker",
                                        "selected_date": new_date.isoformat()}},
              "customer_informed": {"customer_informed": {
                  "type": "checkboxes", "selected_options": [{"value": "yes"}]}}}
    before = len(app.slack.calls_to("chat.update"))
    assert (await app.interact(submission(modal, values, user=OWNER))).text == ""
    await app.slack.await_calls("chat.update", count=before + 1)


def digests(app: AppDriver) -> list[tuple[str, str]]:
    """Each digest's channel post and its thread, as text."""
    posts = app.slack.messages(CHANNEL)
    return [(str(p["blocks"]), " ".join(str(r["blocks"]) for r in posts
                                        if r.get("thread_ts") == p["ts"]))
            for p in posts if not p.get("thread_ts")]


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
async def test_a_month_with_a_team(slack: FakeSlack, database_url: str) -> None:
    clock = Clock()
    async with team_app(slack, database_url, clock) as app:
        await _week_48(app, clock, slack, database_url)
        await _week_49(app, clock, slack, database_url)
        tick(slack, database_url, 2026, 12, 14, 8, 0)  # week 50: nothing logged
        await _week_51(app, clock, slack, database_url)
    w48, w49, w50, w51 = digests(app)

    assert "23 Nov" not in w48[0] and "24 Nov to 29 Nov 2026 (2026-W48)" in w48[0]
    assert "*4 cases logged* (the first week with cases)" in w48[0]
    assert "*Promises due this week: 1*: kept on time 1 (100%)" in w48[0]
    assert "Renegotiated this week: 1." in w48[0] and "overdue" not in w48[0]
    assert "Coaching focus: restated it and checked I had it right" in w48[0]
    assert "Used in 0 of the 3 cases whose steps were ticked" in w48[0]
    assert "Kudos" in w48[0]
    assert "Case study 1: Customer A" in w48[1] and "Case study 2: Customer B" in w48[1]
    assert "Northwind" not in w48[1] and "Case study 3" not in w48[1]
    assert "a colleague had promised" in w48[1] and "Olga" not in w48[1]
    assert "*Outcome:* Closed: the promises were kept." in w48[1]  # closed by its Done
    assert "One step to try next time: restated it" in w48[1] and "Missing" not in w48[1]

    assert "30 Nov to 06 Dec 2026 (2026-W49)" in w49[0]
    assert "*1 case logged* (3 fewer than the week before)" in w49[0]
    assert ("*Promises due this week: 3*: kept on time 0 (0%), kept after a new date 1, kept "
            "late 1.") in w49[0]
    assert "Renegotiated" not in w49[0] and "Still open and overdue: 1." in w49[0]
    assert "it needs at least 3 cases with their steps ticked (1 this week)" in w49[0]
    assert "Kudos" not in w49[0] and w49[1] == ""
    assert "No case study this week" in w49[0] and "view_case" in w49[0]

    assert "07 Dec to 13 Dec 2026 (2026-W50)" in w50[0]
    assert "No difficult calls logged this week" in w50[0]
    assert "Still open and overdue: 1, from an earlier week." in w50[0]

    assert ("*3 cases logged* (3 more than the week before; 1.7 a week over the 3 weeks "
            "before)") in w51[0]
    assert "Still open and overdue: 2, 1 from an earlier week." in w51[0]
    assert "Coaching focus: restated it and checked I had it right" in w51[0]
    assert "Case study 1: Customer A" in w51[1]  # letters start again in each digest


async def _week_48(app: AppDriver, clock: Clock, slack: FakeSlack, url: str) -> None:
    await ephemeral_reply(app, "digest here monday 09:00 Europe/Berlin")
    await log(app, "Northwind", "Refund the double charge", date(2026, 11, 26),
              agreed="Refund both charges", lessons="Olga had promised a refund already: "
              "check the account history before calling Northwind.")
    await log(app, "Globex", "Send the delivery plan", date(2026, 11, 27),
              agreed="A partial delivery Tuesday")
    await log(app, "Initech", "Call back about the export bug", date(2026, 12, 2))
    await log(app, "Umbrella", "Explain the price rise", date(2026, 12, 18), steps=())
    tick(slack, url, 2026, 11, 26, 12, 0)
    clock.at(2026, 11, 26, 12, 30)
    await done(app, "Refund the double charge")  # kept on time
    tick(slack, url, 2026, 11, 27, 12, 0)
    clock.at(2026, 11, 27, 12, 30)
    await renegotiate(app, "Send the delivery plan", date(2026, 12, 1))
    tick(slack, url, 2026, 11, 30, 8, 0)


async def _week_49(app: AppDriver, clock: Clock, slack: FakeSlack, url: str) -> None:
    clock.at(2026, 12, 1, 10, 0)
    await log(app, "Hooli", "Confirm the credit", date(2026, 12, 4), steps=ALL, consent=False)
    tick(slack, url, 2026, 12, 1, 12, 0)
    clock.at(2026, 12, 1, 12, 30)
    await done(app, "Send the delivery plan")  # kept, after a new date
    tick(slack, url, 2026, 12, 4, 12, 0)  # the Initech promise of Wednesday stays open
    clock.at(2026, 12, 5, 10, 0)
    await done(app, "Confirm the credit")  # a day late
    tick(slack, url, 2026, 12, 7, 8, 0)


async def _week_51(app: AppDriver, clock: Clock, slack: FakeSlack, url: str) -> None:
    clock.at(2026, 12, 15, 10, 0)
    for customer in ("Stark", "Wayne", "Acme"):
        await log(app, customer, f"Follow up with {customer}", date(2026, 12, 22),
                  agreed="A call with the account manager", lessons="Ask what they need first")
    tick(slack, url, 2026, 12, 21, 8, 0)
