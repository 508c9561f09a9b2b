"""/metrics: off unless asked for; when on, what an operator alerts on is there and moves."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest
from prometheus_client import generate_latest
from prometheus_client.parser import text_string_to_metric_families

from bot.config import Settings
from bot.metrics import registry_for, request_kind
from bot.services import Services
from bot.ticking import tick_once
from commands.nudges import plan_nudges
from tests.bot.conftest import AppDriver, running_app
from tests.bot.conftest import test_settings as settings_for
from tests.bot.slack_flows import log_a_case
from tests.fakeslack import FakeSlack
from tests.network import free_port
from tests.seeding import DUE_NUDGE_AT, people_in_slack, seed_due_commitments
from tests.slack_requests import BOT_TOKEN

AFTER_DUE = DUE_NUDGE_AT + timedelta(minutes=10)


def total(text: str, name: str, **labels: str) -> float:
    """The sum of `name`'s samples whose labels include `labels`."""
    return sum(sample.value for family in text_string_to_metric_families(text)
               for sample in family.samples
               if sample.name == name and labels.items() <= sample.labels.items())


@pytest.fixture
async def measured(slack: FakeSlack, database_url: str) -> AsyncIterator[AppDriver]:
    settings = settings_for(slack, database_url).model_copy(update={"metrics": True})
    async with running_app(settings, slack) as driver:
        yield driver


async def test_metrics_are_off_unless_asked_for(app: AppDriver) -> None:
    assert (await app.http.get("/metrics")).status_code == 404


async def test_acks_and_transactions_are_timed(measured: AppDriver) -> None:
    await log_a_case(measured)
    response = await measured.http.get("/metrics")
    assert response.status_code == 200
    assert total(response.text, "angrycall_ack_seconds_count", kind="command") >= 1
    assert total(response.text, "angrycall_ack_seconds_count", kind="interaction") >= 1
    assert total(response.text, "angrycall_db_transaction_seconds_count", access="write") >= 1


async def test_the_backlog_drains_and_deliveries_are_counted(measured: AppDriver) -> None:
    people_in_slack(measured.slack, owners=3)
    await seed_due_commitments(measured.db, count=3, owners=3)
    await plan_nudges(measured.db, now=AFTER_DUE)
    registry = registry_for(measured.db, lambda: AFTER_DUE)
    before = generate_latest(registry).decode()
    assert total(before, "angrycall_outbox_depth", table="nudges") >= 3
    assert total(before, "angrycall_outbox_oldest_due_age_seconds", table="nudges") >= 600
    settings = Settings(_env_file=None, slack_bot_token=BOT_TOKEN,  # type: ignore[call-arg]
                        slack_api_url=measured.slack.api_url, metrics=True)
    report = await tick_once(Services(settings=settings, db=measured.db), now=AFTER_DUE,
                             worker="test")
    after = generate_latest(registry).decode()
    assert total(after, "angrycall_outbox_depth", table="nudges") == 0
    assert total(after, "angrycall_outbox_oldest_due_age_seconds", table="nudges") == 0
    sent = (total(after, "angrycall_outbox_sent_total", platform="slack")
            - total(before, "angrycall_outbox_sent_total", platform="slack"))
    assert sent == report.sent >= 3
    late = (total(after, "angrycall_nudge_lateness_seconds_count")
            - total(before, "angrycall_nudge_lateness_seconds_count"))
    assert late == report.sent


async def test_metrics_on_a_port_of_their_own(slack: FakeSlack, database_url: str) -> None:
    port = free_port()
    settings = settings_for(slack, database_url).model_copy(update={"metrics_port": port})
    async with running_app(settings, slack) as app:
        async with httpx.AsyncClient() as client:
            response = await client.get(f"http://127.0.0.1:{port}/metrics")
        assert response.status_code == 200
        assert "angrycall_outbox_depth" in response.text
        assert (await app.http.get("/metrics")).status_code == 404


def test_request_kinds_are_told_apart_by_their_first_bytes() -> None:
    assert request_kind("/slack/events", b"payload=%7B%22type") == "interaction"
    assert request_kind("/slack/events", b'{"type": "event_callback"}') == "event"
    assert request_kind("/slack/events", b"token=x&command=%2Fangrycall") == "command"
    assert request_kind("/api/messages", b"{}") == "teams"
