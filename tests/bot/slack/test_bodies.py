"""Our decoding of signed bodies gives exactly what bolt's parser gives, on every shape."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import quote, quote_plus

import pytest
from slack_bolt.request.internals import parse_body

from bot.slack.bodies import decoded_body
from tests.slack_requests import FORM, JSON, event, interaction, payload, slash_command

VIEW = {"type": "view_submission", "view": {
    "state": {"values": {"b": {"a": {"value": "é ü 😀 \\ \" + % & = \n\t <!here>"}}}}}}
BODIES = [
    (interaction(VIEW), FORM),
    ("payload=" + quote_plus(json.dumps(VIEW, ensure_ascii=False)), FORM),
    ("payload=" + quote(json.dumps({"text": "\ud800 lone"})), FORM),  # json.loads' territory
    ("payload=" + quote('{"n": NaN, "big": 123456789012345678901234567890}'), FORM),
    ("payload=%7B%22a%22%3A%201%7D%zz", FORM),  # a broken escape
    ("payload=%7B%22a%22%3A%20%22%C3%28%22%7D", FORM),  # not UTF-8: bolt replaces it
    ("payload=" + quote('{"a": "b"}') + "&other=1", FORM),
    (slash_command("Acme: call back Friday 3pm & more"), FORM),
    (slash_command("é ü 😀 + % = ; <!here> a\\b"), FORM),
    ("command=%2Fangrycall&text=&&flag&text=second&bad=%zz&latin=%E9", FORM),
    ("a=1;b=2&c=%2B+%20", FORM),
    (event(payload("app_home_opened")), JSON),
    ('{"event": ' + "[" * 950 + "]" * 950 + "}", JSON),  # deeper than json.loads reads
    ("payload=" + quote('{"actions": ' + "[" * 950 + "]" * 950 + "}"), FORM),
    ('{"type": "event_callback", "event": {"text": "\\ud83d\\ude00"}}', FORM),
]


def outcome(decode: Callable[[str, str], Any], raw: str, content_type: str) -> Any:
    try:
        return decode(raw, content_type)
    except (ValueError, RecursionError) as error:  # routes.py answers 400 for both
        return type(error)


@pytest.mark.parametrize(("raw", "content_type"), BODIES)
def test_decoded_as_bolt_decodes(raw: str, content_type: str) -> None:
    assert outcome(decoded_body, raw, content_type) == outcome(parse_body, raw, content_type)


def test_a_body_bolt_cannot_read_is_not_read_either() -> None:
    with pytest.raises(ValueError):
        parse_body('{"truncated": ', JSON)
    with pytest.raises(ValueError):
        decoded_body('{"truncated": ', JSON)
