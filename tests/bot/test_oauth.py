"""Many workspaces: OAuth installs, sealed tokens, refresh for background jobs, isolation."""

from __future__ import annotations

import asyncio
import re
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import text

from bot.cli import main
from bot.config import ConfigurationError, Settings
from bot.services import Services
from bot.slack.installed_tokens import InstalledBotTokens
from bot.slack.oauth import BOT_SCOPES
from bot.slack.routes import REDIRECT_PATH
from bot.slack.token_cipher import TokenCipher, UnreadableToken
from bot.slack.tokens import TokenUnavailable
from bot.ticking import tick_once
from storage.engine import Database, make_engine
from tests.bot.conftest import FIXED_NOW, AppDriver
from tests.bot.form_values import case_values, commitment_values
from tests.bot.oauth_driver import ENCRYPTION_KEY, in_team, install, oauth_app, oauth_settings
from tests.bot.slack_flows import submission
from tests.fakeslack import FakeSlack
from tests.slack_requests import REPORTER, event, payload

OTHER_TEAM = "T0002"
OTHER_REPORTER = "U0002REP1"
OTHER_OWNER = "U0002OWN1"
OTHER_CHANNEL = "C0002SUPP"
DUE = date(2026, 11, 27)


@pytest.fixture
def two_workspaces(slack: FakeSlack) -> FakeSlack:
    slack.add_user(OTHER_REPORTER, tz="Europe/Paris", name="pierre", team_id=OTHER_TEAM)
    slack.add_user(OTHER_OWNER, tz="Europe/Paris", name="odile", team_id=OTHER_TEAM)
    slack.add_channel(OTHER_CHANNEL, members=[OTHER_REPORTER, OTHER_OWNER], team_id=OTHER_TEAM)
    return slack


def stored_bot_tokens(db: Database) -> dict[str, str]:
    with db.engine.connect() as connection:
        rows = connection.execute(text("SELECT team_id, bot_token FROM slack_bots"))
        return {team: token for team, token in rows}


async def log_case_in(app: AppDriver, *, team: str, reporter: str, channel: str, owner: str,
                      customer: str) -> None:
    response = await app.command("", team_id=team, user_id=reporter, channel_id=channel)
    assert response.status_code == 200 and "install" not in response.text, response.text
    opened = await app.slack.await_calls(
        "views.open", predicate=lambda call: call.token in _tokens_of(app.slack, team))
    view = app.slack.views[opened[-1].response["view"]["id"]]
    promise = commitment_values(0, owner=owner, due=DUE, at=time(15, 0),
                                promise=f"Call {customer} back with the refund")
    values = case_values(customer=customer, commitments=(promise,))
    body = in_team(submission(view, values, user=reporter), team, reporter)
    answer = await app.interact(body)
    assert answer.status_code == 200 and answer.text == "", answer.text


def _tokens_of(slack: FakeSlack, team: str) -> set[str]:
    return {token for token, bot in slack.bot_tokens.items() if bot["team_id"] == team}


def oauth_services(slack: FakeSlack, database_url: str) -> Services:
    settings = oauth_settings(slack, database_url)
    return Services(settings=settings, db=Database(make_engine(database_url)),
                    clock=lambda: FIXED_NOW)


async def test_an_install_stores_a_sealed_token_and_serves_that_workspace(
    two_workspaces: FakeSlack, database_url: str
) -> None:
    async with oauth_app(two_workspaces, database_url) as app:
        token = await install(app, "T0001", installer=REPORTER)
        other = await install(app, OTHER_TEAM, installer=OTHER_REPORTER)
        stored = stored_bot_tokens(app.db)
        assert set(stored) == {"T0001", OTHER_TEAM}
        assert token not in stored["T0001"] and other not in stored[OTHER_TEAM]
        assert TokenCipher(ENCRYPTION_KEY).open(stored["T0001"]) == token

        await app.command("")
        await app.command("", team_id=OTHER_TEAM, user_id=OTHER_REPORTER,
                          channel_id=OTHER_CHANNEL)
        opened = await app.slack.await_calls("views.open", count=2)
        assert {call.token for call in opened} == {token, other}


async def test_whoever_installs_is_welcomed_by_dm(slack: FakeSlack, database_url: str) -> None:
    async with oauth_app(slack, database_url) as app:
        token = await install(app, "T0001", installer=REPORTER)
        (welcome,) = app.slack.dm_messages(REPORTER)
        assert "Thanks for adding *angrycall*" in welcome["text"]
        assert "`/angrycall settings`" in welcome["text"]
        (posted,) = await app.slack.await_calls("chat.postMessage")
        assert posted.token == token


