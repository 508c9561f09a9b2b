"""The page's form and Slack's `view.state.values`: a view sent back untouched carries its
initial values, in the shapes Slack sends for each element."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from bot.sandbox.view_state import initial_form, state_values

BERLIN = ZoneInfo("Europe/Berlin")


def option(value: str) -> dict[str, Any]:
    return {"text": {"type": "plain_text", "text": value.title()}, "value": value}


def field(block_id: str, element: dict[str, Any]) -> dict[str, Any]:
    return {"type": "input", "block_id": block_id, "optional": True,
            "label": {"type": "plain_text", "text": block_id},
            "element": {"action_id": block_id, **element}}


BLOCKS = [
    {"type": "header", "text": {"type": "plain_text", "text": "Settings"}},
    field("note", {"type": "plain_text_input", "initial_value": "as typed"}),
    field("kind", {"type": "static_select", "options": [option("a"), option("b")],
                   "initial_option": option("b")}),
    field("mood", {"type": "radio_buttons", "options": [option("calm"), option("upset")]}),
    field("days", {"type": "checkboxes", "options": [option("mon"), option("tue")],
                   "initial_options": [option("mon"), option("tue")]}),
    field("owner", {"type": "users_select", "initial_user": "U0SAM"}),
    field("leads", {"type": "multi_users_select", "initial_users": ["U0MAYA", "U0SAM"]}),
    field("due", {"type": "datepicker", "initial_date": "2026-11-25"}),
    field("at", {"type": "timepicker", "initial_time": "09:30"}),
    field("when", {"type": "datetimepicker", "initial_date_time": 1764064800}),
]


def test_an_untouched_view_sends_back_its_initial_values() -> None:
    values = state_values(BLOCKS, initial_form(BLOCKS, BERLIN), BERLIN)
    assert values == {
        "note": {"note": {"type": "plain_text_input", "value": "as typed"}},
        "kind": {"kind": {"type": "static_select", "selected_option": option("b")}},
        "mood": {"mood": {"type": "radio_buttons", "selected_option": None}},
        "days": {"days": {"type": "checkboxes",
                          "selected_options": [option("mon"), option("tue")]}},
        "owner": {"owner": {"type": "users_select", "selected_user": "U0SAM"}},
        "leads": {"leads": {"type": "multi_users_select",
                            "selected_users": ["U0MAYA", "U0SAM"]}},
        "due": {"due": {"type": "datepicker", "selected_date": "2026-11-25"}},
        "at": {"at": {"type": "timepicker", "selected_time": "09:30"}},
        "when": {"when": {"type": "datetimepicker", "selected_date_time": 1764064800}},
    }


def test_an_option_the_view_does_not_offer_is_not_picked() -> None:
    values = state_values(BLOCKS, {"b2": ["z"], "b3": ["upset"]}, BERLIN)
    assert values["kind"]["kind"]["selected_option"] is None
    assert values["mood"]["mood"]["selected_option"] == option("upset")
    assert values["note"]["note"]["value"] is None  # emptied
