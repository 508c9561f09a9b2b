"""Slack mrkdwn to safe HTML: everything escaped first, then a few marks turned into tags.

Only what Slack itself renders is rendered: *bold*, _italic_, ~strike~, `code`, ```blocks```,
> quotes, the bot's emoji shortcodes, links with http(s) only, user and channel mentions,
broadcasts and `<!date^…>`. Any other `<…>` shows as the text it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo

from markupsafe import Markup

SPECIAL = re.compile(r"<([^<>\n]*)>")
# Slack's marks, on escaped text: a mark opens after a boundary and closes before one.
MARKS = (
    (re.compile(r"```(.+?)```", re.S), r"<pre>\1</pre>"),
    (re.compile(r"`([^`\n]+)`"), r"<code>\1</code>"),
    (re.compile(r"(?<![\w*])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![\w*])"), r"<b>\1</b>"),
    (re.compile(r"(?<![\w_])_(?!\s)([^_\n]+?)(?<!\s)_(?![\w_])"), r"<i>\1</i>"),
    (re.compile(r"(?<![\w~])~(?!\s)([^~\n]+?)(?<!\s)~(?![\w~])"), r"<s>\1</s>"),
)
DATE_TOKENS = {
    "{date_num}": "%Y-%m-%d", "{date}": "%B %-d, %Y", "{date_short}": "%b %-d, %Y",
    "{date_long}": "%A, %B %-d, %Y", "{date_pretty}": "%B %-d, %Y",
    "{date_short_pretty}": "%b %-d, %Y", "{date_long_pretty}": "%A, %B %-d, %Y",
    "{time}": "%H:%M", "{time_secs}": "%H:%M:%S",
}
# The shortcodes the bot writes; any other shows as typed, as Slack shows an unknown one.
EMOJI = {
    "warning": "⚠️", "white_check_mark": "✅", "alarm_clock": "⏰", "zzz": "💤",
    "white_square": "⬜", "wave": "👋", "tada": "🎉", "rotating_light": "🚨",
    "newspaper": "📰", "information_source": "\u2139\ufe0f", "inbox_tray": "📥", "handshake": "🤝",
    "clap": "👏", "arrows_counterclockwise": "🔄", "arrow_right": "➡️", "hourglass": "⌛",
    "no_entry_sign": "🚫", "wastebasket": "🗑️", "tea": "🍵",
}
SHORTCODE = re.compile(r":([a-z0-9_+-]+):")
QUOTE = re.compile(r"^&gt; ?(.*)$", re.M)
Names = Callable[[str], str]


def mrkdwn_to_html(text: str, *, zone: ZoneInfo, names: Names) -> Markup:
    """`text` as Slack would show it to someone in `zone`; `names` turns ids into names."""
    pieces: list[str] = []

    def keep(match: re.Match[str]) -> str:
        pieces.append(_special(match.group(1), zone=zone, names=names))
        return f"\x00{len(pieces) - 1}\x00"

    # Slack's own escapes (&amp; &lt; &gt;) are undone, then everything is escaped once.
    held = SPECIAL.sub(keep, text)
    html = escape(held.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"),
                  quote=False)
    for pattern, tag in MARKS:
        html = pattern.sub(tag, html)
    html = SHORTCODE.sub(lambda m: EMOJI.get(m.group(1), m.group(0)), html)
    html = QUOTE.sub(r"<q>\1</q>", html).replace("\n", "<br>")
    return Markup(re.sub(r"\x00(\d+)\x00", lambda m: pieces[int(m.group(1))], html))


def _special(inside: str, *, zone: ZoneInfo, names: Names) -> str:
    target, _, label = inside.partition("|")
    if target.startswith(("http://", "https://")):
        return str(Markup('<a href="{}" target="_blank" rel="noopener">{}</a>').format(
            target, label or target))
    if target.startswith("@"):
        return str(Markup('<span class="mention">@{}</span>').format(names(target[1:])))
    if target.startswith("#"):
        return str(Markup('<span class="mention">#{}</span>').format(label or names(target[1:])))
    if target.startswith("!date^"):
        return escape(_date(target, label, zone), quote=False)
    if target in ("!channel", "!here", "!everyone"):
        return str(Markup('<span class="mention">@{}</span>').format(target[1:]))
    return escape(f"<{inside}>", quote=False)


def _date(target: str, fallback: str, zone: ZoneInfo) -> str:
    """`<!date^epoch^format|fallback>` in the reader's zone."""
    parts = target.split("^")
    try:
        moment = datetime.fromtimestamp(int(parts[1]), zone)
    except (IndexError, ValueError, OverflowError):
        return fallback
    shown = parts[2] if len(parts) > 2 else "{date_short}"
    for token, pattern in DATE_TOKENS.items():
        shown = shown.replace(token, moment.strftime(pattern))
    return shown
