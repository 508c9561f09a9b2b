"""SQLite takes one writer at a time: this process's writers wait their turn, readers don't."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import Connection, text
from sqlalchemy.exc import OperationalError

import storage.engine
from storage.engine import Database, make_engine

# Long enough for a thread that was started to reach the point where it waits.
PATIENCE_SECONDS = 5.0


@pytest.fixture
def impatient_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    """A SQLite database whose busy handler gives up after 20 ms, with no retry after it: a
    writer that met SQLite's lock would be refused at once."""
    monkeypatch.setattr(storage.engine, "SQLITE_BUSY_TIMEOUT_MS", 20)
    monkeypatch.setattr(storage.engine, "LOCKED_RETRY_SECONDS", 0.0)
    db = Database(make_engine(f"sqlite:///{tmp_path / 'writers.db'}"))
    db.run_statements_sync(lambda c: c.exec_driver_sql("CREATE TABLE notes (body TEXT)"))
    yield db
    db.dispose()


def _write(body: str) -> Callable[[Connection], None]:
    def work(connection: Connection) -> None:
        connection.execute(text("INSERT INTO notes (body) VALUES (:body)"), {"body": body})
    return work


def _bodies(db: Database) -> list[str]:
    return db.run_statements_sync(
        lambda c: [row[0] for row in c.execute(text("SELECT body FROM notes ORDER BY body"))],
        writes=False)


@contextlib.contextmanager
def writing_first(db: Database) -> Iterator[None]:
    """Inside: another thread of this process is in the middle of writing "first"; it commits
    when the block ends."""
    writing, may_end = threading.Event(), threading.Event()

    def slow_writer(connection: Connection) -> None:
        _write("first")(connection)
        writing.set()
        may_end.wait(PATIENCE_SECONDS)

    with ThreadPoolExecutor(max_workers=1) as thread:
        first = thread.submit(db.run_statements_sync, slow_writer)
        assert writing.wait(PATIENCE_SECONDS)
        try:
            yield
        finally:
            may_end.set()
            first.result()


def test_a_writer_waits_for_the_one_before_it_however_long_it_takes(
    impatient_db: Database,
) -> None:
    with ThreadPoolExecutor(max_workers=1) as thread, writing_first(impatient_db):
        second = thread.submit(impatient_db.run_statements_sync, _write("second"))
        # Far longer than SQLite's busy handler would have waited for it.
        with pytest.raises(TimeoutError):
            second.result(timeout=0.3)
    second.result()
    assert _bodies(impatient_db) == ["first", "second"]


def test_readers_are_not_queued_behind_a_writer(impatient_db: Database) -> None:
    read_while_writing: list[list[str]] = []

    def writer_that_waits_for_a_read(connection: Connection) -> None:
        _write("uncommitted")(connection)
        with ThreadPoolExecutor(max_workers=1) as reader:
            read_while_writing.append(
                reader.submit(_bodies, impatient_db).result(timeout=PATIENCE_SECONDS))

    impatient_db.run_statements_sync(writer_that_waits_for_a_read)
    assert read_while_writing == [[]]
    assert _bodies(impatient_db) == ["uncommitted"]


def test_a_writer_queued_too_long_gives_up_as_if_the_database_were_locked(
    impatient_db: Database, monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Another process holding SQLite's lock for minutes must not pile this process's writers
    # up behind each other for minutes each: each gives up after the queue's own bound.
    monkeypatch.setattr(storage.engine, "WRITERS_QUEUE_SECONDS", 0.1)
    with writing_first(impatient_db), pytest.raises(OperationalError, match="database is locked"):
        impatient_db.run_statements_sync(_write("second"))
    assert _bodies(impatient_db) == ["first"]
