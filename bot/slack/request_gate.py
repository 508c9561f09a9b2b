"""What `/slack/events` lets through to bolt: a bounded body, read in time, signed by Slack.

bolt reads the whole body, parses it and routes it before its own signature check: an
unsigned 100 MB post was held in memory and parsed. Here the size is checked first (the
declared one, then what actually arrives), then the signature on the raw bytes, and only a
signed body is handed on to be parsed.
"""

from __future__ import annotations

import asyncio

from slack_sdk.signature import SignatureVerifier
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.types import Message

# Slack's largest payloads are modal submissions: the whole view comes back with every input's
# state (3,000 characters at most each). A full log form is far below this; it is also the
# limit the Teams endpoint has.
MAX_BODY_BYTES = 1024 * 1024
# A body that takes longer than this to arrive is not from Slack (which posts and waits 3 s).
BODY_TIMEOUT_SECONDS = 10.0


class Refused(Exception):
    """The request is refused before bolt sees it, with this HTTP status."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


async def bounded_body(request: Request, *, limit: int = MAX_BODY_BYTES) -> bytes:
    """The body, refused (413) as soon as it is known to be over `limit` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > limit):
        raise Refused(413, "body too large")
    chunks: list[bytes] = []
    size = 0
    try:
        async with asyncio.timeout(BODY_TIMEOUT_SECONDS):
            async for chunk in request.stream():
                size += len(chunk)
                if size > limit:
                    raise Refused(413, "body too large")
                chunks.append(chunk)
    except TimeoutError:
        raise Refused(408, "body too slow") from None
    return b"".join(chunks)


def check_signature(verifier: SignatureVerifier | None, body: bytes, headers: Headers) -> None:
    """Refused (401) unless Slack signed `body` in the last five minutes. No secret (Socket
    Mode): nothing posted over HTTP can be verified, so nothing is accepted."""
    timestamp = headers.get("x-slack-request-timestamp", "")
    signature = headers.get("x-slack-signature", "")
    try:
        valid = verifier is not None and verifier.is_valid(body, timestamp, signature)
    except (ValueError, TypeError):  # a timestamp that is not a number
        valid = False
    if not valid:
        raise Refused(401, "invalid request")


def replayed(request: Request, body: bytes) -> Request:
    """The same request, its body (already read) ready to be read again by bolt's adapter."""

    pending = [body]

    async def receive() -> Message:
        if pending:
            return {"type": "http.request", "body": pending.pop(), "more_body": False}
        return await request.receive()  # after the body: the client's disconnect, if ever

    return Request(request.scope, receive)
