"""The aiohttp session that Slack calls go through: keep-alive connections, fast JSON both ways.

slack_sdk sends every Web API call as a JSON body encoded by the session, and decodes every
answer with the response's `json()`. The log form is 7 kB of JSON and `views.open` answers with
the whole view again (6.5 kB): orjson encodes the one and decodes the other several times
faster than the json module, on the path that opens the form inside the trigger id's 3 seconds.
"""

from __future__ import annotations

import json
from typing import Any

import orjson
from aiohttp import ClientResponse, ClientSession

JSON_TYPE = "application/json"


def encode_json(value: object) -> str:
    return orjson.dumps(value).decode()


def decode_json(text: str) -> Any:
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        # What orjson refuses and json reads (a lone surrogate, NaN, a 20-digit number):
        # decoded as slack_sdk always did.
        return json.loads(text)


class OrjsonResponse(ClientResponse):
    """aiohttp's response, its JSON decoded by orjson (aiohttp has no session-wide decoder).

    Slack's own answers (`application/json`, UTF-8) are read straight from the bytes, without
    the copies aiohttp makes to strip and decode them; anything else goes aiohttp's way."""

    async def json(self, *, loads: Any = decode_json, **options: Any) -> Any:
        if options or loads is not decode_json or self.content_type != JSON_TYPE:
            return await super().json(loads=loads, **options)
        body = await self.read()
        try:
            return orjson.loads(body) if body and not body.isspace() else None
        except orjson.JSONDecodeError:
            return await super().json(loads=json.loads)


def slack_http_session() -> ClientSession:
    return ClientSession(json_serialize=encode_json, response_class=OrjsonResponse)
