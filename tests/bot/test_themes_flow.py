"""Themes on Slack, end to end through signed requests and the fake Slack: from the case modal
to the owning channel's post, its buttons, and the DMs back to people."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import text
from sqlmodel import Session

from commands.people import Team
from commands.theme_settings import outer_loop_settings, set_outer_loop
from storage.models import Workspace
from storage.theme_models import Theme, ThemeNotice
from tests.bot.conftest import AppDriver
from tests.bot.form_values import case_values
from tests.bot.slack_flows import (
    click,
    log_a_case,
    modal_opened_by,
    promise_values,
    submission,
    tick_everything,
)
from tests.bot.test_case_lifecycle import case_view_for, click_in_view, rows
from tests.bot.test_digest_flow import ephemeral_reply
from tests.slack_requests import REPORTER, TEAM_ID

OWNER = "U0OWNER01"
ENGINEER = "U0OTHER01"
LEAD = REPORTER  # the reporter leads this team
CHANNEL = "CBILLING1"


async def a_theme_post(app: AppDriver) -> dict[str, Any]:
    """Log a case, start a theme from its modal; return the owning channel's post."""
    view = await case_view_for(app, REPORTER)

    def lead(session: Session) -> None:
        workspace = session.get_one(Workspace, 1)
        workspace.lead_user_ids = [LEAD]
        session.add(workspace)

    app.db.run_sync(lead)
    app.slack.add_channel(CHANNEL, members=[ENGINEER], name="billing-eng")
    assert await set_outer_loop(app.db, team=Team("slack", TEAM_ID), actor=LEAD,
                                channels={"Billing": CHANNEL}) is None
    await click_in_view(app, view, "case_theme", REPORTER)
    pushes = await app.slack.await_calls("views.push")
    picker = app.slack.views[pushes[-1].response["view"]["id"]]
    assert "nothing alike in 21 days" in str(picker["blocks"])
    values = {"theme_title": {"theme_title": {"type": "plain_text_input",
                                              "value": "Refunds take weeks"}}}
    answer = await app.interact(submission(picker, values, user=REPORTER))
    assert answer.status_code == 200 and answer.text == ""
    await app.slack.await_calls("chat.postMessage",
                                predicate=lambda call: call.args.get("channel") == CHANNEL)
    [post] = app.slack.messages(CHANNEL)
    return post


async def press(app: AppDriver, message: dict[str, Any], channel: str, action: str,
                user: str) -> dict[str, Any] | None:
    body = click(message, channel, user, action, app.slack.new_trigger_id())
    return await modal_opened_by(app, body)


async def redrawn(app: AppDriver, times: int) -> dict[str, Any]:
    """The channel post once the listener redrew it `times` times in all."""
    await app.slack.await_calls("chat.update", count=times)
    return app.slack.messages(CHANNEL)[-1]


async def dm_to(app: AppDriver, user: str, count: int) -> dict[str, Any]:
    for _ in range(500):
        if len(app.slack.dm_messages(user)) >= count:
            break
        await asyncio.sleep(0.01)
    return app.slack.dm_messages(user)[count - 1]


async def test_a_theme_from_the_case_to_every_customer_told(app: AppDriver) -> None:
    post = await a_theme_post(app)
    assert "Refunds take weeks" in post["text"] and "1 case, 1 customer (" in str(post["blocks"])

    await press(app, post, CHANNEL, "theme_take", ENGINEER)
    post = await redrawn(app, 1)
    assert f"owned by <@{ENGINEER}>" in str(post["blocks"])
    modal = await press(app, post, CHANNEL, "theme_plan", ENGINEER)
    assert modal is not None
    picked = {"theme_fix_date": {"theme_fix_date": {"type": "datepicker",
                                                    "selected_date": "2026-12-04"}}}
    assert (await app.interact(submission(modal, picked, user=ENGINEER))).text == ""
    post = await redrawn(app, 2)
    assert "fix planned for Fri 04 Dec 2026" in str(post["blocks"])
    await tick_everything(app, datetime(2026, 12, 4, 9, 0, tzinfo=UTC))  # the fix date
    reminder = app.slack.dm_messages(ENGINEER)[-1]
    assert reminder["text"].startswith("Today (Fri 04 Dec) is the fix date planned")
    await press(app, post, CHANNEL, "theme_fixed", ENGINEER)

    assert "fixed: the customers are being told" in str((await redrawn(app, 3))["blocks"])
    before = len(app.slack.dm_messages(OWNER))
    dm = await dm_to(app, OWNER, before + 1) if before == 0 else app.slack.dm_messages(OWNER)[-1]
    assert "The problem behind your case with *Acme Corp* is fixed" in dm["text"]
    told = await press(app, dm, "D" + OWNER, "theme_told", OWNER)
    assert told is not None
    reaction = {"theme_reaction": {"theme_reaction": {
        "type": "radio_buttons", "selected_option": {"value": "pleased"}}}}
    assert (await app.interact(submission(told, reaction, user=OWNER))).text == ""
    assert (await dm_to(app, OWNER, before + 1))["text"].startswith("Thanks")
    [theme] = rows(app, Theme)
    assert theme.state == "told"


