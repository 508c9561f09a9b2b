"""Logging for angrycall's processes: one format, and slack_sdk kept from wasted work."""

from __future__ import annotations

import logging

# slack_sdk decides whether to format a debug line for every Web API call (the whole request,
# a 7 kB modal included) by its logger's *own* level, not the effective one. Left unset (0),
# it formats that line on every call and then drops it: a quarter of the CPU of a views.open.
SLACK_SDK_REQUEST_LOGGERS = ("slack_sdk.web.async_base_client", "slack_sdk.web.base_client")


def configure_logging(level: str) -> None:
    logging.basicConfig(level=level.upper(),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    effective = logging.getLogger().getEffectiveLevel()
    for name in SLACK_SDK_REQUEST_LOGGERS:
        logger = logging.getLogger(name)
        if logger.level == logging.NOTSET:
            logger.setLevel(effective)
