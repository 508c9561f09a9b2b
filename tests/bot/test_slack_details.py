"""Details real Slack showed: a failed permalink, long lists, optional labels, the timeline's
words, the lead's due dates, and dates in the reader's timezone."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, time
from typing import Any

import pytest

from bot.slack.case_view import close_modal
from bot.slack.commitment_modals import ActionOrigin, done_modal, renegotiate_modal
from bot.slack.form_state import ModalMetadata
from bot.slack.home import home_view
from bot.slack.lists import open_commitments_list
from bot.slack.views import log_case_modal
from commands import my_commitments
from commands.cases import Prefill
from commands.commitment_actions import CommitmentState
from commands.home import Home, TeamView
from commands.my_commitments import OwedItem
from commands.playbook import DEFAULT_CATEGORIES
from storage.commitments import ReportedCase
from tests.bot.conftest import AppDriver
from tests.bot.slack_flows import click, log_a_case
from tests.bot.test_case_lifecycle import case_view_for
from tests.bot.test_forms import input_element
from tests.reliability.witness import unhandled_errors
from tests.seeding import owner_id, seed_due_commitments
from tests.slack_requests import REPORTER, payload

DUE = datetime(2026, 11, 27, 14, 0, tzinfo=UTC)
TOKYO = "U0OTHER01"  # already Wednesday in Tokyo at the tests' fixed now


def owed(index: int, owner: str = "") -> OwedItem:
    return OwedItem(commitment_id=index, case_id=index, customer=f"Customer {index}",
                    promise="Call back", due_date=date(2026, 11, 27), due_time=time(15, 0),
                    due_at=DUE, zone_name="Europe/Berlin", overdue=False, owner_user_id=owner)


async def test_a_failed_permalink_still_opens_the_form(
        app: AppDriver, caplog: pytest.LogCaptureFixture) -> None:
    app.slack.inject("chat.getPermalink", error="channel_not_found")
    body = payload("message_action")
    body["trigger_id"] = app.slack.new_trigger_id()
    body["message"]["text"] = "Globex: furious about the outage"
    assert (await app.interact(body)).status_code == 200
    (opened,) = await app.slack.await_calls("views.open")
    while not app.slack.calls_to("chat.getPermalink"):
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.3)  # what the listener does after the refusal
    view = app.slack.views[opened.response["view"]["id"]]
    assert input_element(view, "customer")["initial_value"] == "Globex"
    assert unhandled_errors(caplog) == []


async def test_the_list_says_how_many_are_not_shown(
        app: AppDriver, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(my_commitments, "LIST_LIMIT", 2)
    await seed_due_commitments(app.db, count=3, owners=1)
    await app.command("list", user_id=owner_id(0), response_url=app.slack.new_response_url())
    (post,) = await app.slack.await_webhook_posts()
    assert "2 of 3" in post[1]["text"] and "Home" in post[1]["text"]


def test_a_short_list_says_nothing_about_more() -> None:
    message = open_commitments_list([owed(1), owed(2)], total=2)
    assert "(2)" in message["text"] and " of " not in message["text"]


def optional_labels(view: dict[str, Any]) -> list[str]:
    return [b["label"]["text"] for b in view["blocks"]
            if b.get("type") == "input" and b.get("optional")]


def test_optional_inputs_do_not_say_optional_twice() -> None:
    state = CommitmentState(commitment_id=1, case_id=1, customer="Acme", promise="Call back",
                            owner_user_id="UOWN", reporter_user_id="UREP", due_at=DUE,
                            has_time=True, zone_name="Europe/Berlin", status="open", slips=0,
                            note="")
    origin = ActionOrigin(1)
    form = log_case_modal(metadata=ModalMetadata(submission_key="k", channel_id=None),
                          categories=DEFAULT_CATEGORIES, prefill=Prefill(),
                          reporter_user_id="UREP", commitment_count=1, today=date(2026, 11, 24))
    views = [form, done_modal(state, origin), renegotiate_modal(state, origin,
                                                                date(2026, 11, 24)),
             close_modal(1)]
    labels = [label for view in views for label in optional_labels(view)]
    assert labels and not [label for label in labels if "optional" in label.lower()]


async def test_the_timeline_speaks_in_words(app: AppDriver) -> None:
    view = await case_view_for(app, REPORTER)
    timeline = next(b["text"]["text"] for b in view["blocks"]
                    if b["type"] == "section" and "*Timeline*" in b["text"]["text"])
    assert "Case logged" in timeline and "Reminder sent on the due day" in timeline
    words = [line.split(">: ", 1)[1] for line in timeline.splitlines()[1:]]
    assert not [w for w in words if "nudge" in w or "_" in w]


def test_the_leads_list_shows_due_dates_and_my_cases_show_the_readers_dates() -> None:
    logged = ReportedCase(case_id=3, customer="Acme",
                          logged_at=datetime(2026, 11, 24, 23, 30, tzinfo=UTC), status="open")
    team = TeamView(open_promises=(owed(1, owner="UOWN"),), open_total=1, overdue_shown=0,
                    cases_this_week=1)
    home = Home(user_id="ULEAD", page=0, owed=(), owed_total=0, cases=(logged,),
                due_so_far=0, kept_on_time=0, team=team)
    text = str(home_view(home)["blocks"])
    team_line = next(line for line in text.split("'text': '") if "<@UOWN>" in line)
    assert f"<!date^{int(DUE.timestamp())}^" in team_line
    assert f"<!date^{int(logged.logged_at.timestamp())}^" in text  # 24 Nov in UTC, 25th in Tokyo


async def test_renegotiate_starts_from_the_owners_today(app: AppDriver) -> None:
    await log_a_case(app, owner=TOKYO)
    await app.command("list", user_id=TOKYO, response_url=app.slack.new_response_url())
    (post,) = await app.slack.await_webhook_posts()
    message = {"ts": "1700000000.000100", **post[1]}
    await app.interact(click(message, "D" + TOKYO, TOKYO, "commitment_renegotiate",
                             app.slack.new_trigger_id()))
    calls = await app.slack.await_calls("views.open", count=2)
    modal = app.slack.views[calls[-1].response["view"]["id"]]
    assert input_element(modal, "new_date")["initial_date"] == "2026-11-25"
