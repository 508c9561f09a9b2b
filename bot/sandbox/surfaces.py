"""Modals, App Home and files in the stand-in workspace: trigger ids that expire and are used
once, views checked as Slack checks them, uploads in two steps as in `files.uploadV2`."""

from __future__ import annotations

import itertools
import time
from typing import Any

from bot.sandbox.blockkit import broadcasts_in, view_problems
from bot.sandbox.slack_errors import Answer, SlackError

TRIGGER_TTL_SECONDS = 3.0


class Surfaces:
    """The views and files part of `World` (which holds the state these methods change)."""

    base_url: str
    bot: dict[str, str]
    views: dict[str, dict[str, Any]]
    home_views: dict[str, dict[str, Any]]
    triggers: dict[str, float]
    used_triggers: set[str]
    files: dict[str, dict[str, Any]]
    broadcast_mentions: list[str]
    counter: itertools.count[int]
    trigger_ttl: float

    def next_id(self, prefix: str) -> str:
        return f"{prefix}{next(self.counter):08d}"

    def next_ts(self) -> str:
        raise NotImplementedError

    # -- views ----------------------------------------------------------------------------
    def new_trigger_id(self) -> str:
        trigger = f"{next(self.counter)}.{next(self.counter)}.fake"
        self.triggers[trigger] = time.monotonic()
        return trigger

    def _use_trigger(self, trigger: str) -> None:
        issued = self.triggers.get(trigger)
        if issued is None:
            raise SlackError("invalid_trigger_id")
        if trigger in self.used_triggers:
            raise SlackError("exchanged_trigger_id")
        if time.monotonic() - issued > self.trigger_ttl:
            raise SlackError("expired_trigger_id")
        self.used_triggers.add(trigger)

    def check_view(self, view: Any) -> None:
        problems = view_problems(view)
        if problems:
            raise SlackError("invalid_arguments",
                             response_metadata={"messages": [f"[ERROR] {p}" for p in problems]})
        self.broadcast_mentions += broadcasts_in(view)

    def store_view(self, view: dict[str, Any], view_id: str | None = None) -> dict[str, Any]:
        stored = {**view, "id": view_id or self.next_id("V"), "hash": self.next_id("h"),
                  "team_id": self.bot["team_id"], "state": {"values": {}},
                  "private_metadata": view.get("private_metadata", ""),
                  "callback_id": view.get("callback_id", ""), "app_id": "A123456",
                  "bot_id": self.bot["bot_id"]}
        self.views[stored["id"]] = stored
        return stored

    def m_views_open(self, args: dict[str, Any]) -> Answer:
        self._use_trigger(str(args.get("trigger_id")))
        self.check_view(args.get("view"))
        return {"ok": True, "view": self.store_view(args["view"])}

    def m_views_push(self, args: dict[str, Any]) -> Answer:
        return self.m_views_open(args)

    def m_views_update(self, args: dict[str, Any]) -> Answer:
        view_id = args.get("view_id") or self._by_external_id(args.get("external_id"))
        current = self.views.get(str(view_id))
        if current is None:
            raise SlackError("not_found")
        if args.get("hash") and args["hash"] != current["hash"]:
            raise SlackError("hash_conflict")
        self.check_view(args.get("view"))
        return {"ok": True, "view": self.store_view(args["view"], view_id=current["id"])}

    def _by_external_id(self, external_id: Any) -> str | None:
        return next((v["id"] for v in self.views.values()
                     if external_id and v.get("external_id") == external_id), None)

    def m_views_publish(self, args: dict[str, Any]) -> Answer:
        self.check_view(args.get("view"))
        stored = self.store_view(args["view"])
        self.home_views[str(args.get("user_id"))] = stored
        return {"ok": True, "view": stored}

    # -- files ----------------------------------------------------------------------------
    def m_files_getUploadURLExternal(self, args: dict[str, Any]) -> Answer:
        file_id = self.next_id("F")
        self.files[file_id] = {"filename": args.get("filename"), "length": args.get("length"),
                               "bytes": None, "title": None, "channel_id": None,
                               "thread_ts": None}
        return {"ok": True, "upload_url": f"{self.base_url}/upload/{file_id}",
                "file_id": file_id}

    def m_files_completeUploadExternal(self, args: dict[str, Any]) -> Answer:
        files = args.get("files") or []
        done = []
        for entry in files:
            stored = self.files.get(entry.get("id"))
            if stored is None or stored["bytes"] is None:
                raise SlackError("file_not_found")
            stored.update(title=entry.get("title"), channel_id=args.get("channel_id"),
                          thread_ts=args.get("thread_ts"),
                          initial_comment=args.get("initial_comment"), ts=self.next_ts())
            done.append({"id": entry["id"], "title": entry.get("title")})
        return {"ok": True, "files": done}
