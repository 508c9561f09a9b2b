"""Engines and sessions: SQLite tuned for a single host, PostgreSQL for replicas.

The core is async; SQLAlchemy sessions here are synchronous and run in worker threads, so the
event loop never waits on the database (aiosqlite would not really be non-blocking anyway).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import itertools
import random
import sqlite3
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Concatenate, ParamSpec, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

P = ParamSpec("P")
T = TypeVar("T")
H = TypeVar("H", Session, Connection)  # what a unit of work is handed

SQLITE_BUSY_TIMEOUT_MS = 10_000
SQLITE_BEGIN_OPTION = "angrycall_sqlite_begin"
# How long a unit of work keeps retrying on a locked SQLite database before giving up.
LOCKED_RETRY_SECONDS = 60.0
# How long a SQLite writer waits for this process's earlier writers before giving up as if the
# database were locked: while another process holds the lock, the queue must not grow forever.
WRITERS_QUEUE_SECONDS = 60.0
# SQLite has one writer at a time; more threads than this only queue on its lock.
SQLITE_THREADS = 8
# As many pooled connections as database threads (below): an overflow connection is closed
# when returned, so a pool smaller than the threads reconnects under load.
POSTGRES_POOL_SIZE = 20
# A connection is replaced after this long instead of being pinged before every transaction;
# a connection that broke meanwhile fails once, and its error invalidates the whole pool.
POSTGRES_POOL_RECYCLE_SECONDS = 300
DEFAULT_DATABASE_URL = "sqlite:///angrycall.db"
# The forms libpq, Heroku and most hosts print; SQLAlchemy wants a driver name (psycopg 3 here).
POSTGRES_SCHEMES = frozenset({"postgres", "postgresql"})
POSTGRES_CONNECT_TIMEOUT_SECONDS = 10


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def engine_url(url: str) -> URL:
    """`url` as SQLAlchemy takes it: `postgres://` and `postgresql://` mean psycopg 3."""
    parsed = make_url(url)
    if parsed.drivername in POSTGRES_SCHEMES:
        return parsed.set(drivername="postgresql+psycopg")
    return parsed


def make_engine(url: str = DEFAULT_DATABASE_URL) -> Engine:
    """An engine for `url` with the settings this app relies on."""
    parsed = engine_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed)
    # An unreachable host fails in seconds rather than after the system's TCP timeout.
    timeout = {} if "connect_timeout" in parsed.query else {
        "connect_timeout": POSTGRES_CONNECT_TIMEOUT_SECONDS}
    return create_engine(parsed, pool_size=POSTGRES_POOL_SIZE, max_overflow=0,
                         pool_recycle=POSTGRES_POOL_RECYCLE_SECONDS, connect_args=timeout)


def _sqlite_engine(url: URL) -> Engine:
    engine = create_engine(
        url,
        connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
    )
    event.listen(engine, "connect", _configure_sqlite_connection)
    event.listen(engine, "begin", _begin_immediate)
    return engine


def _configure_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    # We issue BEGIN ourselves (below); pysqlite's implicit transactions would defer it.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _begin_immediate(connection: Any) -> None:
    # Writers take the write lock up front: a deferred transaction that reads and then writes
    # fails at once with SQLITE_BUSY under WAL when another writer got in first (busy_timeout
    # can't help). Read-only work asks for DEFERRED: under WAL it never waits for writers.
    mode = connection.get_execution_options().get(SQLITE_BEGIN_OPTION, "IMMEDIATE")
    connection.exec_driver_sql(f"BEGIN {mode}")


def read_only(engine: Engine) -> Engine:
    """The same engine (and pool) for work that only reads: no write lock on SQLite."""
    return engine.execution_options(**{SQLITE_BEGIN_OPTION: "DEFERRED"})


def _pool_capacity(engine: Engine) -> int:
    if engine.dialect.name == "sqlite":
        return SQLITE_THREADS
    return POSTGRES_POOL_SIZE


def _is_locked(error: OperationalError) -> bool:
    return "database is locked" in str(error.orig) or "database is busy" in str(error.orig)


class Database:
    """The one entry point to the database: runs a unit of work in a session, off the loop."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.reader = read_only(engine)
        # Its own threads, as many as the pool has connections: asyncio's default executor
        # has cpu + 4 threads, so on 2 cores six units of work waiting on PostgreSQL's network
        # round trips would hold up every other one.
        self._threads = ThreadPoolExecutor(max_workers=_pool_capacity(engine),
                                           thread_name_prefix="db")
        # Told how long each committed unit of work took, and whether it wrote (bot/metrics.py).
        self.observe_transaction: Callable[[bool, float], None] | None = None
        # SQLite takes one writer at a time, and its busy handler makes the others poll with
        # sleeps that grow to 100 ms: under a burst, a writer could wait seconds while others
        # kept getting in. This process's writers queue here instead and start as soon as the
        # one before them ends; busy_timeout is left to other processes' writers (a tick).
        self._sqlite_writer = threading.Lock() if self.is_sqlite else None

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def run_sync(self, work: Callable[[Session], T], *, writes: bool = True) -> T:
        """Run `work` in one transaction; on SQLite, retry it while the database is locked."""
        return self._retried(lambda bind: _in_session(bind, work), writes=writes)

    def run_statements_sync(self, work: Callable[[Connection], T], *, writes: bool = True) -> T:
        """`run_sync` for work made of Core statements only: a connection, no ORM session
        (which costs about a tenth of a millisecond of CPU a transaction)."""
        return self._retried(lambda bind: _in_connection(bind, work), writes=writes)

    def _retried(self, unit: Callable[[Engine], T], *, writes: bool) -> T:
        with self._turn(writes):
            return self._until_not_locked(unit, writes=writes)

    @contextlib.contextmanager
    def _turn(self, writes: bool) -> Iterator[None]:
        """This process's writers take SQLite's write lock one after another (see __init__)."""
        if not writes or self._sqlite_writer is None:
            yield
            return
        if not self._sqlite_writer.acquire(timeout=WRITERS_QUEUE_SECONDS):
            raise OperationalError("waiting for this process's earlier writers", None,
                                   sqlite3.OperationalError("database is locked"))
        try:
            yield
        finally:
            self._sqlite_writer.release()

    def _until_not_locked(self, unit: Callable[[Engine], T], *, writes: bool) -> T:
        bind = self.engine if writes else self.reader
        started = time.monotonic()
        for attempt in itertools.count():
            try:
                began = time.perf_counter()
                result = unit(bind)
                if self.observe_transaction is not None:
                    self.observe_transaction(writes, time.perf_counter() - began)
                return result
            except OperationalError as error:
                # SQLite's busy handler polls without a queue: under steady write traffic from
                # other processes a writer can starve past busy_timeout. The transaction was
                # rolled back whole, so running the unit of work again is safe.
                if not _is_locked(error) or time.monotonic() - started > LOCKED_RETRY_SECONDS:
                    raise
                time.sleep(random.uniform(0, min(0.05 * 2**attempt, 1.0)))
        raise AssertionError("unreachable")

    async def run(self, work: Callable[[Session], T], *, writes: bool = True) -> T:
        return await self._in_thread(functools.partial(self.run_sync, work, writes=writes))

    async def run_statements(self, work: Callable[[Connection], T], *,
                             writes: bool = True) -> T:
        return await self._in_thread(
            functools.partial(self.run_statements_sync, work, writes=writes))

    async def _in_thread(self, unit: Callable[[], T]) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._threads, unit)

    def dispose(self) -> None:
        self._threads.shutdown(wait=False)
        self.engine.dispose()


