"""Counting what reaches the database: statements and transactions, as the driver sees them."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, event


@dataclass
class Traffic:
    statements: list[str] = field(default_factory=list)
    transactions: int = 0
    # (time.time(), the statement, or None for a transaction's start), in order
    timeline: list[tuple[float, str | None]] = field(default_factory=list)

    def through_transaction_of(self, statement_start: str) -> Traffic:
        """What reached the database up to the end of the transaction of the first statement
        that starts with `statement_start`."""
        timeline = self.timeline
        found = next(index for index, (_, what) in enumerate(timeline)
                     if what is not None and what.startswith(statement_start))
        end = next((index for index in range(found + 1, len(timeline))
                    if timeline[index][1] is None), len(timeline))
        return _of(timeline[:end])


def _of(timeline: list[tuple[float, str | None]]) -> Traffic:
    return Traffic(statements=[what for _, what in timeline if what is not None],
                   transactions=sum(what is None for _, what in timeline), timeline=timeline)


@contextmanager
def counted(engine: Engine | type[Engine] = Engine) -> Iterator[Traffic]:
    """Every statement and transaction `engine` runs inside the block (SQLite's BEGIN, which we
    issue ourselves, counts as the transaction only: PostgreSQL's driver begins implicitly).
    By default, of every engine: an app under test builds its own."""
    traffic = Traffic()

    def on_statement(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if not statement.startswith("BEGIN"):  # counted as a transaction instead
            traffic.statements.append(statement)
            traffic.timeline.append((time.time(), statement))

    def on_begin(_conn: Any) -> None:
        traffic.transactions += 1
        traffic.timeline.append((time.time(), None))

    event.listen(engine, "before_cursor_execute", on_statement)
    event.listen(engine, "begin", on_begin)
    try:
        yield traffic
    finally:
        event.remove(engine, "before_cursor_execute", on_statement)
        event.remove(engine, "begin", on_begin)
