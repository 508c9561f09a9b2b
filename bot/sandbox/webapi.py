"""The stand-in for Slack's Web API, as Starlette routes of the sandbox's own server.

The bot's real `AsyncWebClient` calls `/slack-api/{method}` (SLACK_API_URL), uploads the digest
chart to `/slack-files/upload/{id}` and answers slash commands and clicks through response URLs
(`/slack-hooks/{id}`); every answer comes from one `World`, in Slack's own shapes.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from bot.sandbox.blockkit import message_problems
from bot.sandbox.workspace import SlackError, World

API_PATH = "/slack-api"
FILES_PATH = "/slack-files"
HOOKS_PATH = "/slack-hooks"
# Form fields slack_sdk sends as JSON strings.
JSON_FIELDS = ("blocks", "view", "metadata", "attachments", "files")


def decode_arguments(raw: str, content_type: str, query: dict[str, str]) -> dict[str, Any]:
    """A Web API call's arguments, however slack_sdk sent them (JSON, form, query string)."""
    args: dict[str, Any]
    if content_type.startswith("application/json"):
        args = json.loads(raw) if raw else {}
    else:
        args = dict(parse_qsl(raw, keep_blank_values=True))
    args.update(query)
    for name in JSON_FIELDS:
        if isinstance(args.get(name), str):
            with contextlib.suppress(ValueError):  # not JSON: keep the string as sent
                args[name] = json.loads(args[name])
    return args


def bearer_token(authorization: str, args: dict[str, Any]) -> str | None:
    if authorization.startswith("Bearer "):
        return authorization.removeprefix("Bearer ").strip()
    token = args.pop("token", None)
    return str(token) if token else None


@dataclass(frozen=True)
class HookTarget:
    """Where a response URL's messages land: who ran the command, in which conversation."""

    channel_id: str
    user_id: str
    message_ts: str | None = None


@dataclass
class StandIn:
    world: World
    bot_token: str
    hooks: dict[str, HookTarget] = field(default_factory=dict)
    # Told of every call the bot made and its answer (the modals follow views.open/push).
    on_call: Callable[[str, dict[str, Any], dict[str, Any]], None] = lambda *_: None
    # When the bot last changed something: the page waits for it to settle before showing.
    changed_at: float = 0.0

    def routes(self) -> list[Route]:
        return [Route(API_PATH + "/{method}", self.api, methods=["GET", "POST"]),
                Route(FILES_PATH + "/upload/{file_id}", self.upload, methods=["POST"]),
                Route(HOOKS_PATH + "/{hook_id}", self.hook, methods=["POST"])]

    def new_response_url(self, base_url: str, target: HookTarget) -> str:
        hook_id = self.world.next_id("H")
        self.hooks[hook_id] = target
        return f"{base_url}{HOOKS_PATH}/{hook_id}"

    async def api(self, request: Request) -> Response:
        args = decode_arguments((await request.body()).decode(),
                                request.headers.get("content-type", ""),
                                dict(request.query_params))
        token = bearer_token(request.headers.get("authorization", ""), args)
        method = request.path_params["method"]
        answer = self.answer(method, args, token)
        self.changed_at = time.monotonic()
        self.on_call(method, args, answer)
        return JSONResponse(answer, status_code=404 if answer.get("error") == "unknown_method"
                            else 200)

    def answer(self, method: str, args: dict[str, Any], token: str | None) -> dict[str, Any]:
        handler = self.world.method(method)
        if handler is None:
            return {"ok": False, "error": "unknown_method"}
        if token != self.bot_token:
            return {"ok": False, "error": "invalid_auth"}
        try:
            return handler({**args, "_bot": self.world.bot})
        except SlackError as error:
            return error.answer

    async def upload(self, request: Request) -> Response:
        stored = self.world.files.get(request.path_params["file_id"])
        if stored is None:
            return PlainTextResponse("not found", status_code=404)
        stored["bytes"] = await request.body()
        return PlainTextResponse(f"OK - {len(stored['bytes'])}")

    async def hook(self, request: Request) -> Response:
        target = self.hooks.get(request.path_params["hook_id"])
        if target is None:
            return PlainTextResponse("no_active_hooks", status_code=404)
        body = await request.json()
        if body.get("blocks") and message_problems(body):
            return PlainTextResponse("invalid_blocks", status_code=400)
        self.deliver(target, body)
        self.changed_at = time.monotonic()
        return PlainTextResponse("ok")

    def ephemeral(self, channel_id: str, user_id: str, ts: str) -> dict[str, Any] | None:
        """A message only `user_id` sees: Slack lets its buttons answer through response URLs."""
        return next((e for e in self.world.ephemerals if e.get("ts") == ts
                     and e["channel"] == channel_id and e["user"] == user_id), None)

    def deliver(self, target: HookTarget, body: dict[str, Any]) -> None:
        """A response URL's message: ephemeral unless said otherwise, or replacing the original."""
        message = {"text": body.get("text"), "blocks": body.get("blocks")}
        if body.get("delete_original") and target.message_ts:
            keep = [m for m in self.world.history.get(target.channel_id, [])
                    if m["ts"] != target.message_ts]
            self.world.history[target.channel_id] = keep
            self.world.ephemerals = [e for e in self.world.ephemerals
                                     if e.get("ts") != target.message_ts]
            return
        if body.get("replace_original") and target.message_ts:
            original = (self.world.find_message(target.channel_id, target.message_ts)
                        or self.ephemeral(target.channel_id, target.user_id, target.message_ts))
            if original is not None:
                original.update(message, edited=True)
                return
        if body.get("response_type") == "in_channel":
            self.world.history.setdefault(target.channel_id, []).append(
                {"type": "message", "user": self.world.bot["user_id"],
                 "ts": self.world.next_ts(), "thread_ts": None, **message})
            return
        self.world.ephemerals.append({"channel": target.channel_id, "user": target.user_id,
                                      "ts": self.world.next_ts(), **message})
