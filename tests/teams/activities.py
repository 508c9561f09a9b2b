"""Activities shaped like the ones Teams sends (personal chat, channel, card submits, install)."""

from __future__ import annotations

import itertools
from typing import Any

APP_ID = "00000000-0000-0000-0000-00000000b07a"
TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"
REPORTER = "8a6f1c1e-0000-4000-8000-00000000a001"  # Entra object ids
OWNER = "8a6f1c1e-0000-4000-8000-00000000a002"
OTHER = "8a6f1c1e-0000-4000-8000-00000000a003"  # a colleague with no part in the case
OTHER_TENANT = "0b1f7c2e-5555-4666-8777-000000000b0b"
CHANNEL = "19:3f2b6c1e0a0d4b5c9e8f7a6b5c4d3e2f@thread.tacv2"
ZONES = {REPORTER: "America/New_York", OWNER: "Europe/Berlin", OTHER: "Asia/Tokyo"}
NAMES = {REPORTER: "Steve Reporter", OWNER: "Olga Owner", OTHER: "Kenji Other"}
_ids = itertools.count(1)


def personal_chat(user: str) -> str:
    return f"a:1personal-{user}"


def _account(user: str) -> dict[str, Any]:
    return {"id": f"29:1teams-{user}", "name": NAMES[user], "aadObjectId": user}


def _base(service_url: str, user: str, conversation: dict[str, Any],
          channel_data: dict[str, Any], tenant: str = TENANT) -> dict[str, Any]:
    return {
        "id": f"incoming-{next(_ids)}", "channelId": "msteams", "serviceUrl": service_url,
        "timestamp": "2026-11-24T15:00:00.000Z", "localTimezone": ZONES[user],
        "from": _account(user), "recipient": {"id": f"28:{APP_ID}", "name": "angrycall"},
        "conversation": conversation, "locale": "en-US",
        "channelData": {"tenant": {"id": tenant}, **channel_data},
        "entities": [{"type": "clientInfo", "locale": "en-US", "timezone": ZONES[user]}],
    }


def personal(service_url: str, *, user: str = REPORTER, tenant: str = TENANT) -> dict[str, Any]:
    conversation = {"id": personal_chat(user), "conversationType": "personal",
                    "tenantId": tenant}
    return _base(service_url, user, conversation, {}, tenant)


def message(service_url: str, text: str, *, user: str = REPORTER,
            tenant: str = TENANT) -> dict[str, Any]:
    return {**personal(service_url, user=user, tenant=tenant), "type": "message", "text": text,
            "textFormat": "plain"}


def submit(service_url: str, value: Any, *, reply_to: str, user: str = REPORTER,
           tenant: str = TENANT) -> dict[str, Any]:
    """An Action.Submit press: no text, `value` = the action's data merged with the inputs."""
    return {**personal(service_url, user=user, tenant=tenant), "type": "message",
            "value": value, "replyToId": reply_to}


def installed(service_url: str, *, user: str = REPORTER,
              tenant: str = TENANT) -> dict[str, Any]:
    return {**personal(service_url, user=user, tenant=tenant), "type": "conversationUpdate",
            "membersAdded": [{"id": f"28:{APP_ID}"}]}


def in_channel(service_url: str, text: str, *, user: str = REPORTER) -> dict[str, Any]:
    conversation = {"id": f"{CHANNEL};messageid=1732460000000", "conversationType": "channel",
                    "tenantId": TENANT, "isGroup": True}
    channel_data = {"teamsChannelId": CHANNEL, "channel": {"id": CHANNEL},
                    "team": {"id": CHANNEL}}
    mention = f"<at>angrycall</at> {text}"
    activity = _base(service_url, user, conversation, channel_data)
    activity["entities"].append({"type": "mention", "text": "<at>angrycall</at>",
                                 "mentioned": {"id": f"28:{APP_ID}", "name": "angrycall"}})
    return {**activity, "type": "message", "text": mention}
