"""What a Teams request can't do, however it is crafted: pick where replies and nudges go, act for
another tenant or a Slack workspace, or act on someone else's promise through card data."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from typing import Any

import jwt
import pytest
from sqlmodel import select

from storage.models import Case, Commitment, Person
from tests.seeding import seed_due_commitments
from tests.teams.activities import (
    APP_ID,
    OTHER,
    OTHER_TENANT,
    OWNER,
    REPORTER,
    TENANT,
    installed,
    message,
    personal_chat,
    submit,
)
from tests.teams.conftest import APP_PASSWORD, TeamsDriver, driving, teams_settings
from tests.teams.fake_connector import FakeBotConnector
from tests.teams.signing import SigningKey
from tests.teams.test_form_flow import open_form, valid_form
from tests.teams.test_nudges import DUE_NUDGE, LOGGED, log_case, press

EVIL = "http://127.0.0.1:9/evil/"  # another service (loopback: a regression stays local)


def nothing_happened(teams: TeamsDriver) -> bool:
    people = teams.db.run_sync(lambda s: s.exec(select(Person)).all())
    return teams.connector.posts == [] and people == []


def signed(key: SigningKey, payload: dict[str, Any], headers: dict[str, Any]) -> str:
    """A token signed by the test key with any claims and header, however odd."""
    return jwt.api_jws.encode(json.dumps(payload).encode(), key.private_key, algorithm="RS256",
                              headers=headers)


def tokens(teams: TeamsDriver) -> dict[str, str]:
    url, now, key = teams.connector.url, int(time.time()), teams.key
    claims = {"aud": APP_ID, "nbf": now - 10, "exp": now + 600}
    return {
        # Bot Framework tokens name the service that sent the activity.
        "another service URL": key.token(audience=APP_ID, service_url=EVIL),
        # An Entra token for our app id (anyone in the tenant can get one) names no service.
        "no service URL": signed(key, {**claims, "iss": f"https://sts.windows.net/{TENANT}/",
                                       "tid": TENANT}, {"kid": key.kid}),
        "another tenant's issuer": signed(key, {
            **claims, "iss": f"https://sts.windows.net/{OTHER_TENANT}/", "tid": OTHER_TENANT,
            "serviceurl": url}, {"kid": key.kid}),
        "no key id": signed(key, {**claims, "iss": "https://api.botframework.com",
                                  "serviceurl": url}, {}),
    }


@pytest.mark.parametrize("problem", ["another service URL", "no service URL",
                                     "another tenant's issuer", "no key id"])
async def test_a_token_not_for_this_activity_gets_401(teams: TeamsDriver, problem: str) -> None:
    response = await teams.send(message(teams.connector.url, "angrycall"),
                                token=tokens(teams)[problem])
    assert response.status_code == 401
    assert nothing_happened(teams)


async def test_an_activity_naming_another_service_url_gets_401(teams: TeamsDriver) -> None:
    # Its token is for the real service: the activity must not send replies (with our token)
    # elsewhere, nor store a personal chat there for the nudges.
    response = await teams.send({**message(teams.connector.url, "angrycall"), "serviceUrl": EVIL})
    assert response.status_code == 401
    assert nothing_happened(teams)


async def test_the_same_service_url_spelled_with_a_slash_is_served(teams: TeamsDriver) -> None:
    activity = {**message(teams.connector.url, "help"), "serviceUrl": teams.connector.url + "/"}
    assert (await teams.send(activity)).status_code == 202
    assert teams.connector.sent_to(personal_chat(REPORTER))


@pytest.mark.parametrize("channel", ["webchat", "directline", "emulator"])
async def test_another_bot_channel_gets_403_even_claiming_a_teams_user(
        teams: TeamsDriver, channel: str) -> None:
    # Web Chat and Direct Line clients choose their own `from`; tenant-less, they'd be ours.
    activity = message(teams.connector.url, "angrycall")
    activity["channelId"] = channel
    del activity["channelData"], activity["conversation"]["tenantId"]
    response = await teams.send(activity)
    assert response.status_code == 403
    assert nothing_happened(teams)


async def test_another_tenant_gets_403_and_nothing_is_stored(teams: TeamsDriver) -> None:
    response = await teams.send(message(teams.connector.url, "angrycall", tenant=OTHER_TENANT))
    assert response.status_code == 403
    assert nothing_happened(teams)


# -- acting on a promise that is not yours -------------------------------------------------

def the_commitment(teams: TeamsDriver) -> Commitment:
    row = teams.db.run_sync(lambda s: s.exec(select(Commitment)).one())
    assert isinstance(row, Commitment)
    return row


PRESSES = {"Done": {"note": "closed by someone else"}, "Snooze": {"snooze_choice": "1h"},
           "Renegotiate": {"new_date": "2026-12-20", "customer_informed": "true"}}


@pytest.mark.parametrize("button", list(PRESSES))
async def test_a_colleague_pressing_a_copied_card_is_refused(teams: TeamsDriver,
                                                             button: str) -> None:
    await teams.send(installed(teams.connector.url, user=REPORTER))  # Steve leads
    await log_case(teams)  # Steve's promise
    await teams.tick(LOGGED)
    await teams.tick(DUE_NUDGE)
    nudge = teams.connector.cards_to(personal_chat(REPORTER))[-1]
    await teams.send(installed(teams.connector.url, user=OTHER))
    value = press(nudge, button, **PRESSES[button])
    await teams.send(submit(teams.connector.url, value, reply_to=nudge.activity_id, user=OTHER))
    (reply,) = teams.connector.sent_to(personal_chat(OTHER))[-1:]
    assert "Only the owner" in reply.activity["text"]
    row = the_commitment(teams)
    assert (row.status, row.slips, row.outcome_note, row.due_date.isoformat()) == (
        "open", 0, "", "2026-11-27")


@pytest.fixture
async def two_tenants(connector: FakeBotConnector, signing_key: SigningKey,
                      database_url: str) -> AsyncIterator[TeamsDriver]:
    """An angrycall serving every tenant (no TEAMS_TENANT_ID): the core must keep them apart."""
    settings = teams_settings(connector, database_url, teams_tenant_id=None)
    async with driving(settings, connector, signing_key) as driver:
        yield driver


@pytest.mark.parametrize("button", list(PRESSES))
async def test_another_tenant_cannot_act_on_a_promise_even_naming_our_tenant(
        two_tenants: TeamsDriver, button: str) -> None:
    teams = two_tenants
    await log_case(teams)
    commitment_id = the_commitment(teams).id
    # Same person id, another tenant; the card data even claims to be from ours.
    value = {"verb": f"commitment_{button.lower()}", "commitment_id": commitment_id,
             "tenant": TENANT, "team": TENANT, **PRESSES[button]}
    await teams.send(submit(teams.connector.url, value, reply_to="x", tenant=OTHER_TENANT))
    reply = teams.connector.posts[-1]
    assert "no longer exists" in reply.activity["text"]
    row = the_commitment(teams)
    assert (row.status, row.slips, row.outcome_note) == ("open", 0, "")


async def test_a_slack_workspaces_promise_is_out_of_reach(teams: TeamsDriver) -> None:
    await seed_due_commitments(teams.db, count=1, owners=1)  # Slack's T0001, owner UOWNER0000
    commitment_id = the_commitment(teams).id
    done = {"verb": "commitment_done", "commitment_id": commitment_id}
    activity = submit(teams.connector.url, done, reply_to="x")
    activity["from"] = {"id": "29:1x", "name": "Look-alike", "aadObjectId": "UOWNER0000"}
    await teams.send(activity)
    assert "no longer exists" in teams.connector.posts[-1].activity["text"]
    assert the_commitment(teams).status == "open"


async def test_a_copied_submission_key_never_shows_someone_elses_case(
        teams: TeamsDriver) -> None:
    steves_form = await open_form(teams)
    key = steves_form.card["actions"][0]["data"]["submission_key"]
    await teams.send(submit(teams.connector.url, valid_form(key),
                            reply_to=steves_form.activity_id))
    kenjis_form = await open_form(teams, user=OTHER)
    mine = {**valid_form(key), "customer": "Kenji's customer", "commitment_0_owner": OTHER}
    await teams.send(submit(teams.connector.url, mine, reply_to=kenjis_form.activity_id,
                            user=OTHER))
    shown = teams.connector.sent_to(personal_chat(OTHER))[-1]
    assert "Kenji's customer" in json.dumps(shown.card) and "Acme" not in json.dumps(shown.card)
    customers = teams.db.run_sync(lambda s: s.exec(select(Case.customer)).all())
    assert sorted(customers) == ["Acme Corp", "Kenji's customer"]


async def test_a_double_press_still_stores_one_case(teams: TeamsDriver) -> None:
    form = await open_form(teams)
    key = form.card["actions"][0]["data"]["submission_key"]
    for _ in range(2):
        await teams.send(submit(teams.connector.url, valid_form(key), reply_to=form.activity_id))
    assert len(teams.db.run_sync(lambda s: s.exec(select(Case)).all())) == 1


# -- the anonymous development mode ----------------------------------------------------------

async def test_anonymous_mode_with_an_app_password_still_wants_tokens(
        connector: FakeBotConnector, signing_key: SigningKey, sqlite_url: str) -> None:
    settings = teams_settings(connector, sqlite_url, teams_allow_anonymous=True,
                              teams_app_password=APP_PASSWORD)
    async with driving(settings, connector, signing_key) as teams:
        unsigned = await teams.send(message(connector.url, "angrycall"), token=None)
        assert unsigned.status_code == 401
        assert nothing_happened(teams)
        assert (await teams.send(message(connector.url, "help"))).status_code == 202


async def test_an_owner_of_another_tenant_cannot_be_picked(two_tenants: TeamsDriver) -> None:
    teams = two_tenants
    await teams.send(installed(teams.connector.url, user=OWNER, tenant=OTHER_TENANT))
    await log_case(teams, owner=OWNER)
    refreshed = teams.connector.posts[-1]
    assert any("Pick someone from the list" in e.get("text", "") for e in refreshed.card["body"])
    assert teams.db.run_sync(lambda s: s.exec(select(Case)).all()) == []
