"""A Teams message's text, as its reader saw it (pure): HTML tags out, entities decoded.

Teams hands a message action the message as HTML (`<p>`, `<at>` mentions, `&amp;`). The form
wants words: block elements become line breaks, a mention its name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from html.parser import HTMLParser
from typing import Any

from commands.cases import MAX_TEXT_LENGTH

BREAKS = frozenset({"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "blockquote", "pre"})
UNSEEN = frozenset({"script", "style"})  # never shown: never quoted either


class _Words(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)  # &amp; &#39; … decoded
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, _attrs: list[tuple[str, str | None]]) -> None:
        if tag in UNSEEN:
            self.hidden += 1
        if tag in BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in UNSEEN and self.hidden:
            self.hidden -= 1
        if tag in BREAKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def html_text(html: str) -> str:
    words = _Words()
    words.feed(html)
    words.close()
    lines = (" ".join(line.split()) for line in "".join(words.parts).splitlines())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip().replace("\x00", "")


def message_text(value: object) -> str:
    """The text of the message a message action was used on (`value.messagePayload.body`)."""
    payload = _mapping(_mapping(value).get("messagePayload"))
    body = _mapping(payload.get("body"))
    content = body.get("content")
    if not isinstance(content, str):
        return ""
    content = content[:MAX_TEXT_LENGTH * 4]  # markup included: the form keeps MAX_TEXT_LENGTH
    text = html_text(content) if body.get("contentType") == "html" else content.strip()
    return text[:MAX_TEXT_LENGTH]


def _mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}
