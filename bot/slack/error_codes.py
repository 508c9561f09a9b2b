"""What Slack's Web API said went wrong, for the code that calls it.

Kept apart from `bot.slack.errors` (bolt's error handler): `angrycall tick` sends nudges with
slack_sdk alone, and importing anything of slack_bolt loads all of bolt (its package imports
its App) into every tick process."""

from __future__ import annotations

from slack_sdk.errors import SlackApiError


def error_code(error: SlackApiError) -> str | None:
    """Slack's `error` code; None when the answer was no JSON (a gateway's 5xx page)."""
    data = error.response.data
    code = data.get("error") if isinstance(data, dict) else None
    return str(code) if code else None
