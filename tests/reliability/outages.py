"""Taking the database away for a while without touching the shared server.

PostgreSQL: the app reaches it through `PostgresProxy`, a TCP proxy on 127.0.0.1 that can drop
every connection and refuse new ones (what clients see when the server stops), then let them
through again. SQLite: another connection holds `BEGIN EXCLUSIVE`, so every writer waits on the
lock (what a long migration or a stuck process does to the file).
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

from sqlalchemy.engine import make_url


class Outage(Protocol):
    def begin(self) -> None: ...

    def end(self) -> None: ...


class PostgresProxy:
    """Forwards 127.0.0.1:<port> to the PostgreSQL server; `begin` cuts it, `end` restores."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.port = 0
        self.down = False
        self._loop = asyncio.new_event_loop()
        self._links: set[asyncio.StreamWriter] = set()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)

    def __enter__(self) -> PostgresProxy:
        self._thread.start()
        self._server = asyncio.run_coroutine_threadsafe(self._listen(), self._loop).result(10)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    def __exit__(self, *_exc: object) -> None:
        # Finish every pipe before the loop stops: a coroutine left pending would be collected
        # later, in whichever test runs then, as an "exception ignored" warning.
        asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()

    async def _shutdown(self) -> None:
        self._server.close()
        await self._drop_all()
        others = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
        for task in others:
            task.cancel()
        await asyncio.gather(*others, return_exceptions=True)

    def url_for(self, database_url: str) -> str:
        return make_url(database_url).set(host="127.0.0.1", port=self.port).render_as_string(
            hide_password=False)

    def begin(self) -> None:
        """The server "stops": open connections are dropped, new ones closed at once."""
        self.down = True
        asyncio.run_coroutine_threadsafe(self._drop_all(), self._loop).result(10)

    def end(self) -> None:
        self.down = False

    async def _listen(self) -> asyncio.Server:
        return await asyncio.start_server(self._accept, "127.0.0.1", 0)

    async def _drop_all(self) -> None:
        for writer in list(self._links):
            writer.transport.abort()
        self._links.clear()

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self.down:
            writer.transport.abort()
            return
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.transport.abort()
            return
        self._links |= {writer, up_writer}
        await asyncio.gather(self._pipe(reader, up_writer), self._pipe(up_reader, writer))

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            self._links.discard(writer)
            writer.transport.abort()


class SqliteLock:
    """`begin` takes SQLite's write lock from another connection and holds it until `end`."""

    def __init__(self, database_url: str) -> None:
        self.path = make_url(database_url).database or ""
        self._connection: sqlite3.Connection | None = None

    def begin(self) -> None:
        self._connection = sqlite3.connect(self.path, isolation_level=None,
                                           check_same_thread=False)
        self._connection.execute("BEGIN EXCLUSIVE")

    def end(self) -> None:
        if self._connection is not None:
            self._connection.execute("ROLLBACK")
            self._connection.close()
            self._connection = None


@contextmanager
def database_behind_outage(database_url: str) -> Iterator[tuple[str, Outage]]:
    """The URL the app should use, and the outage that can be switched on and off for it."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        yield database_url, SqliteLock(database_url)
        return
    with PostgresProxy(url.host or "127.0.0.1", url.port or 5432) as proxy:
        yield proxy.url_for(database_url), proxy
