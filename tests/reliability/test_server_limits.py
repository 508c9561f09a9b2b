"""The HTTP server's own limits (issue 12, point 17): headers bounded in size and time,
connections bounded in number. A real uvicorn server with `serve`'s configuration, on
loopback, its timeouts shortened."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from bot import http_server
from tests.network import free_port

Served = tuple[str, int]


def hello_app() -> Starlette:
    async def hello(_request: object) -> PlainTextResponse:
        return PlainTextResponse("hello")

    return Starlette(routes=[Route("/", hello)])


@pytest.fixture
async def served(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Served]:
    monkeypatch.setattr(http_server, "HEADER_TIMEOUT_SECONDS", 0.5)
    monkeypatch.setattr(http_server, "MAX_CONNECTIONS", 3)
    port = free_port()
    server = uvicorn.Server(http_server.server_config(hello_app(), host="127.0.0.1", port=port))
    running = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.01)
    yield "127.0.0.1", port
    server.should_exit = True
    await running


async def exchange(address: Served, request: bytes, *, wait: float = 3.0) -> bytes:
    """Send `request` as is; what came back before the server closed (or `wait` passed)."""
    reader, writer = await asyncio.open_connection(*address)
    writer.write(request)
    await writer.drain()
    try:
        return await asyncio.wait_for(reader.read(65536), wait)
    finally:
        writer.close()


GET = b"GET / HTTP/1.1\r\nHost: angrycall\r\n"


async def test_a_plain_request_is_served(served: Served) -> None:
    assert b"hello" in await exchange(served, GET + b"\r\n")


async def test_headers_over_16_kib_are_refused(served: Served) -> None:
    big = b"X-Padding: " + b"a" * (17 * 1024) + b"\r\n"
    assert (await exchange(served, GET + big + b"\r\n")).startswith(b"HTTP/1.1 400")


async def test_many_headers_over_16_kib_together_are_refused(served: Served) -> None:
    many = b"".join(b"X-H%d: %s\r\n" % (n, b"b" * 100) for n in range(200))
    assert (await exchange(served, GET + many + b"\r\n")).startswith(b"HTTP/1.1 400")


async def test_headers_that_never_end_are_cut_off(served: Served) -> None:
    started = asyncio.get_running_loop().time()
    assert await exchange(served, GET, wait=5) == b""  # closed by the server, nothing sent
    assert asyncio.get_running_loop().time() - started < 3


async def test_a_silent_connection_is_cut_off(served: Served) -> None:
    assert await exchange(served, b"", wait=5) == b""


async def test_connections_beyond_the_limit_get_503(served: Served) -> None:
    idle = [await asyncio.open_connection(*served) for _ in range(3)]
    try:
        assert (await exchange(served, GET + b"\r\n")).startswith(b"HTTP/1.1 503")
    finally:
        for _reader, writer in idle:
            writer.close()
