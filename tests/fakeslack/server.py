"""A real HTTP server on 127.0.0.1 that answers like the Slack Web API, in a thread of its own.

Running in its own thread and event loop lets it serve the app under test (any loop),
synchronous test code and other processes (`angrycall tick`) alike.
"""

from __future__ import annotations

import asyncio
import base64
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

from aiohttp import web

from bot.sandbox.blockkit import message_problems
from bot.sandbox.webapi import decode_arguments
from bot.sandbox.workspace import SlackError, World, user_record
from tests.fakeslack.faults import Fault, FaultPlan
from tests.fakeslack.installs import Installs
from tests.fakeslack.socket_mode import SocketHub

DEFAULT_BOT = {"team_id": "T0001", "user_id": "UBOT", "bot_id": "BBOT"}


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    token: str | None
    at: float
    status: int = 200
    response: dict[str, Any] = field(default_factory=dict)


class FakeSlack:
    def __init__(self, bot_tokens: dict[str, dict[str, str]] | None = None) -> None:
        self.bot_tokens = bot_tokens or {"xoxb-test": DEFAULT_BOT}
        self._lock = threading.Lock()
        self._calls: list[Call] = []
        self.faults = FaultPlan()
        self.installs = Installs()
        self.socket_hub = SocketHub()
        self.app_tokens = {"xapp-1-test"}
        self.port = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self.world = World(base_url="", bot=next(iter(self.bot_tokens.values())))

    # -- lifecycle ------------------------------------------------------------------------
    def start(self) -> FakeSlack:
        started = threading.Event()
        self._thread = threading.Thread(target=self._serve, args=(started,), daemon=True)
        self._thread.start()
        if not started.wait(10):
            raise RuntimeError("the fake Slack did not start")
        self.world.base_url = self.base_url
        return self

    def _serve(self, started: threading.Event) -> None:
        self._loop = asyncio.new_event_loop()
        self._loop.run_until_complete(self._start_site())
        started.set()
        self._loop.run_forever()

    async def _start_site(self) -> None:
        app = web.Application(client_max_size=10 * 1024 * 1024)
        app.router.add_post("/api/{method}", self._api)
        app.router.add_get("/api/{method}", self._api)  # users.info and friends are GETs
        app.router.add_post("/upload/{file_id}", self._upload)
        app.router.add_post("/webhook/{hook_id}", self._webhook)
        app.router.add_get("/socket", self.socket_hub.handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    def stop(self) -> None:
        if self._loop is None:
            return
        runner = self._runner
        if runner is not None:
            asyncio.run_coroutine_threadsafe(self.socket_hub.close_all(), self._loop).result(10)
            asyncio.run_coroutine_threadsafe(runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread is not None:
            self._thread.join(10)

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(self, *exc: object | TracebackType) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/api/"

    # -- set-up by tests ------------------------------------------------------------------
    def reset(self) -> None:
        with self._lock:
            self._calls.clear()
            self.faults.clear()
            self.installs = Installs()
            self.socket_hub.acks.clear()
            self.bot_tokens = {token: bot for token, bot in self.bot_tokens.items()
                               if not token.startswith(("xoxe.", "xoxb-T"))}
            self.world = World(base_url=self.base_url, bot=next(iter(self.bot_tokens.values())))

    def add_user(self, user_id: str, *, tz: str = "UTC", name: str = "", deleted: bool = False,
                 is_admin: bool = False, team_id: str | None = None) -> None:
        with self._lock:
            self.world.users[user_id] = user_record(
                user_id, team_id=team_id or self.world.bot["team_id"], tz=tz,
                name=name or user_id.lower(), deleted=deleted, is_admin=is_admin)

    def add_channel(self, channel_id: str, *, members: list[str] | None = None,
                    name: str = "", bot_member: bool = True, team_id: str | None = None) -> None:
        with self._lock:
            self.world.channels[channel_id] = {"name": name or channel_id.lower(),
                                               "members": members, "bot_member": bot_member,
                                               "team_id": team_id or self.world.bot["team_id"]}

    def connected_sockets(self) -> int:
        return len(self.socket_hub.sockets)

    def push_envelope(self, kind: str, body: dict[str, Any]) -> str:
        """Send a Socket Mode envelope to the app (from any thread); its envelope id."""
        assert self._loop is not None
        return asyncio.run_coroutine_threadsafe(self.socket_hub.push(kind, body),
                                                self._loop).result(10)

    def socket_ack(self, envelope_id: str) -> dict[str, Any] | None:
        return self.socket_hub.acks.get(envelope_id)

    def new_install_code(self, team_id: str, *, team_name: str = "", installer: str) -> str:
        """What Slack would put in the redirect after `installer` approves the install."""
        with self._lock:
            return self.installs.new_code(team_id, team_name or team_id, installer)

    def expire_token(self, token: str) -> None:
        with self._lock:
            self.installs.expiry[token] = 0.0

    def inject(self, method: str, *, status: int = 200, retry_after: float = 1,
               error: str | None = None, delay: float = 0.0, times: int = 1) -> None:
        """Make the next `times` calls of `method` fail (or be slow, with `delay` alone)."""
        self.faults.add(method, Fault(status=status, error=error, retry_after=retry_after,
                                      delay=delay, times=times))

    def new_trigger_id(self) -> str:
        with self._lock:
            return self.world.new_trigger_id()

    def new_response_url(self) -> str:
        with self._lock:
            return f"{self.base_url}/webhook/{self.world.next_id('H')}"

    # -- what happened --------------------------------------------------------------------
    @property
    def calls(self) -> list[Call]:
        with self._lock:
            return list(self._calls)

    def calls_to(self, method: str) -> list[Call]:
        return [call for call in self.calls if call.method == method]

    def messages(self, channel: str) -> list[dict[str, Any]]:
        with self._lock:
            return [dict(m) for m in self.world.history.get(channel, [])]

    def dm_messages(self, user_id: str) -> list[dict[str, Any]]:
        with self._lock:
            channel = self.world.dms.get(user_id)
        return self.messages(channel) if channel else []

    @property
    def ephemerals(self) -> list[dict[str, Any]]:
        with self._lock:
            return list(self.world.ephemerals)

    @property
    def views(self) -> dict[str, dict[str, Any]]:
        with self._lock:
            return dict(self.world.views)

    @property
    def home_views(self) -> dict[str, dict[str, Any]]:
        with self._lock:
            return dict(self.world.home_views)

    @property
    def webhook_posts(self) -> list[tuple[str, dict[str, Any]]]:
        with self._lock:
            return list(self.world.webhook_posts)

    @property
    def uploaded_files(self) -> dict[str, dict[str, Any]]:
        with self._lock:
            return {k: dict(v) for k, v in self.world.files.items()}

    @property
    def broadcast_mentions(self) -> list[str]:
        with self._lock:
            return list(self.world.broadcast_mentions)

    def latest_view(self) -> dict[str, Any]:
        return list(self.views.values())[-1]

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0,
                 predicate: Callable[[Call], bool] | None = None) -> list[Call]:
        deadline = time.monotonic() + timeout
        while (found := self._enough(method, count, predicate, deadline)) is None:
            time.sleep(0.01)
        return found

    async def await_calls(self, method: str, count: int = 1, timeout: float = 5.0,
                          predicate: Callable[[Call], bool] | None = None) -> list[Call]:
        """Wait for `count` successful calls: listeners keep working after the app's ack."""
        deadline = time.monotonic() + timeout
        while (found := self._enough(method, count, predicate, deadline)) is None:
            await asyncio.sleep(0.01)
        return found

    def _enough(self, method: str, count: int, predicate: Callable[[Call], bool] | None,
                deadline: float) -> list[Call] | None:
        found = self._matching(method, predicate)
        if len(found) >= count:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(self._timeout_message(method, count, found))
        return None

    async def await_webhook_posts(self, count: int = 1,
                                  timeout: float = 5.0) -> list[tuple[str, dict[str, Any]]]:
        """Wait for `count` posts to response_url webhooks (respond() runs after the ack)."""
        deadline = time.monotonic() + timeout
        while len(posts := self.webhook_posts) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"expected {count} webhook posts, got {len(posts)}")
            await asyncio.sleep(0.01)
        return posts

    def _matching(self, method: str, predicate: Callable[[Call], bool] | None) -> list[Call]:
        return [c for c in self.calls_to(method) if c.status == 200 and c.response.get("ok")
                and (predicate is None or predicate(c))]

    def _timeout_message(self, method: str, count: int, found: list[Call]) -> str:
        seen = [f"{c.method} -> {c.status} {c.response.get('error', 'ok')}" for c in self.calls]
        return f"expected {count} successful {method}, got {len(found)}; calls: {seen}"

    # -- HTTP -----------------------------------------------------------------------------
    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        args = await _arguments(request)
        token = _token(request, args)
        fault = self.faults.take(method)
        if fault is not None and fault.delay:
            await asyncio.sleep(fault.delay)
        status, body, headers = self._answer(method, args, token, fault)
        with self._lock:
            self._calls.append(Call(method, args, token, time.time(), status, body))
        if status >= 500:
            return web.Response(status=status, text="upstream error", headers=headers)
        return web.json_response(body, status=status, headers=headers)

    def _answer(self, method: str, args: dict[str, Any], token: str | None,
                fault: Fault | None) -> tuple[int, dict[str, Any], dict[str, str]]:
        if fault is not None and fault.answers:
            return _fault_answer(fault)
        if method in ("apps.connections.open", "oauth.v2.access"):
            return 200, self._app_level(method, args, token), {}
        handler = self.world.method(method)
        if handler is None:
            return 404, {"ok": False, "error": "unknown_method"}, {}
        if token not in self.bot_tokens:
            return 200, {"ok": False, "error": "invalid_auth"}, {}
        with self._lock:
            try:
                if self.installs.expired(token):
                    raise SlackError("token_expired")
                bot = self.bot_tokens[token]
                self.world.check_team(bot["team_id"], args)
                return 200, handler({**args, "_bot": bot}), {}
            except SlackError as error:
                return 200, error.answer, {}

    def _app_level(self, method: str, args: dict[str, Any], token: str | None) -> dict[str, Any]:
        """The methods an app calls as itself, not as a workspace's bot."""
        if method == "apps.connections.open":
            if token not in self.app_tokens:
                return {"ok": False, "error": "invalid_auth"}
            return {"ok": True, "url": f"ws://127.0.0.1:{self.port}/socket"}
        with self._lock:
            try:
                return self.installs.exchange(args, self.bot_tokens)
            except SlackError as error:
                return error.answer

    async def _upload(self, request: web.Request) -> web.Response:
        file_id = request.match_info["file_id"]
        data = await _upload_bytes(request)
        with self._lock:
            stored = self.world.files.get(file_id)
            if stored is None:
                return web.Response(status=404, text="not found")
            stored["bytes"] = data
        return web.Response(text="OK - " + str(len(data)))

    async def _webhook(self, request: web.Request) -> web.Response:
        body = await request.json()
        problems = message_problems(body) if body.get("blocks") else []
        with self._lock:
            self.world.webhook_posts.append((request.match_info["hook_id"], body))
        if problems:
            return web.Response(status=400, text="invalid_blocks")
        return web.Response(text="ok")


