"""What a person asked for when they typed `angrycall <text>`, on any platform."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class RequestKind(StrEnum):
    OPEN_FORM = "open_form"
    HELP = "help"
    LIST = "list"
    DIGEST = "digest"
    SETTINGS = "settings"


SUBCOMMANDS: dict[str, RequestKind] = {
    "help": RequestKind.HELP,
    "?": RequestKind.HELP,
    "list": RequestKind.LIST,
    "digest": RequestKind.DIGEST,
    "settings": RequestKind.SETTINGS,
}


@dataclass(frozen=True)
class Request:
    kind: RequestKind
    # For OPEN_FORM: the quick-log text to prefill from; otherwise the words after the subcommand.
    argument: str = ""


def parse_request(text: str) -> Request:
    """`help`, `list`, `digest ...` are subcommands; anything else is quick-log text."""
    stripped = text.strip()
    first, _, rest = stripped.partition(" ")
    kind = SUBCOMMANDS.get(first.lower())
    if kind is None:
        return Request(RequestKind.OPEN_FORM, stripped)
    return Request(kind, rest.strip())
