"""`angrycall tick --at ISO8601`: one tick, its report on stdout, and a one-line reason on stderr
when the database fails part-way (exit 1): what was sent before is recorded, and running the
tick again sends only what was not."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import sys
from datetime import datetime

from sqlalchemy.exc import DBAPIError

from bot import long_lived
from bot.clock import worker_name
from bot.config import Settings
from bot.database import prepare_database
from bot.services import Services
from bot.ticking import tick_once
from commands.nudges import DispatchReport
from storage.engine import Database, make_engine

DATABASE_FAILED = ("angrycall tick: stopped, the database failed ({}). The report above counts "
                   "what was done; run the tick again: what went out is not sent twice.")


def run_tick_command(settings: Settings, *, at: datetime) -> int:
    report = DispatchReport()
    try:
        asyncio.run(_tick(settings, at=at, report=report))
    except DBAPIError as error:
        _print_report(report)
        print(DATABASE_FAILED.format(what_failed(error)), file=sys.stderr)  # noqa: T201
        return 1
    _print_report(report)
    return 0


async def _tick(settings: Settings, *, at: datetime, report: DispatchReport) -> None:
    services = Services(settings=settings, db=Database(make_engine(settings.database_url)))
    try:
        await prepare_database(services.db)
        long_lived.started()  # `angrycall tick` only: its own process
        await tick_once(services, now=at, worker=worker_name(), report=report)
    finally:
        services.db.dispose()


def what_failed(error: DBAPIError) -> str:
    """The driver's own words, first line only (the SQL and parameters stay out)."""
    words = str(error.orig).strip().splitlines()
    return f"{type(error.orig).__name__}: {words[0] if words else 'no details'}"


def _print_report(report: DispatchReport) -> None:
    print(json.dumps(dataclasses.asdict(report)))  # noqa: T201
