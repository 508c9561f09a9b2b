"""What a Bot Connector failure means for a nudge: wait, retry, or give up and tell the reporter."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import select

from bot.teams.messages import retry_after
from storage.models import Nudge, Person
from tests.teams.activities import OWNER, REPORTER, TENANT, personal_chat
from tests.teams.conftest import TeamsDriver
from tests.teams.test_nudges import DUE_NUDGE, LOGGED, log_case


def the_nudge(teams: TeamsDriver) -> Nudge:
    row = teams.db.run_sync(lambda s: s.exec(select(Nudge)).one())
    assert isinstance(row, Nudge)
    return row


async def test_our_token_refused_is_retried_not_given_up(teams: TeamsDriver) -> None:
    # 401: the app password was rotated, or Entra had a bad moment. The operator fixes it and
    # the nudge goes out; the promise is not declared undeliverable, nor the reporter alarmed.
    await log_case(teams)
    await teams.tick(LOGGED)
    teams.connector.failures.append(401)
    report = await teams.tick(DUE_NUDGE)
    assert (report.sent, report.retried, report.dead) == (0, 1, 0)
    assert the_nudge(teams).status == "pending"
    later = datetime(2026, 11, 27, 18, 30, tzinfo=UTC)
    assert (await teams.tick(later)).sent == 1
    assert the_nudge(teams).status == "sent"


async def test_no_outbound_token_is_retried_and_the_tick_goes_on(teams: TeamsDriver) -> None:
    # Entra refusing the app password used to escape as a ValueError: the tick halted with it,
    # and the nudge sat claimed until its lease ran out, every tick.
    await log_case(teams)
    await teams.tick(LOGGED)
    teams.connector.tokens_refused = True
    report = await teams.tick(DUE_NUDGE)
    assert (report.sent, report.retried, report.dead) == (0, 1, 0)
    assert the_nudge(teams).last_error.startswith("no Bot Connector token")
    teams.connector.tokens_refused = False
    assert (await teams.tick(datetime(2026, 11, 27, 18, 30, tzinfo=UTC))).sent == 1


@pytest.mark.parametrize(("header", "wait"), [
    ("Wed, 21 Oct 2026 07:28:00 GMT", 1.0),  # an HTTP date: not a number of seconds
    ("soon", 1.0), ("-5", 1.0), ("nan", 1.0), ("1e12", 1.0), ("30", 30.0), ("2.5", 2.5),
])
async def test_throttling_with_any_retry_after_is_waited_out(teams: TeamsDriver, header: str,
                                                             wait: float) -> None:
    await log_case(teams)
    await teams.tick(LOGGED)
    teams.connector.failures.append(429)
    teams.connector.retry_after = header
    report = await teams.tick(DUE_NUDGE)
    assert report.retried == 1
    row = the_nudge(teams)
    assert (row.status, (row.next_attempt_at - DUE_NUDGE).total_seconds()) == ("pending", wait)


@pytest.mark.parametrize(("header", "seconds"), [
    (None, 1.0), ("", 1.0), ("0", 0.0), ("7", 7.0), ("3600", 3600.0), ("3601", 1.0),
    ("inf", 1.0), ("Fri, 27 Nov 2026 18:00:00 GMT", 1.0)])
def test_retry_after(header: str | None, seconds: float) -> None:
    assert retry_after(header) == seconds


async def test_a_group_chat_without_a_type_is_not_kept_as_a_personal_chat(
        teams: TeamsDriver) -> None:
    activity = {"type": "message", "id": "m-1", "channelId": "msteams", "text": "help",
                "serviceUrl": teams.connector.url, "from": {"id": "29:1x", "aadObjectId": OWNER},
                "recipient": {"id": "28:bot"},
                "conversation": {"id": "19:group@thread.v2", "isGroup": True, "tenantId": TENANT}}
    assert (await teams.send(activity)).status_code == 202
    people = teams.db.run_sync(lambda s: s.exec(select(Person)).all())
    assert all("teams" not in person.address for person in people)
    assert teams.connector.sent_to(personal_chat(REPORTER)) == []
