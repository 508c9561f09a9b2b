"""Requests into the app exactly as Slack sends them: real payload shapes, really signed."""

from __future__ import annotations

import copy
import json
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from slack_sdk.signature import SignatureVerifier

PAYLOADS = Path(__file__).parent / "payloads"
SIGNING_SECRET = "test-signing-secret-0123456789abcdef"
BOT_TOKEN = "xoxb-test"
TEAM_ID = "T0001"
REPORTER = "U2147483697"


def payload(name: str) -> dict[str, Any]:
    """A fresh copy of a payload fixture (tests/payloads/<name>.json)."""
    loaded: dict[str, Any] = json.loads((PAYLOADS / f"{name}.json").read_text())
    return copy.deepcopy(loaded)


def signed_headers(
    body: str, *, content_type: str, secret: str = SIGNING_SECRET, timestamp: int | None = None
) -> dict[str, str]:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
    return {
        "content-type": content_type,
        "x-slack-request-timestamp": ts,
        "x-slack-signature": signature,
    }


def slash_command(text: str, **overrides: str) -> str:
    """The form body of `/angrycall <text>`."""
    fields = {**payload("slash_command"), "text": text, **overrides}
    return urlencode(fields)


def interaction(body: dict[str, Any]) -> str:
    """The form body of an interactivity request: one `payload` field holding JSON."""
    return "payload=" + quote(json.dumps(body))


def event(body: dict[str, Any]) -> str:
    return json.dumps(body)


FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
