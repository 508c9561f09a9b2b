"""Process logging: quiet libraries, no secret nor request body in any line, at any level."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator

import pytest

from bot.logs import (
    ERRORS_ONLY_LOGGERS,
    QUIET_LOGGERS,
    SAID_ELSEWHERE_LOGGERS,
    SLACK_SDK_REQUEST_LOGGERS,
    configure_logging,
)
from tests.bot.conftest import AppDriver
from tests.bot.form_values import case_values
from tests.bot.oauth_driver import install, oauth_app
from tests.bot.slack_flows import open_form, promise_values, submission
from tests.fakeslack import FakeSlack
from tests.slack_requests import BOT_TOKEN, FORM, SIGNING_SECRET, signed_headers, slash_command


@pytest.fixture(autouse=True)
def _restore_levels() -> Iterator[None]:
    before = {name: logging.getLogger(name).level
              for name in (*QUIET_LOGGERS, *ERRORS_ONLY_LOGGERS, *SAID_ELSEWHERE_LOGGERS)}
    root = logging.getLogger().level
    factory = logging.getLogRecordFactory()
    yield
    for name, level in before.items():
        logging.getLogger(name).setLevel(level)
    logging.getLogger().setLevel(root)
    logging.setLogRecordFactory(factory)


@pytest.mark.parametrize("level", ["debug", "info"])
def test_slack_sdk_never_formats_its_per_request_debug_line(level: str) -> None:
    logging.getLogger().setLevel(level.upper())
    configure_logging(level)
    # slack_sdk formats the line only when its logger's own level is DEBUG or lower; at DEBUG
    # it would hold each call's body (and oauth.v2.access's tokens): it is never logged.
    for name in SLACK_SDK_REQUEST_LOGGERS:
        assert logging.getLogger(name).level >= logging.WARNING


def test_libraries_stay_quiet_at_info() -> None:
    logging.getLogger().setLevel(logging.INFO)
    configure_logging("info")
    for name in ("apscheduler.executors.default", "apscheduler.scheduler",
                 "alembic.runtime.migration", "slack_bolt.AsyncApp"):
        assert not logging.getLogger(name).isEnabledFor(logging.INFO), name


def test_a_connection_the_database_dropped_is_not_logged_twice() -> None:
    configure_logging("info")
    # The pool's failed reset of that connection, with its traceback (a tick's error is one
    # line: tests/bot/test_tick_processes.py), from the logger SQLAlchemy gives each pool class.
    assert not logging.getLogger("sqlalchemy.pool.impl.QueuePool").isEnabledFor(logging.ERROR)


def test_a_quieter_root_keeps_libraries_as_quiet() -> None:
    logging.getLogger().setLevel(logging.ERROR)
    configure_logging("error")
    assert not logging.getLogger("slack_bolt").isEnabledFor(logging.WARNING)


# -- no request body, token or secret in any line, at any level (issue 12, point 13) ----------

MARKER = "Umbrella Corp screamed about invoice 4471"
TOKEN_PREFIXES = ("xoxb-", "xoxe-", "xoxe.", "xoxp-", "xapp-")


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture, slack: FakeSlack) -> pytest.LogCaptureFixture:
    """The process's logging at DEBUG, as `angrycall serve` sets it up, captured."""
    caplog.set_level(logging.DEBUG)
    configure_logging("debug", secrets=[SIGNING_SECRET, BOT_TOKEN, slack.installs.client_secret])
    return caplog


def leaks(caplog: pytest.LogCaptureFixture, secrets: list[str]) -> list[str]:
    found = []
    for record in caplog.records:
        line = record.getMessage() + (record.exc_text or "")
        if any(word in line for word in (MARKER, *secrets, *TOKEN_PREFIXES)):
            found.append(f"{record.name}: {line[:300]}")
    return found


async def test_bad_signatures_and_a_replay_log_no_body(
    app: AppDriver, debug_logs: pytest.LogCaptureFixture
) -> None:
    body = slash_command(MARKER, trigger_id=app.slack.new_trigger_id(),
                         response_url=app.slack.new_response_url())
    stale = int(time.time()) - 6 * 60
    for headers in ({"content-type": FORM},
                    signed_headers(body, content_type=FORM, secret="guess"),
                    signed_headers(body, content_type=FORM, timestamp=stale)):
        assert (await app.http.post("/slack/events", content=body,
                                    headers=headers)).status_code == 401
    assert debug_logs.records, "nothing was captured"
    assert leaks(debug_logs, [SIGNING_SECRET]) == []


async def test_a_normal_flow_logs_no_customer_text_nor_token(
    app: AppDriver, debug_logs: pytest.LogCaptureFixture
) -> None:
    view = await open_form(app, text=MARKER)
    values = case_values(customer=MARKER, what_happened=MARKER,
                         commitments=(promise_values(),))
    assert (await app.interact(submission(view, values))).status_code == 200
    await app.slack.await_calls("chat.postEphemeral")
    assert leaks(debug_logs, [SIGNING_SECRET, BOT_TOKEN]) == []


async def test_an_oauth_install_logs_no_token_nor_client_secret(
    slack: FakeSlack, database_url: str, debug_logs: pytest.LogCaptureFixture
) -> None:
    async with oauth_app(slack, database_url) as app:
        token = await install(app, "T0LOGS", installer="U0LOGS")
    assert any(r.name.startswith("slack") for r in debug_logs.records) or debug_logs.records
    assert leaks(debug_logs, [SIGNING_SECRET, token, slack.installs.client_secret]) == []


def test_a_token_or_a_secret_in_our_own_lines_is_redacted(
    debug_logs: pytest.LogCaptureFixture
) -> None:
    logger = logging.getLogger("bot.test")
    logger.error("Slack said %s", f"bad token xoxb-1-abc and {SIGNING_SECRET}")
    try:
        raise ValueError("xoxe.xoxb-1-refresh")
    except ValueError:
        logger.exception("failed")
    assert leaks(debug_logs, [SIGNING_SECRET]) == []


def test_a_value_cannot_forge_a_second_log_line(debug_logs: pytest.LogCaptureFixture) -> None:
    logging.getLogger("bot.test").warning("refused a %s request",
                                          "x\n2026-11-28 INFO bot: all is well")
    assert "\n" not in debug_logs.records[-1].getMessage()


def test_the_oauth_redirect_s_code_and_state_are_not_logged(
    debug_logs: pytest.LogCaptureFixture
) -> None:
    logging.getLogger("uvicorn.access").info(
        '%s - "%s %s HTTP/%s" %d', "127.0.0.1:5000", "GET",
        "/slack/oauth_redirect?code=1234.5678.abcdef&state=s3cr3t-state", "1.1", 200)
    line = debug_logs.records[-1].getMessage()
    assert "1234.5678.abcdef" not in line and "s3cr3t-state" not in line
    assert "/slack/oauth_redirect" in line


def test_a_teams_activity_that_fails_validation_is_not_logged(
    debug_logs: pytest.LogCaptureFixture
) -> None:
    # What the Agents SDK logs for an activity it cannot read: the validation error, values
    # included.
    logging.getLogger("microsoft_agents.activity.activity").error(
        "Validation error for Activity: %s", {"text": MARKER})
    assert leaks(debug_logs, []) == []
