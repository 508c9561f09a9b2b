"""Text as Slack sends it, read back as the person typed it (pure).

Slack encodes `&`, `<` and `>` as entities and writes mentions, channels and links as
`<...>` tokens (https://api.slack.com/reference/surfaces/formatting#retrieving-messages).
A form is prefilled with plain text, so the tokens become what people saw: `@name`,
`#channel`, a link's label. Shown again later, the text is escaped once, like any user text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from bot.slack.ids import SLACK_USER_ID

# Everything between `<` and `>`: Slack's own text never holds a raw `<` or `>` otherwise.
TOKEN = re.compile(r"<([^<>]*)>")
BROADCASTS = {"here": "@here", "channel": "@channel", "everyone": "@everyone"}


def decode(text: str, names: Mapping[str, str] | None = None) -> str:
    """`text` with Slack's tokens and entities replaced by what they show; `names` gives the
    display name of a user mentioned by id alone (`<@U123>`)."""
    known = names or {}
    return _unescape(TOKEN.sub(lambda match: _shown(match.group(1), known), text))


def mentioned_without_name(text: str) -> list[str]:
    """The user ids mentioned as `<@U123>`, without the `|name` that would name them."""
    found = (token.removeprefix("@") for token in TOKEN.findall(text) if token.startswith("@"))
    return list(dict.fromkeys(user for user in found if SLACK_USER_ID.match(user)))


def _shown(token: str, names: Mapping[str, str]) -> str:
    target, _, label = token.partition("|")
    if target.startswith("@"):
        user = target[1:]
        return "@" + (label or names.get(user) or user)
    if target.startswith("#"):
        return "#" + (label or target[1:])
    if target.startswith("!"):
        return _special(target[1:], label)
    return label or target  # a link: its label, or the address itself


def _special(command: str, label: str) -> str:
    """`<!here>`, `<!subteam^S1|@team>`, `<!date^...|fallback>`: what the reader saw."""
    if command in BROADCASTS:
        return BROADCASTS[command]
    return label or "@" + command.split("^", 1)[0]


def _unescape(text: str) -> str:
    # `&amp;` last: "&amp;lt;" is the text "&lt;", not "<".
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
