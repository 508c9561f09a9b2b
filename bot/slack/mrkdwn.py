"""Showing user text safely in Slack: escaping, clipping to Block Kit limits, links, dates."""

from __future__ import annotations

import functools
from datetime import datetime
from zoneinfo import ZoneInfo

ELLIPSIS = "…"
# The longest entity `escape` writes is `&amp;`; a cut can leave at most its first 4 characters.
_LONGEST_PARTIAL_ENTITY = 4
# Longer than any permalink Slack hands out; a clipped URL would be a broken link anyway.
LINK_URL_LIMIT = 2000


def escape(text: str) -> str:
    """Make Slack's control characters literal: `<!channel>`, `<http://x|y>` do nothing."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int) -> str:
    """`text` shortened with an ellipsis to at most `limit` characters."""
    if len(text) <= limit:
        return text
    return text[: max(limit - len(ELLIPSIS), 0)] + ELLIPSIS


def escape_clipped(text: str, limit: int) -> str:
    """`text` escaped, then at most `limit` characters long without cutting `&amp;` in half.

    Escaping can grow text fivefold, so the limit is applied after it: a budget that holds
    for the raw text could otherwise push what follows (a due date) out of the block.
    """
    escaped = escape(text)
    if len(escaped) <= limit:
        return escaped
    kept = escaped[: max(limit - len(ELLIPSIS), 0)]
    amp = kept.rfind("&", max(len(kept) - _LONGEST_PARTIAL_ENTITY, 0))
    if amp != -1 and ";" not in kept[amp:]:
        kept = kept[:amp]
    return kept + ELLIPSIS


def link(url: str, label: str) -> str:
    """A mrkdwn link to an https URL, or just the escaped label when the URL is not one.

    Escaping alone is not enough for a link target: `<!channel|x>` or `<@U1|x>` would ping,
    and a `|` would let the URL rewrite the label.
    """
    return f"<{escape(url)}|{escape(label)}>" if linkable(url) else escape(label)


def linkable(url: str) -> bool:
    """Whether `link` would make `url` a link: https, not absurdly long, no `|` or spaces."""
    return (
        url.startswith("https://")
        and len(url) <= LINK_URL_LIMIT
        and not any(c == "|" or c.isspace() for c in url)
    )


# An App Home shows the same promises' due dates each time it is republished (after every case
# that touches it): formatting a date is kept, not done again for each.
@functools.lru_cache(maxsize=4096)
def slack_date(instant: datetime, fallback_zone: ZoneInfo) -> str:
    """A date Slack shows in each reader's own timezone, with a fallback for old clients."""
    local = instant.astimezone(fallback_zone)
    fallback = f"{local:%a %d %b %Y %H:%M} ({fallback_zone.key})"
    return f"<!date^{int(instant.timestamp())}^{{date_short_pretty}} at {{time}}|{fallback}>"


def slack_day(instant: datetime, fallback_zone: ZoneInfo) -> str:
    """The day of `instant` as each reader's own timezone has it, with a fallback."""
    fallback = f"{instant.astimezone(fallback_zone):%d %b %Y}"
    return f"<!date^{int(instant.timestamp())}^{{date_short}}|{fallback}>"
