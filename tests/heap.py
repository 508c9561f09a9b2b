"""Keeping the test process's heap small, and its full garbage collections out of the tests.

The whole suite runs in one process that builds an app, an engine and a fake Slack per test.
Python's full collections walk every object of it; they struck at random inside tests whose
subject is Slack's three seconds (a trigger id, the ack, the 2.4 s save budget), for up to
0.8 s on a fast machine. A slow 2-core machine failed one of those tests, a different one each
time, in most full runs; these pauses are the likeliest cause (README, "Slack's three seconds on
a slow machine").
"""

from __future__ import annotations

import gc

from sqlalchemy.dialects.postgresql.base import PGDialect
from sqlmodel import SQLModel


def frozen_start_up() -> tuple[int, int, int]:
    """Freeze what importing the code and the libraries built (it lives as long as the
    process), and turn off the process's own full collections; return Python's thresholds."""
    gc.collect()
    gc.freeze()
    thresholds = gc.get_threshold()
    young, middle, _ = thresholds
    gc.set_threshold(young, middle, 2**31 - 1)
    return thresholds


def thawed(thresholds: tuple[int, int, int]) -> None:
    gc.set_threshold(*thresholds)
    gc.unfreeze()


def forget_finished_engines() -> None:
    """SQLAlchemy caches per dialect in places that outlive an engine: each mapper's cache of
    compiled INSERT/UPDATE statements, and PostgreSQL's has-table query. A server has one
    engine; this process makes one per test, and those caches held up to several hundred dead
    engines' dialects (with their type and statement caches), over 300,000 objects."""
    PGDialect._has_table_query.cache_clear()
    for mapper in SQLModel._sa_registry.mappers:
        # A memoized attribute: made again, empty, on the next use.
        mapper.__dict__.pop("_compiled_cache", None)


def collect_if_due(every: int) -> None:
    """A full collection between tests, as often as Python's default would run one: after
    `every` collections of the middle generation."""
    if gc.get_count()[2] >= every:
        gc.collect()
