"""Logging for angrycall's processes: one format, quiet libraries, and nothing secret logged."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from bot.log_secrecy import keep_secrets

# slack_sdk decides whether to format a debug line for every Web API call (the whole request,
# a 7 kB modal included) by its logger's *own* level, not the effective one. Left unset (0),
# it formats that line on every call and then drops it: a quarter of the CPU of a views.open.
SLACK_SDK_REQUEST_LOGGERS = ("slack_sdk.web.async_base_client", "slack_sdk.web.base_client")
# Never below WARNING, even at DEBUG: bolt's INFO and DEBUG lines carry request bodies (an
# unsigned one's included), slack_sdk's each call's body and answer (oauth.v2.access: tokens),
# the Agents SDK's and MSAL's the activities and token requests of Teams;
# APScheduler says "Running job" every tick, alembic describes itself whenever the schema
# version is read (digest, export).
QUIET_LOGGERS = ("slack_bolt", "slack_sdk", *SLACK_SDK_REQUEST_LOGGERS, "microsoft_agents",
                 "msal", "apscheduler", "alembic")
# Errors only: batched writes (executemany) run in psycopg's pipeline mode, and when the
# connection drops psycopg warns that it could not close the pipeline; the error that matters
# is raised anyway, and said once.
ERRORS_ONLY_LOGGERS = ("psycopg",)
# Nothing below CRITICAL: when the database goes away under a connection, SQLAlchemy's pool logs
# its failed rollback on returning it ("Exception during reset or similar") with a traceback at
# ERROR; the unit of work that met the dead connection raises too, and says it in one line.
SAID_ELSEWHERE_LOGGERS = ("sqlalchemy.pool",)


def configure_logging(level: str, *, secrets: Iterable[str] = ()) -> None:
    keep_secrets(secrets)
    logging.basicConfig(level=level.upper(),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    quiet = max(logging.WARNING, logging.getLogger().getEffectiveLevel())
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(quiet)
    for name in ERRORS_ONLY_LOGGERS:
        logging.getLogger(name).setLevel(max(logging.ERROR, quiet))
    for name in SAID_ELSEWHERE_LOGGERS:
        logging.getLogger(name).setLevel(logging.CRITICAL)
