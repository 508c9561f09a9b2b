"""Adaptive Card building blocks (pure): each returns one element's JSON.

Teams renders schema 1.5; the limits that matter are the host's (about 28 KB a card) rather than
per-element ones, so texts are clipped by the callers that know their fields.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

Element = dict[str, Any]
SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
VERSION = "1.5"
CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"


def card(body: Sequence[Element], actions: Sequence[Element] = ()) -> Element:
    built: Element = {"type": "AdaptiveCard", "$schema": SCHEMA, "version": VERSION,
                      "body": list(body)}
    if actions:
        built["actions"] = list(actions)
    return built


def text(value: str, *, weight: str | None = None, size: str | None = None,
         color: str | None = None, subtle: bool = False, element_id: str | None = None) -> Element:
    block: Element = {"type": "TextBlock", "text": value, "wrap": True}
    for key, setting in (("weight", weight), ("size", size), ("color", color),
                         ("id", element_id)):
        if setting:
            block[key] = setting
    if subtle:
        block["isSubtle"] = True
    return block


def clip(value: str, limit: int) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


def plain(value: str) -> str:
    """User text for a TextBlock: Teams renders a Markdown subset, so neutralise its markers
    (a typed `[x](https://…)` must not become a link, `**` must not restyle the card)."""
    for marker in ("\\", "*", "_", "[", "]", "`"):
        value = value.replace(marker, "\\" + marker)
    return value


def required(element: Element, error_message: str) -> Element:
    """Teams marks the input and checks it before sending (the server checks it again)."""
    return {**element, "isRequired": True, "errorMessage": error_message}


def input_text(input_id: str, label: str, *, value: str = "", multiline: bool = False,
               max_length: int | None = None, placeholder: str = "") -> Element:
    element: Element = {"type": "Input.Text", "id": input_id, "label": label,
                        "isMultiline": multiline}
    if value:
        element["value"] = value
    if max_length:
        element["maxLength"] = max_length
    if placeholder:
        element["placeholder"] = placeholder
    return element


def input_date(input_id: str, label: str, *, value: str = "", minimum: str = "") -> Element:
    element: Element = {"type": "Input.Date", "id": input_id, "label": label}
    if value:
        element["value"] = value
    if minimum:
        element["min"] = minimum
    return element


def input_time(input_id: str, label: str, *, value: str = "") -> Element:
    element: Element = {"type": "Input.Time", "id": input_id, "label": label}
    if value:
        element["value"] = value
    return element


def choice_set(input_id: str, label: str, choices: Sequence[tuple[str, str]], *,
               value: str = "", multi: bool = False, expanded: bool = False) -> Element:
    """`choices` are (title, value) pairs; a multi-select's value is comma-separated."""
    element: Element = {
        "type": "Input.ChoiceSet", "id": input_id, "label": label,
        "style": "expanded" if expanded else "compact", "isMultiSelect": multi,
        "choices": [{"title": title, "value": choice} for title, choice in choices],
    }
    if value:
        element["value"] = value
    return element


def toggle(input_id: str, label: str, title: str, *, on: bool = False) -> Element:
    return {"type": "Input.Toggle", "id": input_id, "label": label, "title": title,
            "value": "true" if on else "false", "valueOn": "true", "valueOff": "false"}


def submit(title: str, data: Mapping[str, Any], *, style: str | None = None) -> Element:
    action: Element = {"type": "Action.Submit", "title": title, "data": dict(data)}
    if style:
        action["style"] = style
    return action


def action_set(actions: Sequence[Element]) -> Element:
    """Buttons inside the body, next to what they act on."""
    return {"type": "ActionSet", "actions": list(actions)}


def show_card(title: str, body: Sequence[Element], actions: Sequence[Element]) -> Element:
    """A button that unfolds a small form in place (Teams has no modal for a card button)."""
    return {"type": "Action.ShowCard", "title": title, "card": card(body, actions)}


def error_text(message: str, field: str) -> Element:
    return text(message, color="attention", size="small", element_id=f"{field}_error")


def attachment(content: Element) -> Element:
    return {"contentType": CONTENT_TYPE, "content": content}
