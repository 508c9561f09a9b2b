"""Process logging: quiet libraries, and slack_sdk never formatting a debug line per call."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from bot.logs import QUIET_LOGGERS, SLACK_SDK_REQUEST_LOGGERS, configure_logging


@pytest.fixture(autouse=True)
def _restore_levels() -> Iterator[None]:
    before = {name: logging.getLogger(name).level for name in QUIET_LOGGERS}
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


def test_a_quieter_root_keeps_libraries_as_quiet() -> None:
    logging.getLogger().setLevel(logging.ERROR)
    configure_logging("error")
    assert not logging.getLogger("slack_bolt").isEnabledFor(logging.WARNING)