async def test_a_workspace_that_never_installed_is_asked_to(slack: FakeSlack,
                                                            database_url: str) -> None:
    async with oauth_app(slack, database_url) as app:
        response = await app.command("", team_id="T0404")
        assert response.status_code == 200
        told = response.text + str(await app.slack.await_webhook_posts())
        assert "reinstall this app" in told.lower()
        assert app.slack.calls_to("views.open") == []


async def test_two_workspaces_never_see_each_other(two_workspaces: FakeSlack,
                                                   database_url: str) -> None:
    async with oauth_app(two_workspaces, database_url) as app:
        token = await install(app, "T0001", installer=REPORTER)
        other = await install(app, OTHER_TEAM, installer=OTHER_REPORTER)
        await log_case_in(app, team="T0001", reporter=REPORTER, channel="C2147483705",
                          owner="U0OWNER01", customer="Acme Corp")
        await log_case_in(app, team=OTHER_TEAM, reporter=OTHER_REPORTER, channel=OTHER_CHANNEL,
                          owner=OTHER_OWNER, customer="Globex")

        services = oauth_services(two_workspaces, database_url)
        await tick_once(services, now=FIXED_NOW + timedelta(days=2), worker="test")
        services.db.dispose()

        ours, theirs = app.slack.dm_messages("U0OWNER01"), app.slack.dm_messages(OTHER_OWNER)
        assert ours and theirs
        assert all(m["team"] == "T0001" and "Globex" not in str(m) for m in ours)
        assert all(m["team"] == OTHER_TEAM and "Acme" not in str(m) for m in theirs)
        sent = app.slack.calls_to("chat.postMessage")
        assert {c.token for c in sent if c.args.get("channel") == OTHER_OWNER} == {other}
        assert {c.token for c in sent if c.args.get("channel") == "U0OWNER01"} == {token}

        # A person of the other workspace asking for this workspace's case by its id.
        button = next(b for m in ours for b in _buttons(m) if b["action_id"] == "view_case")
        body = in_team(payload("block_actions_in_message"), OTHER_TEAM, OTHER_REPORTER)
        body["actions"] = [{**button, "block_id": "b", "action_ts": "1548426417.840180"}]
        body["trigger_id"] = app.slack.new_trigger_id()
        body["response_url"] = app.slack.new_response_url()
        await app.interact(body)
        answer = await app.slack.await_webhook_posts()
        assert "Acme" not in str(answer) and "Only the people on this case" in str(answer)
        assert not [c for c in app.slack.calls_to("views.open") if c.token == other
                    and "Acme" in str(c.args)]


def _buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [element for block in message.get("blocks") or [] if block.get("type") == "actions"
            for element in block.get("elements", [])]


async def test_background_jobs_refresh_an_expiring_token_before_sending(
    slack: FakeSlack, database_url: str
) -> None:
    slack.installs.lifetime = 3600  # under the 2-hour margin: due for a refresh at once
    async with oauth_app(slack, database_url) as app:
        first = await install(app, "T0001", installer=REPORTER)
        await log_case_in(app, team="T0001", reporter=REPORTER, channel="C2147483705",
                          owner="U0OWNER01", customer="Acme Corp")
        slack.installs.lifetime = 43200
        slack.expire_token(first)
        refreshed = set(_tokens_of(slack, "T0001")) - {first}

        services = oauth_services(slack, database_url)
        report = await tick_once(services, now=FIXED_NOW + timedelta(days=2), worker="test")
        services.db.dispose()

        assert report.sent >= 1 and report.dead == 0
        latest = set(_tokens_of(slack, "T0001")) - {first} - refreshed
        assert latest, "no token was refreshed"
        # The nudges (the welcome DM went out at install, with the first token).
        sent = [c for c in slack.calls_to("chat.postMessage")
                if c.response.get("ok") and c.args.get("metadata")]
        assert sent and all(c.token in latest | refreshed for c in sent)
        stored = TokenCipher(ENCRYPTION_KEY).open(stored_bot_tokens(app.db)["T0001"])
        assert stored in latest and stored not in stored_bot_tokens(app.db)["T0001"]


