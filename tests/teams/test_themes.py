"""Themes on Teams, through signed activities and the fake Bot Connector: a lead gives a
channel the Billing themes, a case starts a theme, the channel hears of it, the owning team
takes, plans and fixes it, and the case's promise owner is told to tell the customer."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session, select

from storage.models import Workspace
from storage.theme_models import Theme
from tests.teams.activities import (
    CHANNEL,
    OTHER,
    OWNER,
    REPORTER,
    in_channel,
    message,
    personal_chat,
    submit,
)
from tests.teams.conftest import TeamsDriver
from tests.teams.test_form_flow import open_form, valid_form
from tests.teams.test_nudges import log_case


async def say(teams: TeamsDriver, text: str, user: str = REPORTER) -> str:
    before = len(teams.connector.posts)
    response = await teams.send(message(teams.connector.url, text, user=user))
    assert response.status_code == 202
    replies = [p for p in teams.connector.posts[before:]
               if p.conversation_id == personal_chat(user)]
    return str(replies[-1].activity["text"])


async def a_billing_case(teams: TeamsDriver) -> None:
    await say(teams, "help", user=OWNER)  # OWNER's personal chat is known from now on
    await say(teams, "help", user=OTHER)
    form = await open_form(teams)
    key = form.card["actions"][0]["data"]["submission_key"]
    value = {**valid_form(key), "commitment_0_owner": OWNER, "category": "Billing"}
    await teams.send(submit(teams.connector.url, value, reply_to=form.activity_id))

    def lead(session: Session) -> None:
        workspace = session.exec(select(Workspace)).one()
        workspace.lead_user_ids = [REPORTER]
        session.add(workspace)

    teams.db.run_sync(lead)
    response = await teams.send(in_channel(teams.connector.url, "theme channel Billing"))
    assert response.status_code == 202
    assert teams.connector.posts[-1].activity["text"] == "This channel now owns the Billing themes."


async def test_a_theme_from_a_case_to_its_customer_told(teams: TeamsDriver) -> None:
    await a_billing_case(teams)

    assert (await say(teams, "theme 1")).startswith("Case #1 is in no theme yet.")
    started = await say(teams, "theme 1 new Refunds take weeks")
    assert started == ('Theme #1 "Refunds take weeks" (Billing): 1 case, open')
    [post] = teams.connector.cards_to(CHANNEL)
    assert post.card["body"][0]["text"].startswith('Theme #1 "Refunds take weeks"')
    assert "Customer A" in str(post.card) and "Acme" not in str(post.card)
    assert [a["title"] for a in post.card["actions"]] == ["Take it", "Plan a fix date",
                                                         "Decline"]
    assert (await say(teams, "theme take 1", user=OTHER)).endswith("open")
    assert (await say(teams, "theme plan 1 2026-12-04", user=OTHER)).endswith(
        "fix planned for Fri 04 Dec 2026")
    await teams.tick(datetime(2026, 12, 4, 9, 0, tzinfo=UTC))  # the fix date
    reminder = teams.connector.sent_to(personal_chat(OTHER))[-1].activity["text"]
    assert reminder.startswith('Today (Fri 04 Dec) is the fix date planned for the theme "Refunds')
    assert (await say(teams, "theme fixed 1", user=OTHER)).endswith("fixed")

    note = teams.connector.cards_to(personal_chat(OWNER))[-1]
    assert note.card["body"][0]["text"].startswith(
        "The problem behind your case #1 with Acme Corp is fixed")
    assert (await say(teams, "told 1 pleased", user=OWNER)).endswith("every customer told")
    theme = teams.db.run_sync(lambda s: s.exec(select(Theme)).one())
    assert theme.state == "told"


async def test_a_decline_goes_back_to_whoever_started_the_theme(teams: TeamsDriver) -> None:
    await a_billing_case(teams)
    await say(teams, "theme 1 new Refunds take weeks")

    assert (await say(teams, "theme decline 1 Bank delay, not ours",
                      user=OTHER)).endswith("declined")

    note = teams.connector.sent_to(personal_chat(REPORTER))[-1]
    assert note.activity["text"].endswith("declined. Why: Bank delay, not ours")


async def test_leads_only_and_usage(teams: TeamsDriver) -> None:
    await a_billing_case(teams)
    await say(teams, "theme 1 new Refunds take weeks")
    await say(teams, "theme 1 new Second look")

    assert await say(teams, "theme merge 1 into 2", user=OWNER) == (
        "Only a lead can merge or split themes.")
    assert (await say(teams, "theme merge 1 into 2")).startswith('Theme #2 "Second look"')
    assert (await say(teams, "theme help")).lstrip().startswith("themes")


async def test_the_private_weekly_note_on_teams(teams: TeamsDriver) -> None:
    await a_billing_case(teams)

    assert await say(teams, "note on") == "You will get your private weekly note every Monday."
    await teams.tick(datetime(2026, 11, 30, 9, 0, tzinfo=UTC))

    note = teams.connector.sent_to(personal_chat(REPORTER))[-1].activity["text"]
    assert note.startswith("Your week (only you see this note):\n1 case logged")
    assert "Olga Owner: 0 cases logged; 0 of 1 promises kept on time." in note


async def test_a_case_alike_to_earlier_ones_is_offered_a_theme_when_logged(
        teams: TeamsDriver) -> None:
    await log_case(teams)
    await log_case(teams)

    offers = [p.activity["text"] for p in teams.connector.sent_to(personal_chat(REPORTER))
              if "looks like others" in str(p.activity.get("text"))]
    assert offers == ["Case #2 looks like others: Acme Corp again: 2 cases in 1 day. One "
                      "problem behind them? theme 2 shows them; theme 2 new <title> starts a "
                      "theme."]


async def test_the_cards_buttons_do_what_the_commands_do(teams: TeamsDriver) -> None:
    await a_billing_case(teams)
    await say(teams, "theme 1 new Refunds take weeks")
    [post] = teams.connector.cards_to(CHANNEL)
    url = teams.connector.url

    async def press(user: str, data: dict[str, Any], reply_to: str) -> str:
        before = len(teams.connector.posts)
        await teams.send(submit(url, data, reply_to=reply_to, user=user))
        return str(teams.connector.posts[before:][-1].activity.get("text"))

    take = post.card["actions"][0]["data"]
    assert (await press(OTHER, take, post.activity_id)).endswith("open")
    plan = {**post.card["actions"][1]["card"]["actions"][0]["data"], "fix_date": "2026-12-04"}
    assert (await press(OTHER, plan, post.activity_id)).endswith("fix planned for Fri 04 Dec 2026")
    empty = {"verb": "theme_decline", "theme_id": 1, "reason": " "}
    assert await press(OTHER, empty, post.activity_id) == (
        "Say why the theme is declined (at most 500 characters).")
    assert (await press(OTHER, {"verb": "theme_fixed", "theme_id": 1}, post.activity_id)
            ).endswith("fixed")
    note = teams.connector.cards_to(personal_chat(OWNER))[-1]
    told = {**note.card["actions"][0]["card"]["actions"][0]["data"], "reaction": "pleased"}
    assert (await press(OWNER, told, note.activity_id)).endswith("every customer told")
    tampered = {"verb": "theme_take", "theme_id": "99999999999"}
    assert await press(OTHER, tampered, post.activity_id) == (
        "That button is not one I know any more; nothing was changed.")
