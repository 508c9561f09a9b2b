"""Counting what reaches the database: statements and transactions, as the driver sees them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, event


@dataclass
class Traffic:
    statements: list[str] = field(default_factory=list)
    transactions: int = 0


@contextmanager
def counted(engine: Engine | type[Engine] = Engine) -> Iterator[Traffic]:
    """Every statement and transaction `engine` runs inside the block (SQLite's BEGIN, which we
    issue ourselves, counts as the transaction only: PostgreSQL's driver begins implicitly).
    By default, of every engine: an app under test builds its own."""
    traffic = Traffic()

    def on_statement(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if not statement.startswith("BEGIN"):  # counted as a transaction instead
            traffic.statements.append(statement)

    def on_begin(_conn: Any) -> None:
        traffic.transactions += 1

    event.listen(engine, "before_cursor_execute", on_statement)
    event.listen(engine, "begin", on_begin)
    try:
        yield traffic
    finally:
        event.remove(engine, "before_cursor_execute", on_statement)
        event.remove(engine, "begin", on_begin)
