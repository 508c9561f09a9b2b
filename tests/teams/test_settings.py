"""`settings` in the Teams personal chat: every setting Slack's modal has, Slack's rules (leads,
or anyone while none is set), errors under their fields with what was typed kept."""

from __future__ import annotations

from datetime import date, time
from typing import Any

import pytest
from sqlmodel import select

from bot.teams.settings_card import SettingsForm, settings_card, values_of
from commands.playbook import DEFAULT_PLAYBOOK
from commands.refusals import NOT_ALLOWED
from commands.team_settings import TeamSettings
from storage.models import Workspace
from tests.teams.activities import (
    OTHER,
    OWNER,
    REPORTER,
    in_channel,
    installed,
    message,
    personal_chat,
    submit,
)
from tests.teams.conftest import TeamsDriver
from tests.teams.fake_connector import Post
from tests.teams.test_card_schema import problems
from tests.teams.test_form_flow import inputs

SETTINGS_IDS = {"leads", "work_days", "work_start", "work_end", "escalate_after", "pre_due",
                "due_lead", "digest_names", "holidays", "furious_line", "categories",
                "retention", "own_steps_upset", "own_steps_finding", "own_steps_next",
                "retired_steps"}


def workspace(teams: TeamsDriver) -> Workspace:
    return teams.db.run_sync(lambda s: s.exec(select(Workspace)).one())


async def open_settings(teams: TeamsDriver, user: str = REPORTER) -> Post:
    response = await teams.send(message(teams.connector.url, "settings", user=user))
    assert response.status_code == 202
    return teams.connector.sent_to(personal_chat(user))[-1]


def edited(card: dict[str, Any], **changes: str) -> dict[str, Any]:
    """What Teams sends on Save: the action's data and every input's value."""
    values = {key: str(e.get("value", "")) for key, e in inputs(card).items()}
    return {**card["actions"][0]["data"], **values, **changes}


async def save(teams: TeamsDriver, post: Post, user: str = REPORTER, **changes: str) -> Post:
    value = edited(post.card, **changes)
    await teams.send(submit(teams.connector.url, value, reply_to=post.activity_id, user=user))
    return teams.connector.sent_to(personal_chat(user))[-1]


def errors_of(card: dict[str, Any]) -> dict[str, str]:
    return {e["id"].removesuffix("_error"): e["text"] for e in card["body"]
            if e.get("color") == "attention" and "id" in e}


async def test_the_installer_opens_every_setting(teams: TeamsDriver) -> None:
    await teams.send(installed(teams.connector.url, user=REPORTER))
    post = await open_settings(teams)
    fields = inputs(post.card)
    assert set(fields) == SETTINGS_IDS
    assert fields["leads"]["value"] == REPORTER
    assert fields["work_days"]["value"] == "0,1,2,3,4"
    assert problems(post.card) == []


async def test_a_lead_saves_and_the_rules_are_slacks(teams: TeamsDriver) -> None:
    await teams.send(installed(teams.connector.url, user=REPORTER))
    await teams.send(installed(teams.connector.url, user=OWNER))
    post = await open_settings(teams)
    saved = await save(teams, post, leads=f"{REPORTER},{OWNER}", work_days="0,1,2,3",
                       work_start="08:30", work_end="16:00", escalate_after="3",
                       categories="Billing\nShipping", holidays="2026-12-25 Christmas",
                       furious_line="false", digest_names="true", retention="90",
                       own_steps_next="Send a written summary the same day",
                       retired_steps="let_vent")
    assert saved.method == "PUT" and saved.activity_id == post.activity_id
    assert "saved" in saved.card["body"][0]["text"]
    row = workspace(teams)
    assert row.lead_user_ids == [REPORTER, OWNER] and row.work_days == [0, 1, 2, 3]
    assert (row.work_start, row.work_end) == (time(8, 30), time(16, 0))
    assert row.escalate_after_days == 3 and row.categories == ["Billing", "Shipping"]
    assert row.holidays == ["2026-12-25"] and not row.furious_line
    assert row.digest_show_names and row.retention_days == 90
    assert [s["label"] for s in row.custom_steps] == ["Send a written summary the same day"]
    assert "let_vent" in row.retired_steps


