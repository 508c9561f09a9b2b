"""The envelope of a signed Slack request, checked before bolt routes it (pure).

bolt's own middleware (authorization, self-event filtering, url verification) reads `type`,
the team, user, channel and enterprise ids, `event` and `authorizations` before any of ours
runs: a `null` event, a numeric team id (which reached a PostgreSQL query) or a list as `type`
made it fail with a 500. Slack always sends these as text and objects; anything else is
refused here. Lone surrogates (JSON can carry `"\\ud800"`, UTF-8 and the database cannot) are
replaced with U+FFFD so the text a person typed is kept.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, MutableMapping
from typing import Any

# Slack's ids are a letter and a few more; far shorter than this.
MAX_ID_LENGTH = 64
IDS = (("team", "id"), ("user", "id"), ("user", "team_id"), ("channel", "id"),
       ("enterprise", "id"), ("view", "team_id"), ("view", "app_installed_team_id"),
       ("container", "channel_id"), ("", "team_id"), ("", "user_id"), ("", "channel_id"),
       ("", "enterprise_id"), ("", "api_app_id"))
TEXTS = ("type", "trigger_id", "response_url", "event_id", "token", "command", "text")
OBJECTS = ("team", "user", "channel", "enterprise", "view", "container", "message")
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# In the raw body: a JSON escape of a surrogate, as is or URL-encoded (form bodies).
SURROGATE_ESCAPE = re.compile(r"(?:\\|%5[cC])u[dD][89a-fA-F]")


def envelope_problem(body: Mapping[str, Any]) -> str | None:
    """What in the envelope bolt cannot route, or None."""
    if wrong := [key for key in OBJECTS if not isinstance(body.get(key), Mapping | None)]:
        return f"not objects: {', '.join(wrong)}"
    if wrong := [key for key in TEXTS if not isinstance(body.get(key), str | None)]:
        return f"not text: {', '.join(wrong)}"
    if wrong := [f"{place}.{key}".lstrip(".") for place, key in IDS
                 if not _is_id(_at(body, place).get(key))]:
        return f"not ids: {', '.join(wrong)}"
    if "event" in body or body.get("type") == "event_callback":
        return _event_problem(body.get("event"))
    return _authorizations_problem(body.get("authorizations"))


def _at(body: Mapping[str, Any], place: str) -> Mapping[str, Any]:
    inner = body.get(place) if place else body
    return inner if isinstance(inner, Mapping) else {}


def _is_id(value: Any) -> bool:
    return value is None or (isinstance(value, str) and len(value) <= MAX_ID_LENGTH)


def _event_problem(event: Any) -> str | None:
    if not isinstance(event, Mapping):
        return "event: not an object"
    if not isinstance(event.get("type"), str):
        return "event: no type"
    if not all(isinstance(event.get(key), str | None) for key in ("bot_id", "subtype")):
        return "event: fields not text"
    return None


def _authorizations_problem(authorizations: Any) -> str | None:
    if authorizations is None:
        return None
    if not isinstance(authorizations, list) or not all(
            isinstance(item, Mapping) and all(_is_id(item.get(key)) for key in
                                              ("team_id", "user_id", "enterprise_id"))
            for item in authorizations):
        return "authorizations: not a list of installations"
    return None


def mend_lone_surrogates(raw_body: str, body: MutableMapping[str, Any]) -> None:
    """Replace lone surrogates in every text and key of `body`, in place (only when the raw
    body has a surrogate escape at all: the common request is not walked)."""
    if not SURROGATE_ESCAPE.search(raw_body):
        return
    pending: list[Any] = [body]
    while pending:  # no recursion: the body may be nested as deep as json allows
        container = pending.pop()
        pairs = list(container.items() if isinstance(container, MutableMapping)
                     else enumerate(container))
        for key, value in pairs:
            if isinstance(key, str) and LONE_SURROGATE.search(key):
                del container[key]
                key = _mended(key)
            container[key] = _mended(value)
            if isinstance(value, MutableMapping | list):
                pending.append(value)


def _mended(value: Any) -> Any:
    return LONE_SURROGATE.sub("\ufffd", value) if isinstance(value, str) else value
