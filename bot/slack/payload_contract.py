"""The payload contract: what a Slack request must hold before any listener reads it (pure).

Slack only ever sends back the ids and metadata the app gave it, in the shapes of its docs;
anything else is a forged, corrupted or outdated request. `problem` names what is wrong, so
one middleware can refuse it politely, and listeners can read the fields they rely on without
guarding each one (and no such request ends as a 5xx or an unhandled error).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from bot.slack.form_state import InvalidMetadata, ModalMetadata
from bot.slack.ids import ActionId, CallbackId
from commands.commitment_actions import SnoozeChoice

Body = Mapping[str, Any]
# Row ids are PostgreSQL integers: a larger number could only fail in the database.
MAX_ROW_ID = 2**31 - 1
MAX_HOME_PAGE = 10_000
OBJECTS = ("team", "user", "channel", "view", "container", "message", "event", "state")
ID_BUTTONS = frozenset({ActionId.DONE, ActionId.RENEGOTIATE, ActionId.REASSIGN,
                        ActionId.VIEW_CASE, ActionId.CASE_ADD_NOTE, ActionId.CASE_CLOSE,
                        ActionId.CASE_DELETE, ActionId.CASE_EDIT, ActionId.ACCEPT,
                        ActionId.DECLINE, ActionId.DROP})
FORM_BUTTONS = frozenset({ActionId.ADD_COMMITMENT, ActionId.REMOVE_COMMITMENT})
CASE_MODALS = frozenset({CallbackId.CASE_NOTE_MODAL, CallbackId.CASE_CLOSE_MODAL,
                         CallbackId.CASE_EDIT_MODAL})
COMMITMENT_MODALS = frozenset({CallbackId.DONE_MODAL, CallbackId.RENEGOTIATE_MODAL,
                               CallbackId.REASSIGN_MODAL, CallbackId.DECLINE_MODAL,
                               CallbackId.DROP_MODAL})


def problem(body: Body) -> str | None:
    """What makes `body` unreadable for our listeners, or None when it keeps the contract."""
    if wrong := [key for key in OBJECTS if not isinstance(body.get(key) or {}, Mapping)]:
        return f"not objects: {', '.join(wrong)}"
    kind = body.get("type")
    if kind is None and "command" in body:
        return _command(body)
    check = _CHECKS.get(str(kind))
    return check(body) if check else None


def is_row_id(value: Any) -> bool:
    return (isinstance(value, str) and value.isascii() and value.isdigit()
            and 0 < int(value) <= MAX_ROW_ID)


def _strings(body: Body, *names: str) -> str | None:
    missing = [name for name in names if not isinstance(body.get(name), str)]
    return f"not text: {', '.join(missing)}" if missing else None


def _user_id(body: Body) -> str | None:
    return None if isinstance((body.get("user") or {}).get("id"), str) else "no user id"


def _command(body: Body) -> str | None:
    return _strings(body, "user_id", "trigger_id")


def _click(body: Body) -> str | None:
    actions = body.get("actions")
    if not isinstance(actions, list) or not actions or not isinstance(actions[0], Mapping):
        return "no action"
    action = actions[0]
    if not isinstance(action.get("action_id"), str):
        return "no action id"
    if problem_ := _user_id(body) or _strings(body, "trigger_id"):
        return problem_
    return _action_value(action, body)


def _action_value(action: Body, body: Body) -> str | None:
    action_id = action["action_id"]
    if action_id in ID_BUTTONS and not is_row_id(action.get("value")):
        return f"{action_id}: not a row id"
    if action_id == ActionId.SNOOZE:
        option = action.get("selected_option")
        value = option.get("value") if isinstance(option, Mapping) else None
        raw_id, _, choice = value.partition(":") if isinstance(value, str) else ("", "", "")
        if not is_row_id(raw_id) or choice not in set(SnoozeChoice):
            return "snooze: not a row id and a choice"
    if action_id == ActionId.HOME_PAGE:
        page = action.get("value") or "0"
        if not (isinstance(page, str) and page.isascii() and page.isdigit()
                and int(page) <= MAX_HOME_PAGE):
            return "home page: not a page number"
    if action_id in FORM_BUTTONS:
        return _log_form_view(body)
    return None


def _log_form_view(body: Body) -> str | None:
    view = body.get("view") or {}
    if not isinstance(view.get("id"), str):
        return "no view id"
    try:
        ModalMetadata.decode(str(view.get("private_metadata")))
    except InvalidMetadata:
        return "not the log form's metadata"
    return None


def _submission(body: Body) -> str | None:
    view = body.get("view") or {}
    values = (view.get("state") or {}).get("values") if isinstance(view.get("state"), Mapping) \
        else None
    if not isinstance(values, Mapping):
        return "no view state"
    if problem_ := _user_id(body) or _strings(view, "callback_id", "private_metadata"):
        return problem_
    callback, metadata = view["callback_id"], view["private_metadata"]
    if callback in CASE_MODALS and not is_row_id(metadata):
        return f"{callback}: not a case id"
    if callback in COMMITMENT_MODALS and not _is_action_origin(metadata):
        return f"{callback}: not a commitment's metadata"
    return None


def _is_action_origin(raw: str) -> bool:
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        return False
    if not isinstance(data, Mapping) or not is_row_id(str(data.get("commitment_id"))):
        return False
    optional = ("channel_id", "message_ts", "response_url")
    return all(isinstance(data.get(key), str | None) for key in optional)


def _shortcut(body: Body) -> str | None:
    message = body.get("message") or {}
    if not isinstance(message.get("ts"), str) or not isinstance(message.get("text"), str | None):
        return "no message"
    return _user_id(body) or _strings(body, "trigger_id")


def _event(body: Body) -> str | None:
    event = body.get("event") or {}
    if event.get("type") == "app_home_opened" and not isinstance(event.get("user"), str):
        return "app_home_opened: no user id"
    if event.get("type") == "user_change" and not _is_profile(event.get("user")):
        return "user_change: not a profile"
    return None


def _is_profile(user: Any) -> bool:
    """What on_user_change reads: text (or nothing) for the id, zone and names."""
    if user is None:
        return True
    profile = user.get("profile") if isinstance(user, Mapping) else None
    return (isinstance(user, Mapping) and isinstance(profile, Mapping | None)
            and all(isinstance(user.get(key), str | None) for key in ("id", "tz", "real_name"))
            and isinstance((profile or {}).get("display_name"), str | None))


_CHECKS: dict[str, Callable[[Body], str | None]] = {
    "block_actions": _click,
    "view_submission": _submission,
    "message_action": _shortcut,
    "event_callback": _event,
}
