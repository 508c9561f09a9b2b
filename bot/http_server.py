"""`angrycall serve`'s HTTP server: uvicorn, with limits on what one client can hold.

uvicorn's defaults leave a connection open as long as its headers take to arrive (forever),
headers unbounded with httptools, and no cap on connections. Here: headers within 16 KiB and
10 s, idle keep-alive connections closed after 5 s, at most 200 connections at once (others get
503 at once instead of piling up), and 10 s for requests in flight at shutdown. No access log:
a line per request cost a third of a help command's CPU (/metrics counts requests instead).
Bodies are bounded by each endpoint (`/slack/events`: bot.slack.request_gate; Teams:
bot.teams.inbound).
"""

from __future__ import annotations

import asyncio

import httptools
import uvicorn
from starlette.types import ASGIApp
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

MAX_HEADER_BYTES = 16 * 1024  # request line and headers; h11's default limit
HEADER_TIMEOUT_SECONDS = 10.0
KEEP_ALIVE_SECONDS = 5
MAX_CONNECTIONS = 200
SHUTDOWN_GRACE_SECONDS = 10


def run_server(app: ASGIApp, *, host: str, port: int) -> bool:
    """Serve until stopped; False when the app failed to start (its lifespan said why)."""
    server = uvicorn.Server(server_config(app, host=host, port=port))
    server.run()
    return server.started


def server_config(app: ASGIApp, *, host: str, port: int) -> uvicorn.Config:
    return uvicorn.Config(app, host=host, port=port, log_level="info", access_log=False,
                          http=BoundedHttpToolsProtocol, timeout_keep_alive=KEEP_ALIVE_SECONDS,
                          limit_concurrency=MAX_CONNECTIONS,
                          h11_max_incomplete_event_size=MAX_HEADER_BYTES,
                          timeout_graceful_shutdown=SHUTDOWN_GRACE_SECONDS)


class BoundedHttpToolsProtocol(HttpToolsProtocol):
    """httptools (fast, C) with the header limits h11 has and uvicorn lacks for it."""

    _header_bytes = 0
    _header_deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._expect_headers()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._expect_headers()

    def on_url(self, url: bytes) -> None:
        self._count(len(url))
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self._count(len(name) + len(value))
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        self._stop_waiting()
        super().on_headers_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_waiting()
        super().connection_lost(exc)

    def _expect_headers(self) -> None:
        self._stop_waiting()
        self._header_bytes = 0
        self._header_deadline = self.loop.call_later(HEADER_TIMEOUT_SECONDS,
                                                     self.transport.close)

    def _stop_waiting(self) -> None:
        if self._header_deadline is not None:
            self._header_deadline.cancel()
            self._header_deadline = None

    def _count(self, size: int) -> None:
        self._header_bytes += size
        if self._header_bytes > MAX_HEADER_BYTES:
            # uvicorn answers a parser error with 400 and closes the connection.
            raise httptools.HttpParserError("request headers too large")
