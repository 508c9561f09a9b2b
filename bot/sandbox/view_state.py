"""A submitted HTML form back into `view.state.values`, exactly as Slack would send them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

Block = dict[str, Any]
Form = dict[str, list[str]]
State = Callable[[Block, list[str], ZoneInfo], dict[str, Any]]


def state_values(blocks: list[Block], form: Form, zone: ZoneInfo) -> dict[str, Any]:
    """Every input block's element, named `b<index>` in the form, as Slack's state entry."""
    values: dict[str, Any] = {}
    for index, block in enumerate(blocks):
        element = block.get("element") or {}
        read = READERS.get(str(element.get("type")))
        if block.get("type") != "input" or read is None:
            continue
        entry = {"type": element["type"], **read(element, form.get(f"b{index}", []), zone)}
        values.setdefault(str(block.get("block_id")), {})[str(element.get("action_id"))] = entry
    return values


def _first(sent: list[str]) -> str | None:
    return next((value for value in sent if value), None)


def _options(element: Block) -> list[Block]:
    groups = element.get("option_groups") or []
    return [*(element.get("options") or []), *(o for g in groups for o in g.get("options", []))]


def _picked(element: Block, sent: list[str]) -> list[Block]:
    return [option for option in _options(element) if option.get("value") in sent]


def _date_time(_element: Block, sent: list[str], zone: ZoneInfo) -> dict[str, Any]:
    text = _first(sent)
    epoch = int(datetime.fromisoformat(text).replace(tzinfo=zone).timestamp()) if text else None
    return {"selected_date_time": epoch}


READERS: dict[str, State] = {
    "plain_text_input": lambda _e, sent, _z: {"value": _first(sent)},
    "number_input": lambda _e, sent, _z: {"value": _first(sent)},
    "static_select": lambda e, sent, _z: {"selected_option": next(iter(_picked(e, sent)), None)},
    "radio_buttons": lambda e, sent, _z: {"selected_option": next(iter(_picked(e, sent)), None)},
    "checkboxes": lambda e, sent, _z: {"selected_options": _picked(e, sent)},
    "users_select": lambda _e, sent, _z: {"selected_user": _first(sent)},
    "multi_users_select": lambda _e, sent, _z: {"selected_users": [s for s in sent if s]},
    "datepicker": lambda _e, sent, _z: {"selected_date": _first(sent)},
    "timepicker": lambda _e, sent, _z: {"selected_time": _first(sent)},
    "datetimepicker": _date_time,
}


def initial_form(blocks: list[Block], zone: ZoneInfo) -> Form:
    """The form as the view first shows it: every input's initial value, as a browser sends it."""
    form: Form = {}
    for index, block in enumerate(blocks):
        element = block.get("element") or {}
        if block.get("type") == "input":
            form[f"b{index}"] = [v for v in _initial(element, zone) if v]
    return form


def _initial(element: Block, zone: ZoneInfo) -> list[str]:
    options = element.get("initial_options") or [element.get("initial_option") or {}]
    epoch = element.get("initial_date_time")
    return [
        *(str(o.get("value") or "") for o in options),
        *(element.get("initial_users") or []),
        *(str(element.get(key) or "") for key in (
            "initial_value", "initial_user", "initial_date", "initial_time")),
        datetime.fromtimestamp(int(epoch), zone).strftime("%Y-%m-%dT%H:%M") if epoch else "",
    ]
