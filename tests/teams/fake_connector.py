"""A fake Bot Connector service and Entra token endpoint: a real HTTP server on 127.0.0.1, in a
thread of its own (like the fake Slack), recording what the agent posts, updates and asks for.

It also serves the JWKS whose key signs the tests' inbound activities (`signing.py`).
"""

from __future__ import annotations

import asyncio
import itertools
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.network import free_port


@dataclass
class Post:
    """An activity the agent sent (POST) or replaced (PUT), and with which token."""

    method: str
    conversation_id: str
    activity_id: str
    activity: dict[str, Any]
    authorization: str | None

    @property
    def card(self) -> dict[str, Any]:
        (attachment,) = self.activity["attachments"]
        assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
        content: dict[str, Any] = attachment["content"]
        return content


@dataclass
class FakeBotConnector:
    jwks: dict[str, Any]
    port: int = 0
    posts: list[Post] = field(default_factory=list)
    issued_tokens: list[str] = field(default_factory=list)
    # Who GET /v3/conversations/{id}/members lists (Entra object ids).
    members: list[str] = field(default_factory=list)
    # Status codes to answer the next sends with, in order (429, 500, 403…), then 201 again.
    failures: list[int] = field(default_factory=list)
    retry_after: str = "7"  # the Retry-After header of those failures
    tokens_refused: bool = False  # the token endpoint answers 401 (a rotated password)
    answers_without_ids: bool = False  # a new post's answer carries no id (seen in channels)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _loop: asyncio.AbstractEventLoop | None = None
    _runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # -- lifecycle ------------------------------------------------------------------------
    def __enter__(self) -> FakeBotConnector:
        started = threading.Event()
        self.port = free_port()
        self._thread = threading.Thread(target=self._serve, args=(started,), daemon=True)
        self._thread.start()
        if not started.wait(10):
            raise RuntimeError("the fake Bot Connector did not start")
        return self

    def __exit__(self, *_exc: object) -> None:
        assert self._loop is not None and self._runner is not None
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    def _serve(self, started: threading.Event) -> None:
        self._loop = asyncio.new_event_loop()
        self._loop.run_until_complete(self._start())
        started.set()
        self._loop.run_forever()

    async def _start(self) -> None:
        app = web.Application()
        app.router.add_get("/jwks", self._jwks)
        app.router.add_post("/token", self._token)
        app.router.add_post("/v3/conversations/{conversation}/activities", self._send)
        app.router.add_post("/v3/conversations/{conversation}/activities/{activity}",
                            self._send)
        app.router.add_get("/v3/conversations/{conversation}/members", self._members)
        app.router.add_put("/v3/conversations/{conversation}/activities/{activity}",
                           self._update)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()

    def reset(self) -> None:
        with self._lock:
            self.posts.clear()
            self.failures.clear()
            self.members.clear()
            self.retry_after = "7"
            self.tokens_refused = False
            self.answers_without_ids = False

    # -- what happened ----------------------------------------------------------------------
    def sent_to(self, conversation_id: str) -> list[Post]:
        with self._lock:
            return [p for p in self.posts if p.conversation_id == conversation_id]

    def cards_to(self, conversation_id: str) -> list[Post]:
        return [p for p in self.sent_to(conversation_id) if p.activity.get("attachments")]

    def wait_for(self, count: int, timeout: float = 5.0) -> list[Post]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if len(self.posts) >= count:
                    return list(self.posts)
            time.sleep(0.01)
        raise AssertionError(f"expected {count} posts, got {self.posts}")

    # -- endpoints ----------------------------------------------------------------------------
    async def _jwks(self, _request: web.Request) -> web.Response:
        return web.json_response(self.jwks)

    async def _token(self, request: web.Request) -> web.Response:
        form = await request.post()
        if self.tokens_refused or form.get("grant_type") != "client_credentials" or not (
                form.get("client_secret")):
            return web.json_response({"error": "invalid_client"}, status=401)
        token = f"connector-token-{next(self._ids)}"
        with self._lock:
            self.issued_tokens.append(token)
        return web.json_response({"access_token": token, "token_type": "Bearer",
                                  "expires_in": 3600})

    async def _send(self, request: web.Request) -> web.Response:
        with self._lock:
            status = self.failures.pop(0) if self.failures else 201
        if status != 201:
            return web.json_response({"error": {"code": "Fault", "message": "injected"}},
                                     status=status, headers={"Retry-After": self.retry_after})
        return await self._record(request, "POST", f"activity-{next(self._ids)}")

    async def _members(self, request: web.Request) -> web.Response:
        if not request.headers.get("Authorization", "").startswith("Bearer connector-token-"):
            return web.json_response({"error": "unauthorized"}, status=401)
        with self._lock:
            people = [{"id": f"29:1teams-{user}", "aadObjectId": user, "name": user}
                      for user in self.members]
        return web.json_response(people)

    async def _update(self, request: web.Request) -> web.Response:
        return await self._record(request, "PUT", request.match_info["activity"])

    async def _record(self, request: web.Request, method: str, activity_id: str) -> web.Response:
        post = Post(method=method, conversation_id=request.match_info["conversation"],
                    activity_id=activity_id, activity=await request.json(),
                    authorization=request.headers.get("Authorization"))
        with self._lock:
            self.posts.append(post)
        if method == "POST" and self.answers_without_ids:
            return web.json_response({}, status=201)
        return web.json_response({"id": activity_id}, status=200 if method == "PUT" else 201)