async def test_declining_sends_the_reason_back(app: AppDriver) -> None:
    post = await a_theme_post(app)

    modal = await press(app, post, CHANNEL, "theme_decline", ENGINEER)
    assert modal is not None
    empty = {"theme_reason": {"theme_reason": {"type": "plain_text_input", "value": " "}}}
    assert "errors" in (await app.interact(submission(modal, empty, user=ENGINEER))).json()
    reason = {"theme_reason": {"theme_reason": {"type": "plain_text_input",
                                                "value": "Refunds <b>are</b> a bank delay"}}}
    assert (await app.interact(submission(modal, reason, user=ENGINEER))).text == ""

    assert "declined" in str((await redrawn(app, 1))["blocks"])
    notice = await dm_to(app, REPORTER, 1)
    assert "Refunds &lt;b&gt;are&lt;/b&gt; a bank delay" in notice["text"]


async def test_only_the_owner_or_a_lead_marks_a_theme_fixed(app: AppDriver) -> None:
    post = await a_theme_post(app)
    await press(app, post, CHANNEL, "theme_take", ENGINEER)

    await press(app, await redrawn(app, 1), CHANNEL, "theme_fixed", OWNER)

    # OWNER is not in the channel: the refusal reaches them by DM.
    refusal = "Only the theme's owner or a lead can mark it fixed."
    await app.slack.await_calls("chat.postMessage",
                                predicate=lambda call: call.args.get("text") == refusal)
    [theme] = rows(app, Theme)
    assert theme.state == "open"


async def test_the_theme_text_commands_work_on_slack_too(app: AppDriver) -> None:
    post = await a_theme_post(app)
    assert post is not None

    assert await ephemeral_reply(app, "themes") == (
        'Theme #1 "Refunds take weeks" (Billing): 1 case, open')
    assert (await ephemeral_reply(app, "theme 1 new Second <look>")).startswith(
        'Theme #2 "Second &lt;look&gt;"')
    assert (await ephemeral_reply(app, "theme merge 1 into 2")).startswith('Theme #2')
    assert await ephemeral_reply(app, "theme 1 unlink") == "Case #1 is in no theme now."
    assert await ephemeral_reply(app, "themes") == (
        'Theme #2 "Second &lt;look&gt;" (Billing): 0 cases, open')
    assert (await ephemeral_reply(app, "theme nonsense")).lstrip().startswith("themes")
    # The second theme was raised too: its channel got its own post.
    assert len(app.slack.messages(CHANNEL)) == 2


async def test_the_settings_modal_maps_categories_to_channels(app: AppDriver) -> None:
    await app.command("settings")
    calls = await app.slack.await_calls("views.open")
    modal = app.slack.views[calls[-1].response["view"]["id"]]
    ids = [b.get("block_id") for b in modal["blocks"]]
    assert "theme_channel:Billing" in ids and "follow_up_target" in ids
    values = {
        "work_days": {"work_days": {"type": "checkboxes", "selected_options": [
            {"value": str(day)} for day in (0, 1, 2, 3, 4)]}},
        "work_start": {"work_start": {"type": "timepicker", "selected_time": "09:00"}},
        "work_end": {"work_end": {"type": "timepicker", "selected_time": "17:00"}},
        "categories": {"categories": {"type": "plain_text_input", "value": "Billing\nReturns"}},
        "theme_channel:Billing": {"theme_channel:Billing": {
            "type": "conversations_select", "selected_conversation": CHANNEL}},
        "follow_up_target": {"follow_up_target": {"type": "static_select",
                                                  "selected_option": {"value": "24"}}},
    }
    assert (await app.interact(submission(modal, values))).text == ""

    assert await outer_loop_settings(app.db, team=Team("slack", TEAM_ID)) == (
        {"Billing": CHANNEL}, 24)


