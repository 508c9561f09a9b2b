"""Modals for acting on a promise: done (with a note), renegotiate, reassign (pure)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date, time
from typing import Any

from bot.slack.form_state import typed_text
from bot.slack.ids import CallbackId, InputId
from bot.slack.mrkdwn import clip, escape
from commands.commitment_actions import CommitmentState, Reaction

REACTION_LABELS = {
    Reaction.PLEASED: "Pleased",
    Reaction.NEUTRAL: "Neutral",
    Reaction.STILL_UPSET: "Still upset",
}


@dataclass(frozen=True)
class ActionOrigin:
    """Which promise a modal is about, and where the message to redraw afterwards lives."""

    commitment_id: int
    channel_id: str | None = None
    message_ts: str | None = None
    response_url: str | None = None

    def encode(self) -> str:
        return json.dumps({k: v for k, v in asdict(self).items() if v is not None})

    @classmethod
    def decode(cls, raw: str) -> ActionOrigin:
        data = json.loads(raw)
        return cls(
            commitment_id=int(data["commitment_id"]),
            channel_id=data.get("channel_id"),
            message_ts=data.get("message_ts"),
            response_url=data.get("response_url"),
        )


def done_modal(state: CommitmentState, origin: ActionOrigin) -> dict[str, Any]:
    reactions = [_option(label, reaction.value) for reaction, label in REACTION_LABELS.items()]
    return modal(CallbackId.DONE_MODAL, "Promise kept", "Mark done", origin, [
        about(state),
        _input(InputId.NOTE, "Outcome", optional=True, element={
            "type": "plain_text_input", "action_id": InputId.NOTE.value, "multiline": True,
            "max_length": 3000,
            "placeholder": {"type": "plain_text", "text": "What did you do, what happened?"},
        }),
        _input(InputId.REACTION, "How did the customer take it?", optional=True, element={
            "type": "radio_buttons", "action_id": InputId.REACTION.value, "options": reactions,
        }),
    ])


def renegotiate_modal(state: CommitmentState, origin: ActionOrigin, today: date) -> dict[str, Any]:
    informed = [_option("I told the customer about the new date", "yes")]
    return modal(CallbackId.RENEGOTIATE_MODAL, "Renegotiate", "Save new date", origin, [
        about(state),
        _input(InputId.NEW_DATE, "New date agreed with the customer", element={
            "type": "datepicker", "action_id": InputId.NEW_DATE.value,
            "initial_date": today.isoformat(),
        }),
        _input(InputId.NEW_TIME, "Time", optional=True, element={
            "type": "timepicker", "action_id": InputId.NEW_TIME.value,
        }),
        _input(InputId.CUSTOMER_INFORMED, "Customer informed", optional=True, element={
            "type": "checkboxes", "action_id": InputId.CUSTOMER_INFORMED.value,
            "options": informed,
        }),
    ])


def reassign_modal(state: CommitmentState, origin: ActionOrigin) -> dict[str, Any]:
    return modal(CallbackId.REASSIGN_MODAL, "Reassign", "Reassign", origin, [
        about(state),
        _input(InputId.NEW_OWNER, "New owner", element={
            "type": "users_select", "action_id": InputId.NEW_OWNER.value,
        }),
    ])


def modal(callback: CallbackId, title: str, submit: str, origin: ActionOrigin,
           blocks: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": callback.value,
        "title": {"type": "plain_text", "text": title},
        "submit": {"type": "plain_text", "text": submit},
        "close": {"type": "plain_text", "text": "Cancel"},
        "private_metadata": origin.encode(),
        "blocks": blocks,
    }


def about(state: CommitmentState) -> dict[str, Any]:
    text = f"*{escape(clip(state.customer, 150))}*: {escape(clip(state.promise, 1500))}"
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def text_input(input_id: InputId, label: str, placeholder: str) -> dict[str, Any]:
    """A required, multiline answer in words."""
    return _input(input_id, label, element={
        "type": "plain_text_input", "action_id": input_id.value, "multiline": True,
        "max_length": 3000, "placeholder": {"type": "plain_text", "text": placeholder}})


def _input(input_id: InputId, label: str, *, element: dict[str, Any],
           optional: bool = False) -> dict[str, Any]:
    return {
        "type": "input",
        "block_id": input_id.value,
        "optional": optional,
        "label": {"type": "plain_text", "text": label},
        "element": element,
    }


def _option(text: str, value: str) -> dict[str, Any]:
    return {"text": {"type": "plain_text", "text": text}, "value": value}


# Reading submitted values (tolerant: a missing or malformed value reads as absent).

def _element(values: Mapping[str, Any], input_id: InputId) -> Mapping[str, Any]:
    block = values.get(input_id.value)
    element = block.get(input_id.value) if isinstance(block, Mapping) else None
    return element if isinstance(element, Mapping) else {}


def text_value(values: Mapping[str, Any], input_id: InputId) -> str:
    return typed_text(_element(values, input_id).get("value")) or ""


def selected_value(values: Mapping[str, Any], input_id: InputId) -> str | None:
    option = _element(values, input_id).get("selected_option")
    value = option.get("value") if isinstance(option, Mapping) else None
    return value if isinstance(value, str) else None


def checked(values: Mapping[str, Any], input_id: InputId) -> bool:
    options = _element(values, input_id).get("selected_options")
    return isinstance(options, list) and len(options) > 0


def date_value(values: Mapping[str, Any], input_id: InputId) -> date | None:
    raw = _element(values, input_id).get("selected_date")
    try:
        return date.fromisoformat(raw) if isinstance(raw, str) else None
    except ValueError:
        return None


def time_value(values: Mapping[str, Any], input_id: InputId) -> time | None:
    raw = _element(values, input_id).get("selected_time")
    try:
        return time.fromisoformat(raw) if isinstance(raw, str) else None
    except ValueError:
        return None


def user_value(values: Mapping[str, Any], input_id: InputId) -> str | None:
    user = _element(values, input_id).get("selected_user")
    return user if isinstance(user, str) and user else None
