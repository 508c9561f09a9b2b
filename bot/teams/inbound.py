"""What `/api/messages` accepts as an activity: a bounded JSON object the Activity model reads,
naming a sender, a recipient, a conversation and the service to answer, cleaned of what the
database can't store.

Anything else is refused with a 4xx before the agent sees it: the SDK validates the body outside
any error handler, so a wrong type there (a list for `entities`, a number for `text`) would
otherwise be an unhandled exception and a 500, and a missing `serviceUrl` or `recipient` would
fail only once the turn tries to answer.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from microsoft_agents.activity import Activity
from microsoft_agents.hosting.core import ClaimsIdentity
from starlette.requests import Request

logger = logging.getLogger(__name__)
# Teams caps a message at about 100 KB and a card submit is far smaller: a body beyond this is
# not from Teams, and is not read into memory.
MAX_BODY_BYTES = 1024 * 1024
# NUL (PostgreSQL refuses it in text) and lone UTF-16 surrogates (UTF-8 can't encode them), which
# JSON escapes can carry into any string: stored, either would fail the turn, and every turn after.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
DEFAULT_PORTS = {"http": 80, "https": 443}
TEAMS_CHANNEL = "msteams"
# The SDK puts conversation and activity ids into the Bot Connector's URL paths unescaped; Teams'
# ids ("a:1…", "19:…@thread.tacv2;messageid=…", "1732460000000") never hold any of these.
NOT_IN_AN_ID = re.compile(r"[/?#%\\\s]")


@dataclass(frozen=True)
class Refusal:
    status: int
    reason: str


@dataclass(frozen=True)
class Received:
    body: dict[str, Any]
    activity: Activity


async def read_activity(request: Request) -> Received | Refusal:
    if not is_json(request.headers.get("content-type", "")):
        return Refusal(415, "the body must be application/json")
    raw = await bounded_body(request)
    if raw is None:
        return Refusal(413, "the body is too large")
    body = parse_object(raw)
    if body is None:
        return Refusal(400, "the body is not a JSON object")
    try:
        activity = Activity.model_validate(body)
    # The model raises ValidationError, or a bare Exception when channelId and its productInfo
    # entity disagree: either way this is not an activity.
    except Exception:
        return Refusal(400, "the body is not an activity")
    if missing := missing_parts(activity):
        return Refusal(400, f"the activity has no {missing}")
    return Received(body, activity)


def is_json(content_type: str) -> bool:
    media_type = content_type.split(";", 1)[0].strip().lower()
    return media_type == "application/json" or media_type.endswith("+json")


async def bounded_body(request: Request) -> bytes | None:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        return None
    body = bytearray()
    async for chunk in request.stream():  # a chunked body declares no length
        body += chunk
        if len(body) > MAX_BODY_BYTES:
            return None
    return bytes(body)


def parse_object(raw: bytes) -> dict[str, Any] | None:
    try:
        parsed = json.loads(raw, object_pairs_hook=_cleaned_object, parse_constant=_no_constant)
    # Invalid UTF-8 and bad JSON are ValueErrors; nesting deep enough exhausts the stack.
    except (ValueError, RecursionError):
        return None
    return parsed if isinstance(parsed, dict) else None


def missing_parts(activity: Activity) -> str | None:
    """What a Bot Connector activity always has and a turn needs, when it's missing."""
    if not (activity.from_property and activity.from_property.id):
        return "from.id"
    if not (activity.recipient and activity.recipient.id):
        return "recipient.id"
    if not (activity.conversation and activity.conversation.id):
        return "conversation.id"
    for name, value in (("conversation.id", activity.conversation.id), ("id", activity.id),
                        ("replyToId", activity.reply_to_id)):
        if value and NOT_IN_AN_ID.search(value):
            return f"usable {name}"
    parts = urlsplit(activity.service_url or "")
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return "serviceUrl"
    return None


def from_its_service(claims: ClaimsIdentity, activity: Activity) -> bool:
    """Whether the token was issued for the service this activity says to answer.

    Replies, and every later nudge to this person, go to `serviceUrl` carrying our own Bot
    Connector token: a token that names another service (or none, like an Entra token minted
    for our app id by anyone in the tenant) must not choose where they go. The SDK only logs
    the mismatch unless its outbound host allow-list is on. Anonymous local development has no
    token, so nothing to compare.
    """
    if not claims.claims:
        return True
    claimed = claims.get_claim_value("serviceurl")
    return isinstance(claimed, str) and same_service(claimed, activity.service_url or "")


def from_teams(claims: ClaimsIdentity, activity: Activity) -> bool:
    """Whether a signed activity comes from Microsoft Teams. The Azure Bot's other channels
    (Web Chat is on by default, Direct Line) let a client say who it is: signed by the Bot
    Framework all the same, its `from.aadObjectId` would be anyone of the tenant, and
    tenant-less it would count as ours. Unsigned local development comes from emulators."""
    channel = activity.channel_id.channel if activity.channel_id else ""
    return not claims.claims or channel.lower() == TEAMS_CHANNEL


def same_service(first: str, second: str) -> bool:
    def key(url: str) -> tuple[str, str, int | None, str]:
        parts = urlsplit(url.strip())
        scheme = parts.scheme.lower()
        return (scheme, (parts.hostname or "").lower(), parts.port or DEFAULT_PORTS.get(scheme),
                parts.path.rstrip("/"))

    try:
        return key(first) == key(second)
    except ValueError:  # an invalid port or IPv6 literal
        return False


def clean(text: str) -> str:
    if not UNSTORABLE.search(text):
        return text
    return UNSTORABLE.sub(lambda found: "" if found.group() == "\x00" else "\ufffd", text)


def _cleaned(value: Any) -> Any:
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, list):
        return [clean(item) if isinstance(item, str) else item for item in value]
    return value


def _cleaned_object(pairs: list[tuple[str, Any]]) -> Mapping[str, Any]:
    # JSON builds objects inside out, so every nested object is cleaned as it is built.
    return {clean(key): _cleaned(value) for key, value in pairs}


def _no_constant(name: str) -> Any:
    # NaN and Infinity are not JSON; stored in a JSON column they would fail on PostgreSQL.
    raise ValueError(f"{name} is not JSON")