async def test_processes_refreshing_at_once_share_one_refresh(slack: FakeSlack,
                                                              database_url: str) -> None:
    slack.installs.lifetime = 3600  # the installed token is due for a refresh...
    async with oauth_app(slack, database_url) as app:
        await install(app, "T0001", installer=REPORTER)
    slack.installs.lifetime = 43200  # ...the refreshed one is good for 12 hours
    # Two processes: separate token sources (own locks), one database, one Slack.
    processes = [oauth_services(slack, database_url) for _ in range(2)]
    tokens = [p.slack_tokens for p in processes]
    assert all(isinstance(t, InstalledBotTokens) for t in tokens)
    got = await asyncio.gather(*(tokens[i % 2].bot_token("T0001") for i in range(12)))
    for process in processes:
        process.db.dispose()
    # One refresh for all: a second one would have failed (refresh tokens are single-use) or
    # handed out another token.
    assert len(set(got)) == 1
    assert got[0] in slack.bot_tokens and not slack.installs.expired(got[0])


async def test_uninstalling_forgets_the_workspace(slack: FakeSlack, database_url: str) -> None:
    async with oauth_app(slack, database_url) as app:
        await install(app, "T0001", installer=REPORTER)
        uninstalled = {"token": "x", "team_id": "T0001", "api_app_id": "A0ANGRYCALL",
                       "event": {"type": "app_uninstalled", "event_ts": "1700000000.000100"},
                       "type": "event_callback", "event_id": "Ev0UNINSTALL",
                       "event_time": 1700000000}
        response = await app.post(event(uninstalled), "application/json")
        assert response.status_code == 200
        for _ in range(100):
            if not stored_bot_tokens(app.db):
                break
            await asyncio.sleep(0.05)
        assert stored_bot_tokens(app.db) == {}
        services = oauth_services(slack, database_url)
        with pytest.raises(TokenUnavailable) as refused:
            await services.slack_tokens.bot_token("T0001")
        services.db.dispose()
        assert refused.value.permanent


async def test_tokens_sealed_with_another_key_are_refused_clearly(
    slack: FakeSlack, database_url: str
) -> None:
    async with oauth_app(slack, database_url) as app:
        await install(app, "T0001", installer=REPORTER)
    settings = oauth_settings(slack, database_url, key=Fernet.generate_key().decode())
    services = Services(settings=settings, db=Database(make_engine(database_url)))
    with pytest.raises(UnreadableToken, match="ANGRYCALL_ENCRYPTION_KEY"):
        await services.slack_tokens.bot_token("T0001")
    services.db.dispose()


def test_a_key_change_keeps_old_tokens_readable() -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    sealed = TokenCipher(old).seal("xoxb-1")
    assert TokenCipher(f"{new},{old}").open(sealed) == "xoxb-1"


@pytest.mark.parametrize(("env", "named"), [
    ({"slack_client_id": "1.2", "slack_client_secret": "s3cret"}, "ANGRYCALL_ENCRYPTION_KEY"),
    ({"slack_client_id": "1.2", "slack_client_secret": "s3cret",
      "ANGRYCALL_ENCRYPTION_KEY": "not-a-key"}, "ANGRYCALL_ENCRYPTION_KEY"),
    ({"slack_client_id": "1.2"}, "SLACK_CLIENT_SECRET"),
    ({"slack_client_id": "1.2", "slack_client_secret": "s3cret", "slack_bot_token": "xoxb-1",
      "ANGRYCALL_ENCRYPTION_KEY": ENCRYPTION_KEY}, "SLACK_BOT_TOKEN"),
])
def test_oauth_settings_name_what_is_missing(env: dict[str, str], named: str) -> None:
    settings = Settings(_env_file=None, slack_signing_secret="x" * 32,  # type: ignore[call-arg]
                        **env)
    with pytest.raises(ConfigurationError, match=named):
        settings.require_slack()


def test_an_install_asks_for_the_scopes_of_the_manifest() -> None:
    manifest = (Path(__file__).parents[2] / "manifest.yml").read_text()
    bot_scopes = manifest.split("    bot:\n", 1)[1].split("settings:", 1)[0]
    listed = tuple(re.findall(r"^\s+- ([a-z:.]+)$", bot_scopes, flags=re.MULTILINE))
    assert listed == BOT_SCOPES
    assert f"/slack{REDIRECT_PATH.removeprefix('/slack')}" in manifest
    assert "app_uninstalled" in manifest and "tokens_revoked" in manifest


def test_new_key_prints_a_key_that_seals(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new-key"]) == 0
    key = capsys.readouterr().out.strip()
    assert TokenCipher(key).open(TokenCipher(key).seal("xoxb-1")) == "xoxb-1"
