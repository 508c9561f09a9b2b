"""What Slack sends to `/slack/events`, built from the sandbox's workspace: slash commands
(form fields), interactivity (`payload=` JSON) and Events API callbacks, in Slack's shapes."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote, urlencode

APP_ID = "A0SANDBOX"


def slash_command(*, team_id: str, user: dict[str, Any], channel_id: str, channel_name: str,
                  text: str, trigger_id: str, response_url: str) -> str:
    return urlencode({
        "token": "sandbox", "team_id": team_id, "team_domain": "sandbox",
        "channel_id": channel_id, "channel_name": channel_name, "user_id": user["id"],
        "user_name": user["name"], "command": "/angrycall", "text": text, "api_app_id": APP_ID,
        "is_enterprise_install": "false", "response_url": response_url, "trigger_id": trigger_id,
    })


def interaction_form(body: dict[str, Any]) -> str:
    """Interactivity requests are a form with one field, `payload`, holding the JSON."""
    return "payload=" + quote(json.dumps(body))


def _base(kind: str, team_id: str, user: dict[str, Any], trigger_id: str) -> dict[str, Any]:
    return {"type": kind, "token": "sandbox", "api_app_id": APP_ID,
            "team": {"id": team_id, "domain": "sandbox"}, "enterprise": None,
            "is_enterprise_install": False, "trigger_id": trigger_id,
            "user": {"id": user["id"], "username": user["name"], "name": user["name"],
                     "team_id": team_id}}


def action(element: dict[str, Any], block_id: str, picked: str | None) -> dict[str, Any]:
    """One entry of `actions`: a button press, or the option picked in a select."""
    pressed = {"action_id": element.get("action_id"), "block_id": block_id,
               "type": element.get("type"), "action_ts": "0.0"}
    if element.get("type") == "button":
        pressed.update(text=element.get("text"), value=element.get("value"))
    else:
        option = next((o for o in element.get("options") or [] if o.get("value") == picked), None)
        pressed["selected_option"] = option
    return pressed


def message_actions(*, team_id: str, user: dict[str, Any], channel_id: str,
                    message: dict[str, Any], is_ephemeral: bool, pressed: dict[str, Any],
                    trigger_id: str, response_url: str) -> dict[str, Any]:
    return {**_base("block_actions", team_id, user, trigger_id),
            "container": {"type": "message", "message_ts": message["ts"],
                          "channel_id": channel_id, "is_ephemeral": is_ephemeral},
            "channel": {"id": channel_id, "name": channel_id},
            "message": {k: message.get(k) for k in ("type", "user", "ts", "text", "blocks")},
            "state": {"values": {}}, "response_url": response_url, "actions": [pressed]}


def view_actions(*, team_id: str, user: dict[str, Any], view: dict[str, Any],
                 values: dict[str, Any], pressed: dict[str, Any],
                 trigger_id: str) -> dict[str, Any]:
    return {**_base("block_actions", team_id, user, trigger_id),
            "container": {"type": "view", "view_id": view["id"]},
            "view": {**view, "state": {"values": values}}, "actions": [pressed]}


def view_submission(*, team_id: str, user: dict[str, Any], view: dict[str, Any],
                    values: dict[str, Any], trigger_id: str) -> dict[str, Any]:
    return {**_base("view_submission", team_id, user, trigger_id),
            "view": {**view, "state": {"values": values}}, "response_urls": []}


def message_shortcut(*, team_id: str, user: dict[str, Any], channel_id: str,
                     message: dict[str, Any], callback_id: str, trigger_id: str,
                     response_url: str) -> dict[str, Any]:
    return {**_base("message_action", team_id, user, trigger_id),
            "callback_id": callback_id, "action_ts": "0.0",
            "channel": {"id": channel_id, "name": channel_id}, "message_ts": message["ts"],
            "message": {"type": "message", "text": message.get("text") or "",
                        "user": message.get("user"), "ts": message["ts"]},
            "response_url": response_url}


def home_opened(*, team_id: str, bot_user_id: str, user_id: str, channel_id: str,
                event_id: str) -> str:
    return json.dumps({
        "token": "sandbox", "team_id": team_id, "api_app_id": APP_ID, "type": "event_callback",
        "event": {"type": "app_home_opened", "user": user_id, "channel": channel_id,
                  "tab": "home", "event_ts": "0.0"},
        "event_id": event_id, "event_time": 0, "is_ext_shared_channel": False,
        "authorizations": [{"enterprise_id": None, "team_id": team_id, "user_id": bot_user_id,
                            "is_bot": True, "is_enterprise_install": False}],
    })
