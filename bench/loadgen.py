"""A lean HTTP/1.1 load generator for the benchmarks, run in a process of its own.

httpx in the benchmark's process shares one interpreter (and its lock) with the fake Slack, and
spends more CPU per request than the servers it measures. This one writes pre-built requests on
keep-alive connections and reads the answers with asyncio streams, nothing more.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Request:
    body: bytes
    headers: dict[str, str]


@dataclass(frozen=True)
class Answer:
    seconds: float
    status: int
    body: bytes


def run(port: int, path: str, requests: list[Request], concurrency: int) -> list[Answer]:
    """Send `requests` to 127.0.0.1:port, `concurrency` at a time, from another process."""
    context = multiprocessing.get_context("spawn")
    with context.Pool(1) as pool:
        answers: list[Answer] = pool.apply(_run, (port, path, requests, concurrency))
    return answers


def _run(port: int, path: str, requests: list[Request], concurrency: int) -> list[Answer]:
    return asyncio.run(_load(port, path, requests, concurrency))


async def _load(port: int, path: str, requests: list[Request],
                concurrency: int) -> list[Answer]:
    queue: asyncio.Queue[Request] = asyncio.Queue()
    for request in requests:
        queue.put_nowait(request)
    answers: list[Answer] = []

    async def connection() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while not queue.empty():
                request = queue.get_nowait()
                started = time.perf_counter()
                writer.write(_encode(path, port, request))
                status, body = await _read(reader)
                answers.append(Answer(time.perf_counter() - started, status, body))
        finally:
            writer.close()

    await asyncio.gather(*(connection() for _ in range(concurrency)))
    return answers


def _encode(path: str, port: int, request: Request) -> bytes:
    head = [f"POST {path} HTTP/1.1", f"Host: 127.0.0.1:{port}",
            f"Content-Length: {len(request.body)}", "Connection: keep-alive",
            *(f"{name}: {value}" for name, value in request.headers.items())]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + request.body


async def _read(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    status_line = await reader.readline()
    status = int(status_line.split()[1])
    length, chunked = 0, False
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode().partition(":")
        if name.lower() == "content-length":
            length = int(value)
        elif name.lower() == "transfer-encoding" and "chunked" in value:
            chunked = True
    if chunked:
        return status, await _read_chunks(reader)
    return status, await reader.readexactly(length)


async def _read_chunks(reader: asyncio.StreamReader) -> bytes:
    body = b""
    while size := int((await reader.readline()).strip(), 16):
        body += await reader.readexactly(size)
        await reader.readline()
    await reader.readline()
    return body