async def test_mistakes_show_under_their_fields_and_keep_what_was_typed(
        teams: TeamsDriver) -> None:
    await teams.send(installed(teams.connector.url, user=REPORTER))
    post = await open_settings(teams)
    redrawn = await save(teams, post, work_days="", work_start="17:00", work_end="09:00",
                         holidays="Christmas", categories="Billing\nShipping")
    assert redrawn.method == "PUT"
    errors = errors_of(redrawn.card)
    assert set(errors) == {"work_days", "work_end", "holidays"}
    assert "YYYY-MM-DD" in errors["holidays"]
    fields = inputs(redrawn.card)
    assert fields["holidays"]["value"] == "Christmas"
    assert fields["categories"]["value"] == "Billing\nShipping"
    assert problems(redrawn.card) == []
    assert workspace(teams).work_start == time(9, 0)  # nothing saved


async def test_a_lead_must_be_someone_angrycall_can_reach(teams: TeamsDriver) -> None:
    await teams.send(installed(teams.connector.url, user=REPORTER))
    post = await open_settings(teams)
    redrawn = await save(teams, post, leads=f"{REPORTER},someone-never-seen")
    assert "Pick leads from the list" in errors_of(redrawn.card)["leads"]
    assert workspace(teams).lead_user_ids == [REPORTER]


async def test_someone_else_is_refused_once_a_lead_is_set(teams: TeamsDriver) -> None:
    await teams.send(installed(teams.connector.url, user=REPORTER))
    lead_card = await open_settings(teams)
    refused = await open_settings(teams, user=OTHER)
    assert NOT_ALLOWED in refused.activity["text"]
    # A lead's card, its data replayed by someone else, changes nothing.
    await teams.send(submit(teams.connector.url, edited(lead_card.card, leads=OTHER),
                            reply_to=lead_card.activity_id, user=OTHER))
    assert workspace(teams).lead_user_ids == [REPORTER]


async def test_anyone_may_while_no_lead_is_set(teams: TeamsDriver) -> None:
    post = await open_settings(teams, user=OTHER)
    assert set(inputs(post.card)) == SETTINGS_IDS
    await save(teams, post, user=OTHER, leads=OTHER)
    assert workspace(teams).lead_user_ids == [OTHER]


async def test_settings_in_a_channel_point_to_the_personal_chat(teams: TeamsDriver) -> None:
    await teams.send(in_channel(teams.connector.url, "settings"))
    (answer,) = teams.connector.posts
    assert "personal chat" in answer.activity["text"]


@pytest.mark.parametrize("errors", [{}, {"leads": "Pick.", "own_steps_next": "Too many."}])
def test_the_card_follows_the_official_schema(errors: dict[str, str]) -> None:
    current = TeamSettings(lead_user_ids=("U1",), work_days=(0, 1), work_start=time(9),
                           work_end=time(17), escalate_after_days=2, categories=("Billing",),
                           holidays=(date(2026, 12, 25),), playbook=DEFAULT_PLAYBOOK)
    card = settings_card(SettingsForm(values=values_of(current), people=[("U2", "Olga")],
                                      playbook=DEFAULT_PLAYBOOK, errors=errors))
    assert problems(card) == []
    assert {c["value"] for c in inputs(card)["leads"]["choices"]} == {"U1", "U2"}


async def test_odd_values_keep_the_current_settings_or_are_refused(teams: TeamsDriver) -> None:
    await teams.send(installed(teams.connector.url, user=REPORTER))
    post = await open_settings(teams)
    redrawn = await save(teams, post, work_start="25:99", escalate_after="9",
                         retention="x", work_days="0,9,x", categories="x" * 80)
    assert set(errors_of(redrawn.card)) == {"escalate_after", "categories"}
    value = {**edited(post.card), "leads": ["not", "a", "string"], "work_days": 3}
    await teams.send(submit(teams.connector.url, value, reply_to=post.activity_id))
    refused = teams.connector.sent_to(personal_chat(REPORTER))[-1]
    assert "work_days" in errors_of(refused.card)  # no day read: nothing saved
    assert workspace(teams).lead_user_ids == [REPORTER]
