"""Which response_url the app may post to: Slack's webhook host, and no other.

A response_url that comes back from a modal's private_metadata was written by us, but it is
read from a request: a forged one must not make the server post wherever it points.
"""

from __future__ import annotations

from urllib.parse import urlsplit

SLACK_WEBHOOK_HOST = "hooks.slack.com"
SLACK_API_HOST = "slack.com"


def trusted_response_url(url: object, api_url: str) -> str | None:
    """`url` when it is Slack's (https://hooks.slack.com/...), or on the host `api_url` points
    at when that is a stand-in for Slack (a test fake, a sandbox); otherwise None."""
    if not isinstance(url, str):
        return None
    try:
        parts, api = urlsplit(url), urlsplit(api_url)
        port = parts.port
    except ValueError:  # an unreadable port or address
        return None
    if parts.username is not None or parts.password is not None:
        return None
    if parts.scheme == "https" and parts.hostname == SLACK_WEBHOOK_HOST and port in (None, 443):
        return url
    stand_in = api.hostname not in (None, SLACK_API_HOST)
    return url if stand_in and (parts.scheme, parts.netloc) == (api.scheme, api.netloc) else None