def _fault_answer(fault: Fault) -> tuple[int, dict[str, Any], dict[str, str]]:
    if fault.status == 429:
        return 429, {"ok": False, "error": "ratelimited"}, {
            "Retry-After": str(int(fault.retry_after))}
    if fault.status >= 500:
        return fault.status, {"ok": False, "error": "fatal_error"}, {}
    return 200, {"ok": False, "error": fault.error}, {}


async def _arguments(request: web.Request) -> dict[str, Any]:
    return decode_arguments(await request.text(), request.content_type, dict(request.query))


def _token(request: web.Request, args: dict[str, Any]) -> str | None:
    header = request.headers.get("Authorization", "")
    if header.startswith("Basic "):
        # oauth.v2.access: slack_sdk sends the app's credentials as HTTP basic auth.
        credentials = base64.b64decode(header.removeprefix("Basic ")).decode()
        client_id, _, secret = credentials.partition(":")
        args.update(client_id=client_id, client_secret=secret)
        return None
    if header.startswith("Bearer "):
        return header.removeprefix("Bearer ").strip()
    token = args.pop("token", None)
    return str(token) if token else None


async def _upload_bytes(request: web.Request) -> bytes:
    if request.content_type.startswith("multipart/"):
        reader = await request.multipart()
        async for part in reader:
            return bytes(await part.read())  # type: ignore[union-attr]
        return b""
    return await request.read()
