"""Process logging: slack_sdk must not format a debug line per call that nobody will see."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from bot.logs import SLACK_SDK_REQUEST_LOGGERS, configure_logging


@pytest.fixture(autouse=True)
def _restore_levels() -> Iterator[None]:
    before = {name: logging.getLogger(name).level for name in SLACK_SDK_REQUEST_LOGGERS}
    root = logging.getLogger().level
    yield
    for name, level in before.items():
        logging.getLogger(name).setLevel(level)
    logging.getLogger().setLevel(root)


def _reset() -> None:
    for name in SLACK_SDK_REQUEST_LOGGERS:
        logging.getLogger(name).setLevel(logging.NOTSET)


def test_at_info_slack_sdk_skips_its_per_request_debug_line() -> None:
    _reset()
    logging.getLogger().setLevel(logging.INFO)
    configure_logging("info")
    # slack_sdk formats the line only when its logger's own level is DEBUG or lower.
    for name in SLACK_SDK_REQUEST_LOGGERS:
        assert logging.getLogger(name).level > logging.DEBUG


def test_at_debug_the_request_lines_are_still_logged() -> None:
    _reset()
    logging.getLogger().setLevel(logging.DEBUG)
    configure_logging("debug")
    assert logging.getLogger(SLACK_SDK_REQUEST_LOGGERS[0]).isEnabledFor(logging.DEBUG)
