"""Socket Mode in the fake: `apps.connections.open` hands out a ws:// URL on this server; the
app connects, receives envelopes (slash commands, interactivity, events) and acknowledges each
by its envelope id, as it would with Slack's WebSocket."""

from __future__ import annotations

import asyncio
import itertools
import json
from typing import Any

from aiohttp import WSMsgType, web


class SocketHub:
    def __init__(self) -> None:
        self.sockets: list[web.WebSocketResponse] = []
        self.acks: dict[str, dict[str, Any]] = {}  # envelope id -> what the app answered
        self._ids = itertools.count(1)

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse(autoping=True)
        await socket.prepare(request)
        self.sockets.append(socket)
        await socket.send_json({"type": "hello", "num_connections": len(self.sockets),
                                "connection_info": {"app_id": "A123456"},
                                "debug_info": {"host": "fake-slack"}})
        try:
            async for message in socket:
                if message.type is WSMsgType.TEXT:
                    answer = json.loads(message.data)
                    self.acks[str(answer.get("envelope_id"))] = answer
        finally:
            self.sockets.remove(socket)
        return socket

    async def push(self, kind: str, body: dict[str, Any]) -> str:
        """Send an envelope to the connected app; returns its envelope id."""
        envelope_id = f"env-{next(self._ids)}"
        envelope = {"envelope_id": envelope_id, "type": kind, "payload": body,
                    "accepts_response_payload": kind != "events_api", "retry_attempt": 0,
                    "retry_reason": ""}
        await self.sockets[-1].send_json(envelope)
        return envelope_id

    async def close_all(self) -> None:
        await asyncio.gather(*(socket.close() for socket in list(self.sockets)))