async def test_the_private_weekly_note_on_slack(app: AppDriver) -> None:
    await a_theme_post(app)

    assert await ephemeral_reply(app, "note on") == (
        "You will get your private weekly note every Monday.")
    await tick_everything(app, datetime(2026, 11, 30, 9, 0, tzinfo=UTC))

    note = await app.slack.await_calls("chat.postMessage", predicate=lambda call: str(
        call.args.get("text", "")).startswith("Your week"))
    text = note[-1].args["text"]
    assert "1 case logged" in text and f"<@{OWNER}>: 0 cases logged" in text  # REPORTER leads


async def test_a_case_alike_to_earlier_ones_is_offered_a_theme_when_logged(
        app: AppDriver) -> None:
    await log_a_case(app)
    await app.slack.await_calls("views.publish", count=2)  # the first one fully announced
    await app.command("")  # the second form: wait for it, not the first one's views.open
    calls = await app.slack.await_calls("views.open", count=2)
    form = app.slack.views[calls[-1].response["view"]["id"]]
    values = case_values(commitments=(promise_values(),))
    assert (await app.interact(submission(form, values))).text == ""

    # The offer is part of the reporter's confirmation: one message, not two.
    await app.slack.await_calls("chat.postEphemeral", count=2)
    first, second = app.slack.ephemerals
    assert "looks like others" not in str(first["blocks"])
    assert second["text"] == "Logged your conversation with Acme Corp"
    offer, button = second["blocks"][-2:]
    assert offer["text"]["text"] == (
        "Case #2 looks like others: Acme Corp again: 2 cases in 1 day. One problem behind "
        "them? Theme links it to one, or starts one.")
    assert button["block_id"] == "theme_offer"
    # An ephemeral message has no ts of its own to keep.
    opened = await press(app, {**second, "ts": "1700000000.000001"}, "C2147483705",
                         "case_theme", REPORTER)
    assert opened is not None and opened["callback_id"] == "theme_pick"


async def test_a_case_whose_theme_read_fails_is_confirmed_without_an_offer(
        app: AppDriver) -> None:
    await log_a_case(app)
    await app.slack.await_calls("views.publish", count=2)
    # The window's read fails (its table has gone); storing a case does not touch that table.
    app.db.run_sync(lambda s: s.execute(text("ALTER TABLE theme_cases RENAME TO elsewhere")))
    try:
        await log_a_case(app)
        await app.slack.await_calls("chat.postEphemeral", count=2)
        owner_dms = await app.slack.await_calls(
            "chat.postMessage", count=2, predicate=lambda call: call.args.get("channel") == OWNER)
    finally:  # the PostgreSQL database is shared by the tests that follow
        app.db.run_sync(lambda s: s.execute(text("ALTER TABLE elsewhere RENAME TO theme_cases")))
    assert [e["text"] for e in app.slack.ephemerals] == [
        "Logged your conversation with Acme Corp"] * 2
    assert "theme_offer" not in str(app.slack.ephemerals[-1]["blocks"])
    assert len(owner_dms) == 2


async def test_a_theme_post_slack_failed_goes_out_with_the_next_tick(app: AppDriver) -> None:
    view = await case_view_for(app, REPORTER)
    app.slack.add_channel(CHANNEL, members=[ENGINEER], name="billing-eng")

    def lead(session: Session) -> None:
        workspace = session.get_one(Workspace, 1)
        workspace.lead_user_ids = [LEAD]
        session.add(workspace)

    app.db.run_sync(lead)
    await set_outer_loop(app.db, team=Team("slack", TEAM_ID), actor=LEAD,
                         channels={"Billing": CHANNEL})
    await click_in_view(app, view, "case_theme", REPORTER)
    pushes = await app.slack.await_calls("views.push")
    picker = app.slack.views[pushes[-1].response["view"]["id"]]
    app.slack.inject("chat.postMessage", status=503, times=3)  # the client tries 3 times
    values = {"theme_title": {"theme_title": {"type": "plain_text_input", "value": "Refunds"}}}
    assert (await app.interact(submission(picker, values, user=REPORTER))).text == ""
    for _ in range(3000):  # until the request gave the row back for a retry
        [notice] = rows(app, ThemeNotice)
        if notice.status == "pending" and notice.last_error:
            break
        await asyncio.sleep(0.01)
    assert app.slack.messages(CHANNEL) == []

    await tick_everything(app, datetime(2026, 11, 24, 15, 5, tzinfo=UTC))

    [post] = app.slack.messages(CHANNEL)
    assert post["text"] == "Theme: Refunds"
