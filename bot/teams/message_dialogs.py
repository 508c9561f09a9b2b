"""Invoke answers for a message action (pure): a dialog (task module) showing a card, a short
message in the dialog, or nothing (the dialog closes)."""

from __future__ import annotations

from typing import Any

from microsoft_agents.activity import Activity, ActivityTypes, InvokeResponse

from bot.teams import adaptive as ac

TITLE = "Log a difficult conversation"


def dialog(card: ac.Element) -> Activity:
    return _answer({"task": {"type": "continue", "value": {
        "title": TITLE, "height": "large", "width": "large", "card": ac.attachment(card)}}})


def dialog_message(text: str) -> Activity:
    return _answer({"task": {"type": "message", "value": text}})


def closed() -> Activity:
    return _answer(None)


def _answer(body: dict[str, Any] | None) -> Activity:
    return Activity(type=ActivityTypes.invoke_response,
                    value=InvokeResponse(status=200, body=body))
