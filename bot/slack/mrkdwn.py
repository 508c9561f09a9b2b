"""Showing user text safely in Slack: escaping, clipping to Block Kit limits, localized dates."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

ELLIPSIS = "…"


def escape(text: str) -> str:
    """Make Slack's control characters literal: `<!channel>`, `<http://x|y>` do nothing."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int) -> str:
    """`text` shortened with an ellipsis to at most `limit` characters."""
    if len(text) <= limit:
        return text
    return text[: max(limit - len(ELLIPSIS), 0)] + ELLIPSIS


def slack_date(instant: datetime, fallback_zone: ZoneInfo) -> str:
    """A date Slack shows in each reader's own timezone, with a fallback for old clients."""
    local = instant.astimezone(fallback_zone)
    fallback = f"{local:%a %d %b %Y %H:%M} ({fallback_zone.key})"
    return f"<!date^{int(instant.timestamp())}^{{date_short_pretty}} at {{time}}|{fallback}>"
