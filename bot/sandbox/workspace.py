"""A small Slack workspace: users, channels, DMs and messages (views and files: `surfaces`),
and the Web API methods that read and change it, answering with Slack's own shapes."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.sandbox.blockkit import broadcasts_in, message_problems
from bot.sandbox.slack_errors import Answer, SlackError
from bot.sandbox.surfaces import TRIGGER_TTL_SECONDS, Surfaces

__all__ = ["Answer", "SlackError", "World", "user_record"]


@dataclass
class World(Surfaces):
    """One workspace's state; each `m_<method>` answers the Web API method of that name."""

    base_url: str
    bot: dict[str, str]
    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    channels: dict[str, dict[str, Any]] = field(default_factory=dict)
    dms: dict[str, str] = field(default_factory=dict)  # user id -> D channel id
    history: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    ephemerals: list[dict[str, Any]] = field(default_factory=list)
    views: dict[str, dict[str, Any]] = field(default_factory=dict)
    home_views: dict[str, dict[str, Any]] = field(default_factory=dict)
    triggers: dict[str, float] = field(default_factory=dict)
    used_triggers: set[str] = field(default_factory=set)
    files: dict[str, dict[str, Any]] = field(default_factory=dict)
    webhook_posts: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    broadcast_mentions: list[str] = field(default_factory=list)
    counter: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    # Slack's is 3 s; a benchmark that mints its trigger ids before the run lifts it.
    trigger_ttl: float = TRIGGER_TTL_SECONDS
    clock: Callable[[], datetime] | None = None

    def next_ts(self) -> str:
        """A message's ts: Slack's is the instant it was posted (the sandbox's clock, if set)."""
        if self.clock is not None:
            return f"{int(self.clock().timestamp())}.{next(self.counter):06d}"
        return f"{1_700_000_000 + next(self.counter)}.{next(self.counter):06d}"

    def method(self, name: str) -> Callable[[dict[str, Any]], Answer] | None:
        handler: Callable[[dict[str, Any]], Answer] | None = getattr(
            self, "m_" + name.replace(".", "_"), None
        )
        return handler

    # -- identity and people -------------------------------------------------------------
    def m_auth_test(self, args: dict[str, Any]) -> Answer:
        bot = args.get("_bot") or self.bot
        return {"ok": True, "url": "https://example.slack.com/", "team": "Example",
                "user": "angrycall", "team_id": bot["team_id"],
                "user_id": bot["user_id"], "bot_id": bot["bot_id"],
                "is_enterprise_install": False}

    def m_users_info(self, args: dict[str, Any]) -> Answer:
        user = self.users.get(str(args.get("user")))
        if user is None:
            raise SlackError("user_not_found")
        return {"ok": True, "user": user}

    def m_conversations_open(self, args: dict[str, Any]) -> Answer:
        user_id = str(args.get("users", "")).split(",")[0]
        return {"ok": True, "channel": {"id": self._dm_of(user_id)}}

    def _dm_of(self, user_id: str) -> str:
        user = self.users.get(user_id)
        if user is None:
            raise SlackError("user_not_found")
        if user.get("deleted"):
            raise SlackError("user_disabled")
        return self.dms.setdefault(user_id, "D" + user_id)

    def m_conversations_members(self, args: dict[str, Any]) -> Answer:
        info = self.channels.get(str(args.get("channel")))
        if info is None:
            raise SlackError("channel_not_found")
        members = list(info["members"] or [])
        # Slack pages this list; serve it two at a time so callers must follow the cursor.
        start = int(args.get("cursor") or 0)
        page, rest = members[start:start + 2], members[start + 2:]
        return {"ok": True, "members": page,
                "response_metadata": {"next_cursor": str(start + 2) if rest else ""}}

    # -- messages -------------------------------------------------------------------------
    def _resolve_channel(self, channel: str) -> str:
        if channel.startswith(("U", "W")):
            return self._dm_of(channel)
        if channel in self.dms.values():
            return channel
        info = self.channels.get(channel)
        if info is None:
            raise SlackError("channel_not_found")
        if not info["bot_member"]:
            raise SlackError("not_in_channel")
        return channel

    def _check_message(self, args: dict[str, Any]) -> None:
        problems = message_problems(args)
        if problems:
            raise SlackError("invalid_blocks", errors=problems)
        self.broadcast_mentions += broadcasts_in({"text": args.get("text"),
                                                  "blocks": args.get("blocks")})

    def m_chat_postMessage(self, args: dict[str, Any]) -> Answer:
        channel = self._resolve_channel(str(args.get("channel", "")))
        self._check_message(args)
        bot = args.get("_bot") or self.bot
        message = {"type": "message", "user": bot["user_id"], "team": bot["team_id"],
                   "ts": self.next_ts(),
                   "text": args.get("text"), "blocks": args.get("blocks"),
                   "thread_ts": args.get("thread_ts"), "metadata": args.get("metadata")}
        self.history.setdefault(channel, []).append(message)
        return {"ok": True, "channel": channel, "ts": message["ts"], "message": message}

    def m_chat_update(self, args: dict[str, Any]) -> Answer:
        channel, ts = str(args.get("channel")), str(args.get("ts"))
        self._check_message(args)
        message = self.find_message(channel, ts)
        if message is None:
            raise SlackError("message_not_found")
        message.update(text=args.get("text"), blocks=args.get("blocks"), edited=True)
        return {"ok": True, "channel": channel, "ts": ts, "text": args.get("text")}

    def find_message(self, channel: str, ts: str) -> dict[str, Any] | None:
        return next((m for m in self.history.get(channel, []) if m["ts"] == ts), None)

    def m_chat_postEphemeral(self, args: dict[str, Any]) -> Answer:
        channel, user = str(args.get("channel", "")), str(args.get("user", ""))
        info = self.channels.get(channel)
        if info is None:
            raise SlackError("channel_not_found")
        if info["members"] is not None and user not in info["members"]:
            raise SlackError("user_not_in_channel")
        self._check_message(args)
        ts = self.next_ts()
        self.ephemerals.append({"channel": channel, "user": user, "text": args.get("text"),
                                "blocks": args.get("blocks"), "ts": ts})
        return {"ok": True, "message_ts": ts}

    def m_chat_getPermalink(self, args: dict[str, Any]) -> Answer:
        channel, ts = str(args.get("channel")), str(args.get("message_ts", ""))
        if channel not in self.channels and channel not in self.dms.values():
            raise SlackError("channel_not_found")
        link = f"https://example.slack.com/archives/{channel}/p{ts.replace('.', '')}"
        return {"ok": True, "channel": channel, "permalink": link}

    # -- workspaces -----------------------------------------------------------------------
    def check_team(self, team_id: str, args: dict[str, Any]) -> None:
        """A token of one workspace sees nothing of another: not its people, not its channels."""
        for name in ("user", "users", "channel"):
            for ref in str(args.get(name) or "").split(","):
                owner = (self.users.get(ref) or self.channels.get(ref) or {}).get("team_id")
                if owner is not None and owner != team_id:
                    raise SlackError("user_not_found" if ref in self.users
                                     else "channel_not_found")


def user_record(user_id: str, *, team_id: str, tz: str, name: str, deleted: bool,
                is_admin: bool) -> dict[str, Any]:
    offset = ZoneInfo(tz).utcoffset(datetime.now(UTC))
    seconds = int(offset.total_seconds()) if offset else 0
    return {"id": user_id, "team_id": team_id, "name": name, "real_name": name.title(),
            "deleted": deleted, "is_bot": False, "is_admin": is_admin, "is_owner": False,
            "tz": tz, "tz_label": tz, "tz_offset": seconds,
            "profile": {"display_name": name, "real_name": name.title()}}