def transactional(
    function: Callable[Concatenate[Session, P], T],
) -> Callable[Concatenate[Database, P], Awaitable[T]]:
    """Turn `f(session, ...)` into `await f(db, ...)`: one transaction, in a worker thread."""
    return _unit_of_work(function, lambda db, work: db.run(work))


def reading(
    function: Callable[Concatenate[Session, P], T],
) -> Callable[Concatenate[Database, P], Awaitable[T]]:
    """Like `transactional`, for work that only reads (it never waits for SQLite's writers)."""
    return _unit_of_work(function, lambda db, work: db.run(work, writes=False))


def transactional_statements(
    function: Callable[Concatenate[Connection, P], T],
) -> Callable[Concatenate[Database, P], Awaitable[T]]:
    """Like `transactional`, for work made of Core statements only: it gets a connection, not
    an ORM session. For the write every logged case makes."""
    return _unit_of_work(function, lambda db, work: db.run_statements(work))


def reading_statements(
    function: Callable[Concatenate[Connection, P], T],
) -> Callable[Concatenate[Database, P], Awaitable[T]]:
    """Like `reading`, for work made of Core statements only: it gets a connection, not an ORM
    session. For the reads every logged case makes."""
    return _unit_of_work(function, lambda db, work: db.run_statements(work, writes=False))


def _unit_of_work(
    function: Callable[Concatenate[H, P], T],
    run: Callable[[Database, Callable[[H], T]], Awaitable[T]],
) -> Callable[Concatenate[Database, P], Awaitable[T]]:
    """`await f(db, ...)` for `f(handle, ...)`, run by `run` with the handle it opens."""

    @functools.wraps(function)
    async def unit_of_work(db: Database, /, *args: P.args, **kwargs: P.kwargs) -> T:
        return await run(db, lambda handle: function(handle, *args, **kwargs))

    return unit_of_work


def _in_session(bind: Engine, work: Callable[[Session], T]) -> T:
    with Session(bind, expire_on_commit=False) as session, session.begin():
        return work(session)


def _in_connection(bind: Engine, work: Callable[[Connection], T]) -> T:
    with bind.begin() as connection:
        return work(connection)


def dialect_insert(dialect: str) -> Callable[[Any], Any]:
    """The dialect's own INSERT (both spell ON CONFLICT alike), imported when first needed:
    PostgreSQL's dialect package loads a module for every PostgreSQL driver (2 MiB of a
    server's memory) even when the database is SQLite."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert
